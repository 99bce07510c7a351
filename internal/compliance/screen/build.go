package screen

import (
	"context"
	"math"
	"slices"

	"github.com/manifoldhq/manifold/internal/compliance/lists"
	"github.com/manifoldhq/manifold/internal/compliance/match"
)

// Evidence adjustments (added to the name score) and their bounds.
const (
	adjDOBExact     = 0.05  // same full birth date
	adjDOBYear      = 0.03  // birth year within the entry's bounds
	adjDOBConflict  = -0.20 // both full dates, different
	adjDOBYearOff   = -0.15 // birth year outside the entry's bounds
	adjCountry      = 0.03  // query country among the entry's countries
	adjCountryOff   = -0.05 // the entry has countries, none is the query's
	adjKind         = 0.02
	adjKindOff      = -0.12
	adjWeakAlias    = -0.08 // a weak alias alone, without supporting evidence
	adjLowInfo      = -0.16 // only common tokens matched, without supporting evidence
	maxBonus        = adjDOBExact + adjCountry + adjKind
	lowInfoFraction = 1.0 // no matched token rarer than the median token: "low information"
)

type entryRef struct {
	snap      int // index into built.snaps
	e         *lists.Entry
	extra     []lists.Alias // aliases of an older version of the list
	extraFrom string
}

type built struct {
	snaps    []*lists.Snapshot
	versions []string
	entries  []entryRef
	ix       *match.NameIndex
	lowInfo  float64
}

func build(ctx context.Context, reg *lists.Registry, snaps []*lists.Snapshot, history bool) (*built, error) {
	b := &built{snaps: snaps}
	var names []match.NameInput
	for si, s := range snaps {
		b.versions = append(b.versions, s.Version())
		var older *lists.Snapshot
		if history && !s.Coverage.Aliases {
			// The newest version lacks alias files: borrow the aliases of the
			// newest older version that has them, for entries whose primary
			// name did not change (see docs/compliance.md).
			for _, h := range reg.History(s.List) {
				if h.VersionDate.Before(s.VersionDate) && h.Coverage.Aliases {
					older = h
				}
			}
			if older != nil {
				b.versions = append(b.versions, older.Version()+" (aliases)")
			}
		}
		for i := range s.Entries {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			e := &s.Entries[i]
			ref := entryRef{snap: si, e: e}
			if older != nil {
				if oe, ok := older.Lookup(e.SourceID); ok && oe.Name == e.Name {
					have := map[string]bool{}
					for _, a := range e.Aliases {
						have[a.Name] = true
					}
					for _, a := range oe.Aliases {
						if !have[a.Name] {
							ref.extra = append(ref.extra, a)
						}
					}
					ref.extraFrom = older.Version()
				}
			}
			id := int32(len(b.entries))
			b.entries = append(b.entries, ref)
			names = append(names, match.NameInput{Entry: id, Alias: -1, Text: e.Name})
			for k, a := range e.Aliases {
				names = append(names, match.NameInput{Entry: id, Alias: int16(k), Text: a.Name})
			}
			for k, a := range ref.extra {
				names = append(names, match.NameInput{Entry: id, Alias: int16(len(e.Aliases) + k), Text: a.Name})
			}
		}
	}
	b.ix = match.BuildNameIndex(names)
	b.lowInfo = lowInfoFraction * b.ix.MedianWeight()
	return b, nil
}

func (r *entryRef) alias(k int16) (lists.Alias, bool) {
	if k < 0 {
		return lists.Alias{}, false
	}
	if int(k) < len(r.e.Aliases) {
		return r.e.Aliases[k], true
	}
	return r.extra[int(k)-len(r.e.Aliases)], true
}

// screen scores the query against the candidates (or every name when
// brute) and returns the entries at or above threshold, best first.
func (b *built) screen(p parsedQuery, threshold float64, acc *match.Accumulator, brute bool) []Match {
	q := b.ix.Prepare(p.Name)
	if q.Empty() {
		return nil
	}
	var cands []int32
	if brute {
		cands = make([]int32, len(b.ix.Names()))
		for i := range cands {
			cands[i] = int32(i)
		}
	} else {
		cands = b.ix.Candidates(q, threshold-maxBonus, acc)
		// in name order, as brute force: of two names of an entry with the
		// same score, both report the first
		slices.Sort(cands)
	}
	names := b.ix.Names()
	best := map[int32]Match{}
	for _, n := range cands {
		var ns match.NameScore
		if brute {
			ns = b.ix.ScoreBrute(q, n, false)
		} else {
			ns = b.ix.Score(q, n, false)
		}
		if ns.Score+maxBonus < threshold {
			continue
		}
		nm := &names[n]
		ref := &b.entries[nm.Entry]
		score, adj := b.adjust(p, q.MaxWeight(), ref, nm.Alias, ns)
		if score < threshold {
			continue
		}
		if old, ok := best[nm.Entry]; ok && old.Score >= score {
			continue
		}
		ns = b.ix.Score(q, n, true)
		if brute {
			ns = b.ix.ScoreBrute(q, n, true)
		}
		best[nm.Entry] = b.matchOf(ref, nm, ns, score, adj)
	}
	out := make([]Match, 0, len(best))
	for _, m := range best {
		out = append(out, m)
	}
	sortMatches(out)
	return out
}

