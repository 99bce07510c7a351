package match

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
)

// Tuning constants of the name scorer. They were chosen on the evaluation
// set (internal/compliance/screen/testdata/eval); see docs/compliance.md.
const (
	minTokenSim    = 0.82 // token similarities below this count as no match
	variantSim     = 0.96 // same Fold key, different spelling
	abjadSim       = 0.92 // same consonant skeleton, one side from Arabic script
	initialSim     = 0.80 // initial vs a word starting with that letter
	initialWeight  = 0.5  // weight of a single-letter token
	initialShare   = 0.5  // share of a word's weight in an initial pair
	particleFactor = 0.25 // weight factor of particles (al, bin, van, ...)
	legalWeight    = 0.1  // weight of a legal-form token
	unmatchedCand  = 0.6  // unmatched list-name tokens weigh this much (queries often omit middle names)
	unmatchedPatro = 0.3  // ... and unmatched patronymics this much
	maxTokens      = 24   // tokens beyond this are ignored (names are short; queries are capped at 1,000 chars)
)

// tok is a vocabulary entry: one distinct normalised token of the indexed names.
type tok struct {
	raw, fold, skel string
	abjad, digits   bool
	df              int32
	w               float32 // IDF weight (before particle/legal factors)
}

// Name is one indexed name (primary name or alias) of an entry.
type Name struct {
	Entry int32 // index into the Index's entries
	Alias int16 // -1 for the primary name, else index into the entry's aliases
	Text  string

	toks  []int32 // vocabulary ids
	flags []Flag
	w     []float32 // effective weight per token
	pairs []int32   // vocabulary id of token i joined with token i+1, -1 if none
	wTot  float32
	wMax  float32
	nInit int8 // number of initials
}

// nameBound is what Candidates' bound needs of a name, kept apart from
// Name so that the bound reads one small record per name.
type nameBound struct {
	wTot  float32
	wUnm  float32 // the name's weight in the denominator when nothing matches (Σ unmatched factor × weight)
	wInit float32 // weight of the initials
	// weight of the 1, 2, 3 and all heaviest words (tokens other than
	// initials: those a query initial can pair with)
	topW  [4]float32
	inits int32 // the initials are inits[k] of NameIndex.inits, k in [inits, inits+nInit)
	nInit int32
}

// initialTok is an initial of an indexed name.
type initialTok struct {
	c byte // the letter (first byte)
	w float32
}

// initialsBound is what Candidates needs of a name with initials that no
// posting touched.
type initialsBound struct {
	n         int32
	initFirst uint64 // buckets (charBucket) of the initials' letters
}

// NameIndex is an immutable index over a set of names: a vocabulary of
// normalised tokens with IDF weights, an index of folded tokens by first
// letter, length and characters for the similar-token search (fuzzy.go),
// skeleton buckets for Arabic-script tokens, and postings from tokens to
// names. Safe for concurrent use.
type NameIndex struct {
	vocab    []tok
	byRaw    map[string]int32
	folds    []string           // distinct fold keys
	foldToks [][]int32          // fold id → vocabulary ids
	byFold   map[string]int32   // fold key → fold id
	fuzzy    *fuzzyIndex        // folds of list tokens for the similar-token search
	bySkel   map[string][]int32 // skeleton → vocabulary ids (tokens of ≥ 2 consonants)
	post     [][]posting        // vocabulary id → names
	names    []Name
	maxIDF   float32
	maxW     float32 // largest token weight over all names

	nb           []nameBound     // by name id
	inits        []initialTok    // the names' initials (nameBound.inits)
	byWordFirst  [256][]int32    // first byte → names with a word (not an initial) starting with it
	withInitials []initialsBound // names with initials

	// expansions of vocabulary tokens as query tokens (expand), by
	// 2·vocabulary id (+1 when read from Arabic script); filled on first use
	memo []atomic.Pointer[memoEnt]

	scratchPool sync.Pool
}

type memoEnt struct{ sims []simEnt }

// NameInput is a name to index.
type NameInput struct {
	Entry int32
	Alias int16
	Text  string
}

