package masterdata

import "regexp"

// UNNumberPattern is the canonical form of a UN number for dangerous goods.
var UNNumberPattern = regexp.MustCompile(`^UN[0-9]{4}$`)

// The accepted range: UN0001–UN0003 are not assigned; the UN Model Regulations (23rd
// and 24th revised editions) end below UN3600, which leaves room for new entries.
const (
	unNumberMin = 4
	unNumberMax = 3599
)

// UNNumber normalises a UN number ("1090", "un 1090", "UN-1090" → "UN1090") and checks
// that it lies between UN0004 and UN3599. NA and ID numbers (US DOT, IATA) are not UN
// numbers and are rejected.
func UNNumber(s string) (string, error) {
	c := compact(s, "-")
	if c == "" {
		return "", invalid("un number is required")
	}
	digits := c
	if len(c) > 2 && c[:2] == "UN" {
		digits = c[2:]
	}
	switch n := atoi(digits); {
	case len(digits) != 4 || !isDigits(digits):
		return "", invalid("un number must be UN followed by 4 digits, such as UN1090")
	case n < unNumberMin || n > unNumberMax:
		return "", invalid("un number must be between UN0004 and UN3599")
	}
	return "UN" + digits, nil
}
