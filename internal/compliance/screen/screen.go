// Package screen screens names against the loaded sanctions and
// denied-party lists: it builds a name index (internal/compliance/match)
// over every current list in a lists.Registry, scores candidates with the
// entry's birth dates, countries and kind, and returns a decision with
// explained matches and the list versions used. The index is rebuilt and
// swapped atomically when the registry's lists change.
package screen

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/manifoldhq/manifold/internal/compliance/lists"
	"github.com/manifoldhq/manifold/internal/compliance/match"
)

// Decision is the outcome of a screening.
type Decision string

// Decisions.
const (
	DecisionClear          Decision = "clear"
	DecisionPotentialMatch Decision = "potential_match"
)

// Model is a marketplace model; it sets the default threshold.
type Model string

// Marketplace models (DESIGN.md). Curated marketplaces screen with
// heightened diligence, hence a lower threshold (more alerts).
const (
	ModelClosedPortal   Model = "closed_portal"
	ModelCurated        Model = "curated"
	ModelDistributorLed Model = "distributor_led"
)

// DefaultThreshold returns the documented default threshold of a model
// (docs/compliance.md, "Matching"): chosen on the evaluation set, where the
// closed-portal threshold maximises F1 and the curated one trades precision
// for recall.
func DefaultThreshold(m Model) float64 {
	switch m {
	case ModelCurated:
		return 0.80
	default:
		return 0.86
	}
}

// ParseModel is the inverse of the Model constants.
func ParseModel(s string) (Model, error) {
	switch m := Model(s); m {
	case ModelClosedPortal, ModelCurated, ModelDistributorLed:
		return m, nil
	}
	return "", fmt.Errorf("screen: unknown marketplace model %q", s)
}

// MaxNameLen is the longest accepted query name, in characters.
const MaxNameLen = 1000

// Query is one name to screen. Kind, Country and BirthDate are optional
// evidence: a match raises the score, a conflict lowers it.
type Query struct {
	Name      string `json:"name"`
	Kind      string `json:"kind,omitempty"`       // individual | entity | vessel | aircraft
	Country   string `json:"country,omitempty"`    // ISO 3166-1 alpha-2 or a country name
	BirthDate string `json:"birth_date,omitempty"` // YYYY, YYYY-MM or YYYY-MM-DD
}

// ValidationError is a bad query; Field names the offending field.
type ValidationError struct {
	Field  string
	Reason string
}

func (e *ValidationError) Error() string { return "screen: " + e.Field + ": " + e.Reason }

// ErrValidation is matched by every *ValidationError (errors.Is).
var ErrValidation = errors.New("screen: invalid query")

// Is makes errors.Is(err, ErrValidation) true.
func (e *ValidationError) Is(target error) bool { return target == ErrValidation }

type parsedQuery struct {
	Query
	kind    lists.Kind
	country string
	dob     lists.PartialDate
}

// Validate checks a query and parses its optional fields.
func (q Query) Validate() error {
	_, err := q.parse()
	return err
}

func (q Query) parse() (parsedQuery, error) {
	p := parsedQuery{Query: q}
	if !utf8.ValidString(q.Name) {
		return p, &ValidationError{"name", "is not valid UTF-8"}
	}
	if n := utf8.RuneCountInString(q.Name); n > MaxNameLen {
		return p, &ValidationError{"name", fmt.Sprintf("is %d characters long; at most %d are accepted", n, MaxNameLen)}
	}
	for _, r := range q.Name {
		if unicode.IsControl(r) {
			return p, &ValidationError{"name", fmt.Sprintf("contains the control character %U", r)}
		}
	}
	if strings.TrimSpace(q.Name) == "" {
		return p, &ValidationError{"name", "is empty"}
	}
	if len(match.Normalize(q.Name)) == 0 {
		return p, &ValidationError{"name", "has no letters or digits"}
	}
	if q.Kind != "" {
		k, err := lists.ParseKind(q.Kind)
		if err != nil || k == lists.KindUnknown {
			return p, &ValidationError{"kind", "must be individual, entity, vessel or aircraft"}
		}
		p.kind = k
	}
	if q.Country != "" {
		c, ok := lists.CountryCode(q.Country)
		if !ok {
			return p, &ValidationError{"country", fmt.Sprintf("%q is not a known country", q.Country)}
		}
		p.country = c
	}
	if q.BirthDate != "" {
		d, err := parseDate(q.BirthDate)
		if err != nil {
			return p, &ValidationError{"birth_date", err.Error()}
		}
		p.dob = d
	}
	return p, nil
}

