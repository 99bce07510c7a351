package match

import "math/bits"

// JaroWinkler returns the Jaro-Winkler similarity of two byte strings
// (prefix scale 0.1, prefix up to 4). Tokens are ASCII after normalisation
// except for scripts without a transliteration table, where comparing bytes
// is still consistent.
func JaroWinkler(a, b string) float64 {
	if a == b {
		return 1
	}
	la, lb := len(a), len(b)
	if la == 0 || lb == 0 {
		return 0
	}
	if la > lb {
		a, b, la, lb = b, a, lb, la
	}
	window := lb/2 - 1
	if window < 0 {
		window = 0
	}
	var ma, mb [64]bool
	if lb > 64 {
		return 0
	}
	m := 0
	for i := 0; i < la; i++ {
		lo, hi := max(0, i-window), min(lb, i+window+1)
		for j := lo; j < hi; j++ {
			if !mb[j] && a[i] == b[j] {
				ma[i], mb[j] = true, true
				m++
				break
			}
		}
	}
	if m == 0 {
		return 0
	}
	t, k := 0, 0
	for i := 0; i < la; i++ {
		if !ma[i] {
			continue
		}
		for !mb[k] {
			k++
		}
		if a[i] != b[k] {
			t++
		}
		k++
	}
	fm := float64(m)
	jaro := (fm/float64(la) + fm/float64(lb) + (fm-float64(t)/2)/fm) / 3
	p := 0
	for p < 4 && p < la && a[p] == b[p] {
		p++
	}
	return jaro + float64(p)*0.1*(1-jaro)
}

// jwMatcher computes Jaro-Winkler similarities of one string s with many
// others, bit-parallel: s's byte positions are precomputed, a match is the
// lowest free position in the window. It returns exactly what JaroWinkler
// returns (same greedy matching, same transposition count, same arithmetic).
type jwMatcher struct {
	s     string
	slot  [256]uint8          // byte → 1 + index into pos; 0: not in s
	pos   [maxFuzzyLen]uint64 // positions in s of each distinct byte
	nslot int
}

func (m *jwMatcher) init(s string) {
	if m.nslot > 0 {
		for i := 0; i < len(m.s); i++ {
			m.slot[m.s[i]] = 0
		}
		clear(m.pos[:m.nslot])
	}
	m.s, m.nslot = s, 0
	if len(s) > maxFuzzyLen {
		return
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if m.slot[c] == 0 {
			m.nslot++
			m.slot[c] = uint8(m.nslot)
		}
		m.pos[m.slot[c]-1] |= 1 << i
	}
}

// lowBits is a mask of the n lowest bits (n ≤ 64).
func lowBits(n int) uint64 {
	if n >= 64 {
		return ^uint64(0)
	}
	return 1<<n - 1
}

// sim returns JaroWinkler(m.s, o).
func (m *jwMatcher) sim(o string) float64 {
	a, b := m.s, o
	if a == b {
		return 1
	}
	la, lb := len(a), len(b)
	if la == 0 || lb == 0 {
		return 0
	}
	swapped := la > lb // JaroWinkler iterates the shorter string (a)
	if swapped {
		a, b, la, lb = b, a, lb, la
	}
	if lb > maxFuzzyLen {
		return 0
	}
	window := max(lb/2-1, 0)
	var ma, mb uint64 // matched positions in a and b
	m1 := 0
	if swapped { // a = o, b = m.s: positions of b are precomputed
		for i := 0; i < la; i++ {
			sl := m.slot[a[i]]
			if sl == 0 {
				continue
			}
			c := m.pos[sl-1] &^ mb & lowBits(min(lb, i+window+1)) &^ lowBits(max(0, i-window))
			if c != 0 {
				mb |= c & -c
				ma |= 1 << i
				m1++
			}
		}
	} else { // a = m.s, b = o: positions in o of the bytes of m.s
		var pos [maxFuzzyLen]uint64
		for j := 0; j < lb; j++ {
			if sl := m.slot[b[j]]; sl != 0 {
				pos[sl-1] |= 1 << j
			}
		}
		for i := 0; i < la; i++ {
			c := pos[m.slot[a[i]]-1] &^ mb & lowBits(min(lb, i+window+1)) &^ lowBits(max(0, i-window))
			if c != 0 {
				mb |= c & -c
				ma |= 1 << i
				m1++
			}
		}
	}
	if m1 == 0 {
		return 0
	}
	t := 0
	for ma != 0 {
		i, k := bits.TrailingZeros64(ma), bits.TrailingZeros64(mb)
		if a[i] != b[k] {
			t++
		}
		ma &= ma - 1
		mb &= mb - 1
	}
	fm := float64(m1)
	jaro := (fm/float64(la) + fm/float64(lb) + (fm-float64(t)/2)/fm) / 3
	p := 0
	for p < 4 && p < la && a[p] == b[p] {
		p++
	}
	return jaro + float64(p)*0.1*(1-jaro)
}
