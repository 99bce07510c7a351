package masterdata

import (
	"regexp"
	"slices"
	"strings"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// CountryPattern is the canonical form of a country code.
var CountryPattern = regexp.MustCompile(`^[A-Z]{2}$`)

// CLDR calls these exceptionally reserved ISO 3166-1 codes countries and gives them
// ISO3 codes; they are parts of other countries for customs and banking.
var reservedRegions = map[string]bool{"AC": true, "CP": true, "DG": true, "TA": true}

// countries is the set of accepted alpha-2 codes, derived from CLDR: a region that CLDR
// calls a country, that is its own canonical form (not a deprecated alias such as BU,
// DD, FX, TP, ZR or UK), that has an ISO 3166 alpha-3 code (not a grouping such as UN,
// EZ, or a part such as EA, IC), and that still has an English name (not AN, CS, YU, SU).
var countries = sync.OnceValue(func() map[string]bool {
	set := make(map[string]bool, 256)
	names := display.English.Regions()
	for a := byte('A'); a <= 'Z'; a++ {
		for b := byte('A'); b <= 'Z'; b++ {
			code := string([]byte{a, b})
			r, err := language.ParseRegion(code)
			if err != nil || !r.IsCountry() || r.Canonicalize() != r || r.String() != code ||
				r.ISO3() == "ZZZ" || names.Name(r) == "" || reservedRegions[code] {
				continue
			}
			set[code] = true
		}
	}
	return set
})

// Country validates an ISO 3166-1 alpha-2 country code ("de" → "DE"). XK (Kosovo) is
// accepted: it is user-assigned in ISO 3166 but used by the EU, customs and banks.
func Country(s string) (string, error) {
	c := upperASCII(strings.TrimSpace(s))
	switch {
	case c == "":
		return "", invalid("country is required")
	case !CountryPattern.MatchString(c):
		return "", invalid("country must be a two-letter ISO 3166-1 code such as DE")
	case c == "UK":
		return "", invalid("country code for the United Kingdom is GB, not UK")
	case c == "EL":
		return "", invalid("country code for Greece is GR; EL is only its VAT prefix")
	case c == "EU":
		return "", invalid("country must be a country; EU is a union of countries")
	case !countries()[c]:
		return "", invalid("country must be an assigned ISO 3166-1 alpha-2 code")
	}
	return c, nil
}

// CountryName is the English name of a valid country code ("DE" → "Germany"), or "".
func CountryName(code string) string {
	if !countries()[code] {
		return ""
	}
	return display.English.Regions().Name(language.MustParseRegion(code))
}

// Countries lists every accepted country code, sorted.
func Countries() []string {
	out := make([]string, 0, len(countries()))
	for c := range countries() {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}
