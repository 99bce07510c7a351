package importcsv

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/manifoldhq/manifold/ent/schematype"
	"github.com/manifoldhq/manifold/internal/catalog"
	"github.com/manifoldhq/manifold/internal/platform/problem"
)

// Validator checks and normalises one product's master data in place, returning field
// errors named by JSON pointer ("/hs_code", "/coa_spec/0/min", "/packaging/net_qty"),
// exactly like the products API. The lead wires it to the catalog's validation.
type Validator func(d *catalog.ProductData) []problem.FieldError

// ExistingLookup returns the current master data of the importing seller's products with
// the given SKUs (absent SKUs are left out). "Current" is what UpdateProduct compares
// against: the newest unapproved revision if there is one, else the live product. It is
// called once per batch of at most Options.BatchSize SKUs.
type ExistingLookup func(ctx context.Context, skus []string) (map[string]catalog.ProductData, error)

// Action is what importing a row would do.
type Action int

const (
	ActionCreate Action = iota + 1
	ActionUpdate
	ActionUnchanged
	ActionError
)

var actionNames = map[Action]string{ActionCreate: "create", ActionUpdate: "update", ActionUnchanged: "unchanged", ActionError: "error"}

func (a Action) String() string {
	if s, ok := actionNames[a]; ok {
		return s
	}
	return "Action(" + strconv.Itoa(int(a)) + ")"
}

// ParseAction reads "create", "update", "unchanged" or "error".
func ParseAction(s string) (Action, error) {
	for a, name := range actionNames {
		if name == s {
			return a, nil
		}
	}
	return 0, fmt.Errorf("unknown import action %q", s)
}

func (a Action) MarshalText() ([]byte, error) {
	if _, ok := actionNames[a]; !ok {
		return nil, fmt.Errorf("unknown import action %d", int(a))
	}
	return []byte(a.String()), nil
}

func (a *Action) UnmarshalText(b []byte) error {
	v, err := ParseAction(string(b))
	*a = v
	return err
}

// Report is a dry run: what importing the file would do, row by row.
type Report struct {
	Encoding  string      `json:"encoding"`
	Delimiter string      `json:"delimiter"`
	Columns   []string    `json:"columns"`
	Warnings  []string    `json:"warnings,omitempty"`
	Counts    Counts      `json:"counts"`
	Rows      []RowResult `json:"rows"`
	// Errors lists row errors in file order, at most Options.MaxErrors of them;
	// ErrorCount counts them all.
	Errors     []RowError `json:"errors,omitempty"`
	ErrorCount int        `json:"error_count"`
}

// Counts are the rows per action.
type Counts struct {
	Rows      int `json:"rows"`
	Create    int `json:"create"`
	Update    int `json:"update"`
	Unchanged int `json:"unchanged"`
	Error     int `json:"error"`
}

// RowResult is the plan for one row. Data, the normalised master data to write (merged
// with the existing product), is set for create and update rows only.
type RowResult struct {
	Line    int                  `json:"line"`
	SKU     string               `json:"sku"`
	Action  Action               `json:"action"`
	Changes []string             `json:"changes,omitempty"` // product fields an update changes
	Data    *catalog.ProductData `json:"data,omitempty"`
}

// HasErrors reports whether any row has an error.
func (r *Report) HasErrors() bool { return r.Counts.Error > 0 }

// Plan reads the file, validates every row and compares it with the seller's existing
// products, without writing anything. A *FileError means the file as a whole cannot be
// imported; row problems are in the report. ctx is checked before every batch;
// opts.Progress is called after every batch.
func Plan(ctx context.Context, r io.Reader, opts Options, validate Validator, existing ExistingLookup) (*Report, error) {
	if validate == nil || existing == nil {
		return nil, errors.New("importcsv: Plan needs a Validator and an ExistingLookup")
	}
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	opts = opts.withDefaults()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	src, err := open(r, opts)
	if err != nil {
		return nil, err
	}
	rep := &Report{
		Encoding: src.enc.String(), Delimiter: DelimiterName(src.delim), Columns: src.h.Columns(),
		Warnings: src.warnings, Rows: make([]RowResult, 0, src.total),
	}
	opts.progress(0, src.total)
	sc := src.scan()
	batch := make([]record, 0, min(opts.BatchSize, src.total))
	done := 0
	for more := true; more; {
		var rec record
		if rec, more = sc.next(); more {
			batch = append(batch, rec)
		}
		if len(batch) == opts.BatchSize || !more && len(batch) > 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			if err := rep.planBatch(ctx, src.h, batch, opts.MaxErrors, validate, existing); err != nil {
				return nil, err
			}
			done += len(batch)
			opts.progress(done, src.total)
			batch = batch[:0]
		}
	}
	return rep, nil
}

