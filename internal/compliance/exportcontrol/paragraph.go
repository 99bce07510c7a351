package exportcontrol

import "strings"

// Classification codes are an ECCN or Annex I head ("3A001") followed by paragraphs
// (".a.1.a"). A code covers itself and everything below it.

// headOf returns the five-character head of a code ("3A001.a.1" → "3A001").
func headOf(code string) string {
	if i := strings.IndexByte(code, '.'); i >= 0 {
		return code[:i]
	}
	return code
}

// within reports whether code is ref or below it, comparing whole paragraphs:
// "3A001.a.1.a" is within "3A001.a.1", "3A001.ab" is not within "3A001.a".
func within(code, ref string) bool {
	return code == ref || strings.HasPrefix(code, ref+".")
}

// scope is how a paragraph-specific rule relates to a classification.
type scope int

const (
	scopeNo    scope = iota // the classification is outside the paragraphs
	scopeYes                // the classification is inside one of them
	scopeMaybe              // the classification is above one of them: the caller did not say which paragraph
)

// paragraphScope relates code to a list of paragraph references.
func paragraphScope(code string, refs []string) scope {
	s := scopeNo
	for _, ref := range refs {
		switch {
		case within(code, ref):
			return scopeYes
		case within(ref, code):
			s = scopeMaybe
		}
	}
	return s
}