// BuildNameIndex tokenises and indexes names. IDF is computed over all of
// them (rare tokens weigh more than "mohammed" or "trading").
func BuildNameIndex(in []NameInput) *NameIndex {
	ix := &NameIndex{byRaw: map[string]int32{}, byFold: map[string]int32{}, bySkel: map[string][]int32{}}
	ix.scratchPool.New = func() any { return new(scratch) }
	type pending struct {
		toks  []Token
		ids   []int32
		pairs []int32
	}
	pend := make([]pending, len(in))
	vid := func(raw string, abjad bool) int32 {
		if id, ok := ix.byRaw[raw]; ok {
			if abjad {
				ix.vocab[id].abjad = true
			}
			return id
		}
		id := int32(len(ix.vocab))
		f := Fold(raw)
		ix.vocab = append(ix.vocab, tok{raw: raw, fold: f, skel: Skeleton(f), abjad: abjad, digits: isDigits(raw)})
		ix.byRaw[raw] = id
		return id
	}
	for i, n := range in {
		toks := Normalize(n.Text)
		if len(toks) > maxTokens {
			toks = toks[:maxTokens]
		}
		p := pending{toks: toks, ids: make([]int32, len(toks)), pairs: make([]int32, max(0, len(toks)-1))}
		seen := map[int32]bool{}
		for k, t := range toks {
			p.ids[k] = vid(t.Text, t.Flags&FlagAbjad != 0)
			if !seen[p.ids[k]] {
				seen[p.ids[k]] = true
				ix.vocab[p.ids[k]].df++
			}
		}
		for k := 0; k+1 < len(toks); k++ {
			p.pairs[k] = -1
			if joinable(toks[k]) && joinable(toks[k+1]) {
				p.pairs[k] = vid(toks[k].Text+toks[k+1].Text, false)
			}
		}
		pend[i] = p
	}
	n := float64(len(in) + 1)
	inFuzzy := map[int32]bool{}
	var fuzzyFolds []string
	var fuzzyIDs []int32
	for i := range ix.vocab {
		v := &ix.vocab[i]
		df := float64(max(v.df, 1))
		v.w = float32(math.Max(0.5, math.Log(n/df)))
		ix.maxIDF = max(ix.maxIDF, v.w)
		fid, ok := ix.byFold[v.fold]
		if !ok {
			fid = int32(len(ix.folds))
			ix.byFold[v.fold] = fid
			ix.folds = append(ix.folds, v.fold)
			ix.foldToks = append(ix.foldToks, nil)
		}
		// joined pairs are found by exact fold only, numbers only exactly
		if v.df > 0 && !v.digits && !inFuzzy[fid] && len(v.fold) >= 3 && len(v.fold) <= maxFuzzyLen {
			inFuzzy[fid] = true
			fuzzyFolds, fuzzyIDs = append(fuzzyFolds, v.fold), append(fuzzyIDs, fid)
		}
		ix.foldToks[fid] = append(ix.foldToks[fid], int32(i))
		if len(v.skel) >= 2 && !isDigits(v.raw) {
			ix.bySkel[v.skel] = append(ix.bySkel[v.skel], int32(i))
		}
	}
	ix.fuzzy = newFuzzyIndex(fuzzyFolds, fuzzyIDs)
	ix.post = make([][]posting, len(ix.vocab))
	ix.memo = make([]atomic.Pointer[memoEnt], 2*len(ix.vocab))
	ix.names = make([]Name, len(in))
	ix.nb = make([]nameBound, len(in))
	for i, p := range pend {
		nm := Name{Entry: in[i].Entry, Alias: in[i].Alias, Text: in[i].Text, toks: p.ids, pairs: p.pairs,
			flags: make([]Flag, len(p.toks)), w: make([]float32, len(p.toks))}
		for k, t := range p.toks {
			nm.flags[k] = t.Flags
			nm.w[k] = tokenWeight(ix.vocab[p.ids[k]].w, t.Flags)
			nm.wTot += nm.w[k]
			nm.wMax = max(nm.wMax, nm.w[k])
			ix.post[p.ids[k]] = addPosting(ix.post[p.ids[k]], int32(i), nm.w[k])
		}
		for k, pid := range p.pairs {
			if pid >= 0 {
				ix.post[pid] = addPosting(ix.post[pid], int32(i), nm.w[k]+nm.w[k+1])
			}
		}
		var firsts [256]bool
		nb := nameBound{wTot: nm.wTot, inits: int32(len(ix.inits))}
		var words []float32
		var initFirst uint64
		for k, f := range nm.flags {
			c := ix.vocab[p.ids[k]].raw[0]
			switch {
			case f&FlagInitial != 0:
				nm.nInit++
				nb.nInit++
				nb.wInit += nm.w[k]
				ix.inits = append(ix.inits, initialTok{c, nm.w[k]})
				initFirst |= 1 << charBucket(c)
			default:
				words = append(words, nm.w[k])
				if f&FlagDigits == 0 && !firsts[c] {
					firsts[c] = true
					ix.byWordFirst[c] = append(ix.byWordFirst[c], int32(i))
				}
			}
			nb.wUnm += nm.w[k] * unmatchedFactor(f)
		}
		slices.SortFunc(words, func(a, b float32) int { return cmp.Compare(b, a) })
		for k, w := range words {
			for j := min(k, 3); j < 4; j++ {
				nb.topW[j] += w
			}
		}
		if nm.nInit > 0 {
			ix.withInitials = append(ix.withInitials, initialsBound{int32(i), initFirst})
		}
		ix.nb[i] = nb
		ix.maxW = max(ix.maxW, nm.wMax)
		ix.names[i] = nm
	}
	return ix
}

