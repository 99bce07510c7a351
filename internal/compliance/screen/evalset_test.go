package screen

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/manifoldhq/manifold/internal/compliance/lists"
	"github.com/manifoldhq/manifold/internal/compliance/match"
)

var updateEval = flag.Bool("update-eval", false, "regenerate testdata/eval/generated.jsonl from the shipped lists")

// EvalCase is one labelled query/entity pair of the evaluation set.
type EvalCase struct {
	ID       string       `json:"id"`
	Category string       `json:"category"`
	Query    Query        `json:"query"`
	List     lists.ListID `json:"list"`
	EntityID string       `json:"entity_id"`
	Match    bool         `json:"match"` // the entity must (true) or must not (false) be reported
	Note     string       `json:"note,omitempty"`
}

func readEval(t testing.TB) []EvalCase {
	t.Helper()
	var out []EvalCase
	for _, f := range []string{"generated.jsonl", "curated.jsonl"} {
		fh, err := os.Open(filepath.Join("testdata", "eval", f))
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		line := 0
		for sc.Scan() {
			line++
			if strings.TrimSpace(sc.Text()) == "" || strings.HasPrefix(sc.Text(), "//") {
				continue
			}
			var c EvalCase
			if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
				t.Fatalf("%s:%d: %v", f, line, err)
			}
			out = append(out, c)
		}
		fh.Close()
	}
	return out
}

