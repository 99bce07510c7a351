package importcsv

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/manifoldhq/manifold/ent/schematype"
	"github.com/manifoldhq/manifold/internal/catalog"
)

// Row is one product row of the file.
type Row struct {
	Line int                 `json:"line"`
	SKU  string              `json:"sku"`
	Data catalog.ProductData `json:"data"`
}

// File is a parsed file before master-data validation.
type File struct {
	Encoding   Encoding
	Delimiter  rune
	Columns    []string // import columns, canonical names in file order
	Warnings   []string
	Total      int        // data rows
	Rows       []Row      // rows without errors, in file order
	Errors     []RowError // row errors, at most Options.MaxErrors
	ErrorCount int        // all row errors
}

// Parse decodes r and converts every row without validating master data or looking at
// existing products. Plan does both; Parse is the parser alone.
func Parse(r io.Reader, opts Options) (*File, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	opts = opts.withDefaults()
	src, err := open(r, opts)
	if err != nil {
		return nil, err
	}
	f := &File{Encoding: src.enc, Delimiter: src.delim, Columns: src.h.Columns(), Warnings: src.warnings, Total: src.total}
	sc := src.scan()
	for {
		rec, ok := sc.next()
		if !ok {
			break
		}
		if len(rec.errs) == 0 {
			f.Rows = append(f.Rows, rec.Row)
			continue
		}
		f.ErrorCount += len(rec.errs)
		f.Errors = appendCapped(f.Errors, opts.MaxErrors, rec.errs...)
	}
	return f, nil
}

func appendCapped(dst []RowError, limit int, errs ...RowError) []RowError {
	if room := limit - len(dst); room < len(errs) {
		errs = errs[:max(room, 0)]
	}
	return append(dst, errs...)
}

// source is a decoded file with a checked header.
type source struct {
	text       string // from the line after the header
	lineOffset int    // lines before text
	enc        Encoding
	delim      rune
	h          *header
	warnings   []string
	total      int
}

// open reads, decodes and checks the file, then counts its rows.
func open(r io.Reader, opts Options) (*source, error) {
	b, err := readLimited(r, opts.MaxBytes)
	if err != nil {
		return nil, err
	}
	text, enc, warnings, err := decode(b, opts.Encoding)
	if err != nil {
		return nil, err
	}
	s := &source{enc: enc, warnings: warnings}
	line := 1
	if d, rest, ok := sepLine(text); ok {
		text, line = rest, 2
		if opts.Delimiter == 0 {
			opts.Delimiter = d
		}
	}
	// encoding/csv skips blank lines; so does the header search.
	for strings.HasPrefix(text, "\n") || strings.HasPrefix(text, "\r\n") {
		_, text, _ = strings.Cut(text, "\n")
		line++
	}
	if strings.TrimSpace(text) == "" {
		return nil, fileErr(ErrEmpty, 0, "the file is empty")
	}
	if s.delim, err = detectDelimiter(text, opts.Delimiter, line); err != nil {
		return nil, err
	}
	cr := newCSVReader(text, s.delim)
	rec, err := cr.Read()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, fileErr(ErrHeader, line+pe.Line-1, "cannot read the header: %s", quoteProblem(pe))
		}
		return nil, fileErr(ErrHeader, line, "cannot read the header: %v", err)
	}
	if s.h, warnings, err = parseHeader(rec, line, opts.IgnoreUnknownColumns); err != nil {
		return nil, err
	}
	s.warnings = append(s.warnings, warnings...)
	// The rest of the file starts after the header record.
	off := cr.InputOffset()
	headerLines := strings.Count(text[:off], "\n")
	if off > 0 && text[off-1] != '\n' { // header ended at EOF without a newline
		headerLines++
	}
	s.text, s.lineOffset = text[off:], line-1+headerLines

	sc := s.scan()
	sc.countOnly = true
	for {
		if _, ok := sc.next(); !ok {
			break
		}
		s.total++
		if s.total > opts.MaxRows {
			return nil, fileErr(ErrTooManyRows, 0, "the file has more than %d rows; split it into files of at most %d rows", opts.MaxRows, opts.MaxRows)
		}
	}
	if s.total == 0 {
		return nil, fileErr(ErrNoRows, 0, "the file has a header but no product rows")
	}
	return s, nil
}

