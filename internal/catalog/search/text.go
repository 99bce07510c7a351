package search

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/manifoldhq/manifold/ent/schematype"
	"github.com/manifoldhq/manifold/internal/platform/problem"
)

// Limits of a search text.
const (
	MaxQueryLen   = 200 // characters of ?q=
	maxTerms      = 16  // terms and phrases in one query
	maxTokenLen   = 100 // longer tokens are not indexed (nobody types them)
	maxPositions  = 255 // positions kept per lexeme (PostgreSQL keeps at most 256)
	maxTSPosition = 16383
)

// Tokens splits s into lower-case runs of letters and digits: the one tokenizer of
// both the index and the query, so that "CHEM-TEA-99" is chem, tea, 99 everywhere. It
// matches SQLite's unicode61 tokenizer with remove_diacritics 0.
func Tokens(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) }) {
		if len(f) <= maxTokenLen {
			out = append(out, strings.ToLower(f))
		}
	}
	return out
}

// Document builds the weighted tsvector of a product: name and SKU weigh A, the
// description C. Lexemes are quoted, so PostgreSQL stores them exactly as built here.
// (Each marketplace's entries have a partition and a GIN index of their own, migration
// 00020, so a prefix expands over the marketplace's own lexemes only; until migration
// 00021 every lexeme also carried a tag of its tenant to the same end.)
func Document(name, sku, description string) schematype.TSVector {
	type lex struct {
		positions []string
	}
	lexemes := map[string]*lex{}
	pos := 0
	add := func(text, weight string) {
		for _, t := range Tokens(text) {
			pos = min(pos+1, maxTSPosition)
			l := lexemes[t]
			if l == nil {
				l = &lex{}
				lexemes[t] = l
			}
			if len(l.positions) < maxPositions {
				l.positions = append(l.positions, strconv.Itoa(pos)+weight)
			}
		}
	}
	add(name, "A")
	add(sku, "A")
	add(description, "C")
	keys := make([]string, 0, len(lexemes))
	for k := range lexemes {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(quoteLexeme(k))
		b.WriteByte(':')
		b.WriteString(strings.Join(lexemes[k].positions, ","))
	}
	return schematype.TSVector(b.String())
}

// quoteLexeme quotes a token for tsvector and tsquery input. Tokens hold only letters
// and digits, but escaping keeps the function safe for anything.
func quoteLexeme(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// Term is one thing to look for: a word (its tokens must appear in this order; the
// last one as a prefix) or a quoted phrase (exact tokens).
type Term struct {
	Tokens []string
	Prefix bool
}

// Group is a set of alternatives (written with OR); a negated group must not match.
type Group struct {
	Alts []Term
	Not  bool
}

// Text is a parsed search text: every group must match.
type Text struct{ Groups []Group }

// Empty reports whether there is nothing to match (every product matches).
func (t Text) Empty() bool { return len(t.Groups) == 0 }

// ParseText reads a search box in the spirit of PostgreSQL's websearch_to_tsquery:
// words are ANDed and prefix-matched, "quoted phrases" match exactly, -word and
// -"phrase" exclude, and OR between two words or phrases makes them alternatives.
// Punctuation never reaches a query language: each word becomes tokens (see Tokens)
// that the dialects quote themselves. A text that is too long, has too many terms or
// only excludes is a 400 naming query.q.
func ParseText(q string) (Text, error) {
	bad := func(msg string, args ...any) error {
		return problem.Validation("invalid search", problem.Field("query.q", msg, args...))
	}
	if n := len([]rune(q)); n > MaxQueryLen {
		return Text{}, bad("is at most %d characters", MaxQueryLen)
	}
	var (
		out     Text
		pendOr  bool
		rs      = []rune(q)
		nterms  int
		hasPosi bool
	)
	for i := 0; i < len(rs); {
		r := rs[i]
		if unicode.IsSpace(r) {
			i++
			continue
		}
		neg := false
		if r == '-' && i+1 < len(rs) && !unicode.IsSpace(rs[i+1]) {
			neg = true
			i++
		}
		var term Term
		if i < len(rs) && rs[i] == '"' {
			j := i + 1
			for j < len(rs) && rs[j] != '"' {
				j++
			}
			term = Term{Tokens: Tokens(string(rs[i+1 : j]))}
			i = min(j+1, len(rs))
		} else {
			j := i
			for j < len(rs) && !unicode.IsSpace(rs[j]) && rs[j] != '"' {
				j++
			}
			word := string(rs[i:j])
			i = j
			if !neg && strings.EqualFold(word, "or") && len(out.Groups) > 0 && !out.Groups[len(out.Groups)-1].Not {
				pendOr = true
				continue
			}
			term = Term{Tokens: Tokens(word), Prefix: true}
		}
		if len(term.Tokens) == 0 {
			continue
		}
		if nterms++; nterms > maxTerms {
			return Text{}, bad("has more than %d words or phrases", maxTerms)
		}
		if pendOr && !neg {
			g := &out.Groups[len(out.Groups)-1]
			g.Alts = append(g.Alts, term)
			pendOr = false
			continue
		}
		pendOr = false
		out.Groups = append(out.Groups, Group{Alts: []Term{term}, Not: neg})
		hasPosi = hasPosi || !neg
	}
	if len(out.Groups) > 0 && !hasPosi {
		return Text{}, bad("needs at least one word to look for, not only exclusions")
	}
	return out, nil
}

// TSQuery renders t as PostgreSQL tsquery input (cast with ::tsquery, never parsed by
// to_tsquery): 'chem' <-> 'tea':* & ('acid':* | 'base':*) & !'x':*.
func (t Text) TSQuery() string {
	var parts []string
	for _, g := range t.Groups {
		var alts []string
		for _, a := range g.Alts {
			toks := make([]string, len(a.Tokens))
			for i, tok := range a.Tokens {
				toks[i] = quoteLexeme(tok)
				if a.Prefix && i == len(a.Tokens)-1 {
					toks[i] += ":*"
				}
			}
			alts = append(alts, "("+strings.Join(toks, " <-> ")+")")
		}
		s := "(" + strings.Join(alts, " | ") + ")"
		if g.Not {
			s = "!" + s
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " & ")
}

// FTS5 renders t as an SQLite FTS5 query: ("chem tea"* OR "acid"*) AND "x" NOT "y"*.
func (t Text) FTS5() string {
	var pos, neg []string
	for _, g := range t.Groups {
		var alts []string
		for _, a := range g.Alts {
			s := `"` + strings.Join(a.Tokens, " ") + `"`
			if a.Prefix {
				s += "*"
			}
			alts = append(alts, s)
		}
		s := "(" + strings.Join(alts, " OR ") + ")"
		if g.Not {
			neg = append(neg, s)
		} else {
			pos = append(pos, s)
		}
	}
	out := "(" + strings.Join(pos, " AND ") + ")"
	for _, n := range neg {
		out += " NOT " + n
	}
	return out
}

// String is for logs and tests.
func (t Text) String() string { return fmt.Sprintf("%+v", t.Groups) }

func itoa(n int) string     { return strconv.Itoa(n) }
func i64toa(n int64) string { return strconv.FormatInt(n, 10) }
