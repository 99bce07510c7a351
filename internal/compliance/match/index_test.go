package match

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestIndex_FindsWhatBruteForceFinds: on a synthetic index dense in near
// neighbours (spelling variants, typos, transpositions, initials, legal forms,
// particles, patronymics, numbers, joined and split words, Arabic and
// Cyrillic script), every name that brute force scores at or above τ is a
// candidate of the index, and the index scores it exactly as brute force
// does, for queries made from the names (mutated, reordered, shortened,
// initialised) and for unrelated and initials-only queries.
func TestIndex_FindsWhatBruteForceFinds(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	given := strings.Fields("muhammad mohammed ahmad ahmed ali omar umar yusuf yousef hassan hasan ibrahim sergei sergey " +
		"alexei aleksey dmitri dmitry ivan petr pyotr viktor victor john jon anna natalia natalya olga elena jelena " +
		"abdul abdel rahman rehman karim kareem nasser naser juan jose maria carlos")
	family := strings.Fields("ivanov ivanova petrov petrova smirnov kuznetsov popov sokolov haddad khalil khaleel " +
		"mansour mansur nasrallah zawahiri qaddafi gaddafi kadhafi rodriguez rodrigues garcia martinez lopez " +
		"schmidt schmitt mueller muller smith smyth brown braun oconnor tanaka suzuki wang chen")
	firms := strings.Fields("trading shipping petroleum oil gas bank capital holdings industries logistics marine " +
		"export import global international engineering electronics chemical steel metals acme zenith orion")
	legal := []string{"LLC", "Ltd", "Co., Ltd.", "S.A.", "S.A.S.", "GmbH", "OOO", "JSC", "Company", "Limited", "S.A. de C.V.", "A.G.", ""}
	particles := []string{"al", "bin", "abu", "van", "de", "el"}
	arabic := []string{"محمد", "أحمد", "علي", "حسن", "عبد الرحمن", "خليل"}
	cyr := []string{"Иванов", "Петров", "Сергей", "Дмитрий", "Ольга"}
	pick := func(s []string) string { return s[rng.IntN(len(s))] }
	typo := func(w string) string {
		if len(w) < 4 {
			return w
		}
		b := []byte(w)
		i := 1 + rng.IntN(len(b)-1)
		switch rng.IntN(4) {
		case 0:
			b[i] = "aeiourstnk"[rng.IntN(10)]
		case 1:
			if i+1 < len(b) {
				b[i], b[i+1] = b[i+1], b[i]
			}
		case 2:
			b = append(b[:i], b[i+1:]...)
		case 3:
			b = append(b[:i], append([]byte{b[i]}, b[i:]...)...)
		}
		return string(b)
	}
	person := func() string {
		var w []string
		for range 1 + rng.IntN(2) {
			w = append(w, pick(given))
		}
		if rng.IntN(4) == 0 {
			w = append(w, pick(particles))
		}
		f := pick(family)
		if rng.IntN(5) == 0 {
			w = append(w, f+"ovich")
		}
		if rng.IntN(5) == 0 {
			w[0] = w[0][:1] + "."
		}
		if rng.IntN(6) == 0 {
			w = append(w, pick(arabic))
		}
		if rng.IntN(8) == 0 {
			w = append(w, pick(cyr))
		}
		if rng.IntN(3) == 0 {
			return strings.ToUpper(f) + ", " + strings.Join(w, " ")
		}
		return strings.Join(w, " ") + " " + f
	}
	firm := func() string {
		var w []string
		for range 1 + rng.IntN(3) {
			w = append(w, pick(firms))
		}
		switch rng.IntN(6) {
		case 0:
			w = append([]string{string(rune('A'+rng.IntN(6))) + "." + string(rune('A'+rng.IntN(6))) + "."}, w...)
		case 1:
			w = append(w, fmt.Sprint(rng.IntN(30)))
		case 2:
			w = append([]string{pick(family)}, w...)
		}
		return strings.Join(w, " ") + " " + pick(legal)
	}
	var in []NameInput
	var texts []string
	for i := range 1500 {
		var s string
		switch rng.IntN(10) {
		case 0:
			s = strings.ToUpper(string(rune('A'+rng.IntN(8))) + "." + string(rune('A'+rng.IntN(8))) + "." + string(rune('A'+rng.IntN(8))) + ".")
		case 1, 2, 3, 4:
			s = firm()
		default:
			s = person()
		}
		if rng.IntN(10) == 0 {
			s = typo(s)
		}
		texts = append(texts, s)
		in = append(in, NameInput{Entry: int32(i), Alias: -1, Text: s})
	}
	ix := BuildNameIndex(in)

	mutate := func(s string) string {
		w := strings.Fields(strings.NewReplacer(",", " ").Replace(s))
		for range 1 + rng.IntN(3) {
			if len(w) == 0 {
				break
			}
			i := rng.IntN(len(w))
			switch rng.IntN(8) {
			case 0:
				w[i] = typo(w[i])
			case 1:
				j := rng.IntN(len(w))
				w[i], w[j] = w[j], w[i]
			case 2:
				if len(w) > 1 {
					w = append(w[:i], w[i+1:]...)
				}
			case 3:
				w = append(w, pick(given))
			case 4: // initial
				w[i] = w[i][:1]
			case 5: // join with the next word
				if i+1 < len(w) {
					w = append(w[:i], append([]string{w[i] + w[i+1]}, w[i+2:]...)...)
				}
			case 6: // split
				if len(w[i]) > 6 {
					k := 3 + rng.IntN(len(w[i])-5)
					w = append(w[:i], append([]string{w[i][:k], w[i][k:]}, w[i+1:]...)...)
				}
			case 7:
				w[i] = strings.ToUpper(w[i])
			}
		}
		return strings.Join(w, " ")
	}
	var queries []string
	for range 700 {
		switch rng.IntN(10) {
		case 0:
			queries = append(queries, person())
		case 1:
			queries = append(queries, firm())
		case 2: // initials only
			var w []string
			for range 1 + rng.IntN(3) {
				w = append(w, string(rune('a'+rng.IntN(8))))
			}
			queries = append(queries, strings.Join(w, ". "))
		case 3:
			queries = append(queries, texts[rng.IntN(len(texts))])
		default:
			queries = append(queries, mutate(texts[rng.IntN(len(texts))]))
		}
	}
	var acc Accumulator
	found, checked := 0, 0
	for _, qs := range queries {
		q := ix.Prepare(qs)
		if q.Empty() {
			continue
		}
		brute := make([]NameScore, len(ix.names))
		for n := range ix.names {
			brute[n] = ix.ScoreBrute(q, int32(n), false)
		}
		for _, tau := range []float64{0.55, 0.7, 0.76, 0.8, 0.86} {
			cand := map[int32]bool{}
			for _, n := range ix.Candidates(q, tau, &acc) {
				if cand[n] {
					t.Fatalf("%q: candidate %d twice", qs, n)
				}
				cand[n] = true
			}
			for n, b := range brute {
				if b.Score < tau {
					continue
				}
				found++
				if !cand[int32(n)] {
					t.Errorf("τ %.2f: %q: brute force scores %q %.4f, not a candidate", tau, qs, texts[n], b.Score)
				}
			}
		}
		for n, b := range brute {
			if b.Score < 0.3 {
				continue
			}
			checked++
			if s := ix.Score(q, int32(n), false); s.Score != b.Score || s.MatchedInfo != b.MatchedInfo || s.Complete != b.Complete || s.MinSim != b.MinSim {
				t.Errorf("%q vs %q: index %+v, brute force %+v", qs, texts[n], s, b)
			}
		}
	}
	if found < 1000 || checked < 1000 {
		t.Fatalf("only %d names at or above τ, %d scores compared: the test proves little", found, checked)
	}
	t.Logf("%d queries, %d (query, τ, name) at or above τ, %d scores compared", len(queries), found, checked)
}
