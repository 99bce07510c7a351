package match

import (
	"strings"
	"testing"
)

func texts(ts []Token) string {
	var out []string
	for _, t := range ts {
		out = append(out, t.Text)
	}
	return strings.Join(out, " ")
}

func TestNormalize_ScriptsDiacriticsPunctuation(t *testing.T) {
	tests := []struct{ in, want string }{
		{"VEKSELBERG, Viktor Feliksovich", "vekselberg viktor feliksovich"},
		{"Вексельберг Виктор Феликсович", "vekselberg viktor feliksovich"},
		{"Сергей Юрьевич", "sergey yurevich"},
		{"Σταύρος Νιάρχος", "stavros niarchos"},
		{"أسامة بن لادن", "asama bn ladn"},
		{"Société Générale S.A.", "societe generale s a"},
		{"Müller Straße", "muller strasse"},
		{"O'Brien-Smith GmbH & Co. KG", "obrien smith gmbh co kg"},
		{"ＡＢＣ　Ｔｒａｄｉｎｇ", "abc trading"},
	}
	for _, tt := range tests {
		if got := texts(Normalize(tt.in)); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormalize_Flags(t *testing.T) {
	ts := Normalize("Romashka OOO")
	if ts[1].Flags&FlagLegal == 0 || ts[0].Flags&FlagLegal != 0 {
		t.Errorf("legal form: %+v", ts)
	}
	ts = Normalize("A. S. Ivanov")
	if ts[0].Flags&FlagInitial == 0 || ts[1].Flags&FlagLegal != 0 {
		t.Errorf("initials are not a legal form: %+v", ts)
	}
	ts = Normalize("Acme S.A.")
	if ts[1].Flags&FlagLegal == 0 || ts[2].Flags&FlagLegal == 0 {
		t.Errorf("S.A. at the end is a legal form: %+v", ts)
	}
	if ts := Normalize("Ivanov Sergeyevich"); ts[1].Flags&FlagPatronymic == 0 {
		t.Errorf("patronymic: %+v", ts)
	}
	if ts := Normalize("Limited"); ts[0].Flags&FlagLegal != 0 {
		t.Errorf("a lone legal word is a name: %+v", ts)
	}
}

func TestFold_Variants(t *testing.T) {
	same := [][2]string{{"mohammed", "muhammad"}, {"sergey", "sergei"}, {"yusuf", "youssef"}, {"hussein", "husayn"}, {"ibn", "bin"}, {"abdel", "abdul"}, {"khodorkovsky", "hodorkovski"}, {"evgeniy", "yevgeny"}}
	for _, p := range same {
		if Fold(p[0]) != Fold(p[1]) {
			t.Errorf("Fold(%q)=%q != Fold(%q)=%q", p[0], Fold(p[0]), p[1], Fold(p[1]))
		}
	}
	if Skeleton(Fold("mhmd")) != Skeleton(Fold("muhammad")) {
		t.Error("Arabic skeleton mhmd should equal muhammad's")
	}
}

func TestJaroWinkler(t *testing.T) {
	if got := JaroWinkler("martha", "marhta"); got < 0.96 || got > 0.962 {
		t.Errorf("JW(martha, marhta) = %v, want 0.961", got)
	}
	if JaroWinkler("abc", "xyz") != 0 || JaroWinkler("same", "same") != 1 {
		t.Error("JW bounds")
	}
}

func TestIndex_ScoresAndCandidates(t *testing.T) {
	ix := BuildNameIndex([]NameInput{
		{Entry: 0, Alias: -1, Text: "IVANOV, Alexei Konstantinovich"},
		{Entry: 1, Alias: -1, Text: "ABDUL RAHMAN, Mohammed"},
		{Entry: 2, Alias: -1, Text: "ACME TRADING LLC"},
		{Entry: 3, Alias: -1, Text: "PETROV, Sergei"},
	})
	tests := []struct {
		q    string
		name int32
		min  float64
	}{
		{"Alexei Konstantinovich Ivanov", 0, 0.999},
		{"A. K. Ivanov", 0, 0.85},
		{"Alexei Ivanov", 0, 0.85},
		{"Mohamed Abdulrahman", 1, 0.9},
		{"Acme Trading Limited", 2, 0.95},
		{"Сергей Петров", 3, 0.95},
	}
	var acc Accumulator
	for _, tt := range tests {
		q := ix.Prepare(tt.q)
		s := ix.Score(q, tt.name, true).Score
		if s < tt.min {
			t.Errorf("%q vs %q: %.3f < %.3f", tt.q, ix.Names()[tt.name].Text, s, tt.min)
		}
		if b := ix.ScoreBrute(q, tt.name, false).Score; b != s {
			t.Errorf("%q: index %.3f != brute %.3f", tt.q, s, b)
		}
		found := false
		for _, n := range ix.Candidates(q, 0.5, &acc) {
			found = found || n == tt.name
		}
		if !found {
			t.Errorf("%q: %d not among candidates", tt.q, tt.name)
		}
	}
}