// unmatchedFactor is the share of its weight an unmatched list-name token
// adds to the score's denominator.
func unmatchedFactor(f Flag) float32 {
	if f&FlagPatronymic != 0 {
		return unmatchedPatro
	}
	return unmatchedCand
}

// posting is a name a vocabulary token occurs in, with the token's weight
// there (the sum of both when it stands for a joined pair; the largest of
// its occurrences).
type posting struct {
	n int32
	w float32
}

func addPosting(s []posting, n int32, w float32) []posting {
	if k := len(s) - 1; k >= 0 && s[k].n == n {
		s[k].w = max(s[k].w, w)
		return s
	}
	return append(s, posting{n, w})
}

func joinable(t Token) bool {
	return t.Flags&(FlagLegal|FlagDigits|FlagInitial) == 0
}

func tokenWeight(idf float32, f Flag) float32 {
	switch {
	case f&FlagLegal != 0:
		return legalWeight
	case f&FlagInitial != 0:
		return initialWeight
	case f&FlagParticle != 0:
		return idf * particleFactor
	}
	return idf
}

// Names returns the indexed names (read only).
func (ix *NameIndex) Names() []Name { return ix.names }

// VocabSize is the number of distinct tokens (including joined pairs).
func (ix *NameIndex) VocabSize() int { return len(ix.vocab) }

// qtok is a prepared query token or joined query pair.
type qtok struct {
	raw, fold, skel string
	digits          bool
	flags           Flag
	w               float32
	jw              *jwMatcher // fold prepared for Jaro-Winkler (matcher)
	sims            []simEnt   // similar vocabulary tokens by id (index path)
	first, last     int        // token positions covered
}

// simEnt is a vocabulary token similar to a query token.
type simEnt struct {
	id  int32
	sim float32
}

// tokenSim is the similarity of a query token and a vocabulary token.
// It is the single definition used by both the index and brute force.
func tokenSim(q *qtok, v *tok) float32 {
	return tokenSimFold(q, v, q.matcher().foldSim(v.fold))
}

// matcher returns the query token's fold prepared for Jaro-Winkler
// (brute force; Prepare uses its scratch matcher).
func (q *qtok) matcher() *jwMatcher {
	if q.jw == nil {
		q.jw = new(jwMatcher)
		q.jw.init(q.fold)
	}
	return q.jw
}

// tokenSimFold is tokenSim given fs = foldSim(q.fold, v.fold).
func tokenSimFold(q *qtok, v *tok, fs float32) float32 {
	if q.raw == v.raw {
		return 1
	}
	if q.digits || v.digits {
		return 0
	}
	if v.df == 0 { // a joined pair of list tokens: exact spelling or variant only
		if q.fold == v.fold {
			return variantSim
		}
		return 0
	}
	s := fs
	if (q.flags&FlagAbjad != 0 || v.abjad) && len(q.skel) >= 2 && q.skel == v.skel {
		s = max(s, abjadSim)
	}
	if s < minTokenSim {
		return 0
	}
	return s
}

// foldSim compares two fold keys: variantSim when equal, else Jaro-Winkler
// with a length-aware penalty (0 when either is shorter than 3 bytes). The
// similar-token search (fuzzy.go) relies on jwBound bounding it.
func foldSim(a, b string) float32 {
	var m jwMatcher
	m.init(a)
	return m.foldSim(b)
}

// foldSim is foldSim(m.s, b).
func (m *jwMatcher) foldSim(b string) float32 {
	a := m.s
	if a == b {
		return variantSim
	}
	la, lb := len(a), len(b)
	if min(la, lb) < 3 {
		return 0
	}
	jw := m.sim(b)
	// length-aware: short words need to be closer, very different
	// lengths are penalised
	if min(la, lb) <= 4 {
		jw -= 0.06
	}
	if a[0] != b[0] {
		jw -= 0.08 // typos rarely hit the first letter
	}
	if d := float64(max(la, lb)-min(la, lb)) / float64(max(la, lb)); d > 0.2 {
		jw -= (d - 0.2) * 0.5
	}
	return float32(jw) * 0.99
}

// prepare tokenises a query and computes each token's weight.
func (ix *NameIndex) prepare(name string) (single, joined []qtok) {
	toks := Normalize(name)
	if len(toks) > maxTokens {
		toks = toks[:maxTokens]
	}
	mk := func(raw string, f Flag, first, last int) qtok {
		fd := Fold(raw)
		return qtok{raw: raw, fold: fd, skel: Skeleton(fd), digits: isDigits(raw), flags: f, first: first, last: last}
	}
	for i, t := range toks {
		single = append(single, mk(t.Text, t.Flags, i, i))
	}
	for i := 0; i+1 < len(toks); i++ {
		if joinable(toks[i]) && joinable(toks[i+1]) {
			joined = append(joined, mk(toks[i].Text+toks[i+1].Text, toks[i].Flags&FlagAbjad, i, i+1))
		}
	}
	return single, joined
}

