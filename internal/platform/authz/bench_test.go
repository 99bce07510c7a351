package authz

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

const (
	benchTenants = 1000
	benchRules   = 200
)

// benchRulesFor returns the tenant's pack topped up to benchRules with grants to
// tenant-defined roles, so every enforcer holds exactly benchRules rules.
func benchRulesFor(b *testing.B, i int, rng *rand.Rand) []Rule {
	rules := mustPack(b, tenant.Models[i%len(tenant.Models)])
	seen := make(map[Rule]bool, benchRules)
	for _, r := range rules {
		seen[r] = true
	}
	perms := Permissions()
	for len(rules) < benchRules {
		p := perms[rng.IntN(len(perms))]
		r := Allow(fmt.Sprintf("custom_%d", rng.IntN(8)), p.Resource, p.Action)
		if !seen[r] {
			seen[r] = true
			rules = append(rules, r)
		}
	}
	return rules[:benchRules]
}

type benchRequest struct {
	v   *tenant.Viewer
	p   Permission
	tid uuid.UUID
}

// BenchmarkEnforce measures Manager.Allowed for a random tenant among 1,000 whose
// enforcers (200 rules each) are in the cache, for viewers holding one to three roles
// and a random catalog permission. The enforcers are built from generated rules by the
// production build path (casbin enforcer + compile), bypassing only the database read.
// casbin-enforce is the same question put to casbin's Enforce directly, one role, for
// comparison.
func BenchmarkEnforce(b *testing.B) {
	ctx := b.Context()
	m, err := NewManager(nil, nil, nil, benchTenants, WithMaxAge(0))
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	tids := make([]uuid.UUID, benchTenants)
	entries := make([]*entry, benchTenants)
	start := time.Now()
	for i := range tids {
		tids[i] = uuid.New()
		if entries[i], err = m.preload(ctx, tids[i], benchRulesFor(b, i, rng)); err != nil {
			b.Fatal(err)
		}
	}
	if m.cache.Len() != benchTenants {
		b.Fatalf("cache holds %d tenants", m.cache.Len())
	}
	if n := len(entries[0].enf.GetModel()["p"]["p"].Policy) + len(entries[0].enf.GetModel()["g"]["g"].Policy); n != benchRules {
		b.Fatalf("enforcer holds %d rules", n)
	}
	took := time.Since(start)
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.Logf("built %d enforcers of %d rules in %v; heap in use %d MiB", benchTenants, benchRules, took, ms.HeapInuse>>20)

	roles, perms := Roles(), Permissions()
	reqs := make([]benchRequest, 1<<14)
	for i := range reqs {
		t := rng.IntN(benchTenants)
		held := make([]string, 1+rng.IntN(3))
		for j := range held {
			held[j] = roles[rng.IntN(len(roles))]
		}
		reqs[i] = benchRequest{v: viewer(tids[t], held...), p: perms[rng.IntN(len(perms))], tid: tids[t]}
	}
	perOp := func(b *testing.B) {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/1e3/float64(b.N), "µs/op")
	}

	b.Run("allowed", func(b *testing.B) {
		b.ReportAllocs()
		allowedN := 0
		for i := 0; b.Loop(); i++ {
			r := &reqs[i&(len(reqs)-1)]
			ok, err := m.Allowed(ctx, r.v, r.p.Resource, r.p.Action)
			if err != nil {
				b.Fatal(err)
			}
			if ok {
				allowedN++
			}
		}
		perOp(b)
		b.ReportMetric(float64(allowedN)/float64(b.N), "allowed/op")
	})
	b.Run("allowed-parallel", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			i := rand.IntN(len(reqs))
			for pb.Next() {
				r := &reqs[i&(len(reqs)-1)]
				if _, err := m.Allowed(ctx, r.v, r.p.Resource, r.p.Action); err != nil {
					b.Error(err)
					return
				}
				i++
			}
		})
		perOp(b)
	})
	b.Run("casbin-enforce", func(b *testing.B) {
		idx := make(map[uuid.UUID]*entry, benchTenants)
		for i, tid := range tids {
			idx[tid] = entries[i]
		}
		for i := 0; b.Loop(); i++ {
			r := &reqs[i&(len(reqs)-1)]
			if _, err := idx[r.tid].enf.Enforce(r.v.Grants[0].Role, r.tid.String(), r.p.Resource, r.p.Action); err != nil {
				b.Fatal(err)
			}
		}
		perOp(b)
	})
}
