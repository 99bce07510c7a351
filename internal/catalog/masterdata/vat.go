package masterdata

import (
	"regexp"
	"slices"
	"strings"
)

// VATPattern is the canonical form of a VAT number: prefix and national part, no
// separators. vat_rules.go has the per-country patterns.
var VATPattern = regexp.MustCompile(`^[A-Z]{2}[0-9A-Z]{2,13}$`)

// vatPrefixes is the VAT prefix (or prefixes) an organisation in a country may use.
func vatPrefixes(country string) []string {
	switch {
	case country == "GR":
		return []string{"EL"}
	case country == "GB":
		return []string{"GB", "XI"}
	case country == "XI":
		return []string{"XI"}
	case euMembers[country]:
		return []string{country}
	}
	return nil
}

// VATNumber validates a VAT identification number of an EU member state, Northern
// Ireland (XI) or the United Kingdom (GB) and returns it with its prefix and without
// spaces, dots or hyphens ("DE 136.695.976" → "DE136695976").
//
// orgCountry is the ISO 3166-1 country of the organisation, or "" to skip the match.
// When it is given the prefix must be the one for that country (EL for Greece; GB or XI
// for the United Kingdom), and a number typed without its prefix gets it. "GR" as a
// prefix is rewritten to "EL". Leading zeros that people drop are restored for BE, EL
// and NL. See vat_rules.go for what is checked per country.
func VATNumber(s, orgCountry string) (string, error) {
	c := compact(s, ".-")
	if c == "" {
		return "", invalid("vat number is required")
	}
	if !isUpperAlnum(c) {
		return "", invalid("vat number must contain only letters, digits, spaces, dots and hyphens")
	}
	var allowed []string
	if oc := upperASCII(strings.TrimSpace(orgCountry)); oc != "" {
		if allowed = vatPrefixes(oc); allowed == nil {
			return "", invalid("vat numbers can be checked for organisations in the EU or the UK only")
		}
	}

	prefix, body := "", c
	if len(c) >= 2 && isUpperAlpha(c[:2]) {
		p := c[:2]
		if p == "GR" {
			p = "EL"
		}
		if _, ok := vatRules[p]; ok {
			prefix, body = p, c[2:]
		}
	}
	switch {
	case prefix == "" && allowed == nil:
		return "", invalid("vat number must start with its country prefix, such as DE or EL")
	case prefix == "":
		prefix = allowed[0]
	case allowed != nil && !slices.Contains(allowed, prefix):
		return "", invalid("vat number prefix %s does not match the organisation's country (expected %s)",
			prefix, strings.Join(allowed, " or "))
	}

	rule := vatRules[prefix]
	if rule.pad != nil {
		body = rule.pad(body)
	}
	if !rule.pattern.MatchString(body) {
		return "", invalid("vat number for %s must be %s after the prefix", prefix, rule.format)
	}
	if rule.check != nil && !rule.check(body) {
		return "", invalid("vat number check digits are wrong")
	}
	return prefix + body, nil
}
