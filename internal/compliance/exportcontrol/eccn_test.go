package exportcontrol

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/manifoldhq/manifold/internal/catalog/masterdata"
)

// Every row cites its CCL entry and names only columns the chart has (or AT1, applied by
// rule), and every paragraph it names belongs to the entry.
func TestECCNTable_RowsAreWellFormed(t *testing.T) {
	e := testEngine(t)
	seen := map[string]bool{}
	for _, row := range eccnTable {
		t.Run(row.ECCN, func(t *testing.T) {
			if seen[row.ECCN] {
				t.Fatal("duplicate row")
			}
			seen[row.ECCN] = true
			if c, err := masterdata.ECCN(row.ECCN); err != nil || c != row.ECCN || strings.Contains(c, ".") {
				t.Errorf("ECCN %q is not a canonical head (%v)", row.ECCN, err)
			}
			if row.Citation != "15 CFR part 774, Supp. No. 1, ECCN "+row.ECCN {
				t.Errorf("citation = %q", row.Citation)
			}
			if row.Heading == "" || len(row.Controls) == 0 {
				t.Error("heading and controls are required")
			}
			for _, c := range row.Controls {
				switch {
				case c.Column == "AT1":
					if c.Reason != "AT" {
						t.Errorf("AT1 under reason %s", c.Reason)
					}
				case c.Column != "":
					if !slices.Contains(chartColumns, c.Column) || e.Chart().ColumnCount(c.Column) == 0 {
						t.Errorf("column %s is not in the Country Chart", c.Column)
					}
					if !strings.HasPrefix(string(c.Column), c.Reason) {
						t.Errorf("column %s under reason %s", c.Column, c.Reason)
					}
				default:
					if !slices.Contains([]string{SpecialEI, SpecialCW, SpecialRSSemi}, c.Reason) {
						t.Errorf("reason %s has no column and is not a special requirement", c.Reason)
					}
				}
				if c.Text == "" {
					t.Errorf("%s: control text is required", c.Reason)
				}
				if (c.Mode == ModeEntire) != (len(c.Paragraphs) == 0) {
					t.Errorf("%s: mode %d with paragraphs %v", c.Reason, c.Mode, c.Paragraphs)
				}
				for _, p := range c.Paragraphs {
					if !within(p, row.ECCN) || p == row.ECCN {
						t.Errorf("%s: paragraph %s is not below %s", c.Reason, p, row.ECCN)
					}
				}
			}
			for _, l := range row.LEs.LVS {
				if l.USD <= 0 {
					t.Errorf("LVS limit %d", l.USD)
				}
				for _, p := range l.Paragraphs {
					if !within(p, row.ECCN) {
						t.Errorf("LVS paragraph %s is not below %s", p, row.ECCN)
					}
				}
			}
			for _, p := range row.LEs.GBS {
				if !within(p, row.ECCN) {
					t.Errorf("GBS paragraph %s is not below %s", p, row.ECCN)
				}
			}
			for _, n := range row.LEs.NotFor {
				if !slices.Contains(row.Reasons(), n) {
					t.Errorf("N/A for %s, which is not a reason for control of the entry", n)
				}
			}
		})
	}
}

// The entries the issue names are in the table.
func TestECCNTable_CoversTheCommonEntries(t *testing.T) {
	for _, want := range []string{
		"1C350", "1C351", "1C010", "1C011", "1A004", "1C111", "1C991",
		"2B350", "2B351", "2B352", "2B001", "2B991",
		"3A001", "3A002", "3A991", "3B001", "3B991", "3C002", "3D001", "3E001",
		"5A002", "5A992", "5D002", "5D992", "5E002",
	} {
		if _, ok := LookupECCN(want); !ok {
			t.Errorf("%s is missing", want)
		}
	}
}

// Every US classification the demo catalog uses resolves to a table row, so the demo never
// lands in manual review for want of a row.
func TestECCNTable_CoversTheDemoCatalog(t *testing.T) {
	src, err := os.ReadFile("../../seed/catalog.go")
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, m := range regexp.MustCompile(`\b(?:us|eu): "([^"]+)"`).FindAllStringSubmatch(string(src), -1) {
		found++
		if _, ok := LookupECCN(m[1]); !ok {
			t.Errorf("demo classification %s has no table row", m[1])
		}
	}
	if found == 0 {
		t.Fatal("no classifications found in the seed; update the pattern")
	}
}

func TestParagraphScope(t *testing.T) {
	tests := []struct {
		code string
		refs []string
		want scope
	}{
		{"3A001.a.1.a", []string{"3A001.a.1.a"}, scopeYes},
		{"3A001.a.1.a.2", []string{"3A001.a.1.a"}, scopeYes},
		{"3A001.a.1", []string{"3A001.a.1.a"}, scopeMaybe},
		{"3A001", []string{"3A001.a.1.a", "3A001.a.5.a"}, scopeMaybe},
		{"3A001.a.1.b", []string{"3A001.a.1.a"}, scopeNo},
		{"3A001.aa", []string{"3A001.a"}, scopeNo},
		{"3A001.b", []string{"3A001.a"}, scopeNo},
		{"3A002", []string{"3A001"}, scopeNo},
	}
	for _, tt := range tests {
		if got := paragraphScope(tt.code, tt.refs); got != tt.want {
			t.Errorf("paragraphScope(%s, %v) = %d, want %d", tt.code, tt.refs, got, tt.want)
		}
	}
}

func TestAnnexIVAndEU001Tables_AreCanonical(t *testing.T) {
	for _, a := range annexIV {
		if c, err := masterdata.DualUseCode(a.code); err != nil || c != a.code || a.what == "" || a.part == "" {
			t.Errorf("annex IV entry %+v (%v)", a, err)
		}
	}
	for _, x := range eu001Exclusions {
		if c, err := masterdata.DualUseCode(x.code); err != nil || c != x.code || x.what == "" {
			t.Errorf("EU001 exclusion %+v (%v)", x, err)
		}
	}
	for c := range eu001Destinations {
		if _, err := masterdata.Country(c); err != nil || masterdata.IsEUMember(c) {
			t.Errorf("EU001 destination %s", c)
		}
	}
}