// TestEvalGenerate regenerates the generated half of the evaluation set
// deterministically (fixed seed, entries in list order) with
// `go test ./internal/compliance/screen -run TestEvalGenerate -update-eval`.
func TestEvalGenerate(t *testing.T) {
	if !*updateEval {
		t.Skip("pass -update-eval to regenerate")
	}
	reg := shippedRegistry(t)
	cases := generateEval(reg)
	var b strings.Builder
	for _, c := range cases {
		j, _ := json.Marshal(c)
		b.Write(j)
		b.WriteByte('\n')
	}
	if err := os.WriteFile(filepath.Join("testdata", "eval", "generated.jsonl"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d cases", len(cases))
}

func generateEval(reg *lists.Registry) []EvalCase {
	rng := rand.New(rand.NewPCG(4, 2024))
	var all []*lists.Entry
	for _, s := range reg.All() {
		for i := range s.Entries {
			all = append(all, &s.Entries[i])
		}
	}
	// token → entries containing it, to check generated negatives really are negative
	tokIdx := map[string][]int{}
	for i, e := range all {
		seen := map[string]bool{}
		for _, n := range e.AllNames() {
			for _, tk := range match.Normalize(n) {
				f := match.Fold(tk.Text)
				if !seen[f] {
					seen[f] = true
					tokIdx[f] = append(tokIdx[f], i)
				}
			}
		}
	}
	var out []EvalCase
	n := map[string]int{}
	add := func(cat string, e *lists.Entry, q Query, m bool, note string) {
		n[cat]++
		out = append(out, EvalCase{ID: fmt.Sprintf("%s-%03d", cat, n[cat]), Category: cat, Query: q, List: e.List, EntityID: e.SourceID, Match: m, Note: note})
	}
	pick := func(want int, ok func(e *lists.Entry) bool) []*lists.Entry {
		var c []*lists.Entry
		for _, e := range all {
			if ok(e) {
				c = append(c, e)
			}
		}
		rng.Shuffle(len(c), func(i, j int) { c[i], c[j] = c[j], c[i] })
		if len(c) > want {
			c = c[:want]
		}
		return c
	}
	words := func(s string) []string { return strings.Fields(strings.NewReplacer(",", " ").Replace(s)) }
	indiv := func(e *lists.Entry) bool {
		return e.Kind == lists.KindIndividual && e.Parts != nil && e.Parts.Family != "" && len(e.Parts.Given) > 0
	}
	natural := func(e *lists.Entry) []string {
		return append(words(strings.Join(e.Parts.Given, " ")), words(e.Parts.Family)...)
	}
	long := func(e *lists.Entry) bool { return len(match.Normalize(e.Name)) >= 2 }

	for _, e := range pick(150, long) {
		add("exact", e, Query{Name: e.Name}, true, "primary name as listed")
	}
	for _, e := range pick(80, indiv) {
		add("reordered", e, Query{Name: strings.Join(natural(e), " ")}, true, "list order SURNAME, Given → natural order")
	}
	for _, e := range pick(40, func(e *lists.Entry) bool { return e.Kind == lists.KindEntity && len(words(e.Name)) >= 3 }) {
		w := words(e.Name)
		rng.Shuffle(len(w), func(i, j int) { w[i], w[j] = w[j], w[i] })
		add("word_swap", e, Query{Name: strings.Join(w, " ")}, true, "")
	}
	for _, e := range pick(50, func(e *lists.Entry) bool { return indiv(e) && len(natural(e)) >= 3 }) {
		w := natural(e)
		w = slices.Delete(slices.Clone(w), len(w)-2, len(w)-1)
		add("missing_middle", e, Query{Name: strings.Join(w, " ")}, true, "middle name or patronymic left out")
	}
	for _, e := range pick(30, func(e *lists.Entry) bool { return indiv(e) && len(natural(e)) == 2 }) {
		w := natural(e)
		add("extra_middle", e, Query{Name: w[0] + " " + []string{"Ali", "Maria", "John", "Sergeevich"}[rng.IntN(4)] + " " + w[1]}, true, "an extra middle name")
	}
	for _, e := range pick(40, func(e *lists.Entry) bool { return indiv(e) && len(natural(e)) >= 3 && len(words(e.Parts.Family)) == 1 }) {
		var b []string
		for _, g := range words(strings.Join(e.Parts.Given, " ")) {
			b = append(b, string([]rune(g)[0])+".")
		}
		add("initials", e, Query{Name: strings.Join(b, " ") + " " + e.Parts.Family}, true, "given names as initials")
	}
	for _, e := range pick(40, long) {
		add("diacritics", e, Query{Name: accent(e.Name, rng)}, true, "")
	}
	for _, e := range pick(70, func(e *lists.Entry) bool { return long(e) && maxWordLen(e.Name) >= 6 }) {
		add("typo", e, Query{Name: typo(e.Name, rng)}, true, "one edit in the longest word")
	}
	for _, e := range pick(40, func(e *lists.Entry) bool { return indiv(e) && russian(e) }) {
		add("cyrillic", e, Query{Name: toCyrillic(strings.Join(natural(e), " "))}, true, "natural order rendered in Cyrillic")
	}
	for _, e := range pick(40, func(e *lists.Entry) bool { return long(e) && len(words(e.Name)) >= 2 }) {
		w := words(e.Name)
		i := rng.IntN(len(w) - 1)
		q := strings.Join(append(append(slices.Clone(w[:i]), w[i]+w[i+1]), w[i+2:]...), " ")
		add("joined", e, Query{Name: q}, true, "two words written as one")
	}
	for _, e := range pick(40, func(e *lists.Entry) bool { return e.Kind == lists.KindEntity && hasLegal(e.Name) }) {
		add("legal_form", e, Query{Name: swapLegal(e.Name, rng)}, true, "legal form removed or written differently")
	}
	for _, e := range pick(70, func(e *lists.Entry) bool {
		for _, a := range e.Aliases {
			if a.Quality != lists.QualityWeak && a.Script == "" && len(match.Normalize(a.Name)) >= 2 {
				return true
			}
		}
		return false
	}) {
		for _, a := range e.Aliases {
			if a.Quality != lists.QualityWeak && a.Script == "" && len(match.Normalize(a.Name)) >= 2 {
				add("alias", e, Query{Name: a.Name}, true, a.Type.String())
				break
			}
		}
	}
	for _, e := range pick(25, func(e *lists.Entry) bool {
		return e.Kind == lists.KindVessel && strings.ContainsAny(e.Name, "0123456789")
	}) {
		add("vessel_number", e, Query{Name: e.Name}, true, "")
		add("vessel_number_neg", e, Query{Name: bumpNumber(e.Name)}, false, "another number")
	}
	// DOB: exact name with a conflicting full birth date is another person;
	// a partial name with the right birth year is a match.
	for _, e := range pick(40, func(e *lists.Entry) bool { return indiv(e) && fullDOB(e) != nil }) {
		d := fullDOB(e)
		other := fmt.Sprintf("%04d-%02d-%02d", d.Year+7, (d.Month%12)+1, d.Day)
		add("dob_conflict", e, Query{Name: e.Name, BirthDate: other}, false, "same name, other full birth date")
	}
	for _, e := range pick(30, func(e *lists.Entry) bool { return indiv(e) && fullDOB(e) != nil && len(e.Countries()) > 0 }) {
		d := fullDOB(e)
		add("dob_country_match", e, Query{Name: strings.Join(natural(e), " "), BirthDate: fmt.Sprintf("%04d", d.Year), Country: e.Countries()[0], Kind: "individual"}, true, "")
	}
	for _, e := range pick(30, func(e *lists.Entry) bool {
		return long(e) && len(e.Countries()) > 0 && !slices.Contains(e.Countries(), "IS")
	}) {
		add("country_mismatch", e, Query{Name: e.Name, Country: "IS"}, true, "exact name, other country: countries alone do not clear")
	}
	// near misses: replace the rarest word with an unrelated word from another entry
	for _, e := range pick(80, func(e *lists.Entry) bool { return indiv(e) && len(words(e.Name)) >= 2 }) {
		w := natural(e)
		fam := words(e.Parts.Family)
		var repl string
		for range 20 {
			o := all[rng.IntN(len(all))]
			if o.Kind != lists.KindIndividual || o.Parts == nil || o.Parts.Family == "" {
				continue
			}
			cand := words(o.Parts.Family)[0]
			if len(cand) < 4 || match.JaroWinkler(strings.ToLower(cand), strings.ToLower(fam[0])) > 0.7 {
				continue
			}
			repl = cand
			break
		}
		if repl == "" {
			continue
		}
		q := strings.Join(w[:len(w)-len(fam)], " ") + " " + repl
		if existsAll(tokIdx, q) {
			continue
		}
		add("near_miss", e, Query{Name: q}, false, "family name replaced by another")
	}
	// common names against longer listed names sharing their tokens
	for _, q := range []string{"Mohammed Ali", "Ahmed Hassan", "Ali Hussein", "Mohammad Khan", "Abdul Rahman", "Muhammad Ahmad", "Ali Ahmed", "Hassan Ali", "Ahmad Shah", "Mohamed Abdullah", "Omar Mohamed", "Ibrahim Ali", "Ali Mohammed Hussein", "Abdullah Ahmed", "Mahmoud Ali"} {
		toks := match.Normalize(q)
		cnt := 0
		for _, i := range intersect(tokIdx, toks) {
			e := all[i]
			if cnt >= 5 || hasNameOf(e, sortedKey(q)) || hasNameOf(olderSDN(reg, e), sortedKey(q)) {
				continue // an entry listed under exactly this name is a true hit
			}
			cnt++
			add("common_name", e, Query{Name: q}, false, "common name, no country or birth date")
		}
	}
	// Arabic script: UN original-script names against the same person on the SDN list
	if sdn, ok := reg.Current(lists.ListOFACSDN); ok {
		byKey := map[string]*lists.Entry{}
		for i := range sdn.Entries {
			byKey[sortedKey(sdn.Entries[i].Name)] = &sdn.Entries[i]
		}
		un, _ := reg.Current(lists.ListUN)
		for i := range un.Entries {
			e := &un.Entries[i]
			for _, a := range e.Aliases {
				if a.Script != "original" || !isArabic(a.Name) {
					continue
				}
				if s := byKey[sortedKey(e.Name)]; s != nil && n["arabic_script"] < 40 {
					add("arabic_script", s, Query{Name: a.Name}, true, "UN original-script name vs the SDN entry of the same person")
				}
				break
			}
		}
	}
	return out
}

func shippedRegistry(t testing.TB) *lists.Registry {
	t.Helper()
	shippedOnce.Do(func() { shippedReg, shippedErr = lists.LoadShipped(t.Context()) })
	if shippedErr != nil {
		t.Fatal(shippedErr)
	}
	return shippedReg
}

func sortedKey(s string) string {
	var ws []string
	for _, t := range match.Normalize(s) {
		if t.Flags&(match.FlagParticle|match.FlagLegal) != 0 {
			continue
		}
		ws = append(ws, match.Fold(t.Text))
	}
	slices.Sort(ws)
	return strings.Join(ws, " ")
}

func isArabic(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Arabic, r) {
			return true
		}
	}
	return false
}

