package masterdata

import "regexp"

// HSPattern is the canonical form of an HS code: the 6-digit WCO subheading, optionally
// extended by a national tariff line (CN 8, HTS/TARIC 10 digits).
var HSPattern = regexp.MustCompile(`^[0-9]{6,10}$`)

// HS is a normalised Harmonized System code such as "291521" or "8471300100".
type HS string

// Chapter is the 2-digit chapter ("29").
func (h HS) Chapter() string { return string(h[:2]) }

// Heading is the 4-digit heading ("2915").
func (h HS) Heading() string { return string(h[:4]) }

// Subheading is the 6-digit international subheading ("291521").
func (h HS) Subheading() string { return string(h[:6]) }

func (h HS) String() string { return string(h) }

// ParseHS strips dots, hyphens and spaces ("2915.21" → "291521") and checks that 6 to 10
// digits remain and that the chapter exists (01–97; 77 is reserved by the WCO).
func ParseHS(s string) (HS, error) {
	c := compact(s, ".-")
	switch {
	case c == "":
		return "", invalid("hs code is required")
	case !isDigits(c):
		return "", invalid("hs code must contain only digits, dots and spaces")
	case len(c) < 6 || len(c) > 10:
		return "", invalid("hs code must have 6 to 10 digits")
	}
	switch ch := c[:2]; {
	case ch == "00" || ch > "97":
		return "", invalid("hs chapter must be between 01 and 97")
	case ch == "77":
		return "", invalid("hs chapter 77 is reserved and not used")
	}
	return HS(c), nil
}

// HSCode returns the normalised HS code.
func HSCode(s string) (string, error) {
	h, err := ParseHS(s)
	return string(h), err
}
