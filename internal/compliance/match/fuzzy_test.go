package match

import (
	"math/rand/v2"
	"testing"
)

// TestSimilar_FindsWhatAFullScanFinds: the similar-fold search returns
// exactly the folds whose foldSim with the query reaches minTokenSim (the
// query itself when indexed), as comparing the query with every fold does,
// on a vocabulary dense in near
// neighbours (typos, transpositions, first-letter changes, insertions,
// deletions, very different lengths).
func TestSimilar_FindsWhatAFullScanFinds(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const letters = "aaaeeiioouubdhkmnrst" + "lcfgjpvz"
	word := func() string {
		b := make([]byte, 3+rng.IntN(10))
		for i := range b {
			b[i] = letters[rng.IntN(len(letters))]
		}
		return string(b)
	}
	mutate := func(s string) string {
		b := []byte(s)
		for range 1 + rng.IntN(3) {
			i := rng.IntN(len(b))
			switch rng.IntN(5) {
			case 0: // substitution
				b[i] = letters[rng.IntN(len(letters))]
			case 1: // transposition
				if i+1 < len(b) {
					b[i], b[i+1] = b[i+1], b[i]
				}
			case 2: // insertion
				b = append(b[:i], append([]byte{letters[rng.IntN(len(letters))]}, b[i:]...)...)
			case 3: // deletion
				if len(b) > 3 {
					b = append(b[:i], b[i+1:]...)
				}
			case 4: // a letter in front
				b = append([]byte{letters[rng.IntN(len(letters))]}, b...)
			}
		}
		return string(b)
	}
	var base []string
	for range 400 {
		base = append(base, word())
	}
	seen := map[string]bool{}
	var folds []string
	var fids []int32
	addFold := func(f string) {
		if !seen[f] && len(f) >= 3 {
			seen[f] = true
			fids = append(fids, int32(len(folds)))
			folds = append(folds, f)
		}
	}
	base = append(base, "aaab", "abab", "aabba", "babaa", "bbaaab") // few distinct characters
	for _, w := range base {
		addFold(w)
		for range 6 {
			addFold(mutate(w))
		}
	}
	addFold("abcdefghijklmnopqrstuvwxyzabcdefghijklmnop") // long
	fz := newFuzzyIndex(folds, fids)
	var sc scratch
	queries := 0
	pairs := 0
	for range 3000 {
		q := mutate(base[rng.IntN(len(base))])
		switch rng.IntN(8) {
		case 0, 1:
			q = word()
		case 2: // few distinct characters
			b := make([]byte, 3+rng.IntN(8))
			for i := range b {
				b[i] = "ab"[rng.IntN(2)]
			}
			q = string(b)
		}
		want := map[int32]float32{}
		for i, f := range folds {
			if s := foldSim(q, f); s >= minTokenSim {
				want[int32(i)] = s
			}
		}
		got := map[int32]float32{}
		var jm jwMatcher
		jm.init(q)
		fz.similar(&jm, &sc, func(fid int32, s float32) {
			if _, dup := got[fid]; dup {
				t.Errorf("%q: %q reported twice", q, folds[fid])
			}
			got[fid] = s
		})
		for fid, s := range want {
			if got[fid] != s {
				t.Errorf("%q: full scan finds %q (%.4f), the search %v", q, folds[fid], s, got[fid])
			}
		}
		for fid := range got {
			if _, ok := want[fid]; !ok {
				t.Errorf("%q: the search reports %q, the full scan does not", q, folds[fid])
			}
		}
		queries++
		pairs += len(want)
	}
	if pairs < queries {
		t.Fatalf("only %d similar pairs over %d queries: the vocabulary is not dense enough to test anything", pairs, queries)
	}
	t.Logf("%d queries, %d similar folds, %d folds", queries, pairs, len(folds))
}

// TestJWBound: jwBound with the true number of Jaro matches and the true
// prefix is never below foldSim.
func TestJWBound(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 200000 {
		a, b := randWord(rng), randWord(rng)
		if a == b {
			continue
		}
		s := float64(foldSim(a, b))
		m := commonBound(len(a), charMask(a), len(b), charMask(b))
		if ub := jwBound(len(a), len(b), m, prefixLen(a, b)); s > ub+1e-6 && s >= simCut {
			t.Fatalf("foldSim(%q, %q) = %.5f > bound %.5f", a, b, s, ub)
		}
	}
}

func randWord(rng *rand.Rand) string {
	const letters = "abdeik"
	b := make([]byte, 3+rng.IntN(8))
	for i := range b {
		b[i] = letters[rng.IntN(len(letters))]
	}
	return string(b)
}

// TestJWMatcher: the bit-parallel matcher returns exactly JaroWinkler.
func TestJWMatcher(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	alphabets := []string{"ab", "abcde", "aeioubdkmnrst", "abcdefghijklmnopqrstuvwxyz0123456789\xc3\xa9\xd0"}
	str := func(al string, n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = al[rng.IntN(len(al))]
		}
		return string(b)
	}
	var m jwMatcher
	for i := range 300000 {
		al := alphabets[i%len(alphabets)]
		a := str(al, rng.IntN(20))
		if i%50 == 0 {
			a = str(al, 55+rng.IntN(15))
		}
		m.init(a)
		for range 3 {
			b := str(al, rng.IntN(20))
			switch rng.IntN(4) {
			case 0:
				b = a
			case 1:
				b = str(al, max(0, len(a)+rng.IntN(5)-2))
			case 2:
				b = str(al, 55+rng.IntN(15))
			}
			if got, want := m.sim(b), JaroWinkler(a, b); got != want {
				t.Fatalf("matcher(%q, %q) = %v, JaroWinkler %v", a, b, got, want)
			}
		}
	}
}