// record is one data row with its problems found while parsing.
type record struct {
	Row
	errs      []RowError
	coaGroups []int // group number of each Data.CoASpec entry
	bad       [nFields]bool
}

// scanner yields the data rows of a source in file order.
type scanner struct {
	src       *source
	r         *csv.Reader
	seen      map[string]int // SKU → first line
	countOnly bool
}

func (s *source) scan() *scanner {
	r := newCSVReader(s.text, s.delim)
	r.FieldsPerRecord = len(s.h.cols)
	return &scanner{src: s, r: r, seen: map[string]int{}}
}

// next returns the next non-blank row; ok is false at the end of the file.
func (sc *scanner) next() (rec record, ok bool) {
	for {
		before := sc.r.InputOffset()
		fields, err := sc.r.Read()
		if err == io.EOF {
			return rec, false
		}
		var pe *csv.ParseError
		if err != nil && !errors.As(err, &pe) {
			return rec, false // strings.Reader does not fail; keep the loop finite anyway
		}
		if pe != nil && !errors.Is(pe.Err, csv.ErrFieldCount) {
			if sc.r.InputOffset() == before {
				return rec, false
			}
			rec.Line = sc.src.lineOffset + pe.StartLine
			if !sc.countOnly {
				rec.errs = append(rec.errs, RowError{Line: rec.Line, Message: quoteProblem(pe)})
			}
			return rec, true
		}
		if allEmpty(fields) {
			continue
		}
		line, _ := sc.r.FieldPos(0)
		rec.Line = sc.src.lineOffset + line
		if sc.countOnly {
			return rec, true
		}
		sc.src.h.convert(&rec, fields)
		if pe != nil {
			rec.errs = append([]RowError{{Line: rec.Line, SKU: rec.SKU,
				Message: fmt.Sprintf("the row has %d values but the header has %d columns", len(fields), len(sc.src.h.cols))}}, rec.errs...)
		}
		if rec.SKU != "" && !rec.bad[fSKU] {
			if first, dup := sc.seen[rec.SKU]; dup {
				rec.bad[fSKU] = true
				rec.errs = append(rec.errs, RowError{Line: rec.Line, Column: sc.src.h.column(fSKU), SKU: rec.SKU,
					Message: fmt.Sprintf("duplicate SKU %q: already on row %d", rec.SKU, first)})
			} else {
				sc.seen[rec.SKU] = rec.Line
			}
		}
		return rec, true
	}
}

