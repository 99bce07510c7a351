package masterdata

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// UnitPattern is the canonical form of a UN/ECE Recommendation 20 common code.
var UnitPattern = regexp.MustCompile(`^[0-9A-Z]{2,3}$`)

// rec20.tsv.gz holds UN/ECE Recommendation 20, Annexes II and III, one code a line:
// status TAB common code TAB name. Status is "" (active), "D" (deprecated) or "X"
// (deleted). Source and date: README.md.
//
//go:embed rec20.tsv.gz
var rec20GZ []byte

// Unit is a UN/ECE Recommendation 20 unit of measure.
type Unit struct {
	Code string // common code, e.g. "KGM"
	Name string // English name, e.g. "kilogram"
	// Deprecated codes are still valid but UN/CEFACT plans to delete them; prefer another.
	Deprecated bool
}

type rec20Entry struct {
	Unit
	deleted bool
}

var rec20 = sync.OnceValue(func() map[string]rec20Entry {
	m, err := parseRec20(rec20GZ)
	if err != nil {
		panic(err) // the embedded file is part of the build; tests read it
	}
	return m
})

func parseRec20(gz []byte) (map[string]rec20Entry, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("masterdata: rec20: %w", err)
	}
	m := make(map[string]rec20Entry, 2200)
	sc := bufio.NewScanner(zr)
	for line := 1; sc.Scan(); line++ {
		status, rest, ok1 := strings.Cut(sc.Text(), "\t")
		code, name, ok2 := strings.Cut(rest, "\t")
		if !ok1 || !ok2 || !UnitPattern.MatchString(code) || name == "" {
			return nil, fmt.Errorf("masterdata: rec20 line %d is malformed", line)
		}
		if _, dup := m[code]; dup {
			return nil, fmt.Errorf("masterdata: rec20 line %d repeats code %s", line, code)
		}
		m[code] = rec20Entry{
			Unit:    Unit{Code: code, Name: name, Deprecated: status == "D"},
			deleted: status == "X",
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("masterdata: rec20: %w", err)
	}
	return m, nil
}

// unitSymbolHints maps symbols and abbreviations people type for common units to the
// Recommendation 20 code, to say what to use instead. None of them is a valid code
// (KG and MT were deleted: keg and mat).
var unitSymbolHints = map[string]string{
	"KG": "KGM", "G": "GRM", "GR": "GRM", "T": "TNE", "MT": "TNE", "TON": "TNE",
	"L": "LTR", "LT": "LTR", "ML": "MLT", "M": "MTR", "CM": "CMT", "MM": "MMT", "KM": "KMT",
	"M2": "MTK", "SQM": "MTK", "M3": "MTQ", "CBM": "MTQ",
	"PC": "H87", "PCS": "H87", "PCE": "H87", "LB": "LBR", "LBS": "LBR",
}

// ParseUnit validates a Recommendation 20 common code ("kgm" → KGM, kilogram).
func ParseUnit(s string) (Unit, error) {
	c := compact(s, "")
	if hint, ok := unitSymbolHints[c]; ok {
		return Unit{}, invalid("unit code must be a UN/ECE Recommendation 20 code: %s (%s) rather than %s",
			hint, rec20()[hint].Name, c)
	}
	switch {
	case c == "":
		return Unit{}, invalid("unit code is required")
	case !UnitPattern.MatchString(c):
		return Unit{}, invalid("unit code must be a UN/ECE Recommendation 20 code such as KGM, LTR or H87")
	}
	e, ok := rec20()[c]
	switch {
	case ok && e.deleted:
		return Unit{}, invalid("unit code %s (%s) was deleted from UN/ECE Recommendation 20", c, e.Name)
	case ok:
		return e.Unit, nil
	case len(c) == 3 && c[0] == 'X':
		return Unit{}, invalid("unit code %s is a UN/ECE Recommendation 21 package code, not a unit of measure", c)
	}
	return Unit{}, invalid("unit code must be a UN/ECE Recommendation 20 code such as KGM, LTR or H87")
}

// UnitCode returns the normalised unit code.
func UnitCode(s string) (string, error) {
	u, err := ParseUnit(s)
	return u.Code, err
}

// LookupUnit finds a valid (active or deprecated) unit by its canonical code.
func LookupUnit(code string) (Unit, bool) {
	e, ok := rec20()[code]
	if !ok || e.deleted {
		return Unit{}, false
	}
	return e.Unit, true
}

// Units lists the valid units, sorted by code; deprecated ones are included and flagged.
func Units() []Unit {
	out := make([]Unit, 0, len(rec20()))
	for _, e := range rec20() {
		if !e.deleted {
			out = append(out, e.Unit)
		}
	}
	slices.SortFunc(out, func(a, b Unit) int { return strings.Compare(a.Code, b.Code) })
	return out
}
