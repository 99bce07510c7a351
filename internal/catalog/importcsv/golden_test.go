package importcsv

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/manifoldhq/manifold/internal/catalog"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; run go test -update and review the diff\ngot:\n%s", name, got)
	}
}

func openSample(t testing.TB, name string) *os.File {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// sampleStore holds three of the sample's products as the seller's catalog: one as in
// the file, one renamed and without its CoA specification, one with other packaging.
func sampleStore(t *testing.T) *fakeStore {
	t.Helper()
	first, err := Plan(t.Context(), openSample(t, "sample.csv"), Options{}, testValidator, newFakeStore(nil).lookup)
	if err != nil {
		t.Fatal(err)
	}
	existing := map[string]catalog.ProductData{}
	for _, r := range first.Rows {
		if r.Data == nil {
			continue
		}
		d := *r.Data
		switch r.SKU {
		case "CHEM-ACA-25":
		case "FOOD-VAN-1":
			d.Name, d.CoASpec = "Vanilla beans grade A", nil
		case "LAB-PIP-100":
			p := *d.Packaging
			p.PerPallet = 300
			d.Packaging = &p
		default:
			continue
		}
		existing[r.SKU] = d
	}
	if len(existing) != 3 {
		t.Fatalf("sample rows missing: %v", existing)
	}
	return newFakeStore(existing)
}

func TestPlan_SampleReport(t *testing.T) {
	store := sampleStore(t)
	rep, err := Plan(t.Context(), openSample(t, "sample.csv"), Options{}, testValidator, store.lookup)
	if err != nil {
		t.Fatal(err)
	}
	var text bytes.Buffer
	if err := rep.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	golden(t, "sample.report.txt", text.Bytes())
	js, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "sample.report.json", append(js, '\n'))
	var errs bytes.Buffer
	if err := rep.WriteErrorsCSV(&errs); err != nil {
		t.Fatal(err)
	}
	golden(t, "sample.errors.csv", errs.Bytes())

	var back Report
	if err := json.Unmarshal(js, &back); err != nil || back.Counts != rep.Counts || len(back.Rows) != len(rep.Rows) {
		t.Fatalf("the report does not survive JSON: %v", err)
	}
	if _, err := Apply(t.Context(), rep, Options{}, store); !errors.Is(err, ErrHasErrors) {
		t.Fatalf("Apply of the sample = %v, want ErrHasErrors", err)
	}
	res, err := Apply(t.Context(), &back, Options{ImportValidRows: true}, store)
	if err != nil {
		t.Fatal(err)
	}
	if res.Created != rep.Counts.Create || res.Updated != rep.Counts.Update || res.Skipped != rep.Counts.Error {
		t.Fatalf("applied %+v for counts %+v", res, rep.Counts)
	}
	again, err := Plan(t.Context(), openSample(t, "sample.csv"), Options{}, testValidator, store.lookup)
	if err != nil {
		t.Fatal(err)
	}
	if again.Counts.Create != 0 || again.Counts.Update != 0 || again.Counts.Unchanged != rep.Counts.Rows-rep.Counts.Error {
		t.Fatalf("re-importing the sample would change products: %+v", again.Counts)
	}
}

// The same products exported by other spreadsheet settings read the same.
func TestParse_SampleVariants(t *testing.T) {
	ref, err := Parse(openSample(t, "sample.csv"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	bySKU := map[string]Row{}
	for _, r := range ref.Rows {
		bySKU[r.SKU] = r
	}
	tests := []struct {
		file  string
		opts  Options
		enc   Encoding
		delim rune
		rows  int
	}{
		{"sample_semicolon_cp1252.csv", Options{Encoding: EncodingWindows1252}, EncodingWindows1252, ';', 11},
		{"sample_utf16le_tab.csv", Options{}, EncodingUTF16LE, '\t', 7},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := Parse(openSample(t, tt.file), tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if f.Encoding != tt.enc || f.Delimiter != tt.delim || len(f.Rows) != tt.rows {
				t.Fatalf("encoding %s, delimiter %q, %d rows, errors %v", f.Encoding, f.Delimiter, len(f.Rows), f.Errors)
			}
			for _, r := range f.Rows {
				want, ok := bySKU[r.SKU]
				if !ok {
					continue
				}
				if len(r.Data.CoASpec) != len(want.Data.CoASpec) || r.Data.HSCode != want.Data.HSCode || r.Data.Packaging.Description != want.Data.Packaging.Description {
					t.Errorf("%s differs: %+v vs %+v", r.SKU, r.Data, want.Data)
				}
			}
		})
	}
	if _, err := Parse(openSample(t, "sample_semicolon_cp1252.csv"), Options{}); !errors.Is(err, ErrEncoding) {
		t.Errorf("Windows-1252 without the option: %v, want ErrEncoding", err)
	}
}