func (rep *Report) planBatch(ctx context.Context, h *header, batch []record, maxErrors int, validate Validator, existing ExistingLookup) error {
	skus := make([]string, 0, len(batch))
	for i := range batch {
		if batch[i].SKU != "" && !batch[i].bad[fSKU] {
			skus = append(skus, batch[i].SKU)
		}
	}
	var found map[string]catalog.ProductData
	if len(skus) > 0 {
		var err error
		if found, err = existing(ctx, skus); err != nil {
			return fmt.Errorf("look up existing products: %w", err)
		}
	}
	for i := range batch {
		rec := &batch[i]
		var (
			old    catalog.ProductData
			exists bool
		)
		if !rec.bad[fSKU] {
			old, exists = found[rec.SKU]
		}
		data := h.merge(old, rec.Data)
		errs := rec.errs
		for _, fe := range validate(&data) {
			f, col, msg := h.locate(fe, rec.coaGroups)
			if f >= 0 && rec.bad[f] {
				continue // the cell already has a parse error
			}
			errs = append(errs, RowError{Line: rec.Line, Column: col, SKU: rec.SKU, Message: msg})
		}
		res := RowResult{Line: rec.Line, SKU: rec.SKU}
		switch {
		case len(errs) > 0:
			res.Action = ActionError
			rep.Counts.Error++
			rep.ErrorCount += len(errs)
			rep.Errors = appendCapped(rep.Errors, maxErrors, errs...)
		case !exists:
			res.Action, res.Data = ActionCreate, &data
			rep.Counts.Create++
		default:
			var changes []catalog.Change
			if !sameData(old, data) {
				changes = catalog.Diff(old, data)
			}
			if len(changes) == 0 {
				res.Action = ActionUnchanged
				rep.Counts.Unchanged++
				break
			}
			res.Action, res.Data = ActionUpdate, &data
			for _, c := range changes {
				res.Changes = append(res.Changes, strings.TrimPrefix(c.Field, "/"))
			}
			rep.Counts.Update++
		}
		rep.Counts.Rows++
		rep.Rows = append(rep.Rows, res)
	}
	return nil
}

// sameData is a quick equality test before catalog.Diff, which is much slower (it goes
// through JSON); it agrees with Diff, treating a nil and an empty CoA list as equal.
func sameData(a, b catalog.ProductData) bool {
	eq := func(x, y *int) bool { return x == y || x != nil && y != nil && *x == *y }
	return a.Name == b.Name && a.Description == b.Description && a.HSCode == b.HSCode &&
		a.CountryOfOrigin == b.CountryOfOrigin && a.EUClassification == b.EUClassification &&
		a.USClassification == b.USClassification && a.Unit == b.Unit && a.HazmatUNNumber == b.HazmatUNNumber &&
		(a.NetWeightG == b.NetWeightG || a.NetWeightG != nil && b.NetWeightG != nil && *a.NetWeightG == *b.NetWeightG) &&
		(a.GrossWeightG == b.GrossWeightG || a.GrossWeightG != nil && b.GrossWeightG != nil && *a.GrossWeightG == *b.GrossWeightG) &&
		eq(a.LengthMM, b.LengthMM) && eq(a.WidthMM, b.WidthMM) && eq(a.HeightMM, b.HeightMM) && eq(a.ShelfLifeDays, b.ShelfLifeDays) &&
		(a.Packaging == b.Packaging || a.Packaging != nil && b.Packaging != nil && *a.Packaging == *b.Packaging) &&
		slices.Equal(a.CoASpec, b.CoASpec)
}

