package catalog

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/manifoldhq/manifold/internal/catalog/masterdata"
	"github.com/manifoldhq/manifold/internal/platform/problem"
)

func jsonPointer(base string, i int) string { return fmt.Sprintf("%s/%d", base, i) }

// validateProduct normalises d in place and records every field error under prefix
// (a JSON pointer, "" for the document root).
func validateProduct(d *ProductData, f *problem.Fields, prefix string) {
	d.Name = strings.TrimSpace(d.Name)
	if d.Name == "" || len(d.Name) > 200 {
		f.Add(prefix+"/name", "is required, at most 200 characters")
	}
	if len(d.Description) > 10000 {
		f.Add(prefix+"/description", "at most 10000 characters")
	}
	validateMasterData(d, f, prefix)
}

// validateMasterData checks the trade master data with the shared validators and
// stores their normalised forms (HS code digits, upper-case codes, "UN1090").
func validateMasterData(d *ProductData, f *problem.Fields, prefix string) {
	c := masterdata.Check{Fields: *f}
	d.HSCode = c.HSCode(prefix+"/hs_code", d.HSCode)
	d.CountryOfOrigin = c.Country(prefix+"/country_of_origin", d.CountryOfOrigin)
	d.Unit = c.UnitCode(prefix+"/unit", d.Unit)
	if strings.TrimSpace(d.EUClassification) == "" {
		d.EUClassification = "not_listed"
	}
	d.EUClassification = c.DualUseCode(prefix+"/eu_classification", d.EUClassification)
	if strings.TrimSpace(d.USClassification) == "" {
		d.USClassification = "EAR99"
	}
	d.USClassification = c.ECCN(prefix+"/us_classification", d.USClassification)
	d.HazmatUNNumber = c.Optional(prefix+"/hazmat_un_number", d.HazmatUNNumber, masterdata.UNNumber)
	if d.NetWeightG != nil && d.GrossWeightG != nil && *d.NetWeightG > *d.GrossWeightG {
		c.Add(prefix+"/net_weight_g", "must not exceed the gross weight")
	}
	for _, n := range []struct {
		field string
		v     *int
	}{{"/length_mm", d.LengthMM}, {"/width_mm", d.WidthMM}, {"/height_mm", d.HeightMM}, {"/shelf_life_days", d.ShelfLifeDays}} {
		if n.v != nil && *n.v < 0 {
			c.Add(prefix+n.field, "must not be negative")
		}
	}
	if d.Packaging != nil && d.Packaging.NetQty != "" && !isDecimal(d.Packaging.NetQty) {
		c.Add(prefix+"/packaging/net_qty", "must be a decimal number")
	}
	seen := map[string]bool{}
	for i, spec := range d.CoASpec {
		at := jsonPointer(prefix+"/coa_spec", i)
		spec.Parameter = strings.TrimSpace(spec.Parameter)
		if spec.Parameter == "" {
			c.Add(at+"/parameter", "is required")
		}
		key := strings.ToLower(spec.Parameter + "\x00" + spec.Method)
		if seen[key] {
			c.Add(at+"/parameter", "%q with this method is already specified", spec.Parameter)
		}
		seen[key] = true
		hasRange := spec.Min != "" || spec.Max != ""
		switch {
		case !hasRange && strings.TrimSpace(spec.Text) == "":
			c.Add(at, "needs a min, a max or a text requirement")
		case hasRange && spec.Text != "":
			c.Add(at+"/text", "give either a numeric range or a text requirement, not both")
		}
		if spec.Min != "" && !isDecimal(spec.Min) {
			c.Add(at+"/min", "must be a decimal number")
		}
		if spec.Max != "" && !isDecimal(spec.Max) {
			c.Add(at+"/max", "must be a decimal number")
		}
		if isDecimal(spec.Min) && isDecimal(spec.Max) && decimalLess(spec.Max, spec.Min) {
			c.Add(at+"/max", "must not be below min")
		}
		d.CoASpec[i] = spec
	}
	*f = c.Fields
}

// isDecimal accepts plain decimal numbers such as "99.5", "-0.25" or "1000".
func isDecimal(s string) bool {
	_, ok := new(big.Rat).SetString(s)
	return ok && !strings.ContainsAny(s, "eE/")
}

func decimalLess(a, b string) bool {
	x, _ := new(big.Rat).SetString(a)
	y, _ := new(big.Rat).SetString(b)
	return x.Cmp(y) < 0
}

// ValidateProduct normalises d and returns every field error (JSON pointers from the
// document root). The CSV import and other bulk paths use it; the service validates
// through the same rules.
func ValidateProduct(d *ProductData) []problem.FieldError {
	var f problem.Fields
	validateProduct(d, &f, "")
	return f
}