// weigh sets the weight of a query token from the vocabulary: its own IDF
// if known, else the IDF of its closest vocabulary token, else (an unseen,
// presumably rare word) most of the largest IDF.
func (ix *NameIndex) weigh(q *qtok, best int32, bestSim float32) {
	var idf float32
	if id, ok := ix.byRaw[q.raw]; ok {
		idf = ix.vocab[id].w
	} else if best >= 0 && bestSim >= 0.9 {
		idf = ix.vocab[best].w
	} else {
		idf = ix.maxIDF * 0.8
	}
	q.w = tokenWeight(idf, q.flags)
}

// expand finds every vocabulary token similar to q (tokenSim > 0) through
// the exact, fold, skeleton and similar-fold indexes: exactly the tokens
// brute force would find similar.
//
// The expansions of vocabulary tokens are memoised in the index (at most
// two per vocabulary token: read from Arabic script or not): they depend on
// nothing but the token.
func (ix *NameIndex) expand(q *qtok, sc *scratch) {
	vid, inVocab := ix.byRaw[q.raw]
	if inVocab && q.flags&FlagInitial == 0 {
		k := 2 * vid
		if q.flags&FlagAbjad != 0 {
			k++
		}
		if m := ix.memo[k].Load(); m != nil {
			q.sims = m.sims
			ix.weigh(q, -1, 0)
			return
		}
		defer func() { ix.memo[k].Store(&memoEnt{q.sims}) }()
	}
	sc.stampVocab(len(ix.vocab))
	jm := &sc.jw
	jm.init(q.fold)
	sims := sc.sims[:0]
	var best int32 = -1
	var bestSim float32
	add := func(id int32, s float32) {
		if s == 0 {
			return
		}
		if k := sc.vslot[id]; sc.vstamp[id] == sc.vgen {
			sims[k].sim = max(sims[k].sim, s)
		} else {
			sc.vstamp[id], sc.vslot[id] = sc.vgen, int32(len(sims))
			sims = append(sims, simEnt{id, s})
		}
		if s > bestSim || (s == bestSim && id < best) {
			best, bestSim = id, s
		}
	}
	try := func(id int32) {
		v := &ix.vocab[id]
		add(id, tokenSimFold(q, v, jm.foldSim(v.fold)))
	}
	if q.flags&FlagInitial == 0 {
		if inVocab {
			try(vid)
		}
		if fid, ok := ix.byFold[q.fold]; ok {
			for _, id := range ix.foldToks[fid] {
				try(id)
			}
		}
		if !q.digits {
			if len(q.skel) >= 2 {
				for _, id := range ix.bySkel[q.skel] {
					if q.flags&FlagAbjad != 0 || ix.vocab[id].abjad {
						try(id)
					}
				}
			}
			ix.fuzzy.similar(jm, sc, func(fid int32, fs float32) {
				for _, id := range ix.foldToks[fid] {
					add(id, tokenSimFold(q, &ix.vocab[id], fs))
				}
			})
		}
	}
	slices.SortFunc(sims, func(a, b simEnt) int { return cmp.Compare(a.id, b.id) })
	q.sims = append([]simEnt(nil), sims...)
	sc.sims = sims
	ix.weigh(q, best, bestSim)
}

// scratch is per-goroutine scratch space of Prepare.
type scratch struct {
	jw jwMatcher // the query token being expanded
	// vocabulary ids already in the expansion being built
	vstamp []uint32
	vslot  []int32
	vgen   uint32
	sims   []simEnt
	// fuzzy entries visited in one similar-fold search
	fstamp  []uint32
	fgen    uint32
	buckets []uint
}

func (s *scratch) stampVocab(n int) {
	if len(s.vstamp) != n {
		s.vstamp, s.vslot, s.vgen = make([]uint32, n), make([]int32, n), 0
	}
	s.vgen++
	if s.vgen == 0 {
		clear(s.vstamp)
		s.vgen = 1
	}
}

func (s *scratch) stampFuzzy(n int) {
	if len(s.fstamp) != n {
		s.fstamp, s.fgen = make([]uint32, n), 0
	}
	s.fgen++
	if s.fgen == 0 {
		clear(s.fstamp)
		s.fgen = 1
	}
}

