package masterdata

import "regexp"

// LEIPattern is the canonical form of a Legal Entity Identifier: 18 letters or digits
// and two check digits.
var LEIPattern = regexp.MustCompile(`^[0-9A-Z]{18}[0-9]{2}$`)

// LEI validates an ISO 17442 Legal Entity Identifier ("5493 00..." → upper case, no
// spaces) including its ISO 7064 MOD 97-10 check digits. It does not look the LEI up in
// the GLEIF index.
func LEI(s string) (string, error) {
	c := compact(s, "-")
	switch {
	case c == "":
		return "", invalid("lei is required")
	case !LEIPattern.MatchString(c):
		return "", invalid("lei must have 18 letters or digits followed by 2 check digits")
	case mod97(c) != 1:
		return "", invalid("lei check digits are wrong")
	}
	return c, nil
}
