package importcsv

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/manifoldhq/manifold/internal/catalog"
)

// BenchmarkPlan10k parses and plans 10,000 valid rows with every column family filled,
// a third of them already in the catalog (a third of those changed): "fake" with a
// validator that accepts everything, "masterdata" with the test stand-in for the
// catalog's validation.
func BenchmarkPlan10k(b *testing.B) {
	const n = 10_000
	var buf bytes.Buffer
	buf.WriteString("sku,name,description,hs_code,country_of_origin,unit,net_weight_g,gross_weight_g,length_mm,width_mm,height_mm,hazmat_un_number,shelf_life_days,packaging_type,packaging_description,packaging_net_qty,packaging_per_pallet,coa_1_parameter,coa_1_method,coa_1_unit,coa_1_min,coa_1_max,coa_2_parameter,coa_2_text\n")
	for i := range n {
		fmt.Fprintf(&buf, "SKU-%06d,Product %d,\"Specialty chemical %d, technical grade\",291521,DE,KGM,25000,26200,300,300,450,UN2789,730,3H1,25 kg jerrican,25,24,Purity,GC,%%,99.5,100,Appearance,Clear liquid\n", i, i, i)
	}
	in := buf.Bytes()
	for _, v := range []struct {
		name     string
		validate Validator
	}{{"fake", okValidator}, {"masterdata", testValidator}} {
		b.Run(v.name, func(b *testing.B) {
			existing := map[string]catalog.ProductData{}
			rep, err := Plan(b.Context(), bytes.NewReader(in), Options{}, v.validate, newFakeStore(nil).lookup)
			if err != nil {
				b.Fatal(err)
			}
			for i, r := range rep.Rows {
				if i%3 == 0 {
					d := *r.Data
					if i%9 == 0 {
						d.Name += " (old)"
					}
					existing[r.SKU] = d
				}
			}
			lookup := func(_ context.Context, skus []string) (map[string]catalog.ProductData, error) {
				out := make(map[string]catalog.ProductData, len(skus))
				for _, s := range skus {
					if d, ok := existing[s]; ok {
						out[s] = d
					}
				}
				return out, nil
			}
			b.SetBytes(int64(len(in)))
			b.ReportAllocs()
			for b.Loop() {
				rep, err := Plan(b.Context(), bytes.NewReader(in), Options{}, v.validate, lookup)
				if err != nil || rep.Counts.Rows != n || rep.Counts.Error != 0 || rep.Counts.Update != 1112 {
					b.Fatalf("%+v, %v", rep.Counts, err)
				}
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