func (b *built) matchOf(ref *entryRef, nm *match.Name, ns match.NameScore, score float64, adj []Adjustment) Match {
	m := Match{
		List: ref.e.List, ListVersion: b.snaps[ref.snap].Version(), EntityID: ref.e.SourceID, Kind: ref.e.Kind.String(),
		Name: ref.e.Name, MatchedName: nm.Text, MatchedAs: "primary", Score: round3(score), Programs: ref.e.Programs,
		Why: Why{NameScore: round3(ns.Score), Pairs: ns.Pairs, Unmatched: ns.Unmatched, Adjustments: adj},
	}
	if a, ok := ref.alias(nm.Alias); ok {
		m.MatchedAs = a.Type.String()
		if a.Quality == lists.QualityWeak {
			m.MatchedAs += " weak"
		}
		if int(nm.Alias) >= len(ref.e.Aliases) {
			m.Why.AliasFrom = ref.extraFrom
		}
	}
	return m
}

// adjust applies the query's evidence to a name score.
func (b *built) adjust(p parsedQuery, queryInfo float64, ref *entryRef, alias int16, ns match.NameScore) (float64, []Adjustment) {
	var adj []Adjustment
	score := ns.Score
	add := func(reason string, d float64) {
		adj = append(adj, Adjustment{Reason: reason, Delta: d})
		score += d
	}
	e := ref.e
	support := false
	if !p.dob.IsZero() && len(e.BirthDates) > 0 {
		switch dobMatch(p.dob, e.BirthDates) {
		case dobSame:
			add("birth date matches", adjDOBExact)
			support = true
		case dobYear:
			add("birth year matches", adjDOBYear)
			support = true
		case dobConflict:
			add("different birth date", adjDOBConflict)
		case dobYearOff:
			add("birth year outside the listed range", adjDOBYearOff)
		}
	}
	if p.country != "" {
		if cs := e.Countries(); len(cs) > 0 {
			found := false
			for _, c := range cs {
				if c == p.country {
					found = true
				}
			}
			if found {
				add("country "+p.country+" matches", adjCountry)
				support = true
			} else {
				add("country "+p.country+" not among the entry's countries", adjCountryOff)
			}
		}
	}
	if p.kind != lists.KindUnknown && e.Kind != lists.KindUnknown {
		switch {
		case p.kind == e.Kind:
			add("kind "+e.Kind.String()+" matches", adjKind)
		case p.kind == lists.KindIndividual || e.Kind == lists.KindIndividual:
			add("kind "+e.Kind.String()+" differs from "+p.kind.String(), adjKindOff)
		}
	}
	if !support {
		if a, ok := ref.alias(alias); ok && a.Quality == lists.QualityWeak {
			add("weak alias without supporting country or birth date", adjWeakAlias)
		}
		// Common names ("Mohammed Ali") match many entries partially or
		// through a loose token; only an exact rendering of a whole listed
		// name is reported without supporting evidence.
		exactWhole := ns.Complete && ns.MinSim >= 0.96
		if (ns.MatchedInfo < b.lowInfo || queryInfo < b.lowInfo) && !exactWhole {
			add("only common name tokens matched, without supporting country or birth date", adjLowInfo)
		}
	}
	return math.Max(0, math.Min(1, score)), adj
}

type dobResult int

const (
	dobUnknown dobResult = iota
	dobSame
	dobYear
	dobConflict
	dobYearOff
)

func dobMatch(q lists.PartialDate, ds []lists.PartialDate) dobResult {
	res := dobUnknown
	for _, d := range ds {
		if d.IsZero() {
			continue
		}
		lo, hi := d.Bounds()
		if q.Precision == lists.PrecisionDay && d.Precision == lists.PrecisionDay && d.To == nil && !d.Circa && q.Year != d.Year {
			if res == dobUnknown || res == dobYearOff {
				res = dobConflict
			}
			continue
		}
		if q.Year < lo || q.Year > hi {
			if res == dobUnknown {
				res = dobYearOff
			}
			continue
		}
		if q.Precision == lists.PrecisionDay && d.Precision == lists.PrecisionDay && d.To == nil && !d.Circa {
			if q.Month == d.Month && q.Day == d.Day {
				return dobSame
			}
			if res == dobUnknown || res == dobYearOff {
				res = dobConflict
			}
			continue
		}
		if q.Precision >= lists.PrecisionMonth && d.Precision >= lists.PrecisionMonth && d.To == nil && q.Month != d.Month {
			if res == dobUnknown || res == dobYearOff {
				res = dobConflict
			}
			continue
		}
		res = dobYear
	}
	return res
}

func round3(f float64) float64 { return math.Round(f*1000) / 1000 }
