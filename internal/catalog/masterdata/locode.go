package masterdata

import "regexp"

// LOCODEPattern is the canonical form of a UN/LOCODE: the country and three letters or
// digits 2–9 (0 and 1 are not used, to avoid confusion with O and I).
var LOCODEPattern = regexp.MustCompile(`^[A-Z]{2}[A-Z2-9]{3}$`)

// Locode is a normalised UN/LOCODE such as "DEHAM".
type Locode string

// Country is the ISO 3166-1 country part ("DE").
func (l Locode) Country() string { return string(l[:2]) }

// Location is the three-character location part ("HAM").
func (l Locode) Location() string { return string(l[2:]) }

func (l Locode) String() string { return string(l) }

// ParseUNLOCODE accepts "DEHAM", "DE HAM" or "deham" and checks the format and that the
// country part is a valid country. It does not look the location up in the UN/LOCODE
// directory.
func ParseUNLOCODE(s string) (Locode, error) {
	c := compact(s, "")
	switch {
	case c == "":
		return "", invalid("un/locode is required")
	case !LOCODEPattern.MatchString(c):
		return "", invalid("un/locode must be a 2-letter country and 3 letters or digits 2-9, such as DEHAM")
	}
	if _, err := Country(c[:2]); err != nil {
		return "", invalid("un/locode must start with a valid ISO 3166-1 country code")
	}
	return Locode(c), nil
}

// UNLOCODE returns the normalised UN/LOCODE.
func UNLOCODE(s string) (string, error) {
	l, err := ParseUNLOCODE(s)
	return string(l), err
}
