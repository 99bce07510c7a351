package match

import (
	"math/bits"
	"sort"
)

// Similar-token search. Token similarity below minTokenSim counts as no
// match, and the Jaro-Winkler part of tokenSim (foldSim) can be bounded from
// above by the two lengths, the number of characters the two folds have in
// common and their common prefix. The search enumerates only folds whose
// bound reaches minTokenSim, so it finds exactly the folds a comparison with
// every vocabulary fold would find (the brute-force path), without
// comparing with every fold:
//
//   - same first letter: the folds of that first letter and of each length
//     the bound admits (one bucket per first letter and length), filtered by
//     the bound with the exact common prefix and a character-count bound;
//   - different first letter (no Winkler bonus, a 0.08 penalty): only nearly
//     anagrammatic folds qualify. At most k of the query's characters may be
//     missing (k is 0 to 2 for names), so the fold contains two of any k+2
//     distinct characters of the query: the folds listed under the pairs of
//     the k+2 rarest ones (per length) are the candidates.

// maxFuzzyLen is the longest fold compared by Jaro-Winkler (JaroWinkler
// returns 0 beyond it).
const maxFuzzyLen = 64

// simCut is minTokenSim with a margin for float32 rounding in tokenSim; the
// bound is only used to skip comparisons, so a margin costs nothing.
const simCut = minTokenSim - 1e-5

// charBucket maps a byte of a fold to one of 64 buckets: letters and digits
// their own, other bytes (scripts without transliteration) shared.
func charBucket(c byte) uint {
	switch {
	case 'a' <= c && c <= 'z':
		return uint(c - 'a')
	case '0' <= c && c <= '9':
		return 26 + uint(c-'0')
	}
	return 36 + uint(c)%28
}

// charMask is the set of buckets of a fold's bytes.
func charMask(s string) uint64 {
	var m uint64
	for i := 0; i < len(s); i++ {
		m |= 1 << charBucket(s[i])
	}
	return m
}

// commonBound is an upper bound of the number of matching characters of two
// folds (the multiset intersection of their bytes): per bucket at most one
// plus the repeats, and the repeats at most those of either side.
func commonBound(la int, ma uint64, lb int, mb uint64) int {
	return bits.OnesCount64(ma&mb) + min(la-bits.OnesCount64(ma), lb-bits.OnesCount64(mb))
}

// jwBound is an upper bound of foldSim for two different folds of lengths
// la and lb with at most m matching characters (Jaro) and a common prefix of
// at most p characters (0: different first letters). Jaro ≤ (m/la + m/lb +
// 1)/3 (no transpositions); the Winkler bonus and the penalties are those of
// foldSim.
func jwBound(la, lb, m, p int) float64 {
	if la > lb {
		la, lb = lb, la
	}
	m = min(m, la)
	if m <= 0 || la < 3 || lb > maxFuzzyLen {
		return 0
	}
	fm := float64(m)
	jaro := (fm/float64(la) + fm/float64(lb) + 1) / 3
	jw := jaro + float64(min(p, 4))*0.1*(1-jaro)
	if la <= 4 {
		jw -= 0.06
	}
	if p == 0 {
		jw -= 0.08
	}
	if d := float64(lb-la) / float64(lb); d > 0.2 {
		jw -= (d - 0.2) * 0.5
	}
	return jw * 0.99
}

// minCommon[same][la][lb] is the least number of matching characters for
// which jwBound reaches simCut (0: none does), with the largest possible
// prefix for the same first letter (same=1) and none otherwise.
var minCommon = func() (t [2][maxFuzzyLen + 1][maxFuzzyLen + 1]int8) {
	for same := range 2 {
		for la := 3; la <= maxFuzzyLen; la++ {
			for lb := 3; lb <= maxFuzzyLen; lb++ {
				p := 0
				if same == 1 {
					p = min(4, la, lb)
				}
				for m := 1; m <= min(la, lb); m++ {
					if jwBound(la, lb, m, p) >= simCut {
						t[same][la][lb] = int8(m)
						break
					}
				}
			}
		}
	}
	return t
}()

func prefixLen(a, b string) int {
	p := 0
	for p < 4 && p < len(a) && p < len(b) && a[p] == b[p] {
		p++
	}
	return p
}

// fuzzyIndex holds the folds of the vocabulary's list tokens (not joined
// pairs, not numbers, 3 to maxFuzzyLen bytes) for the similar-token search.
// Entries are sorted by first byte and length, so that the folds of one
// first byte and length are a contiguous range of the parallel arrays.
type fuzzyIndex struct {
	fold  []string
	mask  []uint64
	pre   []uint32 // first four bytes (prefixes)
	first []byte
	fid   []int32 // fold id in NameIndex.folds
	// byFirst[b][l] to byFirst[b][l+1]: the entries of first byte b and length l
	byFirst [256][maxFuzzyLen + 2]int32
	// entry ids by length, and by length and a pair of character buckets
	// the fold contains (pairKey)
	byLen  [maxFuzzyLen + 1][]int32
	byPair map[uint32][]int32
	// nChar[bucket][length]: folds of that length containing the bucket
	nChar [64][maxFuzzyLen + 1]int32
}

