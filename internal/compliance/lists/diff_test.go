package lists

import (
	"slices"
	"testing"
)

// The two shipped SDN versions: 2021-07-07 (8,976 entries) and 2024-05-03
// (14,965). 8,095 ids are in both, so 6,870 were added and 881 removed.
func TestDiff_SDN2021To2024(t *testing.T) {
	old, cur := sdnVersion(t, "2021-07-07"), sdnVersion(t, "2024-05-03")
	d, err := Diff(old, cur)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Added) != 6870 || len(d.Removed) != 881 {
		t.Errorf("added %d removed %d", len(d.Added), len(d.Removed))
	}
	if len(d.Added)-len(d.Removed) != cur.Len()-old.Len() {
		t.Error("added - removed must equal the size change")
	}
	// 2024-05 has no alt.csv or add.csv: those fields are not compared.
	if !slices.Equal(d.NotCompared, []string{FieldAddresses, FieldAliases}) {
		t.Errorf("not compared %v", d.NotCompared)
	}
	if len(d.Changed) != 188 {
		t.Errorf("changed %d (summary %v)", len(d.Changed), d.Summary())
	}
	var ebano *Change
	for i := range d.Changed {
		if d.Changed[i].ID == "4243" {
			ebano = &d.Changed[i]
		}
	}
	if ebano == nil || ebano.Fields[0].Field != FieldName || ebano.Fields[0].Added[0] != "EBANO" || ebano.Fields[0].Removed[0] != "SAND SWAN" {
		t.Errorf("vessel rename not reported: %+v", ebano)
	}
	// Diff of a version against itself is empty.
	if d, _ := Diff(cur, cur); len(d.Added)+len(d.Removed)+len(d.Changed) != 0 {
		t.Error("self diff not empty")
	}
	if _, err := Diff(cur, mustCurrent(t, ListUN)); err == nil {
		t.Error("diff across lists must fail")
	}
}

func mustCurrent(t *testing.T, l ListID) *Snapshot {
	s, ok := shipped(t).Current(l)
	if !ok {
		t.Fatal(l)
	}
	return s
}