func parseDate(s string) (lists.PartialDate, error) {
	for _, f := range []struct {
		layout string
		p      lists.Precision
	}{{"2006-01-02", lists.PrecisionDay}, {"2006-01", lists.PrecisionMonth}, {"2006", lists.PrecisionYear}} {
		if t, err := time.Parse(f.layout, s); err == nil {
			d := lists.PartialDate{Year: t.Year(), Precision: f.p, Text: s}
			if f.p >= lists.PrecisionMonth {
				d.Month = int(t.Month())
			}
			if f.p == lists.PrecisionDay {
				d.Day = t.Day()
			}
			return d, nil
		}
	}
	return lists.PartialDate{}, fmt.Errorf("%q is not YYYY, YYYY-MM or YYYY-MM-DD", s)
}

// Options configure a Screener.
type Options struct {
	Model Model // default closed_portal
	// Threshold overrides the model's default threshold when > 0.
	Threshold float64
	// MaxMatches caps the matches returned (default 10).
	MaxMatches int
	// NoHistoryAliases disables indexing aliases of an older version of a
	// list for entries still present, unchanged, in the current version
	// (used for the OFAC SDN 2024-05 file, which ships without alt.csv).
	NoHistoryAliases bool
	Logger           *slog.Logger
}

// Screener screens names against the current lists of a registry.
type Screener struct {
	reg  *lists.Registry
	opts Options
	log  *slog.Logger
	cur  atomic.Pointer[built]

	mu       sync.Mutex // serialises rebuilds
	building atomic.Bool
	accPool  sync.Pool
}

