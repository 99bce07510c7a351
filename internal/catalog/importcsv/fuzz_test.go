package importcsv

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/manifoldhq/manifold/internal/catalog"
)

// FuzzParse: the parser never panics; a refused file is a *FileError with a known
// reason; every accepted row has a valid, unique SKU; rows and errors come in file
// order; planning the same input agrees with the parser.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.csv"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, uint8(0))
		f.Add(b, uint8(4))
	}
	for _, s := range []string{
		minimalHeader + "A1,Acid,291521,DE,KGM\n",
		"sep=;\nsku;name;hs_code;country_of_origin;unit;coa_1_parameter;coa_1_min\nA1;\"Acid\n2\";291521;DE;KGM;P;\"1,5\"\n",
		"SKU\tHS\tCountry\tUnit\tName\nA1\t2915\tDE\tKGM\t\"x\"\"y\"\n",
		minimalHeader + "A1,5\" drum,1,DE,KGM\nA1,a,1,DE\n,,,,\n",
		"\xEF\xBB\xBF" + minimalHeader + "A1,Caf\xc3\xa9,1,DE,KGM",
		"\xFF\xFEs\x00k\x00u\x00",
	} {
		f.Add([]byte(s), uint8(0))
	}
	f.Fuzz(func(t *testing.T, in []byte, mode uint8) {
		opts := Options{MaxRows: 1000, MaxBytes: 1 << 20, MaxErrors: 50, BatchSize: 7}
		opts.Encoding = []Encoding{EncodingAuto, EncodingUTF8, EncodingWindows1252, EncodingISO88591}[mode%4]
		opts.Delimiter = []rune{0, ',', ';', '\t'}[mode/4%4]
		opts.IgnoreUnknownColumns = mode&16 != 0

		file, err := Parse(bytes.NewReader(in), opts)
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) || fe.Detail == "" {
				t.Fatalf("Parse error %v is not a *FileError", err)
			}
			known := false
			for _, r := range []error{ErrEmpty, ErrEncoding, ErrDelimiter, ErrHeader, ErrNoRows, ErrTooLarge, ErrTooManyRows} {
				known = known || errors.Is(err, r)
			}
			if !known {
				t.Fatalf("Parse error %v has no known reason", err)
			}
			return
		}
		seen := map[string]bool{}
		last := 0
		for _, r := range file.Rows {
			if r.SKU == "" || len(r.SKU) > 64 || strings.ContainsAny(r.SKU, " \t\r\n") || seen[r.SKU] {
				t.Fatalf("accepted row %d has SKU %q", r.Line, r.SKU)
			}
			seen[r.SKU] = true
			if r.Line <= last {
				t.Fatalf("row line %d after %d", r.Line, last)
			}
			last = r.Line
		}
		last = 0
		for _, e := range file.Errors {
			if e.Line < last || e.Line < 2 || e.Message == "" {
				t.Fatalf("error %+v after line %d", e, last)
			}
			last = e.Line
		}
		if file.Total < len(file.Rows) || len(file.Errors) > opts.MaxErrors || file.ErrorCount < len(file.Errors) ||
			(file.ErrorCount == 0) != (len(file.Rows) == file.Total) {
			t.Fatalf("total %d, rows %d, errors %d of %d", file.Total, len(file.Rows), len(file.Errors), file.ErrorCount)
		}

		// Every second accepted SKU already exists, with other data.
		existing := func(_ context.Context, skus []string) (map[string]catalog.ProductData, error) {
			out := map[string]catalog.ProductData{}
			for i, s := range skus {
				if i%2 == 0 {
					out[s] = acid()
				}
			}
			return out, nil
		}
		rep, err := Plan(t.Context(), bytes.NewReader(in), opts, testValidator, existing)
		if err != nil {
			t.Fatalf("Plan failed on a file Parse accepted: %v", err)
		}
		c := rep.Counts
		if c.Rows != file.Total || len(rep.Rows) != c.Rows || c.Create+c.Update+c.Unchanged+c.Error != c.Rows || c.Error < file.Total-len(file.Rows) {
			t.Fatalf("counts %+v for %d rows, %d accepted by Parse", c, file.Total, len(file.Rows))
		}
		for _, r := range rep.Rows {
			if (r.Action == ActionCreate || r.Action == ActionUpdate) != (r.Data != nil) {
				t.Fatalf("row %+v", r)
			}
		}
	})
}
