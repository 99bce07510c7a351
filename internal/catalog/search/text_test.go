package search

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/manifoldhq/manifold/ent/schematype"
	"github.com/manifoldhq/manifold/internal/platform/problem"
)

func TestParseText_RendersBothDialects(t *testing.T) {
	tests := []struct {
		in, tsquery, fts5 string
	}{
		{"", "", ""},
		{"acid", `(('acid':*))`, `(("acid"*))`},
		{"Acetic ACID", `(('acetic':*)) & (('acid':*))`, `(("acetic"*) AND ("acid"*))`},
		{`"acetic acid"`, `(('acetic' <-> 'acid'))`, `(("acetic acid"))`},
		{"CHEM-TEA-99", `(('chem' <-> 'tea' <-> '99':*))`, `(("chem tea 99"*))`},
		{"acid -glacial", `(('acid':*)) & !(('glacial':*))`, `(("acid"*)) NOT ("glacial"*)`},
		{`acid -"food grade"`, `(('acid':*)) & !(('food' <-> 'grade'))`, `(("acid"*)) NOT ("food grade")`},
		{"pepper OR vanilla beans", `(('pepper':*) | ('vanilla':*)) & (('beans':*))`, `(("pepper"* OR "vanilla"*) AND ("beans"*))`},
		{"or acid", `(('or':*)) & (('acid':*))`, `(("or"*) AND ("acid"*))`},
		{"acid OR", `(('acid':*))`, `(("acid"*))`},
		{`it's 'quoted' & !x:* | (y)`, `(('it' <-> 's':*)) & (('quoted':*)) & (('x':*)) & (('y':*))`, `(("it s"*) AND ("quoted"*) AND ("x"*) AND ("y"*))`},
		{`"unterminated phrase`, `(('unterminated' <-> 'phrase'))`, `(("unterminated phrase"))`},
		{"Größe Ü", `(('größe':*)) & (('ü':*))`, `(("größe"*) AND ("ü"*))`},
		{"- -- ---", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseText(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got.Empty() {
				if tt.tsquery != "" {
					t.Fatalf("empty, want %s", tt.tsquery)
				}
				return
			}
			if s := got.TSQuery(); s != tt.tsquery {
				t.Errorf("tsquery %s, want %s", s, tt.tsquery)
			}
			if s := got.FTS5(); s != tt.fts5 {
				t.Errorf("fts5 %s, want %s", s, tt.fts5)
			}
		})
	}
}

func TestParseText_RefusesWhatCannotBeSearched(t *testing.T) {
	for _, in := range []string{strings.Repeat("x", MaxQueryLen+1), "-acid -base", strings.Repeat("a ", maxTerms+1)} {
		if _, err := ParseText(in); !problem.Is(err, problem.KindValidation) {
			t.Errorf("%.30q: %v, want a validation problem", in, err)
		}
	}
}

func TestDocument_WeightsNameAndSKUOverDescription(t *testing.T) {
	got := string(Document("Acetic acid", "CHEM-ACA-998", "Acid in 25 kg canisters"))
	want := `'25':8C '998':5A 'aca':4A 'acetic':1A 'acid':2A,6C 'canisters':10C 'chem':3A 'in':7C 'kg':9C`
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}

func TestLowestMinor_RoundsHalfUpToTheCurrency(t *testing.T) {
	tests := []struct {
		cur    string
		amount int64
		scale  uint8
		want   int64
	}{
		{"EUR", 1250, 2, 1250},
		{"EUR", 12345, 4, 123},
		{"EUR", 12350, 4, 124},
		{"JPY", 1255, 1, 126},
		{"KWD", 1, 0, 1000},
	}
	for _, tt := range tests {
		got, ok := lowestMinor(tt.cur, []schematype.PriceTier{{UnitPriceAmount: tt.amount * 2, UnitPriceScale: tt.scale}, {UnitPriceAmount: tt.amount, UnitPriceScale: tt.scale}})
		if !ok || got != tt.want {
			t.Errorf("%s %d/%d: %d, want %d", tt.cur, tt.amount, tt.scale, got, tt.want)
		}
	}
}

// FuzzParseText: any input either is refused as a validation problem or renders to
// queries made only of quoted tokens and the operators we write.
func FuzzParseText(f *testing.F) {
	for _, s := range []string{"acid", `"a b" -c OR d`, "CHEM-TEA-99", `'):*|!&\`, "ü OR"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if !utf8.ValidString(in) {
			return
		}
		txt, err := ParseText(in)
		if err != nil {
			if !problem.Is(err, problem.KindValidation) {
				t.Fatalf("%q: %v", in, err)
			}
			return
		}
		for _, g := range txt.Groups {
			for _, a := range g.Alts {
				for _, tok := range a.Tokens {
					if tok == "" || strings.ContainsAny(tok, `'"\:*&|!()<> `) {
						t.Fatalf("%q: token %q", in, tok)
					}
				}
			}
		}
	})
}
