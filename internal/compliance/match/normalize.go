package match

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Flag describes the role of a token in a name.
type Flag uint8

// Token flags. A token can carry several.
const (
	FlagLegal      Flag = 1 << iota // part of a company legal form (LLC, GmbH, OOO, S.A., ...)
	FlagParticle                    // name particle or honorific (al, bin, van, de, abu, mr, ...)
	FlagPatronymic                  // Slavic patronymic (-ovich, -evna, ...)
	FlagInitial                     // a single letter (initial)
	FlagDigits                      // a number (vessel numbers, registration numbers)
	FlagAbjad                       // transliterated from Arabic script (short vowels not written)
)

// Token is one normalised word of a name.
type Token struct {
	Text  string // lower case, ASCII where the script could be transliterated
	Flags Flag
}

// Normalize case-folds, transliterates (Cyrillic, Greek, Arabic, Persian to
// Latin), strips diacritics (NFKD, marks dropped) and punctuation, and splits
// a name into tokens. Apostrophes join (O'Brien → obrien), every other
// non-letter, non-digit character separates. Legal forms, particles,
// patronymics, initials and numbers are flagged, not removed: the scorer
// down-weights them.
func Normalize(s string) []Token {
	var toks []Token
	var b strings.Builder
	abjad := false
	var prevGreek rune
	flush := func() {
		if b.Len() > 0 {
			var f Flag
			if abjad {
				f |= FlagAbjad
			}
			toks = append(toks, Token{Text: b.String(), Flags: f})
			b.Reset()
		}
		abjad = false
	}
	emit := func(r rune) {
		if t, ok := latin[r]; ok {
			b.WriteString(t)
			return
		}
		if r < unicode.MaxASCII || unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	for _, r := range norm.NFC.String(s) {
		r = unicode.ToLower(r)
		switch r {
		case '\'', '’', 'ʼ', '`', '´', 'ʻ', '‘', 'ʿ', 'ʾ', 'ـ':
			continue // apostrophes, ayn/hamza marks, Arabic tatweel: join
		}
		if t, ok := cyrillic[r]; ok {
			b.WriteString(t)
			continue
		}
		if t, ok := arabic[r]; ok {
			b.WriteString(t)
			abjad = true
			continue
		}
		if t, ok := greek[r]; ok {
			b.WriteString(greekDigraph(prevGreek, r, t))
			prevGreek = r
			continue
		}
		prev := prevGreek
		prevGreek = 0
		if r < utf8RuneSelf {
			if ('a' <= r && r <= 'z') || ('0' <= r && r <= '9') {
				b.WriteRune(r)
			} else {
				flush()
			}
			continue
		}
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mc, r) {
			flush()
			continue
		}
		// Decompose (é → e + ◌́, ﬁ → fi, full-width → ASCII) and keep base letters.
		for _, d := range norm.NFKD.String(string(r)) {
			if unicode.Is(unicode.Mn, d) {
				continue
			}
			d = unicode.ToLower(d)
			if t, ok := greek[d]; ok { // Greek with tonos decomposes to a base letter
				b.WriteString(greekDigraph(prev, d, t))
				prevGreek = d
				continue
			}
			if t, ok := cyrillic[d]; ok {
				b.WriteString(t)
				continue
			}
			if unicode.IsLetter(d) || unicode.IsDigit(d) {
				emit(d)
			} else {
				flush()
			}
		}
	}
	flush()
	markLegal(toks)
	for i := range toks {
		t := &toks[i]
		if particles[t.Text] {
			t.Flags |= FlagParticle
		}
		if isDigits(t.Text) {
			t.Flags |= FlagDigits
		} else if len(t.Text) == 1 {
			t.Flags |= FlagInitial
		}
		if isPatronymic(t.Text) {
			t.Flags |= FlagPatronymic
		}
	}
	return toks
}

const utf8RuneSelf = 0x80

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

var patronymicSuffixes = []string{"ovich", "evich", "ovych", "evych", "ovna", "evna", "ichna", "ivna", "yevich", "ievich", "ovic", "evic", "ogly", "oglu", "kyzy", "uulu"}

func isPatronymic(s string) bool {
	if len(s) < 6 {
		return s == "ogly" || s == "ogli" || s == "kyzy" || s == "uulu"
	}
	for _, suf := range patronymicSuffixes {
		if strings.HasSuffix(s, suf) {
			return true
		}
	}
	return false
}

// particles are connectors, articles and honorifics that carry little
// identifying information; they are kept but weigh little.
var particles = setOf(
	"al", "el", "ul", "ad", "an", "ar", "as", "ash", "at", "az", "bin", "ibn", "ben", "bint", "bn", "binti", "abu", "abou", "abo", "umm",
	"ould", "ag", "wa", "de", "del", "della", "der", "den", "des", "di", "da", "do", "dos", "das", "du", "la", "le", "les", "lo", "van", "von", "ter", "ten", "y", "e", "i",
	"of", "the", "and", "und", "et", "mr", "mrs", "ms", "dr", "sheikh", "shaikh", "sheik", "haji", "hajji", "mullah", "mulla", "maulana", "sayed", "sayyid", "syed",
	"general", "gen", "col", "colonel", "capt", "captain",
)

