package compliance

import (
	"context"
	"regexp"
	"strings"
	"unicode"

	"github.com/manifoldhq/manifold/ent/schematype"
	"github.com/manifoldhq/manifold/internal/catalog/masterdata"
	"github.com/manifoldhq/manifold/internal/platform/problem"
)

// Screening decisions.
const (
	DecisionClear          = "clear"
	DecisionPotentialMatch = "potential_match"
)

// ScreeningRequest is an ad hoc screening of one name (POST /api/v1/screenings,
// manifold screen).
type ScreeningRequest struct {
	Name      string `json:"name"`
	Kind      string `json:"kind,omitempty"`
	Country   string `json:"country,omitempty"`
	BirthDate string `json:"birth_date,omitempty"`
}

// ScreeningResponse is the answer: the decision, the matches and the list versions used.
type ScreeningResponse struct {
	Decision     string                  `json:"decision"`
	Matches      []schematype.CheckMatch `json:"matches"`
	ListVersions map[string]string       `json:"list_versions"`
}

// MaxNameLength bounds a screened name (in characters).
const MaxNameLength = 1000

var birthDateRE = regexp.MustCompile(`^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$`)

// Validate normalises the request and reports every invalid field: an empty or absurdly
// long name, control characters, an unknown kind, country or birth-date shape.
func (r *ScreeningRequest) Validate() error {
	var chk masterdata.Check
	r.Name = strings.TrimSpace(r.Name)
	switch {
	case r.Name == "":
		chk.Add("/name", "is required")
	case len([]rune(r.Name)) > MaxNameLength:
		chk.Add("/name", "must be at most %d characters", MaxNameLength)
	case strings.IndexFunc(r.Name, unicode.IsControl) >= 0:
		chk.Add("/name", "must not contain control characters")
	case strings.IndexFunc(r.Name, func(c rune) bool { return unicode.IsLetter(c) || unicode.IsDigit(c) }) < 0:
		chk.Add("/name", "must contain a letter or digit")
	}
	r.Kind = strings.ToLower(strings.TrimSpace(r.Kind))
	switch r.Kind {
	case "", "individual", "entity", "vessel", "aircraft":
	default:
		chk.Add("/kind", "must be individual, entity, vessel or aircraft")
	}
	if r.Country = strings.TrimSpace(r.Country); r.Country != "" {
		r.Country = chk.Country("/country", r.Country)
	}
	if r.BirthDate = strings.TrimSpace(r.BirthDate); r.BirthDate != "" && !birthDateRE.MatchString(r.BirthDate) {
		chk.Add("/birth_date", "must be YYYY, YYYY-MM or YYYY-MM-DD")
	}
	return chk.Err("the screening request is invalid")
}

// Screen screens one name ad hoc. Nothing is stored: checks of parties are recorded
// by the flows that screen them.
func (c *Checks) Screen(ctx context.Context, r ScreeningRequest) (*ScreeningResponse, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	names := c.names.Load()
	if names == nil {
		return nil, problem.Unavailable(nil, "the sanctions lists are not loaded yet; try again shortly")
	}
	res, err := names.ScreenName(ctx, NameQuery(r))
	if err != nil {
		return nil, err
	}
	out := &ScreeningResponse{Decision: DecisionClear, Matches: res.Matches, ListVersions: nonNil(res.ListVersions)}
	if out.Matches == nil {
		out.Matches = []schematype.CheckMatch{}
	}
	if len(out.Matches) > 0 {
		out.Decision = DecisionPotentialMatch
	}
	return out, nil
}
