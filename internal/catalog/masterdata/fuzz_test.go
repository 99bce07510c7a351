package masterdata

import (
	"errors"
	"regexp"
	"testing"
)

// Invariants for every parser of outside text: it does not panic; it rejects with an
// error matching ErrInvalid and an empty value; what it accepts is in canonical form
// (matches the pattern) and is accepted again unchanged (normalisation is idempotent).
func checkNormaliser(t *testing.T, in string, validate func(string) (string, error), canonical *regexp.Regexp) {
	t.Helper()
	got, err := validate(in)
	if err != nil {
		if !errors.Is(err, ErrInvalid) || got != "" || err.Error() == "" {
			t.Fatalf("(%q) = %q, %v: a rejection must be an ErrInvalid with no value", in, got, err)
		}
		return
	}
	if !canonical.MatchString(got) {
		t.Fatalf("(%q) = %q, which does not match %s", in, got, canonical)
	}
	again, err := validate(got)
	if err != nil || again != got {
		t.Fatalf("(%q) = %q, but (%q) = %q, %v", in, got, got, again, err)
	}
}

func FuzzHSCode(f *testing.F) {
	for _, s := range []string{"2915.21", "8471.30.0100", "291521", " 0101 21 ", "7701.00", "9801.00", "2915.2", "２９１５２１", "29.15.21.00.00.1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkNormaliser(t, s, HSCode, HSPattern)
		if h, err := ParseHS(s); err == nil {
			_ = h.Chapter() + h.Heading() + h.Subheading()
		}
	})
}

func FuzzUNLOCODE(f *testing.F) {
	for _, s := range []string{"DEHAM", "DE HAM", "nlrtm", "US2NY", "EUBRU", "DEH0M", "DE-HAM", "XKPRN", "de\u00a0ham"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkNormaliser(t, s, UNLOCODE, LOCODEPattern)
		if l, err := ParseUNLOCODE(s); err == nil {
			if _, err := Country(l.Country()); err != nil || len(l.Location()) != 3 {
				t.Fatalf("%s has country %q location %q", l, l.Country(), l.Location())
			}
		}
	})
}

func FuzzIBAN(f *testing.F) {
	for _, s := range []string{
		"DE89 3704 0044 0532 0130 00", "gb29nwbk60161331926819", "IBAN NO93 8601 1117 947",
		"DE88370400440532013000", "AX2112345600000785", "FR1420041010050500013M02606",
		"MT84MALT011000012345MTLCAST001S", "IBANIBAN", "DE8", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkNormaliser(t, s, IBAN, IBANPattern)
		if got, err := IBAN(s); err == nil {
			if back, err := IBAN(FormatIBAN(got)); err != nil || back != got {
				t.Fatalf("print format of %s does not round-trip: %q, %v", got, back, err)
			}
		}
	})
}

func FuzzVATNumber(f *testing.F) {
	for _, s := range [][2]string{
		{"DE 136.695-976", ""}, {"094259216", "GR"}, {"GR094259216", ""}, {"NL4495445B01", ""},
		{"BE413562567", "BE"}, {"XI980780684", "GB"}, {"FR K7399859412", "FR"}, {"U13585627", "AT"},
		{"ESX5277343Q", "es"}, {"CHE123456789", "CH"}, {"SE556012579001", ""}, {"RO18", "RO"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, s, country string) {
		checkNormaliser(t, s, func(s string) (string, error) { return VATNumber(s, country) }, VATPattern)
		if got, err := VATNumber(s, country); err == nil {
			if !vatRules[got[:2]].pattern.MatchString(got[2:]) {
				t.Fatalf("%s does not match the rule for %s", got, got[:2])
			}
			if again, err := VATNumber(got, ""); err != nil || again != got {
				t.Fatalf("%s is not accepted without the organisation's country: %q, %v", got, again, err)
			}
		}
	})
}