func intersect(idx map[string][]int, toks []match.Token) []int {
	var out []int
	for k, t := range toks {
		ids := idx[match.Fold(t.Text)]
		if k == 0 {
			out = slices.Clone(ids)
			continue
		}
		out = slices.DeleteFunc(out, func(i int) bool { _, ok := slices.BinarySearch(ids, i); return !ok })
	}
	return out
}

func existsAll(idx map[string][]int, q string) bool {
	return len(intersect(idx, match.Normalize(q))) > 0
}

func fullDOB(e *lists.Entry) *lists.PartialDate {
	for i, d := range e.BirthDates {
		if d.Precision == lists.PrecisionDay && d.To == nil && !d.Circa && len(e.BirthDates) == 1 {
			return &e.BirthDates[i]
		}
	}
	return nil
}

func russian(e *lists.Entry) bool {
	for _, p := range e.Programs {
		if strings.Contains(p, "RUSSIA") || strings.Contains(p, "UKRAINE") || strings.Contains(p, "BELARUS") {
			return true
		}
	}
	return false
}

func maxWordLen(s string) int {
	m := 0
	for _, w := range strings.Fields(s) {
		m = max(m, len(w))
	}
	return m
}

func accent(s string, rng *rand.Rand) string {
	repl := map[rune][]rune{'a': {'á', 'à', 'ä', 'â'}, 'e': {'é', 'è', 'ë'}, 'i': {'í', 'ï'}, 'o': {'ó', 'ö', 'ô'}, 'u': {'ú', 'ü'}, 'c': {'ç'}, 'n': {'ñ'}, 's': {'š'}, 'z': {'ž'},
		'A': {'Á', 'Ä'}, 'E': {'É', 'È'}, 'I': {'Í'}, 'O': {'Ó', 'Ö'}, 'U': {'Ú', 'Ü'}, 'C': {'Ç'}, 'S': {'Š'}}
	rs := []rune(s)
	for i, r := range rs {
		if alts, ok := repl[r]; ok && rng.IntN(3) == 0 {
			rs[i] = alts[rng.IntN(len(alts))]
		}
	}
	return string(rs)
}

