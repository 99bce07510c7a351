package masterdata

import (
	"errors"
	"strings"
	"testing"
)

// Real VAT numbers published online, as collected in python-stdnum's
// tests/test_eu_vat.doctest (LGPL test data; numbers only). Forms our normaliser does
// not take ("BE (0)468…", "DK: …", "CZ 640229/4448") and the Romanian 13-digit CNP
// are left out.
// An underscore stands for a space inside a number.
var validVATNumbers = `
ATU_142_43_102 ATU_15159209 ATU_28560205 ATU_34172105 ATU_40698107 ATU_46276408
ATU_49362201 ATU_54299806 ATU_54300000 ATU_56377717 ATU_57194903 ATU_64487479
ATU13585627 ATU46080404 ATU61195628

BE_0202.239.951 BE_0220.764.971 BE_0248.015.142 BE_0402_918_402 BE_0407.139.583
BE_0408_299_922 BE_0441.928.931 BE_0450_118_996 BE_0462423150 BE_0474_621_394
BE_0795_013_186 BE_0897290877 BE_444.503.092 BE_456.973.433 BE_464_401_356
BE0428759497 BE413562567 BE697449992

BG_103873594 BG_124_551_319 BG_130_358_310 BG_131202360 BG_147137471 BG7111042925
BG7523169263 Bg_200442771

CY_10246672X CY_10263870R CY-_10277198H CY-10008489_A CY-10189098G CY00632993_F

CZ_25123891 CZ_26852357 CZ_60_72_77_72 CZ_640903926 CZ_6956220612 CZ00023205
CZ450_33_145 CZ6306150004 CZ7652046248

DE_-_113866163 DE_-_231969187 DE_118619592 DE_125014955 DE_181_207_708
DE_221.304.969 DE_811_363_057 DE_813_11_38_75 DE_813_184868 DE119263782
DE129390950 DE136308783 DE812847601

DK_10_50_32_80 DK_11_97_56_58 DK_12_14_48_22 DK_2566_2202 DK_28107773 DK-20_04_52_72
DK-27630308 DK10150817 DK36149213

EE_100_931_558 EE_100523487 EE_100572933 EE_101031389 EE_101288941 EE101256753

ES_-_Q0818001J ES_54362315K ES_A-28184661 ES_A08370314 ES_B-58378431 ES_F13005293
ES_Q-2818015-F ES_R9600075G ES_W4003922D ES_X-5253868-R ES_Y5277343F ES_Z5277343K
ES-B64995111 ES-x-2482300w ESA78109592 Es-a58951310

EL_039868210 EL_044824428 EL_094012834 EL_094259216 EL_095217179 EL_94051189
EL_998386804 EL_999715835 EL-082857563 EL094501040 El_800_179_925

FI_02459042 FI_0982651-1 FI_10320534 FI_20774740 FI_2094606-3 FI-214_95_540
FI-22291240 FI18261444

FR_04409414364 FR_114_248_728_36 FR_13_393_892_815 FR_19_552_008_443 FR_2143_2146_546
FR_28337893168 FR_41-343848552 FR_77_055_501_902 FR_K_7399859412 FR01712030113
FR82542065479 Fr_40_303_265_045 fr_71383076817 FR16000063601 FR96000110899

HU_-12509403 HU_10672101 HU_12723650 HU_64241281 HU-12892312 HU11377304

IE_0005306C IE_4550159S IE_632_3420_C IE_635_430_5C IE_6791517I IE_8223200u
IE_9502346O IE-9696131F IE6433435IH IE6433435OA IE8D79739I IE9Y71814N

IT_-_01404480202 IT_0_0_6_1_8_2_8_0_4_9_9 IT_00_595_000_217 IT_00118439991
IT_00687120980 IT_09596821000 IT_12920760159 IT-01626160210 IT00743110157

LT_100001354118 LT_119511515 LT_235449811 LT-100000979812 LT290068995116

LU_10059929 LU_109_676_28 LU_150_274_42 LU_1871_0830 LU_22_22_12_68 LU.248.70.640
Lu_19980500

LV_4000_3521_600 LV_40003189718 LV_5000_399_3021 LV_90000528023 LV-42103048183

MT_1039-6417 MT_1465_8213 MT_17025737 MT_2029_1423

NL_001241_643_B01 NL_806753742B01 NL_8225.69.759_b01 NL-8197.38.116.B.01
NL.0094.10.806.B.01 NL001162938B28 NL001452330B47 NL4495445B01 NL68357370B01

PL_5211355116 PL_584-030-44-72 PL_645-000-67-50 PL_687-16-26-585 PL_777_26_68_285
PL-951-157-77-68 PL5261025421

PT_500_019_720 PT_500135.495 PT_501_964_843 PT_502448911 PT-505_856_468 PT503038083

RO_11358544 RO_1822964 RO_185_472_90 RO_241_30_20 RO_573768 RO-23867797 Ro_15071875

SE_202_100-5000_01 SE_390_806_051_401 SE_55_62_00-0777_01 SE_556.383.740.901
SE-556_644_662_001 SE-5562245190-01 SE-556666-4438-01 Se_556250398601

SI_26808498 SI_3609_7152 SI_50223054 SI_92351069 SI-83815201

SK_1078449064 SK_202_274_96_19 SK_2020_237_945 SK2022193459

HR33392005961 GB980780684 GB242338087388 GB_GD123 GBHA567 XI980780684
`