func FuzzLEI(f *testing.F) {
	for _, s := range []string{"506700GE1G29325QX363", "5493 001K JTII GC8Y 1R12", "hwupkr0mpou8fgxbt394", "506700GE1G29325QX364", "506700GE1G29325QX3AB"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkNormaliser(t, s, LEI, LEIPattern) })
}

func FuzzEORI(f *testing.F) {
	for _, s := range []string{"DE1234567", "fr 123456789 00012", "GB123456789000", "XI12345678900", "EL123", "CH123456", "NL-ABC.123"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkNormaliser(t, s, EORI, EORIPattern) })
}

func FuzzUNNumber(f *testing.F) {
	for _, s := range []string{"UN1090", "1090", "un 1090", "UN-3481", "UN0003", "UN3600", "NA1993", "UN"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkNormaliser(t, s, UNNumber, UNNumberPattern) })
}

func FuzzECCN(f *testing.F) {
	for _, s := range []string{"3A001.a.1", "3a001.A.1", "EAR99", "ear 99", "9A610.x", "5A002.a.2.ii", "3A001..a", "3A001.\u212a", "1C350.d.7"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkNormaliser(t, s, ECCN, ECCNPattern)
		if e, err := ParseECCN(s); err == nil {
			_, _, _, _ = e.Category(), e.ProductGroup(), e.Is600Series(), e.Is9x515()
		}
	})
}

func FuzzDualUseCode(f *testing.F) {
	for _, s := range []string{"1C350", "2b350.G.3", "not listed", "NOT-LISTED", "EAR99", "0B001"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkNormaliser(t, s, DualUseCode, DualUsePattern)
		if d, err := ParseDualUse(s); err == nil {
			_ = d.Category()
		}
	})
}

func FuzzUnitCode(f *testing.F) {
	for _, s := range []string{"KGM", "ltr", " H87 ", "kg", "XBX", "BX", "X1", "z9", "K\u212aM"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkNormaliser(t, s, UnitCode, UnitPattern)
		if got, err := UnitCode(s); err == nil {
			if _, ok := LookupUnit(got); !ok {
				t.Fatalf("%s was accepted but LookupUnit does not know it", got)
			}
		}
	})
}

func FuzzCountry(f *testing.F) {
	for _, s := range []string{"DE", " de ", "XK", "EU", "UK", "EL", "ıT", "276"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkNormaliser(t, s, Country, CountryPattern) })
}

var currencyPattern = regexp.MustCompile(`^[A-Z]{3}$`)

func FuzzCurrency(f *testing.F) {
	for _, s := range []string{"EUR", "usd", " jpy ", "XAU", "EURO", "€"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkNormaliser(t, s, Currency, currencyPattern) })
}

var namedPlacePattern = regexp.MustCompile(`^\S(.*\S)?$`)

func FuzzTerms(f *testing.F) {
	for _, s := range [][4]string{
		{"FOB", "sea", "Hamburg", ""}, {"fob", "air", "Frankfurt", ""}, {"DAP", "multimodal", "", "nl rtm"},
		{"CIF", "Inland Waterway", "  Port of   Duisburg ", "DEDUI"}, {"DAT", "road", "x", "EUBRU"},
	} {
		f.Add(s[0], s[1], s[2], s[3])
	}
	f.Fuzz(func(t *testing.T, rule, mode, place, loc string) {
		checkNormaliser(t, place, NamedPlace, namedPlacePattern)
		got, err := ParseTerms(rule, mode, place, loc)
		if err != nil {
			var te *TermsError
			if !errors.As(err, &te) || !errors.Is(err, ErrInvalid) || got != (Terms{}) {
				t.Fatalf("ParseTerms error %v with %+v", err, got)
			}
			return
		}
		if !got.Rule.Allows(got.Mode) {
			t.Fatalf("ParseTerms accepted %s with %s", got.Rule, got.Mode)
		}
		again, err := ParseTerms(string(got.Rule), string(got.Mode), got.Place, got.PlaceLOCODE)
		if err != nil || again != got {
			t.Fatalf("ParseTerms(%+v) = %+v, %v", got, again, err)
		}
	})
}