func pairKey(a, b uint, l int) uint32 {
	if a > b {
		a, b = b, a
	}
	return uint32(a)<<13 | uint32(b)<<7 | uint32(l)
}

func prefix4(s string) uint32 {
	var p uint32
	for i := 0; i < 4 && i < len(s); i++ {
		p |= uint32(s[i]) << (8 * i)
	}
	return p
}

// newFuzzyIndex indexes folds (3 to maxFuzzyLen bytes); fids are their
// fold ids.
func newFuzzyIndex(folds []string, fids []int32) *fuzzyIndex {
	fz := &fuzzyIndex{byPair: map[uint32][]int32{}}
	order := make([]int, len(folds))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(i, j int) bool {
		a, b := folds[order[i]], folds[order[j]]
		if a[0] != b[0] {
			return a[0] < b[0]
		}
		if len(a) != len(b) {
			return len(a) < len(b)
		}
		return a < b
	})
	var count [256][maxFuzzyLen + 1]int32
	for _, o := range order {
		f := folds[o]
		id := int32(len(fz.fold))
		m := charMask(f)
		fz.fold = append(fz.fold, f)
		fz.mask = append(fz.mask, m)
		fz.pre = append(fz.pre, prefix4(f))
		fz.first = append(fz.first, f[0])
		fz.fid = append(fz.fid, fids[o])
		l := len(f)
		count[f[0]][l]++
		fz.byLen[l] = append(fz.byLen[l], id)
		for a := m; a != 0; a &= a - 1 {
			ba := uint(bits.TrailingZeros64(a))
			fz.nChar[ba][l]++
			for b := a & (a - 1); b != 0; b &= b - 1 {
				k := pairKey(ba, uint(bits.TrailingZeros64(b)), l)
				fz.byPair[k] = append(fz.byPair[k], id)
			}
		}
	}
	var off int32
	for b := range 256 {
		for l := 0; l <= maxFuzzyLen; l++ {
			fz.byFirst[b][l] = off
			off += count[b][l]
		}
		fz.byFirst[b][maxFuzzyLen+1] = off
	}
	return fz
}

// similar calls found(fold id, foldSim) for every indexed fold whose
// foldSim with qf reaches minTokenSim (qf itself included when indexed),
// each once.
func (fz *fuzzyIndex) similar(jm *jwMatcher, sc *scratch, found func(fid int32, s float32)) {
	qf := jm.s
	lq := len(qf)
	if lq < 3 || lq > maxFuzzyLen {
		return
	}
	qm := charMask(qf)
	qp := prefix4(qf)
	q0 := qf[0]
	qd := lq - bits.OnesCount64(qm) // repeated characters
	// common characters at most, as commonBound
	common := func(e int32, lv int) int {
		return bits.OnesCount64(qm&fz.mask[e]) + min(qd, lv-bits.OnesCount64(fz.mask[e]))
	}
	compare := func(e int32) {
		if s := jm.foldSim(fz.fold[e]); s >= minTokenSim {
			found(fz.fid[e], s)
		}
	}
	var qb [maxFuzzyLen]uint
	nb := 0
	for m := qm; m != 0; m &= m - 1 {
		qb[nb] = uint(bits.TrailingZeros64(m))
		nb++
	}
	sc.stampFuzzy(len(fz.fold))
	for lv := 3; lv <= maxFuzzyLen; lv++ {
		if need := int(minCommon[1][lq][lv]); need > 0 {
			for e := fz.byFirst[q0][lv]; e < fz.byFirst[q0][lv+1]; e++ {
				h := common(e, lv)
				if h < need {
					continue
				}
				p := 4
				if x := qp ^ fz.pre[e]; x != 0 {
					p = bits.TrailingZeros32(x) / 8
				}
				if jwBound(lq, lv, h, p) >= simCut {
					compare(e)
				}
			}
		}
		need := int(minCommon[0][lq][lv])
		if need == 0 {
			continue
		}
		// At most k of the query's character buckets are missing from a
		// fold that qualifies, so it holds two of any k+2 of them.
		k := lq - need
		if k+2 > nb {
			for _, e := range fz.byLen[lv] {
				if fz.first[e] != q0 && common(e, lv) >= need {
					compare(e)
				}
			}
			continue
		}
		bs := rarest(qb[:nb], k+2, func(b uint) int32 { return fz.nChar[b][lv] }, sc)
		for i, a := range bs {
			for _, b := range bs[i+1:] {
				for _, e := range fz.byPair[pairKey(a, b, lv)] {
					if fz.first[e] != q0 && common(e, lv) >= need && sc.firstVisit(e) {
						compare(e)
					}
				}
			}
		}
	}
}

// rarest returns the n buckets of bs with the smallest cost.
func rarest(bs []uint, n int, cost func(uint) int32, sc *scratch) []uint {
	out := sc.buckets[:0]
	out = append(out, bs...)
	for i := 0; i < n; i++ {
		for j := i + 1; j < len(out); j++ {
			if cost(out[j]) < cost(out[i]) {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	sc.buckets = out
	return out[:n]
}