func allEmpty(fields []string) bool {
	for _, f := range fields {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

func quoteProblem(pe *csv.ParseError) string {
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		return fmt.Sprintf(`a " inside a value that does not start with a quote (character %d of the line): put the whole value in quotes and double the inner quote, e.g. "5"" drum"`, pe.Column)
	case errors.Is(pe.Err, csv.ErrQuote) && pe.Line != pe.StartLine:
		return fmt.Sprintf(`a quoted value that starts on this row is not closed properly (problem on line %d, character %d); check the quotes`, pe.Line, pe.Column)
	case errors.Is(pe.Err, csv.ErrQuote):
		return fmt.Sprintf(`extra or missing " in a quoted value (character %d of the line); a quote inside a quoted value must be doubled`, pe.Column)
	}
	return pe.Err.Error()
}

// convert fills rec from a CSV record, recording cell problems. Cells of columns the
// file does not have stay zero; merge decides what they mean.
func (h *header) convert(rec *record, fields []string) {
	d := &rec.Data
	var (
		pack schematype.Packaging
		coa  [MaxCoAGroups + 1]schematype.CoASpec // by group number
	)
	fail := func(f field, format string, args ...any) {
		rec.bad[f] = true
		rec.errs = append(rec.errs, RowError{Line: rec.Line, Column: h.column(f), Message: fmt.Sprintf(format, args...)})
	}
	for i, raw := range fields {
		if i >= len(h.cols) {
			break
		}
		v := strings.TrimSpace(raw)
		f := h.cols[i]
		switch {
		case f == colUnnamed:
			if v != "" {
				rec.errs = append(rec.errs, RowError{Line: rec.Line, Column: fmt.Sprintf("column %d", i+1),
					Message: "this column has no header name; name it or remove the value"})
			}
			continue
		case f < 0:
			continue
		case v == "":
			continue
		}
		switch f {
		case fSKU:
			rec.SKU = v
			if len(v) > 64 || strings.ContainsFunc(v, isSpaceOrControl) {
				fail(f, "must be 1 to 64 characters without spaces")
			}
		case fName:
			d.Name = v
		case fDescription:
			d.Description = v
		case fHSCode:
			d.HSCode = v
		case fCountryOfOrigin:
			d.CountryOfOrigin = v
		case fEUClassification:
			d.EUClassification = v
		case fUSClassification:
			d.USClassification = v
		case fUnit:
			d.Unit = v
		case fHazmatUNNumber:
			d.HazmatUNNumber = v
		case fNetWeightG, fGrossWeightG:
			n, msg := parseWhole(v, 64)
			if msg != "" {
				fail(f, "%s", msg)
				continue
			}
			if f == fNetWeightG {
				d.NetWeightG = &n
			} else {
				d.GrossWeightG = &n
			}
		case fLengthMM, fWidthMM, fHeightMM, fShelfLifeDays, fPackagingPerPallet:
			n64, msg := parseWhole(v, 32)
			if msg != "" {
				fail(f, "%s", msg)
				continue
			}
			n := int(n64)
			switch f {
			case fLengthMM:
				d.LengthMM = &n
			case fWidthMM:
				d.WidthMM = &n
			case fHeightMM:
				d.HeightMM = &n
			case fShelfLifeDays:
				d.ShelfLifeDays = &n
			default:
				pack.PerPallet = n
			}
		case fPackagingType:
			pack.Type = v
		case fPackagingDescription:
			pack.Description = v
		case fPackagingNetQty:
			if msg := decimalComma(v); msg != "" {
				fail(f, "%s", msg)
			}
			pack.NetQty = v
		default: // CoA
			i := int(f - fieldCoA)
			g, p := i/len(coaParts)+1, i%len(coaParts)
			spec := &coa[g]
			switch p {
			case coaParameter:
				spec.Parameter = v
			case coaMethod:
				spec.Method = v
			case coaUnit:
				spec.Unit = v
			case coaMin, coaMax:
				if msg := decimalComma(v); msg != "" {
					fail(f, "%s", msg)
				}
				if p == coaMin {
					spec.Min = v
				} else {
					spec.Max = v
				}
			case coaText:
				spec.Text = v
			}
		}
	}
	if rec.SKU == "" {
		fail(fSKU, "is required")
	}
	if pack != (schematype.Packaging{}) {
		d.Packaging = &pack
	}
	for _, g := range h.coaGroups {
		if coa[g] != (schematype.CoASpec{}) {
			d.CoASpec = append(d.CoASpec, coa[g])
			rec.coaGroups = append(rec.coaGroups, g)
		}
	}
	for i := range rec.errs {
		rec.errs[i].SKU = rec.SKU
	}
}

func isSpaceOrControl(r rune) bool {
	return r == ' ' || r == '\t' || r == '\r' || r == '\n' || r < 0x20 || r == 0x7f || r == 0xa0
}

// parseWhole reads a non-negative whole number, explaining what is wrong otherwise.
func parseWhole(s string, bits int) (int64, string) {
	n, err := strconv.ParseInt(s, 10, bits)
	switch {
	case err == nil && n >= 0:
		return n, ""
	case err == nil || strings.HasPrefix(s, "-") && errors.Is(err, strconv.ErrRange):
		return 0, fmt.Sprintf("must not be negative, got %q", s)
	case errors.Is(err, strconv.ErrRange):
		return 0, fmt.Sprintf("is too large, got %q", s)
	case strings.ContainsAny(s, ",."):
		return 0, fmt.Sprintf("must be a whole number without decimal or thousands separators, got %q", s)
	case strings.ContainsFunc(s, func(r rune) bool { return r < '0' || r > '9' }) && strings.ContainsAny(s, "0123456789"):
		return 0, fmt.Sprintf("must be a whole number only (no units or spaces), got %q", s)
	}
	return 0, fmt.Sprintf("must be a whole number, got %q", s)
}

// decimalComma refuses a decimal comma ("1,5"); other mistakes are the validator's.
func decimalComma(s string) string {
	if !strings.Contains(s, ",") {
		return ""
	}
	if strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		return fmt.Sprintf("use a point as the decimal separator: %q, not %q", strings.Replace(s, ",", ".", 1), s)
	}
	return fmt.Sprintf("must be a decimal number with a point and no thousands separators, got %q", s)
}