// firstVisit marks fuzzy entry e visited and reports whether it was not yet.
func (s *scratch) firstVisit(e int32) bool {
	if s.fstamp[e] == s.fgen {
		return false
	}
	s.fstamp[e] = s.fgen
	return true
}

// Explanation of one aligned token pair.
type Pair struct {
	Query string  `json:"query"`
	Name  string  `json:"name"`
	Sim   float64 `json:"sim"`
}

// NameScore is the score of one name against the query.
type NameScore struct {
	Name  int32 // index into Names()
	Score float64
	Pairs []Pair
	// MatchedInfo is the largest weight of a list-name token that matched;
	// a name matched only on common tokens has little information.
	MatchedInfo float64
	// Unmatched list-name tokens (for the explanation)
	Unmatched []string
	// Complete is true when every list-name token other than legal forms
	// and particles was aligned with the query.
	Complete bool
	// MinSim is the lowest similarity among the aligned pairs.
	MinSim float64
}

// Query is a prepared query for repeated scoring.
type Query struct {
	single, joined []qtok
	wq             float32   // total query weight
	initW          float32   // weight of the query's initials
	initWs         []float32 // the weight of each
	initCs         []byte    // and its letter
	nInit          int       // number of query initials
	// query words (not initials, not numbers), heaviest first, and the
	// buckets (charBucket) of their first bytes
	words     []queryWord
	wordFirst uint64
}

type queryWord struct {
	first byte
	w     float32
}

// Prepare tokenises the query name and resolves similar vocabulary tokens.
func (ix *NameIndex) Prepare(name string) *Query {
	q := &Query{}
	q.single, q.joined = ix.prepare(name)
	sc := ix.scratchPool.Get().(*scratch)
	defer ix.scratchPool.Put(sc)
	for i := range q.single {
		ix.expand(&q.single[i], sc)
		qt := &q.single[i]
		q.wq += qt.w
		switch {
		case qt.flags&FlagInitial != 0:
			q.initW += qt.w
			q.initWs = append(q.initWs, qt.w)
			q.initCs = append(q.initCs, qt.raw[0])
			q.nInit++
		case !qt.digits:
			q.words = append(q.words, queryWord{qt.raw[0], qt.w})
			q.wordFirst |= 1 << charBucket(qt.raw[0])
		}
	}
	slices.SortStableFunc(q.words, func(a, b queryWord) int { return cmp.Compare(b.w, a.w) })
	for i := range q.joined {
		ix.expand(&q.joined[i], sc)
		q.joined[i].w = q.single[q.joined[i].first].w + q.single[q.joined[i].last].w
	}
	return q
}

// MaxWeight is the weight of the query's rarest token.
func (q *Query) MaxWeight() float64 {
	var m float32
	for i := range q.single {
		m = max(m, q.single[i].w)
	}
	return float64(m)
}

// Empty reports whether the query has no tokens.
func (q *Query) Empty() bool { return len(q.single) == 0 }

// Candidates returns every name that can reach minScore, using the token
// postings and an upper bound on the score: the index never scores every
// name, and it misses none that brute force (scoring every name) finds.
//
// A name is touched when a query token or joined pair is similar to one of
// its tokens or pairs (postings of the expansions), when a query initial can
// pair with one of its words (names by first letter of a word; looked up
// only when such pairs alone could reach minScore), or, for the few names
// with initials, when the bound says its initials could pair with the query.
//
// The bound: with τ = minScore, score ≥ τ iff num − τ·den ≥ 0 (see score).
// Written per token, num − τ·den = Σ gains − τ·(Wq + Wunm), where Wq is the
// query weight, Wunm the name's weight when nothing matches (Σ unmatched
// factor × weight), and a token's gain is what its pair adds over leaving it
// unmatched:
//   - query token in a pair of similarity s: s·wq (accumulated as a, capped
//     at Wq); name token: s·wc − τ(1−f)·wc ≤ s·wc·(1 − τ(1−0.6)) (s·wc
//     accumulated as b with wc from the posting, capped at the name's
//     weight);
//   - query initial: at most its weight; a name word it pairs with (0.8,
//     half weight): 0.4·wc + τ(f − 0.5)·wc ≤ (0.4 + 0.1τ)·wc, one word per
//     query initial at most;
//   - name initial (pairs with a query word of the same first letter, 0.8,
//     the word at half weight, or with an equal initial, 1): at most
//     (1 − τ(1−f))·wc; the query word: 0.4·wq + 0.5τ·wq, each query word
//     with one initial at most.
func (ix *NameIndex) Candidates(q *Query, minScore float64, acc *Accumulator) []int32 {
	acc.reset(len(ix.names))
	add := func(qt *qtok) {
		for _, e := range qt.sims {
			for _, p := range ix.post[e.id] {
				acc.add(p.n, e.sim*qt.w, e.sim*p.w)
			}
		}
	}
	for i := range q.single {
		if q.single[i].flags&FlagInitial == 0 {
			add(&q.single[i])
		}
	}
	for i := range q.joined {
		add(&q.joined[i])
	}
	tau := float32(minScore)
	// When pairs of query initials with words could reach τ alone, every
	// name with a word of a query initial's letter is touched, and the
	// bound knows which query initials can pair with its words.
	byLetter := q.nInit > 0 && ix.initialsAlone(q, tau)
	if byLetter {
		k := 0
		for i := range q.single {
			if qt := &q.single[i]; qt.flags&FlagInitial != 0 {
				for _, n := range ix.byWordFirst[qt.raw[0]] {
					acc.addInitial(n, k)
				}
				k++
			}
		}
	}
	out := acc.out[:0]
	for _, n := range acc.touched {
		e := &acc.e[n]
		if ix.bound(q, n, e.a, e.b, e.qi, byLetter, tau) {
			out = append(out, n)
		}
	}
	// Untouched names with initials: their initials may pair with the
	// query's initials or with query words of the same first letter. Most
	// fail a first bound that reads no initial: all query words paired at
	// most.
	gq0 := min(q.wq, q.initW+(0.4+0.5*tau)*(q.wq-q.initW))
	for _, ib := range ix.withInitials {
		n := ib.n
		if acc.e[n].stamp == acc.gen {
			continue
		}
		if q.nInit == 0 && ib.initFirst&q.wordFirst == 0 {
			continue // no pair possible
		}
		nb := &ix.nb[n]
		gc := nb.wInit + initialWords(q.nInit, nb, tau)
		if need := tau * (q.wq + nb.wUnm); gq0+gc < need-1e-4*need {
			continue
		}
		if ix.bound(q, n, 0, 0, 0, byLetter, tau) { // byLetter: no word of a query initial's letter
			out = append(out, n)
		}
	}
	acc.out = out
	return out
}