// New builds the index over the registry's current lists.
func New(ctx context.Context, reg *lists.Registry, opts Options) (*Screener, error) {
	if opts.Model == "" {
		opts.Model = ModelClosedPortal
	}
	if _, err := ParseModel(string(opts.Model)); err != nil {
		return nil, err
	}
	if opts.Threshold <= 0 {
		opts.Threshold = DefaultThreshold(opts.Model)
	}
	if opts.MaxMatches <= 0 {
		opts.MaxMatches = 10
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Screener{reg: reg, opts: opts, log: opts.Logger}
	s.accPool.New = func() any { return new(match.Accumulator) }
	if err := s.Refresh(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// Threshold is the score at or above which a match is reported.
func (s *Screener) Threshold() float64 { return s.opts.Threshold }

// Refresh rebuilds the index if the registry's current lists changed since
// the last build, and swaps it in atomically. Screen calls trigger a
// background refresh on their own; call Refresh after publishing a list when
// the next screening must see it (e.g. before a rescreen job).
func (s *Screener) Refresh(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	snaps := s.reg.All()
	if b := s.cur.Load(); b != nil && sameSnapshots(b.snaps, snaps) {
		return nil
	}
	if len(snaps) == 0 {
		return errors.New("screen: the registry has no lists")
	}
	start := time.Now()
	b, err := build(ctx, s.reg, snaps, !s.opts.NoHistoryAliases)
	if err != nil {
		return err
	}
	s.cur.Store(b)
	s.log.InfoContext(ctx, "screening index built", "lists", b.versions, "entries", len(b.entries),
		"names", len(b.ix.Names()), "duration", time.Since(start))
	return nil
}

func sameSnapshots(a, b []*lists.Snapshot) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// ListVersions returns the list versions the current index was built from.
func (s *Screener) ListVersions() []string { return append([]string(nil), s.cur.Load().versions...) }

// Stats describes the current index.
type Stats struct {
	Entries, Names, Vocabulary int
	Versions                   []string
}

// Stats returns the size of the current index.
func (s *Screener) Stats() Stats {
	b := s.cur.Load()
	return Stats{Entries: len(b.entries), Names: len(b.ix.Names()), Vocabulary: b.ix.VocabSize(), Versions: b.versions}
}

// Result is the outcome of one screening.
type Result struct {
	Decision     Decision `json:"decision"`
	Matches      []Match  `json:"matches"`
	Threshold    float64  `json:"threshold"`
	Model        Model    `json:"model"`
	ListVersions []string `json:"list_versions"`
}

// Match is one list entry that matched.
type Match struct {
	List        lists.ListID `json:"list"`
	ListVersion string       `json:"list_version"`
	EntityID    string       `json:"entity_id"`
	Kind        string       `json:"kind"`
	Name        string       `json:"name"`         // the entry's primary name
	MatchedName string       `json:"matched_name"` // the name or alias that matched
	MatchedAs   string       `json:"matched_as"`   // "primary", "aka", "fka", "nka" (+ " weak")
	Score       float64      `json:"score"`
	Programs    []string     `json:"programs,omitempty"`
	Why         Why          `json:"why"`
}

// Why explains a score.
type Why struct {
	NameScore   float64      `json:"name_score"`
	Pairs       []match.Pair `json:"pairs"`
	Unmatched   []string     `json:"unmatched,omitempty"` // list-name tokens the query did not match
	Adjustments []Adjustment `json:"adjustments,omitempty"`
	AliasFrom   string       `json:"alias_from,omitempty"` // list version the alias came from when not the current one
}

// Adjustment is a change to the name score from other evidence.
type Adjustment struct {
	Reason string  `json:"reason"`
	Delta  float64 `json:"delta"`
}

// Screen screens one query. It never scans every name: candidates come
// from the index and are scored with the query's evidence.
func (s *Screener) Screen(ctx context.Context, q Query) (Result, error) {
	p, err := q.parse()
	if err != nil {
		return Result{}, err
	}
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	s.maybeRefresh(ctx)
	b := s.cur.Load()
	acc := s.accPool.Get().(*match.Accumulator)
	defer s.accPool.Put(acc)
	ms := b.screen(p, s.opts.Threshold, acc, false)
	return s.result(b, ms), nil
}

// ScreenBrute scores every indexed name (the brute-force baseline used by
// the benchmark and by the test that the index misses nothing).
func (s *Screener) ScreenBrute(ctx context.Context, q Query) (Result, error) {
	p, err := q.parse()
	if err != nil {
		return Result{}, err
	}
	b := s.cur.Load()
	ms := b.screen(p, s.opts.Threshold, nil, true)
	return s.result(b, ms), nil
}

func (s *Screener) result(b *built, ms []Match) Result {
	if len(ms) > s.opts.MaxMatches {
		ms = ms[:s.opts.MaxMatches]
	}
	r := Result{Decision: DecisionClear, Matches: ms, Threshold: s.opts.Threshold, Model: s.opts.Model, ListVersions: b.versions}
	if r.Matches == nil {
		r.Matches = []Match{}
	}
	if len(ms) > 0 {
		r.Decision = DecisionPotentialMatch
	}
	return r
}

// maybeRefresh starts a background rebuild when the registry moved on.
// Screenings keep using the previous index (and report its versions) until
// the new one is swapped in.
func (s *Screener) maybeRefresh(ctx context.Context) {
	b := s.cur.Load()
	for _, snap := range b.snaps {
		if cur, ok := s.reg.Current(snap.List); !ok || cur != snap {
			s.startRefresh(ctx)
			return
		}
	}
	if len(s.reg.All()) != len(b.snaps) {
		s.startRefresh(ctx)
	}
}

func (s *Screener) startRefresh(ctx context.Context) {
	if !s.building.CompareAndSwap(false, true) {
		return
	}
	ctx = context.WithoutCancel(ctx)
	go func() {
		defer s.building.Store(false)
		if err := s.Refresh(ctx); err != nil {
			s.log.ErrorContext(ctx, "screening index rebuild failed; the previous index stays in use", "err", err)
		}
	}()
}

// sortMatches orders by score, then list and id for determinism.
func sortMatches(ms []Match) {
	sort.Slice(ms, func(i, j int) bool {
		if ms[i].Score != ms[j].Score {
			return ms[i].Score > ms[j].Score
		}
		if ms[i].List != ms[j].List {
			return ms[i].List < ms[j].List
		}
		return ms[i].EntityID < ms[j].EntityID
	})
}
