package match

import (
	"math"
	"sort"
	"strings"
	"sync"
)

// Tuning constants of the name scorer. They were chosen on the evaluation
// set (internal/compliance/screen/testdata/eval); see docs/compliance.md.
const (
	minTokenSim     = 0.82 // token similarities below this count as no match
	variantSim      = 0.96 // same Fold key, different spelling
	abjadSim        = 0.92 // same consonant skeleton, one side from Arabic script
	initialSim      = 0.80 // initial vs a word starting with that letter
	initialWeight   = 0.5  // weight of a single-letter token
	initialShare    = 0.5  // share of a word's weight in an initial pair
	particleFactor  = 0.25 // weight factor of particles (al, bin, van, ...)
	legalWeight     = 0.1  // weight of a legal-form token
	unmatchedCand   = 0.6  // unmatched list-name tokens weigh this much (queries often omit middle names)
	unmatchedPatro  = 0.3  // ... and unmatched patronymics this much
	minUnmatchedFac = 0.3  // the smallest of the two, for the retrieval bound
	maxTokens       = 24   // tokens beyond this are ignored (names are short; queries are capped at 1,000 chars)
)

// tok is a vocabulary entry: one distinct normalised token of the indexed names.
type tok struct {
	raw, fold, skel string
	abjad           bool
	df              int32
	w               float32 // IDF weight (before particle/legal factors)
	pairW           float32 // largest weight of a joined pair this token stands for (retrieval bound)
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

// NameIndex is an immutable index over a set of names: a vocabulary of
// normalised tokens with IDF weights, a trigram index over folded tokens
// for typo-tolerant token lookup, skeleton buckets for Arabic-script tokens,
// and postings from tokens to names. Safe for concurrent use.
type NameIndex struct {
	vocab    []tok
	byRaw    map[string]int32
	folds    []string           // distinct fold keys
	foldToks [][]int32          // fold id → vocabulary ids
	byFold   map[string]int32   // fold key → fold id
	trigrams map[uint32][]int32 // trigram → fold ids
	bySkel   map[string][]int32 // skeleton → vocabulary ids (tokens of ≥ 2 consonants)
	post     [][]int32          // vocabulary id → name ids
	names    []Name
	maxIDF   float32

	scratchPool sync.Pool

	// cache of query-token expansions (token → similar vocabulary tokens),
	// shared by all queries; bounded by resetting when full.
	cacheMu sync.RWMutex
	cache   map[cacheKey]cached
	NoCache bool // disable the expansion cache (cold-path benchmarks)
}

type cacheKey struct {
	raw   string
	flags Flag
}

type cached struct {
	sims map[int32]float32
	w    float32
}

const cacheMax = 200_000

// NameInput is a name to index.
type NameInput struct {
	Entry int32
	Alias int16
	Text  string
}

// BuildNameIndex tokenises and indexes names. IDF is computed over all of
// them (rare tokens weigh more than "mohammed" or "trading").
func BuildNameIndex(in []NameInput) *NameIndex {
	ix := &NameIndex{byRaw: map[string]int32{}, byFold: map[string]int32{}, trigrams: map[uint32][]int32{}, bySkel: map[string][]int32{}}
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
		ix.vocab = append(ix.vocab, tok{raw: raw, fold: f, skel: Skeleton(f), abjad: abjad})
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
	grammed := map[int32]bool{}
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
		if v.df > 0 && !grammed[fid] { // joined pairs are found by exact fold only
			grammed[fid] = true
			for _, g := range trigramsOf(v.fold) {
				ix.trigrams[g] = append(ix.trigrams[g], fid)
			}
		}
		ix.foldToks[fid] = append(ix.foldToks[fid], int32(i))
		if len(v.skel) >= 2 && !isDigits(v.raw) {
			ix.bySkel[v.skel] = append(ix.bySkel[v.skel], int32(i))
		}
	}
	ix.post = make([][]int32, len(ix.vocab))
	ix.names = make([]Name, len(in))
	for i, p := range pend {
		nm := Name{Entry: in[i].Entry, Alias: in[i].Alias, Text: in[i].Text, toks: p.ids, pairs: p.pairs,
			flags: make([]Flag, len(p.toks)), w: make([]float32, len(p.toks))}
		for k, t := range p.toks {
			nm.flags[k] = t.Flags
			nm.w[k] = tokenWeight(ix.vocab[p.ids[k]].w, t.Flags)
			nm.wTot += nm.w[k]
			nm.wMax = max(nm.wMax, nm.w[k])
			ix.post[p.ids[k]] = appendUnique(ix.post[p.ids[k]], int32(i))
		}
		for k, pid := range p.pairs {
			if pid >= 0 {
				ix.post[pid] = appendUnique(ix.post[pid], int32(i))
				ix.vocab[pid].pairW = max(ix.vocab[pid].pairW, nm.w[k]+nm.w[k+1])
			}
		}
		for _, f := range nm.flags {
			if f&FlagInitial != 0 {
				nm.nInit++
			}
		}
		ix.names[i] = nm
	}
	return ix
}