// bound reports whether name n can reach τ given a and b accumulated from
// the postings (see Candidates); when byLetter, bit k of qi tells whether
// the k-th query initial can pair with a word of the name.
func (ix *NameIndex) bound(q *Query, n int32, a, b float32, qi uint32, byLetter bool, tau float32) bool {
	nb := &ix.nb[n]
	initW, nInit := q.initW, q.nInit
	if byLetter {
		// A query initial pairs with an equal initial of the name (gain w),
		// or with a word of its letter (0.8·w), or with nothing.
		initW, nInit = 0, 0
		inits := ix.inits[nb.inits : nb.inits+nb.nInit]
		for k, w := range q.initWs {
			word := qi&(1<<k) != 0
			if word {
				nInit++
			}
			switch {
			case slices.ContainsFunc(inits, func(it initialTok) bool { return it.c == q.initCs[k] }):
				initW += w
			case word:
				initW += initialSim * w
			}
		}
	}
	gq := a + initW
	gc := min(b, nb.wTot)*(1-tau*(1-unmatchedCand)) + initialWords(nInit, nb, tau)
	if nb.nInit > 0 {
		// The k-th name initial of a letter pairs at best with the k-th
		// heaviest query word of that letter (each word pairs once).
		inits := ix.inits[nb.inits : nb.inits+nb.nInit]
		for j, it := range inits {
			k := 0
			for _, u := range inits[:j] {
				if u.c == it.c {
					k++
				}
			}
			var w float32
			for _, qw := range q.words {
				if qw.first == it.c {
					if k == 0 {
						w = qw.w
						break
					}
					k--
				}
			}
			if w > 0 || q.nInit > 0 { // a query word of that letter, or an equal query initial
				gq += (0.4 + 0.5*tau) * w
				gc += it.w * (1 - tau*(1-unmatchedCand))
			}
		}
	}
	gq = min(gq, q.wq)
	// a margin for float32 rounding: the bound only decides what to score
	need := tau * (q.wq + nb.wUnm)
	return gq+gc >= need-1e-4*need
}

// initialWords bounds the gain of the name's words that pair with query
// initials: each query initial pairs with one word at most, a word gains at
// most (0.4 + 0.1τ)·wc.
func initialWords(nInit int, nb *nameBound, tau float32) float32 {
	if nInit == 0 {
		return 0
	}
	return (0.4 + 0.1*tau) * nb.topW[min(nInit, 4)-1]
}

// initialsAlone reports whether a name without initials could reach τ
// through pairs of query initials with its words alone (no similar token).
// Each pair adds (s − τ)·W to num − τ·den (s = 0.8, W = the initial's weight
// plus half the word's), every unpaired query token −τ·w.
func (ix *NameIndex) initialsAlone(q *Query, tau float32) bool {
	var v float32
	for i := range q.single {
		qt := &q.single[i]
		if qt.flags&FlagInitial != 0 {
			v += max((initialSim-tau)*(qt.w+initialShare*ix.maxW), -tau*qt.w)
		} else {
			v -= tau * qt.w
		}
	}
	return v >= -1e-4
}

