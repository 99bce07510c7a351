// Package catalog owns sellers' products: trade master data with field-level
// validation, revisions, the curation workflow of curated marketplaces, and the rules of
// who sees and changes what. Offers, price lists, search and bulk import build on it.
package catalog

import (
	"encoding/json"
	"reflect"
	"sort"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/schematype"
)

// ProductData is a product's editable master data: what a seller submits and what a
// revision stores.
type ProductData struct {
	Name             string                `json:"name"`
	Description      string                `json:"description,omitempty"`
	HSCode           string                `json:"hs_code"`
	CountryOfOrigin  string                `json:"country_of_origin"`
	EUClassification string                `json:"eu_classification"`
	USClassification string                `json:"us_classification"`
	Unit             string                `json:"unit"`
	NetWeightG       *int64                `json:"net_weight_g,omitempty"`
	GrossWeightG     *int64                `json:"gross_weight_g,omitempty"`
	LengthMM         *int                  `json:"length_mm,omitempty"`
	WidthMM          *int                  `json:"width_mm,omitempty"`
	HeightMM         *int                  `json:"height_mm,omitempty"`
	HazmatUNNumber   string                `json:"hazmat_un_number,omitempty"`
	ShelfLifeDays    *int                  `json:"shelf_life_days,omitempty"`
	Packaging        *schematype.Packaging `json:"packaging,omitempty"`
	CoASpec          []schematype.CoASpec  `json:"coa_spec,omitempty"`
}

// DataOf reads the master data of a product row.
func DataOf(p *ent.Product) ProductData {
	d := ProductData{
		Name: p.Name, Description: p.Description, HSCode: p.HsCode, CountryOfOrigin: p.CountryOfOrigin,
		EUClassification: p.EuClassification, USClassification: p.UsClassification, Unit: p.Unit,
		NetWeightG: p.NetWeightG, GrossWeightG: p.GrossWeightG, LengthMM: p.LengthMm, WidthMM: p.WidthMm,
		HeightMM: p.HeightMm, HazmatUNNumber: p.HazmatUnNumber, ShelfLifeDays: p.ShelfLifeDays, CoASpec: p.CoaSpec,
	}
	if p.Packaging != (schematype.Packaging{}) {
		pk := p.Packaging
		d.Packaging = &pk
	}
	return d
}

// asMap is the JSON form stored in a revision.
func (d ProductData) asMap() map[string]any {
	b, _ := json.Marshal(d)
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	return m
}

func DataFromMap(m map[string]any) (ProductData, error) {
	var d ProductData
	b, err := json.Marshal(m)
	if err != nil {
		return d, err
	}
	err = json.Unmarshal(b, &d)
	return d, err
}

// Change is one field that differs between two revisions.
type Change struct {
	Field  string `json:"field"`
	Before any    `json:"before"`
	After  any    `json:"after"`
}

// Diff lists the fields (JSON pointers) whose values differ from before to after.
func Diff(before, after ProductData) []Change {
	bm, am := before.asMap(), after.asMap()
	keys := map[string]bool{}
	for k := range bm {
		keys[k] = true
	}
	for k := range am {
		keys[k] = true
	}
	var out []Change
	for k := range keys {
		if !reflect.DeepEqual(bm[k], am[k]) {
			out = append(out, Change{Field: "/" + k, Before: bm[k], After: am[k]})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Field < out[j].Field })
	return out
}

// apply writes d onto a product update.
func (d ProductData) apply(u *ent.ProductUpdateOne) *ent.ProductUpdateOne {
	u = u.SetName(d.Name).SetDescription(d.Description).SetHsCode(d.HSCode).SetCountryOfOrigin(d.CountryOfOrigin).
		SetEuClassification(d.EUClassification).SetUsClassification(d.USClassification).SetUnit(d.Unit).
		SetNillableNetWeightG(d.NetWeightG).SetNillableGrossWeightG(d.GrossWeightG).
		SetNillableLengthMm(d.LengthMM).SetNillableWidthMm(d.WidthMM).SetNillableHeightMm(d.HeightMM).
		SetHazmatUnNumber(d.HazmatUNNumber).SetNillableShelfLifeDays(d.ShelfLifeDays).SetCoaSpec(d.CoASpec)
	if d.NetWeightG == nil {
		u = u.ClearNetWeightG()
	}
	if d.GrossWeightG == nil {
		u = u.ClearGrossWeightG()
	}
	if d.LengthMM == nil {
		u = u.ClearLengthMm()
	}
	if d.WidthMM == nil {
		u = u.ClearWidthMm()
	}
	if d.HeightMM == nil {
		u = u.ClearHeightMm()
	}
	if d.ShelfLifeDays == nil {
		u = u.ClearShelfLifeDays()
	}
	if d.Packaging != nil {
		u = u.SetPackaging(*d.Packaging)
	} else {
		u = u.ClearPackaging()
	}
	return u
}
