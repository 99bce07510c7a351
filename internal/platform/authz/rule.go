package authz

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/internal/platform/problem"
)

// RuleType is casbin's policy type: "p" grants, "g" makes one role inherit another.
type RuleType string

const (
	RuleAllow   RuleType = "p"
	RuleInherit RuleType = "g"
)

// Rule is one line of a tenant's policy, without its domain (the tenant).
type Rule struct {
	Type     RuleType
	Role     string // p: the role granted; g: the inheriting (child) role
	Resource string // p only
	Action   string // p only: a catalog action of Resource, or ActionAll
	Parent   string // g only: the role whose grants Role inherits
}

// Allow returns a rule granting role action on resource.
func Allow(role, resource, action string) Rule {
	return Rule{Type: RuleAllow, Role: role, Resource: resource, Action: action}
}

// Inherit returns a rule giving role every grant of parent.
func Inherit(role, parent string) Rule {
	return Rule{Type: RuleInherit, Role: role, Parent: parent}
}

// String renders the rule as a pack line.
func (r Rule) String() string {
	if r.Type == RuleInherit {
		return "g, " + r.Role + ", " + r.Parent
	}
	return "p, " + r.Role + ", " + r.Resource + ", " + r.Action
}

var roleName = regexp.MustCompile(`^[a-z][a-z0-9_]{1,62}$`)

// Validate checks the rule against the catalog. Role names are free-form (a tenant may
// add roles) but must look like identifiers.
func (r Rule) Validate() error {
	var f problem.Fields
	if !roleName.MatchString(r.Role) {
		f.Add("role", "must match %s", roleName)
	}
	switch r.Type {
	case RuleAllow:
		switch {
		case Actions(r.Resource) == nil:
			f.Add("resource", "unknown resource %q", r.Resource)
		case r.Action != ActionAll && !Valid(r.Resource, r.Action):
			f.Add("action", "unknown action %q for %s", r.Action, r.Resource)
		}
		if r.Parent != "" {
			f.Add("parent", "must be empty in an allow rule")
		}
	case RuleInherit:
		if !roleName.MatchString(r.Parent) {
			f.Add("parent", "must match %s", roleName)
		} else if r.Parent == r.Role {
			f.Add("parent", "a role cannot inherit itself")
		}
		if r.Resource != "" || r.Action != "" {
			f.Add("resource", "must be empty in an inherit rule")
		}
	default:
		f.Add("type", "must be %q or %q", RuleAllow, RuleInherit)
	}
	return f.Err("invalid policy rule " + r.String())
}

// casbin returns the rule as casbin stores it for domain dom: p = sub, dom, obj, act and
// g = child, parent, dom.
func (r Rule) casbin(dom string) []string {
	if r.Type == RuleInherit {
		return []string{r.Role, r.Parent, dom}
	}
	return []string{r.Role, dom, r.Resource, r.Action}
}

// domainIndex is where the domain sits in a casbin rule of the given ptype.
func domainIndex(ptype string) (int, error) {
	switch RuleType(ptype) {
	case RuleAllow:
		return 1, nil
	case RuleInherit:
		return 2, nil
	}
	return 0, fmt.Errorf("authz: unsupported policy type %q", ptype)
}

// ruleFromCasbin is the inverse of Rule.casbin; it also returns the rule's tenant.
func ruleFromCasbin(ptype string, vals []string) (Rule, uuid.UUID, error) {
	bad := func() (Rule, uuid.UUID, error) {
		return Rule{}, uuid.Nil, fmt.Errorf("authz: malformed %s rule %q", ptype, strings.Join(vals, ", "))
	}
	vals = trimTrailingEmpty(vals)
	var r Rule
	var dom string
	switch RuleType(ptype) {
	case RuleAllow:
		if len(vals) != 4 {
			return bad()
		}
		r, dom = Allow(vals[0], vals[2], vals[3]), vals[1]
	case RuleInherit:
		if len(vals) != 3 {
			return bad()
		}
		r, dom = Inherit(vals[0], vals[1]), vals[2]
	default:
		return bad()
	}
	tid, err := uuid.Parse(dom)
	if err != nil || tid == uuid.Nil {
		return bad()
	}
	return r, tid, nil
}

func trimTrailingEmpty(vals []string) []string {
	for len(vals) > 0 && vals[len(vals)-1] == "" {
		vals = vals[:len(vals)-1]
	}
	return vals
}

// sortRules orders rules as packs list them: grants first, then inheritance, each
// sorted by role, resource, action.
func sortRules(rs []Rule) {
	slices.SortFunc(rs, func(a, b Rule) int {
		if c := strings.Compare(string(b.Type), string(a.Type)); c != 0 {
			return c // "p" before "g"
		}
		return strings.Compare(a.Role+"\x00"+a.Resource+"\x00"+a.Action+"\x00"+a.Parent,
			b.Role+"\x00"+b.Resource+"\x00"+b.Action+"\x00"+b.Parent)
	})
}
