package exportcontrol

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
)

//go:embed data/us_ear_country_chart.json
var chartJSON []byte

//go:embed data/us_ear_country_groups.json
var groupsJSON []byte

// Column is a Country Chart column: a reason for control and its column number ("NS2").
type Column string

// The columns the Country Chart snapshot has. AT1 and AT2 are real CCL columns that the
// snapshot lacks; they are applied by rule (see atDestinations).
var chartColumns = []Column{
	"CB1", "CB2", "CB3", "NP1", "NP2", "NS1", "NS2", "MT1", "RS1", "RS2",
	"CC1", "CC2", "CC3", "FC1",
}

// Stamp says where a snapshot came from and which date the regulation text is of.
type Stamp struct {
	Source    string `json:"source"`
	URL       string `json:"url"`
	AsOf      string `json:"asOf"`
	FetchedAt string `json:"fetchedAt"`
}

// ChartRow is one destination of the Country Chart.
type ChartRow struct {
	ISO2      string   `json:"iso2"`
	EARName   string   `json:"earName"`
	Footnotes []int    `json:"footnotes"`
	X         []Column `json:"x"`
}

// Has reports an X in column c.
func (r ChartRow) Has(c Column) bool { return slices.Contains(r.X, c) }

// CountryChart is the Commerce Country Chart, 15 CFR Part 738 Supp. No. 1.
type CountryChart struct {
	Stamp     Stamp             `json:"stamp"`
	Rows      []ChartRow        `json:"rows"`
	Footnotes map[string]string `json:"footnotes"`

	byISO map[string]int
}

// Row returns the chart row of a destination.
func (c *CountryChart) Row(iso2 string) (ChartRow, bool) {
	i, ok := c.byISO[iso2]
	if !ok {
		return ChartRow{}, false
	}
	return c.Rows[i], true
}

// ColumnCount is the number of destinations marked X in column col.
func (c *CountryChart) ColumnCount(col Column) int {
	n := 0
	for _, r := range c.Rows {
		if r.Has(col) {
			n++
		}
	}
	return n
}

// CountryGroups is the EAR Country Groups, 15 CFR Part 740 Supp. No. 1.
type CountryGroups struct {
	Stamp      Stamp               `json:"stamp"`
	Labels     map[string]string   `json:"labels"`
	Membership map[string][]string `json:"membership"`
	Notes      []string            `json:"notes"`
}

// In reports whether a destination is in group g ("B", "D:1", "E:1").
func (g *CountryGroups) In(iso2, group string) bool {
	return slices.Contains(g.Membership[iso2], group)
}

// Members lists the destinations of group g, sorted.
func (g *CountryGroups) Members(group string) []string {
	var out []string
	for iso, gs := range g.Membership {
		if slices.Contains(gs, group) {
			out = append(out, iso)
		}
	}
	slices.Sort(out)
	return out
}

var (
	iso2Pattern   = regexp.MustCompile(`^[A-Z]{2}$`)
	columnPattern = regexp.MustCompile(`^(CB|NP|NS|MT|RS|CC|FC|AT)[1-3]$`)
	groupPattern  = regexp.MustCompile(`^(A:[1-6]|B|D:[1-5]|E:[12])$`)
)

// decodeStrict decodes one JSON document, refusing unknown fields and trailing data.
func decodeStrict(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("trailing data after the JSON document")
	}
	return nil
}

func checkStamp(s Stamp) error {
	if s.AsOf == "" || s.Source == "" {
		return fmt.Errorf("stamp: source and asOf are required")
	}
	return nil
}

// ParseCountryChart decodes and validates a Country Chart snapshot.
func ParseCountryChart(b []byte) (*CountryChart, error) {
	var c CountryChart
	if err := decodeStrict(b, &c); err != nil {
		return nil, fmt.Errorf("country chart: %w", err)
	}
	if err := checkStamp(c.Stamp); err != nil {
		return nil, fmt.Errorf("country chart: %w", err)
	}
	if len(c.Rows) == 0 {
		return nil, fmt.Errorf("country chart: no rows")
	}
	c.byISO = make(map[string]int, len(c.Rows))
	for i, r := range c.Rows {
		switch {
		case !iso2Pattern.MatchString(r.ISO2):
			return nil, fmt.Errorf("country chart: rows[%d]: iso2 %q is not a two-letter code", i, r.ISO2)
		case r.EARName == "":
			return nil, fmt.Errorf("country chart: rows[%d] (%s): earName is required", i, r.ISO2)
		}
		if _, dup := c.byISO[r.ISO2]; dup {
			return nil, fmt.Errorf("country chart: rows[%d]: %s appears twice", i, r.ISO2)
		}
		for _, x := range r.X {
			if !columnPattern.MatchString(string(x)) {
				return nil, fmt.Errorf("country chart: rows[%d] (%s): unknown column %q", i, r.ISO2, x)
			}
		}
		for _, f := range r.Footnotes {
			if _, ok := c.Footnotes[fmt.Sprint(f)]; !ok {
				return nil, fmt.Errorf("country chart: rows[%d] (%s): footnote %d has no text", i, r.ISO2, f)
			}
		}
		c.byISO[r.ISO2] = i
	}
	return &c, nil
}

// ParseCountryGroups decodes and validates a Country Groups snapshot.
func ParseCountryGroups(b []byte) (*CountryGroups, error) {
	var g CountryGroups
	if err := decodeStrict(b, &g); err != nil {
		return nil, fmt.Errorf("country groups: %w", err)
	}
	if err := checkStamp(g.Stamp); err != nil {
		return nil, fmt.Errorf("country groups: %w", err)
	}
	for code := range g.Labels {
		if !groupPattern.MatchString(code) {
			return nil, fmt.Errorf("country groups: unknown group label %q", code)
		}
	}
	if len(g.Membership) == 0 {
		return nil, fmt.Errorf("country groups: no membership")
	}
	for iso, gs := range g.Membership {
		if !iso2Pattern.MatchString(iso) {
			return nil, fmt.Errorf("country groups: %q is not a two-letter code", iso)
		}
		for _, code := range gs {
			if _, ok := g.Labels[code]; !ok {
				return nil, fmt.Errorf("country groups: %s: group %q has no label", iso, code)
			}
		}
	}
	return &g, nil
}
