package exportcontrol

import (
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/internal/catalog/masterdata"
	"github.com/manifoldhq/manifold/internal/catalog/pricing"
	"github.com/manifoldhq/manifold/internal/platform/money"
)

// Licence mirrors a seller's export licence (ent.Licence, managed by internal/parties):
// its regime, classifications and destinations, optional caps with what orders have used
// of them, and its validity [ValidFrom, ValidTo).
type Licence struct {
	ID               uuid.UUID
	HolderID         uuid.UUID
	Regime           string // us_ear, eu_dual_use or national
	Number           string
	IssuingAuthority string
	Classifications  []string
	Destinations     []string
	// ValueCap in minor units of ValueCurrency; nil means no cap.
	ValueCap      *int64
	ValueCurrency string
	ValueUsed     int64
	// QtyCap in thousandths of QtyUnit (pricing.Quantity, UN/ECE Rec 20); nil means no cap.
	QtyCap    *int64
	QtyUnit   string
	QtyUsed   int64
	ValidFrom time.Time
	ValidTo   time.Time
}

// Line is what an order line would draw on a licence.
type Line struct {
	Value *money.Money
	// Qty in thousandths of QtyUnit; QtyUnit "" means the quantity is not given.
	Qty     pricing.Quantity
	QtyUnit string
}

// LicenceEvaluation says whether one licence covers the line, and if not, why.
type LicenceEvaluation struct {
	ID      string   `json:"id,omitempty"`
	Number  string   `json:"number"`
	Covers  bool     `json:"covers"`
	Reasons []string `json:"reasons"`
}

// Coverage is the result of matching a determination against a seller's licences.
type Coverage struct {
	Covering    *CoveringLicence    `json:"covering,omitempty"`
	Evaluations []LicenceEvaluation `json:"evaluations"`
	Notes       []string            `json:"notes"`
}

// Cover finds the first of the seller's licences that covers the determination's line at
// time at (classification incl. paragraph, destination, validity, remaining value and
// quantity), records it as the determination's covering licence and says why each other
// licence does not cover it.
func Cover(d *Determination, licences []Licence, line Line, at time.Time) Coverage {
	cov := Coverage{Evaluations: []LicenceEvaluation{}, Notes: []string{}}
	switch d.Outcome {
	case OutcomeNoLicenceRequired, OutcomeNotAnExport:
		cov.Notes = append(cov.Notes, "No licence is required for this line.")
		return cov
	case OutcomeProhibited:
		cov.Notes = append(cov.Notes, "The export is prohibited: no licence can cover it.")
		return cov
	case OutcomeManualReview:
		cov.Notes = append(cov.Notes, "The determination needs manual review: a matching licence is reported, but the review decides whether it is the right one.")
	}
	for _, l := range licences {
		ev := LicenceEvaluation{Number: l.Number, Reasons: evaluate(d, l, line, at)}
		if l.ID != uuid.Nil {
			ev.ID = l.ID.String()
		}
		ev.Covers = len(ev.Reasons) == 0
		if ev.Covers && cov.Covering == nil {
			cov.Covering = &CoveringLicence{ID: ev.ID, Number: l.Number, Regime: l.Regime}
		}
		if ev.Reasons == nil {
			ev.Reasons = []string{}
		}
		cov.Evaluations = append(cov.Evaluations, ev)
	}
	d.CoveringLicence = cov.Covering
	if cov.Covering == nil && len(licences) > 0 {
		cov.Notes = append(cov.Notes, "None of the seller's licences covers this line.")
	}
	return cov
}

// normaliseClass brings a licence classification to the determination's canonical form.
func normaliseClass(regime, s string) string {
	if regime == RegimeEUDualUse {
		if v, err := masterdata.DualUseCode(s); err == nil {
			return v
		}
		return s
	}
	if v, err := masterdata.ECCN(s); err == nil {
		return v
	}
	return s
}

// evaluate lists every reason why l does not cover the line; none means it covers it.
func evaluate(d *Determination, l Licence, line Line, at time.Time) []string {
	var why []string
	if l.Regime != d.Regime {
		why = append(why, fmt.Sprintf("regime %s does not match %s", l.Regime, d.Regime))
	}

	var narrower []string
	classOK := false
	for _, c := range l.Classifications {
		c = normaliseClass(d.Regime, c)
		switch {
		case within(d.Classification, c):
			classOK = true
		case within(c, d.Classification):
			narrower = append(narrower, c)
		}
	}
	switch {
	case classOK:
	case len(narrower) > 0:
		why = append(why, fmt.Sprintf("covers only %s, narrower than %s: give the line's paragraph", joinList(narrower), d.Classification))
	default:
		why = append(why, fmt.Sprintf("classification %s is not among %s", d.Classification, joinList(l.Classifications)))
	}

	switch {
	case !slices.Contains(l.Destinations, d.country):
		why = append(why, fmt.Sprintf("destination %s is not among %s", d.country, joinList(l.Destinations)))
	case d.region != "" && ukraineCovered[d.region] != "":
		why = append(why, fmt.Sprintf("names %s, but %s is a covered region (15 CFR 746.6) that a licence must name expressly: review manually", d.country, d.region))
	}

	switch {
	case at.Before(l.ValidFrom):
		why = append(why, fmt.Sprintf("not valid until %s", l.ValidFrom.UTC().Format(time.DateOnly)))
	case !at.Before(l.ValidTo):
		why = append(why, fmt.Sprintf("expired on %s", l.ValidTo.UTC().Format(time.DateOnly)))
	}

	if l.ValueCap != nil {
		remaining := *l.ValueCap - l.ValueUsed
		switch {
		case line.Value == nil:
			why = append(why, "has a value cap but the line's value was not given")
		case line.Value.Currency != l.ValueCurrency:
			why = append(why, fmt.Sprintf("value cap is in %s, the line in %s", l.ValueCurrency, line.Value.Currency))
		case line.Value.Amount > remaining:
			why = append(why, fmt.Sprintf("remaining value %d %s (minor units) is less than the line's %d", max(remaining, 0), l.ValueCurrency, line.Value.Amount))
		}
	}
	if l.QtyCap != nil {
		remaining := pricing.Quantity(*l.QtyCap - l.QtyUsed)
		switch {
		case line.QtyUnit == "":
			why = append(why, "has a quantity cap but the line's quantity was not given")
		case line.QtyUnit != l.QtyUnit:
			why = append(why, fmt.Sprintf("quantity cap is in %s, the line in %s", l.QtyUnit, line.QtyUnit))
		case line.Qty > remaining:
			why = append(why, fmt.Sprintf("remaining quantity %s %s is less than the line's %s", max(remaining, 0), l.QtyUnit, line.Qty))
		}
	}
	return why
}

func joinList(s []string) string {
	if len(s) == 0 {
		return "(none)"
	}
	return fmt.Sprint(s)
}
