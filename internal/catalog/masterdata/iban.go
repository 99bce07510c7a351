package masterdata

import (
	"regexp"
	"strings"
)

// IBANPattern is the canonical (electronic) form of an IBAN.
var IBANPattern = regexp.MustCompile(`^[A-Z]{2}[0-9]{2}[0-9A-Z]{11,30}$`)

// IBAN validates an International Bank Account Number and returns its electronic form
// ("DE89 3704 0044 0532 0130 00" → "DE89370400440532013000"). It checks the country
// against the SWIFT IBAN registry, the length and account format for that country and
// the ISO 7064 MOD 97-10 check digits. A leading "IBAN" label is dropped.
func IBAN(s string) (string, error) {
	c := compact(s, "-")
	if strings.HasPrefix(c, "IBAN") && len(c) > len("IBAN") {
		c = c[4:]
	}
	switch {
	case c == "":
		return "", invalid("iban is required")
	case !isUpperAlnum(c):
		return "", invalid("iban must contain only letters and digits")
	case len(c) < 4 || !isUpperAlpha(c[:2]) || !isDigits(c[2:4]):
		return "", invalid("iban must start with a country code and two check digits")
	}
	spec, ok := ibanRegistry[c[:2]]
	switch {
	case !ok:
		return "", invalid("iban country %s is not in the SWIFT IBAN registry", c[:2])
	case len(c) != spec.length:
		return "", invalid("iban for %s must have %d characters", c[:2], spec.length)
	case !matchBBAN(c[4:], spec.bban):
		return "", invalid("iban account number does not have the format for %s", c[:2])
	case mod97(c[4:]+c[:4]) != 1:
		return "", invalid("iban check digits are wrong")
	}
	return c, nil
}

// FormatIBAN returns the print format of an IBAN: groups of four characters separated
// by spaces ("DE89 3704 0044 0532 0130 00"). Validate with IBAN first.
func FormatIBAN(iban string) string {
	c := compact(iban, "-")
	var b strings.Builder
	for i := 0; i < len(c); i += 4 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(c[i:min(i+4, len(c))])
	}
	return b.String()
}

// matchBBAN checks a BBAN against the registry's structure, written in the SWIFT
// notation: "8!n10!n" is 8 digits then 10 digits; n digits, a capitals, c letters or
// digits. Every element of the registry uses "!" (fixed length).
func matchBBAN(bban, spec string) bool {
	pos := 0
	for spec != "" {
		n := 0
		for spec != "" && spec[0] >= '0' && spec[0] <= '9' {
			n = n*10 + int(spec[0]-'0')
			spec = spec[1:]
		}
		if len(spec) < 2 || spec[0] != '!' || pos+n > len(bban) {
			return false
		}
		kind := spec[1]
		spec = spec[2:]
		for _, c := range []byte(bban[pos : pos+n]) {
			digit, upper := '0' <= c && c <= '9', 'A' <= c && c <= 'Z'
			if (kind == 'n' && !digit) || (kind == 'a' && !upper) || (kind == 'c' && !digit && !upper) {
				return false
			}
		}
		pos += n
	}
	return pos == len(bban)
}