// merge lays the file's columns over the existing data: a column the file does not have
// keeps the existing value. For a new product old is the zero value.
func (h *header) merge(old, d catalog.ProductData) catalog.ProductData {
	out := old
	out.CoASpec = slices.Clone(old.CoASpec) // the validator rewrites entries in place
	str := []struct {
		f        field
		dst, src *string
	}{
		{fName, &out.Name, &d.Name}, {fDescription, &out.Description, &d.Description},
		{fHSCode, &out.HSCode, &d.HSCode}, {fCountryOfOrigin, &out.CountryOfOrigin, &d.CountryOfOrigin},
		{fEUClassification, &out.EUClassification, &d.EUClassification},
		{fUSClassification, &out.USClassification, &d.USClassification}, {fUnit, &out.Unit, &d.Unit},
		{fHazmatUNNumber, &out.HazmatUNNumber, &d.HazmatUNNumber},
	}
	for _, s := range str {
		if h.present[s.f] {
			*s.dst = *s.src
		}
	}
	if h.present[fNetWeightG] {
		out.NetWeightG = d.NetWeightG
	}
	if h.present[fGrossWeightG] {
		out.GrossWeightG = d.GrossWeightG
	}
	for _, n := range []struct {
		f        field
		dst, src **int
	}{{fLengthMM, &out.LengthMM, &d.LengthMM}, {fWidthMM, &out.WidthMM, &d.WidthMM}, {fHeightMM, &out.HeightMM, &d.HeightMM}, {fShelfLifeDays, &out.ShelfLifeDays, &d.ShelfLifeDays}} {
		if h.present[n.f] {
			*n.dst = *n.src
		}
	}
	if h.anyPack {
		var p, in schematype.Packaging
		if old.Packaging != nil {
			p = *old.Packaging
		}
		if d.Packaging != nil {
			in = *d.Packaging
		}
		if h.present[fPackagingType] {
			p.Type = in.Type
		}
		if h.present[fPackagingDescription] {
			p.Description = in.Description
		}
		if h.present[fPackagingNetQty] {
			p.NetQty = in.NetQty
		}
		if h.present[fPackagingPerPallet] {
			p.PerPallet = in.PerPallet
		}
		out.Packaging = nil
		if p != (schematype.Packaging{}) {
			out.Packaging = &p
		}
	} else if old.Packaging != nil {
		p := *old.Packaging
		out.Packaging = &p
	}
	if h.anyCoA {
		out.CoASpec = d.CoASpec
	}
	return out
}

// locate maps a validator's JSON pointer to the field, its column as written in the
// header and the message to show; f is -1 when the pointer names no column.
func (h *header) locate(fe problem.FieldError, coaGroups []int) (f field, col, msg string) {
	parts := strings.Split(strings.TrimPrefix(fe.Field, "/"), "/")
	f = -1
	switch parts[0] {
	case "packaging":
		if len(parts) > 1 {
			if i := slices.Index(fixedNames[:], "packaging_"+parts[1]); i >= 0 {
				f = field(i)
			}
		}
	case "coa_spec":
		idx := -1
		if len(parts) > 1 {
			if n, err := strconv.Atoi(parts[1]); err == nil {
				idx = n
			}
		}
		if !h.anyCoA || idx < 0 || idx >= len(coaGroups) {
			// The existing specification, kept because the file has no coa_* columns.
			if idx >= 0 {
				return -1, "", fmt.Sprintf("existing CoA line %d: %s", idx+1, fe.Message)
			}
			break
		}
		p := coaParameter
		if len(parts) > 2 {
			if i := slices.Index(coaParts[:], parts[2]); i >= 0 {
				p = i
			}
		}
		f = coaField(coaGroups[idx], p)
	case "sku":
		f = fSKU
	default:
		if i := slices.Index(fixedNames[:], parts[0]); i >= 0 {
			f = field(i)
		}
	}
	if f < 0 {
		if fe.Field == "" {
			return -1, "", fe.Message
		}
		return -1, "", fe.Field + ": " + fe.Message
	}
	return f, h.column(f), fe.Message
}
