package catalog

import (
	"slices"
	"testing"

	"github.com/manifoldhq/manifold/ent/schematype"
)

func valid() ProductData {
	return ProductData{Name: "Citric acid", HSCode: "2918.14", CountryOfOrigin: "de", Unit: "kgm",
		CoASpec: []schematype.CoASpec{{Parameter: "Assay", Min: "99.5", Max: "100.5"}}}
}

func TestValidateProduct(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(d *ProductData)
		fields []string
	}{
		{"valid", func(d *ProductData) {}, nil},
		{"missing required", func(d *ProductData) { d.Name, d.HSCode, d.Unit = " ", "", "" }, []string{"/hs_code", "/name", "/unit"}},
		{"bad codes", func(d *ProductData) {
			d.CountryOfOrigin, d.EUClassification, d.USClassification, d.HazmatUNNumber = "EU", "1Z999", "XYZ", "UN99999"
		}, []string{"/country_of_origin", "/eu_classification", "/hazmat_un_number", "/us_classification"}},
		{"net above gross", func(d *ProductData) { n, g := int64(10), int64(5); d.NetWeightG, d.GrossWeightG = &n, &g }, []string{"/net_weight_g"}},
		{"negative size", func(d *ProductData) { v := -1; d.LengthMM = &v }, []string{"/length_mm"}},
		{"coa range inverted", func(d *ProductData) { d.CoASpec[0].Max = "99" }, []string{"/coa_spec/0/max"}},
		{"coa not a number", func(d *ProductData) { d.CoASpec[0].Min = "1e3" }, []string{"/coa_spec/0/min"}},
		{"coa without requirement", func(d *ProductData) { d.CoASpec = append(d.CoASpec, schematype.CoASpec{Parameter: "Colour"}) }, []string{"/coa_spec/1"}},
		{"coa range and text", func(d *ProductData) { d.CoASpec[0].Text = "white" }, []string{"/coa_spec/0/text"}},
		{"coa duplicate", func(d *ProductData) { d.CoASpec = append(d.CoASpec, d.CoASpec[0]) }, []string{"/coa_spec/1/parameter"}},
		{"packaging qty", func(d *ProductData) { d.Packaging = &schematype.Packaging{NetQty: "25kg"} }, []string{"/packaging/net_qty"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := valid()
			tt.edit(&d)
			var got []string
			for _, f := range ValidateProduct(&d) {
				got = append(got, f.Field)
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.fields) {
				t.Fatalf("fields %v, want %v", got, tt.fields)
			}
		})
	}
}

func TestValidateProduct_Normalises(t *testing.T) {
	d := valid()
	d.HazmatUNNumber = "1090"
	if errs := ValidateProduct(&d); len(errs) != 0 {
		t.Fatal(errs)
	}
	if d.HSCode != "291814" || d.CountryOfOrigin != "DE" || d.Unit != "KGM" || d.EUClassification != "not_listed" ||
		d.USClassification != "EAR99" || d.HazmatUNNumber != "UN1090" {
		t.Fatalf("not normalised: %+v", d)
	}
}

func TestDiff_NamesChangedFields(t *testing.T) {
	a := valid()
	b := valid()
	b.Name = "Citric acid monohydrate"
	b.CoASpec = []schematype.CoASpec{{Parameter: "Assay", Min: "99.0", Max: "100.5"}}
	var got []string
	for _, c := range Diff(a, b) {
		got = append(got, c.Field)
	}
	if !slices.Equal(got, []string{"/coa_spec", "/name"}) {
		t.Fatalf("diff %v", got)
	}
	if len(Diff(a, a)) != 0 {
		t.Fatal("identical data differs")
	}
}
