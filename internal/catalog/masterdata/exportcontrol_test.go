package masterdata

import "testing"

func TestECCN(t *testing.T) {
	runCodeCases(t, ECCN, []codeCase{
		{name: "head only", in: "0A919", want: "0A919"},
		{name: "paragraph", in: "5A002.a", want: "5A002.a"},
		{name: "nested paragraphs", in: "3A001.a.1", want: "3A001.a.1"},
		{name: "chemicals", in: "1C350.d.7", want: "1C350.d.7"},
		{name: "case normalised", in: "3a001.A.1", want: "3A001.a.1"},
		{name: "roman numeral paragraph", in: "5A002.A.2.II", want: "5A002.a.2.ii"},
		{name: "600 series .x", in: "9a610.X", want: "9A610.x"},
		{name: "9x515", in: "9A515.a.1", want: "9A515.a.1"},
		{name: "EAR99", in: "EAR99", want: "EAR99"},
		{name: "EAR99 lower with space", in: " ear 99 ", want: "EAR99"},
		{name: "empty", in: "", wantErr: "eccn is required"},
		{name: "product group F", in: "3F001", wantErr: "letter A-E"},
		{name: "two digits", in: "3A01", wantErr: "letter A-E"},
		{name: "four digits", in: "3A0011", wantErr: "letter A-E"},
		{name: "trailing dot", in: "3A001.", wantErr: "letter A-E"},
		{name: "empty paragraph", in: "3A001..a", wantErr: "letter A-E"},
		{name: "mixed paragraph", in: "3A001.a1", wantErr: "letter A-E"},
		{name: "no dot", in: "3A001a", wantErr: "letter A-E"},
		{name: "EAR100", in: "EAR100", wantErr: "letter A-E"},
		{name: "Kelvin sign", in: "3A001.\u212a", wantErr: "letter A-E"},
		{name: "too deep", in: "3A001.a.1.a.1.a.1.a.1.a", wantErr: "letter A-E"},
	})
}

func TestParseECCN_Parts(t *testing.T) {
	tests := []struct {
		in                string
		category          int
		group             string
		is600, is515, ear bool
	}{
		{"3A001.a.1", 3, "A", false, false, false},
		{"1C350", 1, "C", false, false, false},
		{"9A610.x", 9, "A", true, false, false},
		{"0A606.a", 0, "A", true, false, false},
		{"9E515.a", 9, "E", false, true, false},
		{"9A515.x", 9, "A", false, true, false},
		{"5A515", 5, "A", false, false, false}, // 515 outside category 9 is not 9x515
		{"EAR99", -1, "", false, false, true},
	}
	for _, tt := range tests {
		e, err := ParseECCN(tt.in)
		if err != nil {
			t.Fatalf("ParseECCN(%q): %v", tt.in, err)
		}
		if e.Category() != tt.category || e.ProductGroup() != tt.group || e.Is600Series() != tt.is600 ||
			e.Is9x515() != tt.is515 || e.IsEAR99() != tt.ear {
			t.Errorf("%s: category %d group %q 600 %v 9x515 %v ear99 %v", e, e.Category(), e.ProductGroup(),
				e.Is600Series(), e.Is9x515(), e.IsEAR99())
		}
		if !ECCNPattern.MatchString(e.String()) {
			t.Errorf("%s does not match ECCNPattern", e)
		}
	}
}

func TestDualUseCode(t *testing.T) {
	runCodeCases(t, DualUseCode, []codeCase{
		{name: "chemical precursor", in: "1C350", want: "1C350"},
		{name: "sub-item", in: "1c350.A", want: "1C350.a"},
		{name: "equipment", in: "2B350.g.3", want: "2B350.g.3"},
		{name: "nuclear category 0", in: "0B001", want: "0B001"},
		{name: "not listed", in: "not_listed", want: "not_listed"},
		{name: "not listed with space", in: "Not Listed", want: "not_listed"},
		{name: "not listed with hyphen", in: "NOT-LISTED", want: "not_listed"},
		{name: "empty", in: "", wantErr: "dual-use code is required"},
		{name: "EAR99 is US only", in: "EAR99", wantErr: "Annex I code"},
		{name: "group F", in: "1F350", wantErr: "Annex I code"},
		{name: "no category digit", in: "AC350", wantErr: "Annex I code"},
		{name: "unlisted", in: "unlisted", wantErr: "Annex I code"},
	})
	for in, want := range map[string]int{"1C350": 1, "9A004.a": 9, "0B001": 0, "not_listed": -1} {
		d, err := ParseDualUse(in)
		if err != nil || d.Category() != want || d.Listed() != (want >= 0) {
			t.Errorf("ParseDualUse(%q) = %s, %v: category %d listed %v", in, d, err, d.Category(), d.Listed())
		}
	}
}
