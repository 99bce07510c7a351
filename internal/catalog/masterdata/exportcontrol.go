package masterdata

import (
	"regexp"
	"strings"
)

// Export control classification numbers share one shape in the US Commerce Control List
// and EU Regulation 2021/821 Annex I: category digit, product group A–E, three digits,
// then optional paragraphs of lower-case letters (a, b, x, ii) or numbers (1, 12),
// each after a dot: "3A001.a.1", "1C350.d.7", "5A002.a".
var (
	// ECCNPattern is the canonical form of a US ECCN (or EAR99).
	ECCNPattern = regexp.MustCompile(`^(EAR99|[0-9][A-E][0-9]{3}(\.([a-z]{1,4}|[0-9]{1,3}))*)$`)
	// DualUsePattern is the canonical form of an EU dual-use code (or not_listed).
	DualUsePattern = regexp.MustCompile(`^(not_listed|[0-9][A-E][0-9]{3}(\.([a-z]{1,4}|[0-9]{1,3}))*)$`)
)

var (
	controlHead      = regexp.MustCompile(`^[0-9][A-E][0-9]{3}$`)
	controlParagraph = regexp.MustCompile(`^([a-z]{1,4}|[0-9]{1,3})$`)
)

// EAR99 classifies an item subject to the EAR that is not on the Commerce Control List.
const EAR99 = "EAR99"

// DualUseNotListed marks an item that is not in Annex I of Regulation (EU) 2021/821.
const DualUseNotListed = "not_listed"

const (
	controlHeadLen       = 5
	controlMaxLen        = 40 // the deepest CCL paragraphs are about 20 characters
	controlMaxParagraphs = 8
)

// parseControlCode normalises "3a001.A.1" to "3A001.a.1". It returns "" if s does not
// have the shape; the caller names the rule.
func parseControlCode(s string) string {
	c := compact(s, "")
	if c == "" || len(c) > controlMaxLen || len(c) < controlHeadLen {
		return ""
	}
	head, rest := c[:controlHeadLen], c[controlHeadLen:]
	if !controlHead.MatchString(head) {
		return ""
	}
	if rest == "" {
		return head
	}
	if rest[0] != '.' {
		return ""
	}
	parts := strings.Split(lowerASCII(rest[1:]), ".")
	if len(parts) > controlMaxParagraphs {
		return ""
	}
	for _, p := range parts {
		if !controlParagraph.MatchString(p) {
			return ""
		}
	}
	return head + "." + strings.Join(parts, ".")
}

// ECCNCode is a normalised US Export Control Classification Number or EAR99.
type ECCNCode string

// IsEAR99 reports an item subject to the EAR but not on the Commerce Control List.
func (e ECCNCode) IsEAR99() bool { return e == EAR99 }

// Category is the CCL category, 0–9, or -1 for EAR99.
func (e ECCNCode) Category() int {
	if e.IsEAR99() || e == "" {
		return -1
	}
	return int(e[0] - '0')
}

// ProductGroup is the CCL product group, "A" (systems, equipment) to "E" (technology),
// or "" for EAR99.
func (e ECCNCode) ProductGroup() string {
	if e.IsEAR99() || e == "" {
		return ""
	}
	return string(e[1])
}

// Is600Series reports a "600 series" ECCN (xY6zz: military items moved from the USML).
func (e ECCNCode) Is600Series() bool { return !e.IsEAR99() && len(e) >= 5 && e[2] == '6' }

// Is9x515 reports a "9x515" ECCN (spacecraft and related items moved from the USML).
func (e ECCNCode) Is9x515() bool {
	return !e.IsEAR99() && len(e) >= 5 && e[0] == '9' && e[2:5] == "515"
}

func (e ECCNCode) String() string { return string(e) }

// ParseECCN accepts "3A001.a.1", "3a001.A.1" or "ear99" and returns the canonical form:
// head in capitals, paragraphs in lower case.
func ParseECCN(s string) (ECCNCode, error) {
	c := compact(s, "")
	if c == "" {
		return "", invalid("eccn is required")
	}
	if c == EAR99 {
		return EAR99, nil
	}
	n := parseControlCode(s)
	if n == "" {
		return "", invalid("eccn must be EAR99 or a digit, a letter A-E and three digits with optional paragraphs, such as 3A001.a.1")
	}
	return ECCNCode(n), nil
}

// ECCN returns the normalised ECCN.
func ECCN(s string) (string, error) {
	e, err := ParseECCN(s)
	return string(e), err
}

// DualUse is a normalised EU dual-use item code (Regulation (EU) 2021/821, Annex I)
// or DualUseNotListed.
type DualUse string

// Listed reports whether the item is in Annex I.
func (d DualUse) Listed() bool { return d != DualUseNotListed && d != "" }

// Category is the Annex I category, 0 (nuclear) to 9 (aerospace), or -1 if not listed.
func (d DualUse) Category() int {
	if !d.Listed() {
		return -1
	}
	return int(d[0] - '0')
}

func (d DualUse) String() string { return string(d) }

// ParseDualUse accepts an Annex I code ("1C350", "2b350.g.3") or "not listed" in any
// case, with a space, hyphen or underscore.
func ParseDualUse(s string) (DualUse, error) {
	c := compact(s, "-_")
	if c == "" {
		return "", invalid("dual-use code is required")
	}
	if c == "NOTLISTED" {
		return DualUseNotListed, nil
	}
	n := parseControlCode(s)
	if n == "" {
		return "", invalid("dual-use code must be not_listed or an Annex I code: a digit, a letter A-E and three digits, such as 1C350")
	}
	return DualUse(n), nil
}

// DualUseCode returns the normalised EU dual-use code.
func DualUseCode(s string) (string, error) {
	d, err := ParseDualUse(s)
	return string(d), err
}
