// Package compliance wires the compliance engines (internal/compliance/exportcontrol,
// internal/compliance/lists) to the marketplace: whose licences cover a line, which
// viewer may ask.
package compliance

import (
	"context"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/internal/catalog/pricing"
	"github.com/manifoldhq/manifold/internal/compliance/exportcontrol"
	"github.com/manifoldhq/manifold/internal/platform/problem"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// LicenceReader pages through a seller's licences, answering not-found to a viewer who
// may not read them (internal/parties).
type LicenceReader interface {
	Licences(ctx context.Context, orgID, after uuid.UUID, limit int) ([]*ent.Licence, error)
}

// Determinations answers export-control questions for the marketplace's sellers and
// compliance officers.
type Determinations struct {
	engine   *exportcontrol.Engine
	licences LicenceReader
	sellers  func(v *tenant.Viewer) []uuid.UUID // the seller organizations a viewer acts for
	now      func() time.Time
}

// NewDeterminations builds the service; sellers lists the seller organizations the viewer
// acts for (licences are looked up for the only one when the request names none).
func NewDeterminations(e *exportcontrol.Engine, l LicenceReader, sellers func(*tenant.Viewer) []uuid.UUID) *Determinations {
	return &Determinations{engine: e, licences: l, sellers: sellers, now: func() time.Time { return time.Now().UTC() }}
}

// DeterminationInput is a determination request, optionally for one seller's line.
type DeterminationInput struct {
	exportcontrol.Request
	// SellerID's licences are matched against the line; omitted, the viewer's own seller
	// (if it acts for exactly one) is used; none, no licence matching.
	SellerID *uuid.UUID
	// Quantity of the line in thousandths of QuantityUnit, for licence quantity caps.
	Quantity     *pricing.Quantity
	QuantityUnit string
}

// DeterminationResult is the determination and, when a seller is known, how its
// licences fare against the line.
type DeterminationResult struct {
	*exportcontrol.Determination
	SellerID        *uuid.UUID              `json:"seller_id,omitempty"`
	LicenceCoverage *exportcontrol.Coverage `json:"licence_coverage,omitempty"`
}

// Determine answers whether the line needs a licence and whether a seller licence covers
// it. Another seller's licences are not found (404), like the seller itself.
func (d *Determinations) Determine(ctx context.Context, in DeterminationInput) (*DeterminationResult, error) {
	det, err := d.engine.Determine(in.Request)
	if err != nil {
		return nil, err
	}
	out := &DeterminationResult{Determination: det}
	seller := in.SellerID
	if seller == nil {
		if own := d.sellers(tenant.FromContext(ctx)); len(own) == 1 {
			seller = &own[0]
		}
	}
	if seller == nil {
		return out, nil
	}
	var ls []exportcontrol.Licence
	after := uuid.Nil
	for {
		page, err := d.licences.Licences(ctx, *seller, after, 500)
		if err != nil {
			return nil, err
		}
		for _, l := range page {
			ls = append(ls, licenceOf(l))
		}
		if len(page) < 500 {
			break
		}
		after = page[len(page)-1].ID
	}
	line := exportcontrol.Line{Value: in.Value}
	if in.Quantity != nil {
		if in.QuantityUnit == "" {
			return nil, problem.Validation("the determination request is invalid",
				problem.Field("/quantity/unit", "is required with a quantity"))
		}
		line.Qty, line.QtyUnit = *in.Quantity, in.QuantityUnit
	}
	cov := exportcontrol.Cover(det, ls, line, d.now())
	out.SellerID, out.LicenceCoverage = seller, &cov
	return out, nil
}

func licenceOf(l *ent.Licence) exportcontrol.Licence {
	return exportcontrol.Licence{
		ID: l.ID, HolderID: l.HolderID, Regime: string(l.Regime), Number: l.Number,
		IssuingAuthority: l.IssuingAuthority, Classifications: slices.Clone(l.Classifications),
		Destinations: slices.Clone(l.Destinations), ValueCap: l.ValueCap, ValueCurrency: l.ValueCurrency,
		ValueUsed: l.ValueUsed, QtyCap: l.QtyCap, QtyUnit: l.QtyUnit, QtyUsed: l.QtyUsed,
		ValidFrom: l.ValidFrom, ValidTo: l.ValidTo,
	}
}
