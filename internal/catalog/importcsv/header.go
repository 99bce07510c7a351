package importcsv

import (
	"encoding/csv"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/manifoldhq/manifold/internal/platform/problem"
)

// field identifies an import column. CoA columns follow the fixed ones: group g
// (1-based) part p is fieldCoA + (g-1)*len(coaParts) + p.
type field int

const (
	fSKU field = iota
	fName
	fDescription
	fHSCode
	fCountryOfOrigin
	fEUClassification
	fUSClassification
	fUnit
	fNetWeightG
	fGrossWeightG
	fLengthMM
	fWidthMM
	fHeightMM
	fHazmatUNNumber
	fShelfLifeDays
	fPackagingType
	fPackagingDescription
	fPackagingNetQty
	fPackagingPerPallet
	fieldCoA
)

// MaxCoAGroups is the number of coa_N_* column groups a file may have.
const MaxCoAGroups = 20

var coaParts = [...]string{"parameter", "method", "unit", "min", "max", "text"}

const (
	coaParameter = iota
	coaMethod
	coaUnit
	coaMin
	coaMax
	coaText
)

const nFields = int(fieldCoA) + MaxCoAGroups*len(coaParts)

// Column names are the JSON names of catalog.ProductData, packaging flattened with a
// packaging_ prefix, so a validator's JSON pointer maps back to a column.
var fixedNames = [fieldCoA]string{
	"sku", "name", "description", "hs_code", "country_of_origin", "eu_classification",
	"us_classification", "unit", "net_weight_g", "gross_weight_g", "length_mm", "width_mm",
	"height_mm", "hazmat_un_number", "shelf_life_days", "packaging_type",
	"packaging_description", "packaging_net_qty", "packaging_per_pallet",
}

// RequiredColumns must be in every file.
var RequiredColumns = []string{"sku", "name", "hs_code", "country_of_origin", "unit"}

// aliases are other names people give the columns (after normalisation).
var aliases = map[string]string{
	"hs": "hs_code", "hscode": "hs_code", "hs_tariff_code": "hs_code", "hts": "hs_code", "hts_code": "hs_code",
	"tariff_code": "hs_code", "country": "country_of_origin", "origin": "country_of_origin",
	"origin_country": "country_of_origin", "coo": "country_of_origin", "product_name": "name",
	"uom": "unit", "unit_of_measure": "unit", "un_number": "hazmat_un_number", "eccn": "us_classification",
	"item_number": "sku", "article_number": "sku",
}

func coaField(group, part int) field {
	return fieldCoA + field((group-1)*len(coaParts)+part)
}

func (f field) name() string {
	if f < fieldCoA {
		return fixedNames[f]
	}
	i := int(f - fieldCoA)
	return fmt.Sprintf("coa_%d_%s", i/len(coaParts)+1, coaParts[i%len(coaParts)])
}

// normName folds a header cell: trimmed, lower case, spaces, hyphens and dots as "_".
func normName(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '.':
			return '_'
		}
		return r
	}, s)
}

// lookupColumn resolves a header cell to a column; group > MaxCoAGroups reports a CoA
// group out of range.
func lookupColumn(cell string) (f field, ok bool, group int) {
	n := normName(cell)
	if a, found := aliases[n]; found {
		n = a
	}
	if i := slices.Index(fixedNames[:], n); i >= 0 {
		return field(i), true, 0
	}
	rest, found := strings.CutPrefix(n, "coa_")
	if !found {
		return 0, false, 0
	}
	num, part, found := strings.Cut(rest, "_")
	g, err := strconv.Atoi(num)
	p := slices.Index(coaParts[:], part)
	if !found || err != nil || g < 1 || p < 0 || num[0] == '+' {
		return 0, false, 0
	}
	if g > MaxCoAGroups {
		return 0, false, g
	}
	return coaField(g, p), true, 0
}