func TestVATNumber_RealNumbers(t *testing.T) {
	var numbers []string
	for _, tok := range strings.Fields(validVATNumbers) {
		numbers = append(numbers, strings.ReplaceAll(tok, "_", " "))
	}
	if len(numbers) < 200 {
		t.Fatalf("only %d numbers parsed", len(numbers))
	}
	for _, n := range numbers {
		got, err := VATNumber(n, "")
		if err != nil {
			t.Errorf("VATNumber(%q): %v", n, err)
			continue
		}
		if !VATPattern.MatchString(got) {
			t.Errorf("VATNumber(%q) = %q does not match VATPattern", n, got)
		}
		if again, err := VATNumber(got, ""); err != nil || again != got {
			t.Errorf("not idempotent: VATNumber(%q) = %q, %v", got, again, err)
		}
	}
}

func TestVATNumber(t *testing.T) {
	tests := []struct {
		name, in, country, want, wantErr string
	}{
		{name: "German with prefix", in: "DE136695976", want: "DE136695976"},
		{name: "separators", in: "DE 136.695-976", want: "DE136695976"},
		{name: "prefix added from the country", in: "136695976", country: "DE", want: "DE136695976"},
		{name: "lower-case country", in: "136695976", country: "de", want: "DE136695976"},
		{name: "Greece uses EL", in: "094259216", country: "GR", want: "EL094259216"},
		{name: "GR prefix rewritten to EL", in: "GR094259216", want: "EL094259216"},
		{name: "GR prefix with Greek organisation", in: "GR 094259216", country: "GR", want: "EL094259216"},
		{name: "Greek 8-digit number padded", in: "EL94051189", want: "EL094051189"},
		{name: "Belgian 9-digit number padded", in: "BE413562567", want: "BE0413562567"},
		{name: "Dutch number padded", in: "NL4495445B01", want: "NL004495445B01"},
		{name: "Dutch sole-proprietor btw-id (mod 97)", in: "NL000099998B57", want: "NL000099998B57"},
		{name: "Austrian body starts with U", in: "U13585627", country: "AT", want: "ATU13585627"},
		{name: "Spanish body starts with a letter", in: "A28184661", country: "ES", want: "ESA28184661"},
		{name: "Northern Ireland for a UK organisation", in: "XI980780684", country: "GB", want: "XI980780684"},
		{name: "UK default prefix", in: "980780684", country: "GB", want: "GB980780684"},
		{name: "UK branch number", in: "GB 242338087 388", want: "GB242338087388"},
		{name: "UK government department", in: "GBGD123", want: "GBGD123"},
		{name: "French letter key (shape only)", in: "FR K7399859412", want: "FRK7399859412"},
		{name: "Croatian OIB", in: "HR33392005961", country: "HR", want: "HR33392005961"},

		{name: "empty", in: "", wantErr: "vat number is required"},
		{name: "punctuation", in: "DE136695976/1", wantErr: "only letters, digits"},
		{name: "no prefix, no country", in: "136695976", wantErr: "must start with its country prefix"},
		{name: "unknown prefix", in: "US123456789", wantErr: "must start with its country prefix"},
		{name: "prefix does not match the organisation", in: "DE136695976", country: "FR", wantErr: "prefix DE does not match the organisation's country (expected FR)"},
		{name: "EL for a German organisation", in: "EL094259216", country: "DE", wantErr: "prefix EL does not match"},
		{name: "GB number for an Irish organisation", in: "GB980780684", country: "IE", wantErr: "expected IE"},
		{name: "XI number for a Greek organisation", in: "XI980780684", country: "GR", wantErr: "expected EL"},
		{name: "organisation outside the EU and UK", in: "CHE123456789", country: "CH", wantErr: "EU or the UK only"},
		{name: "German number too short", in: "DE12345678", wantErr: "vat number for DE must be 9 digits"},
		{name: "German number starting with 0", in: "DE011125440", wantErr: "not starting with 0"},
		{name: "Dutch suffix B00", in: "NL009122746B00", wantErr: "check digits are wrong"},
		{name: "Dutch without B", in: "NL001241643801", wantErr: "9 digits, B and 2 digits"},
		{name: "Slovak third digit", in: "SK0122749619", wantErr: "vat number for SK must be 10 digits"},
		{name: "Swedish without 01", in: "SE556188840402", wantErr: "ending in 01"},
		{name: "Italian office code", in: "IT00687129980", wantErr: "check digits are wrong"},
		{name: "Irish letter", in: "IE1234567Z", wantErr: "7 digits and 1 or 2 letters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := VATNumber(tt.in, tt.country)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !errors.Is(err, ErrInvalid) {
					t.Fatalf("VATNumber(%q, %q) = %q, %v; want error %q", tt.in, tt.country, got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("VATNumber(%q, %q) = %q, %v; want %q", tt.in, tt.country, got, err, tt.want)
			}
			if again, err := VATNumber(got, tt.country); err != nil || again != got {
				t.Fatalf("not idempotent: %q → %q, %v", got, again, err)
			}
		})
	}
}

