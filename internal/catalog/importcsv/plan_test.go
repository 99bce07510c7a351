package importcsv

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/manifoldhq/manifold/ent/schematype"
	"github.com/manifoldhq/manifold/internal/catalog"
	"github.com/manifoldhq/manifold/internal/platform/problem"
)

func ptr[T any](v T) *T { return &v }

func acid() catalog.ProductData {
	return catalog.ProductData{
		Name: "Acetic acid", Description: "Glacial, technical grade", HSCode: "291521", CountryOfOrigin: "DE",
		EUClassification: "not_listed", USClassification: "EAR99", Unit: "KGM", NetWeightG: ptr[int64](25000),
		HazmatUNNumber: "UN2789",
		Packaging:      &schematype.Packaging{Type: "3H1", Description: "25 kg jerrican", NetQty: "25", PerPallet: 24},
		CoASpec:        []schematype.CoASpec{{Parameter: "Purity", Method: "GC", Unit: "%", Min: "99.8"}},
	}
}

func TestPlan_ClassifiesRowsAgainstExistingProducts(t *testing.T) {
	store := newFakeStore(map[string]catalog.ProductData{"A1": acid(), "A2": acid(), "A3": acid()})
	// No description, packaging_description or coa columns: those keep their values.
	in := "sku,name,hs_code,country_of_origin,unit,net_weight_g,hazmat_un_number,packaging_per_pallet\n" +
		"A1,Acetic acid,2915.21,de,kgm,25000,un 2789,24\n" + // same data, written differently
		"A2,Acetic acid 99.8%,291521,DE,KGM,25000,UN2789,30\n" + // name and pallet changed
		"A3,Acetic acid,291521,DE,KGM,25000,,24\n" + // hazmat cleared by an empty cell
		"N1,Citric acid,291814,CN,KGM,,,\n"
	rep, err := Plan(t.Context(), strings.NewReader(in), Options{}, testValidator, store.lookup)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		sku     string
		action  Action
		changes []string
	}{
		{"A1", ActionUnchanged, nil},
		{"A2", ActionUpdate, []string{"name", "packaging"}},
		{"A3", ActionUpdate, []string{"hazmat_un_number"}},
		{"N1", ActionCreate, nil},
	}
	if len(rep.Rows) != len(want) || rep.ErrorCount != 0 {
		t.Fatalf("rows = %+v, errors = %v", rep.Rows, rep.Errors)
	}
	for i, w := range want {
		r := rep.Rows[i]
		if r.SKU != w.sku || r.Action != w.action || !slices.Equal(r.Changes, w.changes) {
			t.Errorf("row %d = %s %s %v, want %s %s %v", r.Line, r.SKU, r.Action, r.Changes, w.sku, w.action, w.changes)
		}
	}
	if rep.Counts != (Counts{Rows: 4, Create: 1, Update: 2, Unchanged: 1}) {
		t.Errorf("counts = %+v", rep.Counts)
	}
	a2 := rep.Rows[1].Data
	if a2.Description != "Glacial, technical grade" || a2.Packaging.Description != "25 kg jerrican" || a2.Packaging.PerPallet != 30 || len(a2.CoASpec) != 1 {
		t.Errorf("absent columns were not kept from the existing product: %+v %+v", a2, a2.Packaging)
	}
	if rep.Rows[0].Data != nil || rep.Rows[3].Data == nil || rep.Rows[3].Data.EUClassification != "not_listed" {
		t.Errorf("data: unchanged %+v, created %+v", rep.Rows[0].Data, rep.Rows[3].Data)
	}
	if !slices.Equal(store.lookups[0], []string{"A1", "A2", "A3", "N1"}) {
		t.Errorf("lookup = %v", store.lookups)
	}
	if store.products["A1"].CoASpec[0].Method != "GC" {
		t.Error("planning changed the existing product")
	}
}

func TestPlan_CoAColumnsReplaceTheSpecification(t *testing.T) {
	store := newFakeStore(map[string]catalog.ProductData{"A1": acid()})
	in := "sku,name,hs_code,country_of_origin,unit,coa_1_parameter,coa_1_max\nA1,Acetic acid,291521,DE,KGM,Water,0.2\n"
	rep, err := Plan(t.Context(), strings.NewReader(in), Options{}, testValidator, store.lookup)
	if err != nil {
		t.Fatal(err)
	}
	r := rep.Rows[0]
	if r.Action != ActionUpdate || len(r.Data.CoASpec) != 1 || r.Data.CoASpec[0] != (schematype.CoASpec{Parameter: "Water", Max: "0.2"}) {
		t.Fatalf("row = %+v", r)
	}
}