func appendUnique(s []int32, v int32) []int32 {
	if len(s) > 0 && s[len(s)-1] == v {
		return s
	}
	return append(s, v)
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

func trigramsOf(s string) []uint32 {
	p := "$" + s + "$"
	if len(p) < 3 {
		return nil
	}
	out := make([]uint32, 0, len(p)-2)
	for i := 0; i+3 <= len(p); i++ {
		out = append(out, uint32(p[i])<<16|uint32(p[i+1])<<8|uint32(p[i+2]))
	}
	return out
}

// qtok is a prepared query token or joined query pair.
type qtok struct {
	raw, fold, skel string
	flags           Flag
	w               float32
	sims            map[int32]float32 // vocabulary id → similarity (index path)
	first, last     int               // token positions covered
}

// tokenSim is the similarity of a query token and a vocabulary token.
// It is the single definition used by both the index and brute force.
func tokenSim(q *qtok, v *tok) float32 {
	if q.raw == v.raw {
		return 1
	}
	if isDigits(q.raw) || isDigits(v.raw) {
		return 0
	}
	if v.df == 0 { // a joined pair of list tokens: exact spelling or variant only
		if q.fold == v.fold {
			return variantSim
		}
		return 0
	}
	var s float32
	if q.fold == v.fold {
		s = variantSim
	} else {
		lq, lv := len(q.fold), len(v.fold)
		if min(lq, lv) >= 3 {
			jw := JaroWinkler(q.fold, v.fold)
			// length-aware: short words need to be closer, very different
			// lengths are penalised
			if min(lq, lv) <= 4 {
				jw -= 0.06
			}
			if q.fold[0] != v.fold[0] {
				jw -= 0.08 // typos rarely hit the first letter
			}
			if d := float64(max(lq, lv)-min(lq, lv)) / float64(max(lq, lv)); d > 0.2 {
				jw -= (d - 0.2) * 0.5
			}
			s = float32(jw) * 0.99
		}
	}
	if (q.flags&FlagAbjad != 0 || v.abjad) && len(q.skel) >= 2 && q.skel == v.skel {
		s = max(s, abjadSim)
	}
	if s < minTokenSim {
		return 0
	}
	return s
}

// prepare tokenises a query and computes each token's weight.
func (ix *NameIndex) prepare(name string) (single, joined []qtok) {
	toks := Normalize(name)
	if len(toks) > maxTokens {
		toks = toks[:maxTokens]
	}
	mk := func(raw string, f Flag, first, last int) qtok {
		fd := Fold(raw)
		return qtok{raw: raw, fold: fd, skel: Skeleton(fd), flags: f, first: first, last: last}
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

// expand finds every vocabulary token similar to q through the exact, fold,
// skeleton and trigram indexes.
func (ix *NameIndex) expand(q *qtok, sc *scratch) {
	key := cacheKey{q.raw, q.flags}
	if !ix.NoCache {
		ix.cacheMu.RLock()
		c, ok := ix.cache[key]
		ix.cacheMu.RUnlock()
		if ok {
			q.sims, q.w = c.sims, c.w
			return
		}
		defer func() {
			ix.cacheMu.Lock()
			if ix.cache == nil || len(ix.cache) >= cacheMax {
				ix.cache = map[cacheKey]cached{}
			}
			ix.cache[key] = cached{q.sims, q.w}
			ix.cacheMu.Unlock()
		}()
	}
	q.sims = map[int32]float32{}
	var best int32 = -1
	var bestSim float32
	try := func(id int32) {
		s := tokenSim(q, &ix.vocab[id])
		if s == 0 {
			return
		}
		if old, ok := q.sims[id]; !ok || s > old {
			q.sims[id] = s
		}
		if s > bestSim {
			best, bestSim = id, s
		}
	}
	if q.flags&FlagInitial == 0 {
		if id, ok := ix.byRaw[q.raw]; ok {
			try(id)
		}
		if fid, ok := ix.byFold[q.fold]; ok {
			for _, id := range ix.foldToks[fid] {
				try(id)
			}
		}
		if !isDigits(q.raw) {
			if len(q.skel) >= 2 {
				for _, id := range ix.bySkel[q.skel] {
					if q.flags&FlagAbjad != 0 || ix.vocab[id].abjad {
						try(id)
					}
				}
			}
			if len(q.fold) >= 3 {
				grams := trigramsOf(q.fold)
				sc.reset(len(ix.folds))
				for _, g := range grams {
					for _, fid := range ix.trigrams[g] {
						sc.inc(fid)
					}
				}
				// A token within the similarity cut-off differs by about two
				// edits at most, which destroy up to six trigrams.
				need := uint16(max(1, len(grams)-6))
				lq := len(q.fold)
				for _, fid := range sc.touched {
					if sc.count[fid] < need {
						continue
					}
					lf := len(ix.folds[fid])
					if lf*2 < lq || lq*2 < lf {
						continue
					}
					for _, id := range ix.foldToks[fid] {
						try(id)
					}
				}
			}
		}
	}
	ix.weigh(q, best, bestSim)
}

// scratch is a dense counter over fold ids.
type scratch struct {
	count   []uint16
	touched []int32
}

func (s *scratch) reset(n int) {
	if len(s.count) != n {
		s.count = make([]uint16, n)
	}
	for _, f := range s.touched {
		s.count[f] = 0
	}
	s.touched = s.touched[:0]
}

func (s *scratch) inc(f int32) {
	if s.count[f] == 0 {
		s.touched = append(s.touched, f)
	}
	s.count[f]++
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
	wq             float32 // total query weight
	initW          float32
}

// Prepare tokenises the query name and resolves similar vocabulary tokens.
func (ix *NameIndex) Prepare(name string) *Query {
	q := &Query{}
	q.single, q.joined = ix.prepare(name)
	sc := ix.scratchPool.Get().(*scratch)
	defer ix.scratchPool.Put(sc)
	for i := range q.single {
		ix.expand(&q.single[i], sc)
		q.wq += q.single[i].w
		if q.single[i].flags&FlagInitial != 0 {
			q.initW += q.single[i].w
		}
	}
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

// Candidates returns the names that can reach minScore, using the token
// postings and an upper bound on the score: the index never scores every
// name.
func (ix *NameIndex) Candidates(q *Query, minScore float64, acc *Accumulator) []int32 {
	acc.reset(len(ix.names))
	add := func(qt *qtok) {
		for id, s := range qt.sims {
			wv := max(ix.vocab[id].w, ix.vocab[id].pairW)
			for _, n := range ix.post[id] {
				acc.add(n, s*qt.w, s*wv)
			}
		}
	}
	for i := range q.single {
		add(&q.single[i])
	}
	for i := range q.joined {
		add(&q.joined[i])
	}
	out := acc.out[:0]
	qInit := countInitials(q)
	for _, n := range acc.touched {
		nm := &ix.names[n]
		a := min(acc.a[n]+q.initW, q.wq)
		b := min(acc.b[n], nm.wTot)
		// Upper bound of score: numerator ≤ a + b, denominator ≥ the query
		// weight plus the matched list weight plus the unmatched list weight
		// at its smallest factor. Initial pairs weigh only a share of the
		// word they match, so with initials on either side the bound is
		// loosened to half the denominator.
		den := q.wq + b + (nm.wTot-b)*minUnmatchedFac
		if qInit > 0 || nm.nInit > 0 {
			a = q.wq
			b = min(b+float32(qInit)*nm.wMax+float32(nm.nInit)*initialWeight, nm.wTot)
			den = (q.wq + b) * initialShare
		}
		ub := float64(a+b) / float64(den)
		if ub >= minScore {
			out = append(out, n)
		}
	}
	acc.out = out
	return out
}

func countInitials(q *Query) int {
	c := 0
	for i := range q.single {
		if q.single[i].flags&FlagInitial != 0 {
			c++
		}
	}
	return c
}

// Accumulator is per-goroutine scratch space for Candidates.
type Accumulator struct {
	a, b    []float32
	stamp   []uint32
	gen     uint32
	touched []int32
	out     []int32
}

func (a *Accumulator) reset(n int) {
	if len(a.stamp) != n {
		a.a, a.b, a.stamp = make([]float32, n), make([]float32, n), make([]uint32, n)
		a.gen = 0
	}
	a.gen++
	if a.gen == 0 {
		clear(a.stamp)
		a.gen = 1
	}
	a.touched = a.touched[:0]
}

func (a *Accumulator) add(n int32, x, y float32) {
	if a.stamp[n] != a.gen {
		a.stamp[n] = a.gen
		a.a[n], a.b[n] = 0, 0
		a.touched = append(a.touched, n)
	}
	a.a[n] += x
	a.b[n] += y
}

// simFunc returns the similarity between query token qt and vocabulary id v.
type simFunc func(qt *qtok, v int32) float32

// indexSim looks similarities up in the query's expansion maps.
func indexSim(qt *qtok, v int32) float32 { return qt.sims[v] }

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
	sort.Slice(cs, func(a, b int) bool {
		if cs[a].sim != cs[b].sim {
			return cs[a].sim > cs[b].sim
		}
		if wa, wb := cs[a].wq+cs[a].wc, cs[b].wq+cs[b].wc; wa != wb {
			return wa > wb
		}
		if cs[a].qi != cs[b].qi {
			return cs[a].qi < cs[b].qi
		}
		return cs[a].ci < cs[b].ci
	})
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
		f := unmatchedCand
		if nm.flags[j]&FlagPatronymic != 0 {
			f = unmatchedPatro
		}
		den += float64(nm.w[j]) * f
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