// Accumulator is per-goroutine scratch space for Candidates.
type Accumulator struct {
	e       []accEntry // by name id
	gen     uint32
	touched []int32
	out     []int32
}

type accEntry struct {
	a, b  float32
	stamp uint32 // the entry is of this query when stamp == gen
	qi    uint32 // query initials that can pair with a word (Candidates)
}

func (a *Accumulator) reset(n int) {
	if len(a.e) != n {
		a.e, a.gen = make([]accEntry, n), 0
	}
	a.gen++
	if a.gen == 0 {
		clear(a.e)
		a.gen = 1
	}
	a.touched = a.touched[:0]
}

func (a *Accumulator) addInitial(n int32, k int) {
	a.add(n, 0, 0)
	a.e[n].qi |= 1 << k
}

func (a *Accumulator) add(n int32, x, y float32) {
	e := &a.e[n]
	if e.stamp != a.gen {
		*e = accEntry{stamp: a.gen}
		a.touched = append(a.touched, n)
	}
	e.a += x
	e.b += y
}

// simFunc returns the similarity between query token qt and vocabulary id v.
type simFunc func(qt *qtok, v int32) float32

// indexSim looks similarities up in the query's expansions.
func indexSim(qt *qtok, v int32) float32 {
	s := qt.sims
	lo, hi := 0, len(s)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if s[m].id < v {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(s) && s[lo].id == v {
		return s[lo].sim
	}
	return 0
}

// Score scores one name with the index's precomputed token similarities.
func (ix *NameIndex) Score(q *Query, n int32, explain bool) NameScore {
	return ix.score(q, n, indexSim, explain)
}

// ScoreBrute scores one name computing every token similarity directly
// (no expansion maps): the brute-force reference.
func (ix *NameIndex) ScoreBrute(q *Query, n int32, explain bool) NameScore {
	return ix.score(q, n, func(qt *qtok, v int32) float32 { return tokenSim(qt, &ix.vocab[v]) }, explain)
}

type cand struct {
	qi, ci int // span index: query single i or joined (len(single)+j); name token i or pair (len(toks)+i)
	sim    float32
	wq, wc float32
	qm, cm uint64
}

// candBefore orders alignment candidates: higher similarity, then larger
// weight, then query and name position (a total order: (qi, ci) is unique).
func candBefore(a, b *cand) bool {
	if a.sim != b.sim {
		return a.sim > b.sim
	}
	if wa, wb := a.wq+a.wc, b.wq+b.wc; wa != wb {
		return wa > wb
	}
	if a.qi != b.qi {
		return a.qi < b.qi
	}
	return a.ci < b.ci
}

// sortCands sorts by candBefore: insertion sort for the usual handful,
// slices.SortFunc beyond.
func sortCands(cs []cand) {
	if len(cs) > 32 {
		slices.SortFunc(cs, func(a, b cand) int {
			if candBefore(&a, &b) {
				return -1
			}
			if candBefore(&b, &a) {
				return 1
			}
			return 0
		})
		return
	}
	for i := 1; i < len(cs); i++ {
		for j := i; j > 0 && candBefore(&cs[j], &cs[j-1]); j-- {
			cs[j], cs[j-1] = cs[j-1], cs[j]
		}
	}
}

// score aligns query tokens with name tokens: every pair of a query span
// (token or joined pair) and a name span with a similarity is a candidate;
// candidates are taken greedily by similarity and weight, each token used
// at most once. The score is a weighted Dice coefficient: Σ sim·(wq+wc) over
// aligned pairs divided by the total query weight plus the name's weight,
// where unmatched name tokens weigh less (queries often leave out middle
// names; patronymics even more so).
func (ix *NameIndex) score(q *Query, n int32, sim simFunc, explain bool) NameScore {
	nm := &ix.names[n]
	var cs []cand
	var buf [64]cand
	cs = buf[:0]
	m := len(nm.toks)
	for i := range q.single {
		qt := &q.single[i]
		qinit := qt.flags&FlagInitial != 0
		for j := 0; j < m; j++ {
			v := &ix.vocab[nm.toks[j]]
			cinit := nm.flags[j]&FlagInitial != 0
			var s float32
			wq, wc := qt.w, nm.w[j]
			switch {
			case qinit && cinit:
				if qt.raw == v.raw {
					s = 1
				}
			case qinit:
				if qt.raw[0] == v.raw[0] {
					s, wc = initialSim, wc*initialShare
				}
			case cinit:
				if qt.raw[0] == v.raw[0] && nm.flags[j]&FlagDigits == 0 && qt.flags&FlagDigits == 0 {
					s, wq = initialSim, wq*initialShare
				}
			default:
				s = sim(qt, nm.toks[j])
			}
			if s > 0 {
				cs = append(cs, cand{qi: i, ci: j, sim: s, wq: wq, wc: wc, qm: 1 << i, cm: 1 << j})
			}
		}
		for j, pid := range nm.pairs {
			if pid < 0 || qinit {
				continue
			}
			if s := sim(qt, pid); s > 0 {
				cs = append(cs, cand{qi: i, ci: m + j, sim: s, wq: qt.w, wc: nm.w[j] + nm.w[j+1], qm: 1 << i, cm: 3 << j})
			}
		}
	}
	for k := range q.joined {
		qt := &q.joined[k]
		for j := 0; j < m; j++ {
			if nm.flags[j]&FlagInitial != 0 {
				continue
			}
			if s := sim(qt, nm.toks[j]); s > 0 {
				cs = append(cs, cand{qi: len(q.single) + k, ci: j, sim: s, wq: qt.w, wc: nm.w[j], qm: 3 << qt.first, cm: 1 << j})
			}
		}
	}
	sortCands(cs)
	var usedQ, usedC uint64
	initialPair := false
	var num, den, info float64
	res := NameScore{Name: n, MinSim: 1}
	for _, c := range cs {
		if usedQ&c.qm != 0 || usedC&c.cm != 0 {
			continue
		}
		res.MinSim = min(res.MinSim, float64(c.sim))
		usedQ |= c.qm
		usedC |= c.cm
		if c.sim == initialSim && (c.wq != q.single[min(c.qi, len(q.single)-1)].w || c.wc != nm.w[min(c.ci, m-1)]) {
			initialPair = true
		}
		num += float64(c.sim) * float64(c.wq+c.wc)
		den += float64(c.wq + c.wc)
		// information: the list-side weight actually confirmed
		for j := 0; j < m; j++ {
			if c.cm&(1<<j) != 0 && nm.flags[j]&(FlagInitial|FlagLegal) == 0 {
				info = max(info, float64(nm.w[j])*float64(c.sim))
			}
		}
		if explain {
			res.Pairs = append(res.Pairs, Pair{Query: ix.spanText(q, c.qi), Name: ix.nameSpanText(nm, c.ci), Sim: round3(float64(c.sim))})
		}
	}
	for i := range q.single {
		if usedQ&(1<<i) == 0 {
			den += float64(q.single[i].w)
		}
	}
	res.Complete = !initialPair
	for j := 0; j < m; j++ {
		if usedC&(1<<j) != 0 {
			continue
		}
		if nm.flags[j]&(FlagLegal|FlagParticle) == 0 {
			res.Complete = false
		}
		den += float64(nm.w[j]) * float64(unmatchedFactor(nm.flags[j]))
		if explain {
			res.Unmatched = append(res.Unmatched, ix.vocab[nm.toks[j]].raw)
		}
	}
	if den > 0 {
		res.Score = num / den
	}
	res.MatchedInfo = info
	return res
}

func (ix *NameIndex) spanText(q *Query, i int) string {
	if i < len(q.single) {
		return q.single[i].raw
	}
	j := q.joined[i-len(q.single)]
	return q.single[j.first].raw + " " + q.single[j.last].raw
}

func (ix *NameIndex) nameSpanText(nm *Name, i int) string {
	if i < len(nm.toks) {
		return ix.vocab[nm.toks[i]].raw
	}
	j := i - len(nm.toks)
	return ix.vocab[nm.toks[j]].raw + " " + ix.vocab[nm.toks[j+1]].raw
}

// Tokens returns the normalised tokens of an indexed name (for tests and explanations).
func (ix *NameIndex) Tokens(n int32) string {
	nm := &ix.names[n]
	parts := make([]string, len(nm.toks))
	for i, id := range nm.toks {
		parts[i] = ix.vocab[id].raw
	}
	return strings.Join(parts, " ")
}

func round3(f float64) float64 { return math.Round(f*1000) / 1000 }

// MedianWeight is the median IDF weight of the indexed tokens, weighted by
// occurrence (the weight of a typical name token).
func (ix *NameIndex) MedianWeight() float64 {
	var ws []float64
	for i := range ix.names {
		for _, w := range ix.names[i].w {
			ws = append(ws, float64(w))
		}
	}
	if len(ws) == 0 {
		return 0
	}
	sort.Float64s(ws)
	return ws[len(ws)/2]
}

// ClearMemo discards the memoised expansions of vocabulary tokens, so that
// a benchmark can measure queries as the first ones after a build.
func (ix *NameIndex) ClearMemo() {
	for i := range ix.memo {
		ix.memo[i].Store(nil)
	}
}
