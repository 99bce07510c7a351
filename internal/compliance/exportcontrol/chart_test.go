package exportcontrol

import (
	"strings"
	"testing"
)

func testEngine(t *testing.T) *Engine {
	t.Helper()
	e, err := New()
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// The counts are those the data README gives for the shipped snapshot.
func TestCountryChart_MatchesREADMECounts(t *testing.T) {
	e := testEngine(t)
	c := e.Chart()
	if len(c.Rows) != 200 {
		t.Errorf("rows = %d, want 200", len(c.Rows))
	}
	if len(c.Footnotes) != 10 {
		t.Errorf("footnotes = %d, want 10", len(c.Footnotes))
	}
	if c.Stamp.AsOf != "2026-09-24" {
		t.Errorf("asOf = %q", c.Stamp.AsOf)
	}
	want := map[Column]int{
		"CB1": 200, "CB2": 154, "CB3": 33, "NP1": 151, "NP2": 9, "NS1": 193, "NS2": 156,
		"MT1": 193, "RS1": 193, "RS2": 156, "CC1": 158, "CC2": 22, "CC3": 141, "FC1": 33,
		"AT1": 0, "AT2": 0,
	}
	for col, n := range want {
		if got := c.ColumnCount(col); got != n {
			t.Errorf("column %s: %d X, want %d", col, got, n)
		}
	}
	for _, iso := range []string{"CU", "IR", "KP", "SY"} {
		r, ok := c.Row(iso)
		if !ok || len(r.X) != 1 || r.X[0] != "CB1" {
			t.Errorf("%s: %v, want only CB1", iso, r.X)
		}
	}
	if _, ok := c.Row("US"); ok {
		t.Error("US must not be a chart row")
	}
	li, ok := c.Row("LI")
	if !ok || !strings.Contains(c.Footnotes["5"], "Switzerland") || li.Footnotes[0] != 5 {
		t.Errorf("LI row %v, footnote 5 %q", li, c.Footnotes["5"])
	}
}

func TestCountryGroups_MatchesREADMECounts(t *testing.T) {
	g := testEngine(t).Groups()
	if len(g.Membership) != 200 {
		t.Errorf("countries = %d, want 200", len(g.Membership))
	}
	if len(g.Labels) != 14 {
		t.Errorf("labels = %d, want 14", len(g.Labels))
	}
	want := map[string]int{
		"A:1": 40, "A:2": 34, "A:3": 42, "A:4": 45, "A:5": 38, "A:6": 8, "B": 173,
		"D:1": 24, "D:2": 10, "D:3": 36, "D:4": 21, "D:5": 22, "E:1": 3, "E:2": 1,
	}
	for grp, n := range want {
		if got := len(g.Members(grp)); got != n {
			t.Errorf("group %s: %d members, want %d", grp, got, n)
		}
	}
	if got := strings.Join(g.Members("E:1"), " "); got != "IR KP SY" {
		t.Errorf("E:1 = %s", got)
	}
	if got := strings.Join(g.Members("E:2"), " "); got != "CU" {
		t.Errorf("E:2 = %s", got)
	}
	if _, ok := g.Membership["LI"]; ok {
		t.Error("LI is not in the groups (refer to Switzerland)")
	}
	if !g.In("US", "B") {
		t.Error("US is in the groups")
	}
}

func TestParseCountryChart_RejectsBadData(t *testing.T) {
	tests := []struct{ name, json, want string }{
		{"not json", `{`, "unexpected EOF"},
		{"unknown field", `{"stamp":{"source":"s","asOf":"d"},"rows":[],"footnotes":{},"extra":1}`, "unknown field"},
		{"no rows", `{"stamp":{"source":"s","asOf":"d"},"rows":[],"footnotes":{}}`, "no rows"},
		{"no stamp", `{"stamp":{},"rows":[{"iso2":"DE","earName":"Germany","footnotes":[],"x":[]}],"footnotes":{}}`, "asOf"},
		{"bad iso", `{"stamp":{"source":"s","asOf":"d"},"rows":[{"iso2":"Deu","earName":"Germany","footnotes":[],"x":[]}],"footnotes":{}}`, "rows[0]"},
		{"bad column", `{"stamp":{"source":"s","asOf":"d"},"rows":[{"iso2":"DE","earName":"Germany","footnotes":[],"x":["ZZ9"]}],"footnotes":{}}`, "unknown column"},
		{"duplicate", `{"stamp":{"source":"s","asOf":"d"},"rows":[{"iso2":"DE","earName":"G","footnotes":[],"x":[]},{"iso2":"DE","earName":"G","footnotes":[],"x":[]}],"footnotes":{}}`, "twice"},
		{"missing footnote", `{"stamp":{"source":"s","asOf":"d"},"rows":[{"iso2":"DE","earName":"G","footnotes":[3],"x":[]}],"footnotes":{}}`, "footnote 3"},
		{"trailing", `{"stamp":{"source":"s","asOf":"d"},"rows":[{"iso2":"DE","earName":"G","footnotes":[],"x":[]}],"footnotes":{}} {}`, "trailing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseCountryChart([]byte(tt.json))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tt.want)
			}
		})
	}
}

func TestParseCountryGroups_RejectsBadData(t *testing.T) {
	tests := []struct{ name, json, want string }{
		{"unknown label", `{"stamp":{"source":"s","asOf":"d"},"labels":{"Z:9":"x"},"membership":{"DE":[]},"notes":[]}`, "Z:9"},
		{"unlabelled group", `{"stamp":{"source":"s","asOf":"d"},"labels":{"B":"b"},"membership":{"DE":["A:1"]},"notes":[]}`, "no label"},
		{"empty", `{"stamp":{"source":"s","asOf":"d"},"labels":{},"membership":{},"notes":[]}`, "no membership"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseCountryGroups([]byte(tt.json))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tt.want)
			}
		})
	}
}

func FuzzParseCountryChart(f *testing.F) {
	f.Add(chartJSON)
	f.Add([]byte(`{"stamp":{"source":"s","asOf":"d"},"rows":[{"iso2":"DE","earName":"G","footnotes":[],"x":["NS1"]}],"footnotes":{}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := ParseCountryChart(b)
		if err != nil {
			return
		}
		for _, r := range c.Rows {
			if got, ok := c.Row(r.ISO2); !ok || got.ISO2 != r.ISO2 {
				t.Fatalf("row %s not indexed", r.ISO2)
			}
		}
	})
}