func setOf(ss ...string) map[string]bool {
	m := make(map[string]bool, len(ss))
	for _, s := range ss {
		m[s] = true
	}
	return m
}

// legalForms are company legal forms, as token sequences after
// normalisation. Forms made only of single letters ("s a" for S.A.) are
// recognised only at the end of a name, so that initials are not mistaken
// for them.
var legalForms = func() [][]string {
	src := []string{
		"llc", "ltd", "limited", "co", "company", "corp", "corporation", "inc", "incorporated", "gmbh", "ag", "sa", "sas", "sarl", "srl", "spa",
		"sl", "slu", "bv", "nv", "kg", "kgaa", "ohg", "plc", "pvt", "pte", "pty", "llp", "lp", "jsc", "pjsc", "ojsc", "cjsc", "ooo", "zao", "oao", "ao",
		"pao", "tov", "pat", "prat", "fze", "fzco", "fzc", "fzllc", "fz", "llc", "sdn", "bhd", "tbk", "oy", "oyj", "ab", "aps", "kft", "zrt", "sro", "doo",
		"eood", "ood", "ltda", "sac", "saic", "sae", "sal", "sarl", "wll", "lda", "gie", "ek", "ug", "kk", "cv", "scs", "snc", "establishment", "est",
		"s a", "s a s", "s a r l", "s r l", "s p a", "s l", "b v", "n v", "l l c", "l l p", "l t d", "p l c", "j s c", "a s", "a g", "s a l", "w l l",
		"sa de cv", "s a de c v", "de cv", "s de rl de cv", "s de r l de c v", "s de rl", "sp z o o", "sp zoo", "s r o", "d o o", "k k", "a o", "o o o",
		"co ltd", "pvt ltd", "pte ltd", "pty ltd", "sdn bhd", "fz llc", "fz co", "fz e", "co inc", "co llc",
		"limited liability company", "limited liability partnership", "limited partnership", "joint stock company", "public joint stock company",
		"closed joint stock company", "open joint stock company", "private joint stock company", "private limited", "private limited company",
		"public limited company", "public company limited", "societe anonyme", "sociedad anonima", "societa per azioni", "societe a responsabilite limitee",
		"aktiengesellschaft", "gesellschaft mit beschrankter haftung", "obshchestvo s ogranichennoy otvetstvennostyu", "aktsionernoe obshchestvo",
		"publichnoe aktsionernoe obshchestvo", "zakrytoe aktsionernoe obshchestvo", "otkrytoe aktsionernoe obshchestvo", "tovarystvo z obmezhenoyu vidpovidalnistyu",
		"sirketi", "anonim sirketi", "limited sirketi", "as",
	}
	out := make([][]string, 0, len(src))
	for _, s := range src {
		out = append(out, strings.Fields(s))
	}
	// longest first
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && len(out[j]) > len(out[j-1]); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}()

func markLegal(toks []Token) {
	if len(toks) < 2 {
		return // a bare "Limited" or "AO" is a name, not a form
	}
	for i := 0; i < len(toks); {
		n := legalAt(toks, i)
		if n == 0 {
			i++
			continue
		}
		for k := i; k < i+n; k++ {
			toks[k].Flags |= FlagLegal
		}
		i += n
	}
	// never flag every token: "Company Limited" alone keeps its words
	all := true
	for _, t := range toks {
		if t.Flags&FlagLegal == 0 {
			all = false
			break
		}
	}
	if all {
		for i := range toks {
			toks[i].Flags &^= FlagLegal
		}
	}
}

func legalAt(toks []Token, i int) int {
next:
	for _, f := range legalForms {
		if i+len(f) > len(toks) {
			continue
		}
		single := true
		for k, w := range f {
			if toks[i+k].Text != w {
				continue next
			}
			if len(w) > 1 {
				single = false
			}
		}
		if single && i+len(f) != len(toks) {
			continue
		}
		if len(f) == 1 && (f[0] == "as" || f[0] == "sa" || f[0] == "ag" || f[0] == "ab" || f[0] == "est") && i != len(toks)-1 {
			continue // ambiguous short forms only at the end
		}
		return len(f)
	}
	return 0
}

// greekDigraph renders υ after α/ε/η as v (ELOT 743: αυ, ευ, ηυ → av, ev, iv)
// and after ο as u (ου → ou).
func greekDigraph(prev, r rune, t string) string {
	if r != 'υ' {
		return t
	}
	switch prev {
	case 'α', 'ε', 'η':
		return "v"
	case 'ο':
		return "u"
	}
	return t
}
