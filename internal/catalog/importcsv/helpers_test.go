package importcsv

import (
	"context"
	"errors"
	"math/big"
	"strconv"
	"strings"
	"sync"

	"github.com/manifoldhq/manifold/internal/catalog"
	"github.com/manifoldhq/manifold/internal/catalog/masterdata"
	"github.com/manifoldhq/manifold/internal/platform/problem"
)

// testValidator stands in for the catalog's validation (validateProduct is not
// exported): the same masterdata rules, normalisation and JSON pointers, so reports in
// tests read like production ones.
func testValidator(d *catalog.ProductData) []problem.FieldError {
	var c masterdata.Check
	d.Name = strings.TrimSpace(d.Name)
	if d.Name == "" || len(d.Name) > 200 {
		c.Add("/name", "is required, at most 200 characters")
	}
	d.HSCode = c.HSCode("/hs_code", d.HSCode)
	d.CountryOfOrigin = c.Country("/country_of_origin", d.CountryOfOrigin)
	d.Unit = c.UnitCode("/unit", d.Unit)
	if strings.TrimSpace(d.EUClassification) == "" {
		d.EUClassification = "not_listed"
	}
	d.EUClassification = c.DualUseCode("/eu_classification", d.EUClassification)
	if strings.TrimSpace(d.USClassification) == "" {
		d.USClassification = "EAR99"
	}
	d.USClassification = c.ECCN("/us_classification", d.USClassification)
	d.HazmatUNNumber = c.Optional("/hazmat_un_number", d.HazmatUNNumber, masterdata.UNNumber)
	if d.NetWeightG != nil && d.GrossWeightG != nil && *d.NetWeightG > *d.GrossWeightG {
		c.Add("/net_weight_g", "must not exceed the gross weight")
	}
	if d.Packaging != nil && d.Packaging.NetQty != "" && !isDec(d.Packaging.NetQty) {
		c.Add("/packaging/net_qty", "must be a decimal number")
	}
	for i, s := range d.CoASpec {
		at := "/coa_spec/" + strconv.Itoa(i)
		if s.Parameter == "" {
			c.Add(at+"/parameter", "is required")
		}
		hasRange := s.Min != "" || s.Max != ""
		switch {
		case !hasRange && s.Text == "":
			c.Add(at, "needs a min, a max or a text requirement")
		case hasRange && s.Text != "":
			c.Add(at+"/text", "give either a numeric range or a text requirement, not both")
		}
		if s.Min != "" && !isDec(s.Min) {
			c.Add(at+"/min", "must be a decimal number")
		}
		if s.Max != "" && !isDec(s.Max) {
			c.Add(at+"/max", "must be a decimal number")
		}
	}
	return c.Fields
}

func isDec(s string) bool {
	_, ok := new(big.Rat).SetString(s)
	return ok && !strings.ContainsAny(s, "eE/")
}

// okValidator accepts everything, as the benchmark's fake.
func okValidator(*catalog.ProductData) []problem.FieldError { return nil }

// fakeStore is the seller's catalog: an ExistingLookup and a Sink.
type fakeStore struct {
	mu        sync.Mutex
	products  map[string]catalog.ProductData
	lookups   [][]string
	failAfter int // UpsertBatch fails on this call number (1-based); 0 never
	calls     int
	commits   int
	rollbacks int
}

func newFakeStore(existing map[string]catalog.ProductData) *fakeStore {
	if existing == nil {
		existing = map[string]catalog.ProductData{}
	}
	return &fakeStore{products: existing}
}

func (s *fakeStore) lookup(_ context.Context, skus []string) (map[string]catalog.ProductData, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lookups = append(s.lookups, append([]string(nil), skus...))
	out := map[string]catalog.ProductData{}
	for _, sku := range skus {
		if d, ok := s.products[sku]; ok {
			out[sku] = d
		}
	}
	return out, nil
}

func (s *fakeStore) Begin(context.Context) (SinkTx, error) {
	return &fakeTx{s: s, pending: map[string]catalog.ProductData{}}, nil
}

type fakeTx struct {
	s       *fakeStore
	pending map[string]catalog.ProductData
	done    bool
}

var errSinkFailed = errors.New("sink failed")

func (t *fakeTx) UpsertBatch(ctx context.Context, rows []Row) error {
	t.s.mu.Lock()
	defer t.s.mu.Unlock()
	t.s.calls++
	if t.s.failAfter > 0 && t.s.calls >= t.s.failAfter {
		return errSinkFailed
	}
	for _, r := range rows {
		t.pending[r.SKU] = r.Data
	}
	return nil
}

func (t *fakeTx) Commit() error {
	t.s.mu.Lock()
	defer t.s.mu.Unlock()
	if t.done {
		return errors.New("transaction already finished")
	}
	t.done = true
	t.s.commits++
	for k, v := range t.pending {
		t.s.products[k] = v
	}
	return nil
}

func (t *fakeTx) Rollback() error {
	t.s.mu.Lock()
	defer t.s.mu.Unlock()
	if t.done {
		return errors.New("transaction already finished")
	}
	t.done = true
	t.s.rollbacks++
	return nil
}