func TestPlan_NamesTheColumnOfEveryValidationError(t *testing.T) {
	in := "SKU,Name,HS,Country,Unit,Packaging Net Qty,coa_3_parameter,coa_3_min,coa_3_max,coa_5_parameter,coa_5_text,net_weight_g\n" +
		"A1,,29152,Germany,XBX,2.5.1,Purity,abc,,Colour,,\"1,5\"\n"
	rep, err := Plan(t.Context(), strings.NewReader(in), Options{}, testValidator, newFakeStore(nil).lookup)
	if err != nil {
		t.Fatal(err)
	}
	cols := map[string]bool{}
	for _, e := range rep.Errors {
		cols[e.Column] = true
		if e.Line != 2 || e.SKU != "A1" || e.Message == "" {
			t.Errorf("error %+v", e)
		}
	}
	for _, c := range []string{"Name", "HS", "Country", "Unit", "Packaging Net Qty", "coa_3_min", "coa_5_parameter", "net_weight_g"} {
		if !cols[c] {
			t.Errorf("no error on column %q: %v", c, rep.Errors)
		}
	}
	if rep.Counts.Error != 1 || rep.Rows[0].Action != ActionError || rep.Rows[0].Data != nil {
		t.Errorf("row = %+v", rep.Rows[0])
	}
}

func TestPlan_DoesNotRepeatAParseErrorAsAValidationError(t *testing.T) {
	in := "sku,name,hs_code,country_of_origin,unit,coa_1_parameter,coa_1_min\nA1,Acid,291521,DE,KGM,Purity,\"99,5\"\n"
	rep, err := Plan(t.Context(), strings.NewReader(in), Options{}, testValidator, newFakeStore(nil).lookup)
	if err != nil {
		t.Fatal(err)
	}
	if rep.ErrorCount != 1 || !strings.Contains(rep.Errors[0].Message, "decimal separator") {
		t.Fatalf("errors = %v", rep.Errors)
	}
}

func TestPlan_UnmappedValidatorErrorKeepsItsPointer(t *testing.T) {
	validate := func(*catalog.ProductData) []problem.FieldError {
		return []problem.FieldError{{Field: "/seller_id", Message: "is not a seller"}}
	}
	rep, err := Plan(t.Context(), strings.NewReader(minimalHeader+"A1,Acid,291521,DE,KGM\n"), Options{}, validate, newFakeStore(nil).lookup)
	if err != nil {
		t.Fatal(err)
	}
	if e := rep.Errors[0]; e.Column != "" || e.Message != "/seller_id: is not a seller" {
		t.Fatalf("error = %+v", e)
	}
}

func rowsCSV(n int, bad func(i int) bool) string {
	var b strings.Builder
	b.WriteString(minimalHeader)
	for i := range n {
		sku := fmt.Sprintf("SKU-%05d", i)
		if bad != nil && bad(i) {
			sku = "BAD SKU"
		}
		fmt.Fprintf(&b, "%s,Product %d,291521,DE,KGM\n", sku, i)
	}
	return b.String()
}

func TestPlan_LooksUpExistingProductsInBatches(t *testing.T) {
	store := newFakeStore(nil)
	in := rowsCSV(1200, func(i int) bool { return i%100 == 7 })
	rep, err := Plan(t.Context(), strings.NewReader(in), Options{BatchSize: 500}, okValidator, store.lookup)
	if err != nil {
		t.Fatal(err)
	}
	var sizes []int
	for _, l := range store.lookups {
		sizes = append(sizes, len(l))
	}
	if !slices.Equal(sizes, []int{495, 495, 198}) {
		t.Errorf("lookup sizes = %v (rows with a bad SKU are not looked up)", sizes)
	}
	if rep.Counts != (Counts{Rows: 1200, Create: 1188, Error: 12}) {
		t.Errorf("counts = %+v", rep.Counts)
	}
}

func TestPlan_ReportsProgressMonotonically(t *testing.T) {
	var calls [][2]int
	opts := Options{BatchSize: 300, Progress: func(done, total int) { calls = append(calls, [2]int{done, total}) }}
	if _, err := Plan(t.Context(), strings.NewReader(rowsCSV(1000, nil)), opts, okValidator, newFakeStore(nil).lookup); err != nil {
		t.Fatal(err)
	}
	want := [][2]int{{0, 1000}, {300, 1000}, {600, 1000}, {900, 1000}, {1000, 1000}}
	if !slices.Equal(calls, want) {
		t.Fatalf("progress = %v, want %v", calls, want)
	}
}