func typo(s string, rng *rand.Rand) string {
	ws := strings.Fields(s)
	li := 0
	for i, w := range ws {
		if len(w) > len(ws[li]) {
			li = i
		}
	}
	w := []byte(ws[li])
	p := 1 + rng.IntN(len(w)-2)
	switch rng.IntN(3) {
	case 0: // substitution
		w[p] = "AEIOUNRSTL"[rng.IntN(10)]
	case 1: // transposition
		w[p], w[p+1] = w[p+1], w[p]
	default: // deletion
		w = append(w[:p], w[p+1:]...)
	}
	ws[li] = string(w)
	return strings.Join(ws, " ")
}

var legalRe = []string{"LLC", "LTD", "LIMITED", "CO.", "COMPANY", "CORP", "CORPORATION", "INC", "GMBH", "S.A.", "SA", "OOO", "JSC", "PJSC", "AO", "OAO", "ZAO", "LLP", "FZE", "FZCO", "PLC", "SDN BHD", "PVT"}

func hasLegal(s string) bool {
	for _, w := range strings.Fields(strings.ToUpper(strings.ReplaceAll(s, ",", " "))) {
		if slices.Contains(legalRe, w) {
			return true
		}
	}
	return false
}

func swapLegal(s string, rng *rand.Rand) string {
	alt := []string{"", "Limited", "LLC", "Co., Ltd.", "GmbH", "S.A.", "Company", "JSC", "OOO"}
	var out []string
	for _, w := range strings.Fields(strings.ReplaceAll(s, ",", " ")) {
		if slices.Contains(legalRe, strings.ToUpper(w)) {
			continue
		}
		out = append(out, w)
	}
	if a := alt[rng.IntN(len(alt))]; a != "" {
		out = append(out, a)
	}
	return strings.Join(out, " ")
}

