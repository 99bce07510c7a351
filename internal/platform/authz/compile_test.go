package authz

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// TestCompile_MatchesEnforce holds the compiled grants that Allowed consults to casbin's
// own Enforce, for every role × permission of every pack and of random policies with
// inheritance chains and wildcards.
func TestCompile_MatchesEnforce(t *testing.T) {
	m := newTestManager(t, nil, nil)
	check := func(t *testing.T, rules []Rule, roles []string) {
		t.Helper()
		tid := uuid.New()
		e, err := m.build(t.Context(), tid, &memAdapter{tid: tid, rules: rules})
		if err != nil {
			t.Fatal(err)
		}
		dom := tid.String()
		for _, role := range append(roles, "nobody") {
			for _, p := range Permissions() {
				want, err := e.enf.Enforce(role, dom, p.Resource, p.Action)
				if err != nil {
					t.Fatal(err)
				}
				if got := e.allows(role, p.Resource, p.Action); got != want {
					t.Fatalf("%s %s: compiled %v, casbin %v", role, p, got, want)
				}
				// Another tenant's domain never matches.
				if other, _ := e.enf.Enforce(role, uuid.NewString(), p.Resource, p.Action); other {
					t.Fatalf("%s %s allowed in a foreign domain", role, p)
				}
			}
		}
	}
	for _, mdl := range tenant.Models {
		t.Run(string(mdl), func(t *testing.T) { check(t, mustPack(t, mdl), Roles()) })
	}
	perms := Permissions()
	for seed := range uint64(20) {
		t.Run(fmt.Sprintf("random-%d", seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 42))
			roles := make([]string, 8)
			for i := range roles {
				roles[i] = fmt.Sprintf("role_%d", i)
			}
			var rules []Rule
			seen := map[Rule]bool{}
			add := func(r Rule) {
				if !seen[r] {
					seen[r] = true
					rules = append(rules, r)
				}
			}
			for range 60 {
				p := perms[rng.IntN(len(perms))]
				act := p.Action
				if rng.IntN(10) == 0 {
					act = ActionAll
				}
				add(Allow(roles[rng.IntN(len(roles))], p.Resource, act))
			}
			for range 6 { // edges point to lower-numbered roles: chains, diamonds, no cycles
				i := 1 + rng.IntN(len(roles)-1)
				add(Inherit(roles[i], roles[rng.IntN(i)]))
			}
			check(t, rules, roles)
		})
	}
}