// Numbers mangled so that their check digits are wrong (python-stdnum's list), for the
// countries whose check digits are tested.
func TestVATNumber_WrongCheckDigits(t *testing.T) {
	for _, n := range []string{
		"ATU 143 43 102", "ATU 15169209", "ATU46080904", "ATU61191628",
		"BE 0406.139.583", "BE 0793 013 186", "BE 456.973.432", "BE697449982",
		"DE 125014855", "DE 246 495 415", "DE 813 91 38 75", "DE - 266297673",
		"DK 11 96 56 58", "DK 2565 2202", "DK-27996592", "DK10159817",
		"EE 100 941 558", "EE 100525487", "EE 101586639", "EE101256754",
		"EL 094013834", "EL 094068733", "EL094501140",
		"FR 04409414264", "FR 21 326 565 603",
		"SK 1078449164", "SK 2030 237 945", "SK 2020457679",
		"GB980780685", "HR33392005962", "LU15027443", "PL8567346216", "PT501964842",
		"SI50223055", "FI20774741", "HU12892313", "RO18547291", "SE556012579101",
		"IT00743110158", "NL004495446B01",
	} {
		_, err := VATNumber(n, "")
		if err == nil || !strings.Contains(err.Error(), "check digits are wrong") {
			t.Errorf("VATNumber(%q) error = %v, want wrong check digits", n, err)
		}
	}
}

func TestVATRules_CoverEUAndUK(t *testing.T) {
	for c := range euMembers {
		p := vatPrefixes(c)
		if len(p) != 1 {
			t.Fatalf("vatPrefixes(%s) = %v", c, p)
		}
		if _, ok := vatRules[p[0]]; !ok {
			t.Errorf("no VAT rule for %s (%s)", c, p[0])
		}
	}
	if len(vatRules) != 29 { // 27 member states, XI and GB
		t.Errorf("vatRules has %d entries", len(vatRules))
	}
}