func bumpNumber(s string) string {
	rs := []rune(s)
	for i := len(rs) - 1; i >= 0; i-- {
		if rs[i] >= '0' && rs[i] <= '9' {
			rs[i] = '0' + (rs[i]-'0'+3)%10
			return string(rs)
		}
	}
	return s
}

var cyrDigraphs = []struct{ lat, cyr string }{
	{"shch", "щ"}, {"zh", "ж"}, {"kh", "х"}, {"ts", "ц"}, {"ch", "ч"}, {"sh", "ш"}, {"yu", "ю"}, {"ya", "я"}, {"ye", "е"}, {"yo", "ё"},
	{"iy", "ий"}, {"yy", "ый"}, {"ey", "ей"}, {"ay", "ай"}, {"oy", "ой"},
	{"a", "а"}, {"b", "б"}, {"v", "в"}, {"g", "г"}, {"d", "д"}, {"e", "е"}, {"z", "з"}, {"i", "и"}, {"y", "ы"}, {"k", "к"}, {"l", "л"},
	{"m", "м"}, {"n", "н"}, {"o", "о"}, {"p", "п"}, {"r", "р"}, {"s", "с"}, {"t", "т"}, {"u", "у"}, {"f", "ф"}, {"x", "кс"}, {"h", "х"}, {"c", "к"}, {"j", "й"}, {"w", "в"}, {"q", "к"},
}

// toCyrillic renders a romanised Russian name in Cyrillic (the reverse of
// BGN/PCGN, greedy on digraphs), title-cased word by word.
func toCyrillic(s string) string {
	var out []string
	for _, w := range strings.Fields(strings.ToLower(s)) {
		var b strings.Builder
		for len(w) > 0 {
			done := false
			for _, d := range cyrDigraphs {
				if strings.HasPrefix(w, d.lat) {
					b.WriteString(d.cyr)
					w = w[len(d.lat):]
					done = true
					break
				}
			}
			if !done {
				b.WriteByte(w[0])
				w = w[1:]
			}
		}
		r := []rune(b.String())
		if len(r) > 0 {
			r[0] = unicode.ToUpper(r[0])
		}
		out = append(out, string(r))
	}
	return strings.Join(out, " ")
}

func hasNameOf(e *lists.Entry, key string) bool {
	if e == nil {
		return false
	}
	for _, n := range e.AllNames() {
		if sortedKey(n) == key {
			return true
		}
	}
	return false
}

// olderSDN returns the 2021-07 version of an SDN entry, whose aliases the
// screener also indexes (the 2024-05 file has no alias file).
func olderSDN(reg *lists.Registry, e *lists.Entry) *lists.Entry {
	if e.List != lists.ListOFACSDN {
		return nil
	}
	if old, ok := reg.Version(lists.ListOFACSDN, "2021-07-07"); ok {
		if oe, ok := old.Lookup(e.SourceID); ok {
			return oe
		}
	}
	return nil
}
