package masterdata

import (
	"strings"
	"testing"
)

func TestUnitCode(t *testing.T) {
	runCodeCases(t, UnitCode, []codeCase{
		{name: "kilogram", in: "KGM", want: "KGM"},
		{name: "litre lower", in: "ltr", want: "LTR"},
		{name: "metre", in: " MTR ", want: "MTR"},
		{name: "piece", in: "H87", want: "H87"},
		{name: "one (unit)", in: "C62", want: "C62"},
		{name: "tonne", in: "TNE", want: "TNE"},
		{name: "cubic metre", in: "MTQ", want: "MTQ"},
		{name: "gram", in: "GRM", want: "GRM"},
		{name: "millilitre", in: "MLT", want: "MLT"},
		{name: "each", in: "EA", want: "EA"},
		{name: "two-digit numeric code", in: "20", want: "20"},
		{name: "X1 is a Rec 20 code", in: "X1", want: "X1"},
		{name: "deprecated but valid", in: "GT", want: "GT"},
		{name: "added after Rev 17", in: "z9", want: "Z9"},
		{name: "empty", in: "", wantErr: "unit code is required"},
		{name: "symbol kg", in: "kg", wantErr: "KGM (kilogram) rather than KG"},
		{name: "symbol l", in: "l", wantErr: "LTR (litre) rather than L"},
		{name: "pcs", in: "pcs", wantErr: "H87 (piece) rather than PCS"},
		{name: "m3", in: "m3", wantErr: "MTQ (cubic metre) rather than M3"},
		{name: "too long", in: "KGMS", wantErr: "Recommendation 20 code"},
		{name: "punctuation", in: "K.G", wantErr: "Recommendation 20 code"},
		{name: "deleted code", in: "BX", wantErr: "BX (box) was deleted"},
		{name: "deleted code with number", in: "D97", wantErr: "was deleted"},
		{name: "Rec 21 package code", in: "XBX", wantErr: "Recommendation 21 package code"},
		{name: "Rec 21 package code lower", in: "xpk", wantErr: "Recommendation 21 package code"},
		{name: "unknown", in: "QQQ", wantErr: "Recommendation 20 code"},
	})
}

func TestParseUnit_NameAndDeprecation(t *testing.T) {
	tests := []struct {
		in, code, name string
		deprecated     bool
	}{
		{"kgm", "KGM", "kilogram", false},
		{"H87", "H87", "piece", false},
		{"C62", "C62", "one", false},
		{"TNE", "TNE", "tonne (metric ton)", false},
		{"OZ", "OZ", "ounce av", true},
		{"HAR", "HAR", "hectare", true},
	}
	for _, tt := range tests {
		u, err := ParseUnit(tt.in)
		if err != nil {
			t.Fatalf("ParseUnit(%q): %v", tt.in, err)
		}
		if u.Code != tt.code || u.Name != tt.name || u.Deprecated != tt.deprecated {
			t.Errorf("ParseUnit(%q) = %+v", tt.in, u)
		}
	}
}

func TestRec20_EmbeddedList(t *testing.T) {
	m, err := parseRec20(rec20GZ)
	if err != nil {
		t.Fatal(err)
	}
	var active, deprecated, deleted int
	for code, e := range m {
		switch {
		case e.deleted:
			deleted++
		case e.Deprecated:
			deprecated++
		default:
			active++
		}
		if strings.TrimSpace(e.Name) != e.Name || e.Code != code {
			t.Errorf("entry %q is not clean: %+v", code, e)
		}
	}
	// Rev 17 with later additions as shipped; update with README.md when the list changes.
	if active != 1756 || deprecated != 71 || deleted != 309 {
		t.Fatalf("rec20 has %d active, %d deprecated, %d deleted codes", active, deprecated, deleted)
	}
	if n := len(Units()); n != active+deprecated {
		t.Fatalf("Units() has %d entries, want %d", n, active+deprecated)
	}
	if u, ok := LookupUnit("MTQ"); !ok || u.Name != "cubic metre" {
		t.Fatalf("LookupUnit(MTQ) = %+v, %v", u, ok)
	}
	if _, ok := LookupUnit("BX"); ok {
		t.Fatal("LookupUnit returned a deleted code")
	}
}

func TestUnitSymbolHints_PointToValidCodes(t *testing.T) {
	for sym, code := range unitSymbolHints {
		if _, ok := LookupUnit(sym); ok {
			t.Errorf("hint key %s is itself a valid unit code", sym)
		}
		if _, ok := LookupUnit(code); !ok {
			t.Errorf("hint %s → %s is not a valid unit code", sym, code)
		}
	}
}

func TestParseRec20_RejectsBrokenData(t *testing.T) {
	if _, err := parseRec20([]byte("not gzip")); err == nil {
		t.Fatal("parseRec20 accepted data that is not gzip")
	}
}