func TestPlan_StopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	store := newFakeStore(nil)
	opts := Options{BatchSize: 100, Progress: func(done, total int) {
		if done >= 200 {
			cancel()
		}
	}}
	rep, err := Plan(ctx, strings.NewReader(rowsCSV(1000, nil)), opts, okValidator, store.lookup)
	if !errors.Is(err, context.Canceled) || rep != nil {
		t.Fatalf("Plan = %v, %v; want context.Canceled", rep, err)
	}
	if len(store.lookups) != 2 {
		t.Errorf("%d lookups after cancelling at the second batch", len(store.lookups))
	}
	if _, err := Plan(ctx, strings.NewReader(rowsCSV(10, nil)), Options{}, okValidator, store.lookup); !errors.Is(err, context.Canceled) {
		t.Errorf("Plan with a cancelled context = %v", err)
	}
}

func TestPlan_FailsWhenTheLookupFails(t *testing.T) {
	down := errors.New("database down")
	lookup := func(context.Context, []string) (map[string]catalog.ProductData, error) { return nil, down }
	if _, err := Plan(t.Context(), strings.NewReader(rowsCSV(3, nil)), Options{}, okValidator, lookup); !errors.Is(err, down) {
		t.Fatalf("err = %v", err)
	}
}

func TestPlan_RefusesUnusableFilesAndOptions(t *testing.T) {
	store := newFakeStore(nil)
	if _, err := Plan(t.Context(), strings.NewReader(minimalHeader), Options{}, okValidator, store.lookup); !errors.Is(err, ErrNoRows) {
		t.Errorf("header only: %v", err)
	}
	if _, err := Plan(t.Context(), strings.NewReader(rowsCSV(1, nil)), Options{Delimiter: '|'}, okValidator, store.lookup); !problem.Is(err, problem.KindValidation) {
		t.Errorf("bad options: %v", err)
	}
	if _, err := Plan(t.Context(), strings.NewReader(rowsCSV(1, nil)), Options{}, nil, store.lookup); err == nil {
		t.Error("Plan without a validator succeeded")
	}
}

func TestPlan_ListsAtMostMaxErrors(t *testing.T) {
	in := rowsCSV(100, func(int) bool { return true })
	rep, err := Plan(t.Context(), strings.NewReader(in), Options{MaxErrors: 5}, okValidator, newFakeStore(nil).lookup)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Errors) != 5 || rep.ErrorCount != 100 || rep.Counts.Error != 100 || len(rep.Rows) != 100 {
		t.Fatalf("errors listed %d, counted %d, rows in error %d", len(rep.Errors), rep.ErrorCount, rep.Counts.Error)
	}
}

func TestAction_TextRoundTrip(t *testing.T) {
	for _, a := range []Action{ActionCreate, ActionUpdate, ActionUnchanged, ActionError} {
		b, err := a.MarshalText()
		var back Action
		if err != nil || back.UnmarshalText(b) != nil || back != a {
			t.Errorf("%v: %s, %v → %v", a, b, err, back)
		}
	}
	if _, err := Action(0).MarshalText(); err == nil {
		t.Error("the zero Action marshalled")
	}
}

func TestSameData_AgreesWithDiff(t *testing.T) {
	base := acid()
	variants := map[string]func(d *catalog.ProductData){
		"same":                 func(*catalog.ProductData) {},
		"empty CoA list":       func(d *catalog.ProductData) { d.CoASpec = []schematype.CoASpec{} },
		"no CoA":               func(d *catalog.ProductData) { d.CoASpec = nil },
		"weight nil":           func(d *catalog.ProductData) { d.NetWeightG = nil },
		"weight zero":          func(d *catalog.ProductData) { d.NetWeightG = ptr[int64](0) },
		"same weight, new ptr": func(d *catalog.ProductData) { d.NetWeightG = ptr[int64](25000) },
		"length zero":          func(d *catalog.ProductData) { d.LengthMM = ptr(0) },
		"packaging nil":        func(d *catalog.ProductData) { d.Packaging = nil },
		"packaging zero":       func(d *catalog.ProductData) { d.Packaging = &schematype.Packaging{} },
		"same packaging copy": func(d *catalog.ProductData) {
			if d.Packaging != nil {
				p := *d.Packaging
				d.Packaging = &p
			}
		},
		"pallet": func(d *catalog.ProductData) {
			var p schematype.Packaging
			if d.Packaging != nil {
				p = *d.Packaging
			}
			p.PerPallet++
			d.Packaging = &p
		},
		"coa method":  func(d *catalog.ProductData) { d.CoASpec = []schematype.CoASpec{{Parameter: "Purity"}} },
		"description": func(d *catalog.ProductData) { d.Description = "" },
	}
	for name, change := range variants {
		t.Run(name, func(t *testing.T) {
			for _, a := range []catalog.ProductData{base, {}} {
				b := a
				b.CoASpec = slices.Clone(a.CoASpec)
				change(&b)
				if same, diff := sameData(a, b), len(catalog.Diff(a, b)) == 0; same != diff {
					t.Errorf("sameData = %v, Diff says equal = %v", same, diff)
				}
			}
		})
	}
}
