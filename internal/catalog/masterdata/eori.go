package masterdata

import "regexp"

// EORIPattern is the canonical form of an EORI number: a country prefix and up to 15
// letters or digits.
var EORIPattern = regexp.MustCompile(`^[A-Z]{2}[0-9A-Z]{1,15}$`)

var ukEORI = regexp.MustCompile(`^(GB|XI)[0-9]{12}$`)

// EORI validates an Economic Operators Registration and Identification number
// ("de 1234567" → "DE1234567"). What is checked:
//   - GB (UK) and XI (Northern Ireland) numbers: the prefix and exactly 12 digits
//     (usually the VAT number followed by 000);
//   - EU numbers: an EU member-state prefix (ISO 3166-1, so GR for Greece) and 1 to 15
//     letters or digits, the shape set by the Union Customs Code; member states choose
//     the rest, so nothing more is checked;
//   - any other prefix is refused: only the EU and the UK issue EORI numbers.
func EORI(s string) (string, error) {
	c := compact(s, "-.")
	switch {
	case c == "":
		return "", invalid("eori is required")
	case !EORIPattern.MatchString(c):
		return "", invalid("eori must be a 2-letter country prefix and 1 to 15 letters or digits")
	}
	switch p := c[:2]; {
	case p == "GB" || p == "XI":
		if !ukEORI.MatchString(c) {
			return "", invalid("eori with prefix %s must have 12 digits after the prefix", p)
		}
	case p == "EL":
		return "", invalid("eori prefix for Greece is GR; EL is only its VAT prefix")
	case !euMembers[p]:
		return "", invalid("eori prefix must be an EU member state, GB or XI")
	}
	return c, nil
}
