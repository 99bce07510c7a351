package compliance

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/manifoldhq/manifold/ent/schematype"
	"github.com/manifoldhq/manifold/internal/compliance/lists"
	"github.com/manifoldhq/manifold/internal/compliance/screen"
	"github.com/manifoldhq/manifold/internal/platform/problem"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// ListScreener is the NameScreener over the loaded sanctions lists: one index, built at
// the lowest threshold of all marketplace models, with each marketplace's own threshold
// applied to its viewers' screenings (curated marketplaces screen at the heightened,
// lower threshold).
type ListScreener struct {
	reg     *lists.Registry
	s       *screen.Screener
	entries entryCache
}

// maxMatches bounds the matches a screening reports.
const maxMatches = 10

// NewListScreener builds the index over the registry's current lists.
func NewListScreener(ctx context.Context, reg *lists.Registry) (*ListScreener, error) {
	low := screen.DefaultThreshold(screen.ModelCurated)
	for _, m := range []screen.Model{screen.ModelClosedPortal, screen.ModelDistributorLed} {
		low = min(low, screen.DefaultThreshold(m))
	}
	s, err := screen.New(ctx, reg, screen.Options{Model: screen.ModelCurated, Threshold: low, MaxMatches: 4 * maxMatches})
	if err != nil {
		return nil, err
	}
	return &ListScreener{reg: reg, s: s}, nil
}

// Screener is the underlying index (benchmarks, the CLI).
func (l *ListScreener) Screener() *screen.Screener { return l.s }

// threshold is the viewer's marketplace model's threshold.
func threshold(ctx context.Context) float64 {
	if v := tenant.FromContext(ctx); v != nil && v.Model != "" {
		if m, err := screen.ParseModel(string(v.Model)); err == nil {
			return screen.DefaultThreshold(m)
		}
	}
	return screen.DefaultThreshold(screen.ModelClosedPortal)
}

// ScreenName implements NameScreener.
func (l *ListScreener) ScreenName(ctx context.Context, q NameQuery) (NameResult, error) {
	return l.screenAt(ctx, q, threshold(ctx))
}

// ScreenAt screens at an explicit threshold (the CLI's --model).
func (l *ListScreener) ScreenAt(ctx context.Context, q NameQuery, at float64) (NameResult, error) {
	return l.screenAt(ctx, q, at)
}

func (l *ListScreener) screenAt(ctx context.Context, q NameQuery, at float64) (NameResult, error) {
	res, err := l.s.Screen(ctx, screen.Query{Name: q.Name, Kind: q.Kind, Country: q.Country, BirthDate: q.BirthDate})
	var ve *screen.ValidationError
	if errors.As(err, &ve) {
		return NameResult{}, problem.Validation("the screening request is invalid", problem.Field("/"+ve.Field, "%s", ve.Reason))
	}
	if err != nil {
		return NameResult{}, err
	}
	out := NameResult{ListVersions: map[string]string{}}
	for _, v := range res.ListVersions {
		list, ver, ok := strings.Cut(v, "@")
		if !ok {
			continue
		}
		// "us_ofac_sdn@2021-07-07#… (aliases)": an older version whose aliases are
		// indexed for entries unchanged since.
		if base, note, found := strings.Cut(ver, " ("); found {
			list, ver = list+" "+strings.TrimSuffix(note, ")"), base
		}
		out.ListVersions[list] = ver
	}
	for _, m := range res.Matches {
		if m.Score < at || len(out.Matches) == maxMatches {
			continue
		}
		info := l.entries.get(l.reg, m.List, m.ListVersion, m.EntityID)
		out.Matches = append(out.Matches, schematype.CheckMatch{
			List: string(m.List), EntityID: m.EntityID, Name: m.Name, MatchedName: m.MatchedName,
			Score: m.Score, Programs: m.Programs, Why: why(m), EntryHash: info.hash, Entry: info.entry,
		})
	}
	return out, nil
}

// why renders a match's explanation in one line for reviewers.
func why(m screen.Match) string {
	var b strings.Builder
	fmt.Fprintf(&b, "matched %s as %s; name score %.2f", m.MatchedName, m.MatchedAs, m.Why.NameScore)
	if len(m.Why.Pairs) > 0 {
		b.WriteString("; tokens")
		for i, p := range m.Why.Pairs {
			sep := ", "
			if i == 0 {
				sep = " "
			}
			fmt.Fprintf(&b, "%s%s~%s %.2f", sep, p.Query, p.Name, p.Sim)
		}
	}
	if len(m.Why.Unmatched) > 0 {
		fmt.Fprintf(&b, "; unmatched %s", strings.Join(m.Why.Unmatched, " "))
	}
	for _, a := range m.Why.Adjustments {
		fmt.Fprintf(&b, "; %s %+.2f", a.Reason, a.Delta)
	}
	if m.Why.AliasFrom != "" {
		fmt.Fprintf(&b, "; alias from %s", m.Why.AliasFrom)
	}
	return b.String()
}
