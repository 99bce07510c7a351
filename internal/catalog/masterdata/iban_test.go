package masterdata

import (
	"strings"
	"testing"
)

func TestIBAN(t *testing.T) {
	runCodeCases(t, IBAN, []codeCase{
		{name: "electronic", in: "DE89370400440532013000", want: "DE89370400440532013000"},
		{name: "print format", in: "DE89 3704 0044 0532 0130 00", want: "DE89370400440532013000"},
		{name: "lower case", in: "gb29 nwbk 6016 1331 9268 19", want: "GB29NWBK60161331926819"},
		{name: "hyphens", in: "NL91-ABNA-0417-1643-00", want: "NL91ABNA0417164300"},
		{name: "IBAN label", in: "IBAN FR14 2004 1010 0505 0001 3M02 606", want: "FR1420041010050500013M02606"},
		{name: "shortest (Norway)", in: "NO9386011117947", want: "NO9386011117947"},
		{name: "longest (Russia)", in: "RU0304452522540817810538091310419", want: "RU0304452522540817810538091310419"},
		{name: "Kosovo", in: "XK051212012345678906", want: "XK051212012345678906"},
		{name: "empty", in: "", wantErr: "iban is required"},
		{name: "punctuation", in: "DE89/3704/0044/0532/0130/00", wantErr: "only letters and digits"},
		{name: "no check digits", in: "DEAB370400440532013000", wantErr: "country code and two check digits"},
		{name: "too short to read", in: "DE8", wantErr: "country code and two check digits"},
		{name: "country not in registry", in: "US64SVBKUS6S3300958879", wantErr: "US is not in the SWIFT IBAN registry"},
		{name: "territory prefix", in: "AX2112345600000785", wantErr: "AX is not in the SWIFT IBAN registry"},
		{name: "too short", in: "DE8937040044053201300", wantErr: "must have 22 characters"},
		{name: "too long", in: "DE893704004405320130000", wantErr: "must have 22 characters"},
		{name: "letter in numeric account", in: "DE89370400440532O13000", wantErr: "format for DE"},
		{name: "wrong check digits", in: "DE88370400440532013000", wantErr: "check digits are wrong"},
		{name: "swapped digits", in: "DE89370400440532031000", wantErr: "check digits are wrong"},
		{name: "check digits 00", in: "GB00NWBK60161331926819", wantErr: "check digits are wrong"},
	})
}

func TestIBAN_RegistryExamples(t *testing.T) {
	if len(ibanRegistry) != len(ibanRegistryExamples) {
		t.Fatalf("registry has %d countries, %d examples", len(ibanRegistry), len(ibanRegistryExamples))
	}
	for _, ex := range ibanRegistryExamples {
		spec := ibanRegistry[ex[:2]]
		if n := bbanLength(t, spec.bban); n != spec.length-4 {
			t.Errorf("%s: BBAN spec %s has %d characters, IBAN length %d", ex[:2], spec.bban, n, spec.length)
		}
		got, err := IBAN(ex)
		if err != nil || got != ex {
			t.Errorf("IBAN(%s) = %q, %v", ex, got, err)
		}
		if compact(FormatIBAN(ex), "") != ex {
			t.Errorf("FormatIBAN(%s) does not round-trip", ex)
		}
	}
}

func bbanLength(t *testing.T, spec string) int {
	t.Helper()
	n, total := 0, 0
	for _, r := range spec {
		switch {
		case r >= '0' && r <= '9':
			n = n*10 + int(r-'0')
		case r == '!':
			total += n
			n = 0
		case strings.ContainsRune("nac", r):
		default:
			t.Fatalf("unexpected %q in BBAN spec %s", r, spec)
		}
	}
	return total
}

func TestFormatIBAN(t *testing.T) {
	tests := map[string]string{
		"DE89370400440532013000":          "DE89 3704 0044 0532 0130 00",
		"NO9386011117947":                 "NO93 8601 1117 947",
		"BE68539007547034":                "BE68 5390 0754 7034",
		"de89 3704 0044 0532 0130 00":     "DE89 3704 0044 0532 0130 00",
		"MT84MALT011000012345MTLCAST001S": "MT84 MALT 0110 0001 2345 MTLC AST0 01S",
	}
	for in, want := range tests {
		if got := FormatIBAN(in); got != want {
			t.Errorf("FormatIBAN(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMatchBBAN(t *testing.T) {
	tests := []struct {
		bban, spec string
		want       bool
	}{
		{"370400440532013000", "8!n10!n", true},
		{"NWBK60161331926819", "4!a6!n8!n", true},
		{"nwbk60161331926819", "4!a6!n8!n", false},
		{"1WBK60161331926819", "4!a6!n8!n", false},
		{"0500013M02606", "11!c2!n", true},
		{"37040044053201300", "8!n10!n", false},
		{"3704004405320130000", "8!n10!n", false},
		{"12", "2n", false}, // malformed spec
	}
	for _, tt := range tests {
		if got := matchBBAN(tt.bban, tt.spec); got != tt.want {
			t.Errorf("matchBBAN(%q, %q) = %v", tt.bban, tt.spec, got)
		}
	}
}