const (
	colIgnored = -1 // unknown column, ignored with a warning
	colUnnamed = -2 // no header name: must stay empty
)

// MaxColumns bounds the header width.
const MaxColumns = 500

// header maps CSV columns to fields.
type header struct {
	cols      []field         // per CSV column: a field, colIgnored or colUnnamed
	text      [nFields]string // header cell as written, for present fields
	present   [nFields]bool
	coaGroups []int // groups with columns, ascending
	anyCoA    bool
	anyPack   bool
}

// Columns are the import columns of the file, canonical names in file order.
func (h *header) Columns() []string {
	var out []string
	for _, f := range h.cols {
		if f >= 0 {
			out = append(out, f.name())
		}
	}
	return out
}

// column is the header name of f as written in the file, or its canonical name.
func (h *header) column(f field) string {
	if h.present[f] {
		return h.text[f]
	}
	return f.name()
}

// parseHeader checks a header record; line is its line number.
func parseHeader(rec []string, line int, ignoreUnknown bool) (*header, []string, error) {
	var (
		h        = &header{cols: make([]field, len(rec))}
		problems []problem.FieldError
		warnings []string
		firstCol [nFields]int
		known    int
	)
	at := func(i int) string { return fmt.Sprintf("row %d, column %d", line, i+1) }
	if len(rec) > MaxColumns {
		return nil, nil, fileErr(ErrHeader, line, "the header has %d columns; at most %d are allowed", len(rec), MaxColumns)
	}
	for i, cell := range rec {
		name := strings.TrimSpace(cell)
		f, ok, group := lookupColumn(cell)
		switch {
		case name == "":
			h.cols[i] = colUnnamed
		case group > 0:
			problems = append(problems, problem.Field(at(i), "%q: at most %d CoA groups are allowed (coa_1_* to coa_%d_*)", name, MaxCoAGroups, MaxCoAGroups))
			h.cols[i] = colIgnored
		case !ok:
			h.cols[i] = colIgnored
			msg := fmt.Sprintf("unknown column %q", name)
			if s := suggest(name); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			if ignoreUnknown {
				warnings = append(warnings, fmt.Sprintf("column %d: %s was ignored", i+1, msg))
			} else {
				problems = append(problems, problem.Field(at(i), "%s", msg))
			}
		case h.present[f]:
			j := firstCol[f]
			problems = append(problems, problem.Field(at(i), "%q is a duplicate of column %d %q (both are %s)", name, j+1, h.text[f], f.name()))
			h.cols[i] = colIgnored
		default:
			known++
			h.cols[i], h.present[f], h.text[f], firstCol[f] = f, true, name, i
		}
	}
	if known == 0 {
		return nil, nil, fileErr(ErrHeader, line,
			"missing header: line %d must name the columns (at least %s); it reads %s",
			line, strings.Join(RequiredColumns, ", "), quoteList(rec, 5))
	}
	var missing []string
	for _, name := range RequiredColumns {
		f, _, _ := lookupColumn(name)
		if !h.present[f] {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		problems = append([]problem.FieldError{problem.Field(fmt.Sprintf("row %d", line), "missing required columns: %s", strings.Join(missing, ", "))}, problems...)
	}
	for g := 1; g <= MaxCoAGroups; g++ {
		has := false
		for p := range coaParts {
			has = has || h.present[coaField(g, p)]
		}
		if !has {
			continue
		}
		h.anyCoA = true
		h.coaGroups = append(h.coaGroups, g)
		if !h.present[coaField(g, coaParameter)] {
			problems = append(problems, problem.Field(fmt.Sprintf("row %d", line), "coa_%d columns need a coa_%d_parameter column", g, g))
		}
	}
	for f := fPackagingType; f <= fPackagingPerPallet; f++ {
		h.anyPack = h.anyPack || h.present[f]
	}
	if len(problems) > 0 {
		e := fileErr(ErrHeader, line, "the header has %d problem(s)", len(problems))
		e.Fields = problems
		return nil, nil, e
	}
	return h, warnings, nil
}

func quoteList(rec []string, n int) string {
	var parts []string
	for i, s := range rec {
		if i == n {
			parts = append(parts, "…")
			break
		}
		if len(s) > 40 {
			s = s[:40] + "…"
		}
		parts = append(parts, strconv.Quote(s))
	}
	return strings.Join(parts, ", ")
}

// suggest proposes a known column within two edits of an unknown one.
func suggest(name string) string {
	n := normName(name)
	best, bestD := "", 3
	for _, c := range fixedNames {
		if d := editDistance(n, c, bestD); d < bestD {
			best, bestD = c, d
		}
	}
	if strings.HasPrefix(n, "coa") {
		for _, p := range coaParts {
			if d := editDistance(n, "coa_1_"+p, bestD); d < bestD {
				best, bestD = "coa_N_"+p, d
			}
		}
	}
	return best
}

// editDistance is the Levenshtein distance, or limit when it is at least limit.
func editDistance(a, b string, limit int) int {
	if len(a) > 64 || len(b) > 64 {
		return limit
	}
	if d := len(a) - len(b); d >= limit || -d >= limit {
		return limit
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return min(prev[len(b)], limit)
}

// newCSVReader reads text with delimiter d, strictly.
func newCSVReader(text string, d rune) *csv.Reader {
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = d
	r.LazyQuotes = false
	r.FieldsPerRecord = -1
	// Leading spaces before a quote ("a, "b"") are common; with tab as the delimiter the
	// reader would also swallow empty fields, so trim only for the other delimiters.
	r.TrimLeadingSpace = d != '\t'
	r.ReuseRecord = true
	return r
}

// knownColumns counts the import columns in the first record of text read with d.
func knownColumns(text string, d rune) (known, fields int) {
	rec, err := newCSVReader(text, d).Read()
	if err != nil {
		return 0, 0
	}
	for _, c := range rec {
		if _, ok, _ := lookupColumn(c); ok {
			known++
		}
	}
	return known, len(rec)
}

// detectDelimiter chooses the delimiter of text (which starts at the header line).
func detectDelimiter(text string, forced rune, line int) (rune, error) {
	candidates := []rune{',', ';', '\t'}
	if forced != 0 {
		known, fields := knownColumns(text, forced)
		if known > 0 && fields > 1 {
			return forced, nil
		}
		for _, d := range candidates {
			if k, _ := knownColumns(text, d); d != forced && k > 1 {
				return 0, fileErr(ErrDelimiter, line,
					"wrong delimiter: with delimiter=%s the header reads as one column, but the file seems to use %s; choose delimiter=%s or leave the delimiter to auto-detection",
					DelimiterName(forced), DelimiterName(d), DelimiterName(d))
			}
		}
		return forced, nil // parseHeader explains what is wrong with it
	}
	best, bestKnown := ',', 0
	for _, d := range candidates {
		if k, _ := knownColumns(text, d); k > bestKnown {
			best, bestKnown = d, k
		}
	}
	if bestKnown == 0 {
		for _, d := range []rune{'|', ':', '^'} {
			if k, _ := knownColumns(text, d); k > 1 {
				return 0, fileErr(ErrDelimiter, line,
					"wrong delimiter: the file seems to use %q; save it with comma, semicolon or tab as the delimiter", string(d))
			}
		}
	}
	return best, nil
}

// sepLine recognises Excel's "sep=;" first line.
func sepLine(text string) (rune, string, bool) {
	first, rest, _ := strings.Cut(text, "\n")
	first = strings.TrimRight(first, "\r")
	v, ok := strings.CutPrefix(strings.ToLower(first), "sep=")
	if !ok || len(v) != 1 {
		return 0, text, false
	}
	switch v[0] {
	case ',', ';', '\t':
		return rune(v[0]), rest, true
	}
	return 0, text, false
}
