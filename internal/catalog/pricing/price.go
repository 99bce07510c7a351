package pricing

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/internal/platform/money"
	"github.com/manifoldhq/manifold/internal/platform/problem"
)

// Errors returned by Price. Each arrives inside a *problem.Error of the kind named here
// (its Cause), so errors.Is picks the reason and problem.From renders the response.
var (
	// ErrNotVisible: the buyer may not see the offer (not found, so that hidden offers
	// cannot be told apart from missing ones).
	ErrNotVisible = errors.New("pricing: offer not visible to the buyer")
	// ErrOfferInactive, ErrOfferNotYetValid, ErrOfferExpired: unprocessable.
	ErrOfferInactive    = errors.New("pricing: offer is inactive")
	ErrOfferNotYetValid = errors.New("pricing: offer is not valid yet")
	ErrOfferExpired     = errors.New("pricing: offer has expired")
	// ErrCurrencyNotOffered: validation on /currency.
	ErrCurrencyNotOffered = errors.New("pricing: currency not offered")
	// ErrIncotermNotOffered: validation on /incoterm (also when none is given).
	ErrIncotermNotOffered = errors.New("pricing: incoterm not offered")
	// ErrBelowMOQ, ErrAboveMaxQty, ErrNotIncrement: validation on /qty.
	ErrBelowMOQ     = errors.New("pricing: quantity below the minimum order quantity")
	ErrAboveMaxQty  = errors.New("pricing: quantity above the maximum")
	ErrNotIncrement = errors.New("pricing: quantity not a multiple of the increment")
	// ErrLineTooLarge: validation on /qty; the line total does not fit int64 minor units.
	// It also matches money.ErrOverflow.
	ErrLineTooLarge = errors.New("pricing: line total too large")
	// ErrInvalidOffer: the stored offer breaks Offer.Validate, which saving should have
	// prevented; an internal error (500, logged with the field errors).
	ErrInvalidOffer = errors.New("pricing: stored offer is invalid")
	// ErrNoTime: Request.At is zero, a caller bug; an internal error.
	ErrNoTime = errors.New("pricing: request has no time")
)

// Buyer is the buyer organization asking for a price.
type Buyer struct {
	OrganizationID uuid.UUID
	// GroupIDs are the buyer groups the organization belongs to.
	GroupIDs []uuid.UUID
	// InvitedBySellerIDs are the sellers that invited the organization to their
	// invitation-only offers.
	InvitedBySellerIDs []uuid.UUID
}

// Request asks for the price of one line.
type Request struct {
	Offer    Offer
	Buyer    Buyer
	Qty      Quantity
	Currency string
	Incoterm string
	At       time.Time
}

// Quote is the priced line.
type Quote struct {
	OfferID  uuid.UUID
	Qty      Quantity
	Incoterm string
	// UnitPrice is the tier's price, exact (not rounded); its currency is LineTotal's.
	UnitPrice UnitPrice
	// LineTotal is UnitPrice × Qty rounded half up to the currency's minor units.
	LineTotal  money.Money
	TierMinQty Quantity
	// PriceListGroupID is the buyer group of the list used; nil for the general list.
	PriceListGroupID *uuid.UUID
	LeadTimeDays     int
	// NextTier is the smallest larger orderable quantity with a lower unit price in the
	// same list, or nil.
	NextTier *NextTier
}

// NextTier tells the buyer how much more to order to pay less per unit.
type NextTier struct {
	// MinQty is where the cheaper tier starts; Qty is the smallest orderable quantity
	// (a multiple of the increment, within MaxQty) that reaches it.
	MinQty    Quantity
	Qty       Quantity
	UnitPrice UnitPrice
}

// Price prices req.Qty of req.Offer for req.Buyer at req.At.
//
// Checks run in this order, so that nothing leaks about an offer the buyer may not see:
// visibility (ErrNotVisible), active and validity window, the offer's own integrity;
// then every problem with the request at once as field errors (/currency, /incoterm,
// /qty). Quantities must satisfy MOQ ≤ qty ≤ MaxQty and qty % Increment == 0.
//
// The price list is the one for req.Currency; a list for one of the buyer's groups wins
// over the general list (even if the general one is cheaper: group prices are
// negotiated terms), and among several group lists the lowest unit price at this
// quantity wins (ties go to the lowest group id). Within the list, the tier with the
// highest MinQty ≤ qty applies.
func Price(req Request) (Quote, error) {
	o := req.Offer
	if req.At.IsZero() {
		return Quote{}, &problem.Error{Kind: problem.KindInternal, Detail: "pricing request has no time", Cause: ErrNoTime}
	}
	if !visible(o, req.Buyer) {
		return Quote{}, &problem.Error{Kind: problem.KindNotFound, Detail: "offer not found", Cause: ErrNotVisible}
	}
	switch {
	case !o.Active:
		return Quote{}, &problem.Error{Kind: problem.KindUnprocessable, Detail: "the offer is no longer available", Cause: ErrOfferInactive}
	case !o.ValidFrom.IsZero() && req.At.Before(o.ValidFrom):
		return Quote{}, &problem.Error{Kind: problem.KindUnprocessable, Detail: "the offer is not available yet", Cause: ErrOfferNotYetValid}
	case !o.ValidTo.IsZero() && !req.At.Before(o.ValidTo):
		return Quote{}, &problem.Error{Kind: problem.KindUnprocessable, Detail: "the offer has expired", Cause: ErrOfferExpired}
	}
	if err := o.Validate(); err != nil {
		return Quote{}, &problem.Error{Kind: problem.KindInternal, Detail: "stored offer is invalid", Cause: errors.Join(ErrInvalidOffer, err)}
	}

	var (
		fields  problem.Fields
		reasons []error
	)
	bad := func(reason error, field, format string, args ...any) {
		fields.Add(field, format, args...)
		reasons = append(reasons, reason)
	}
	cur := strings.ToUpper(req.Currency)
	lists := applicableLists(o, req.Buyer, cur)
	minor, curErr := money.MinorUnits(cur)
	if len(lists) == 0 || curErr != nil {
		bad(ErrCurrencyNotOffered, "/currency", "is not offered; offered: %s", strings.Join(offeredCurrencies(o, req.Buyer), ", "))
	}
	incoterm := strings.ToUpper(req.Incoterm)
	if !slices.Contains(o.Incoterms, incoterm) {
		what := "is not offered"
		if incoterm == "" {
			what = "is required"
		}
		bad(ErrIncotermNotOffered, "/incoterm", "%s; offered: %s", what, strings.Join(o.Incoterms, ", "))
	}
	qty := req.Qty
	if qty < o.MOQ {
		bad(ErrBelowMOQ, "/qty", "must be at least the minimum order quantity %s", o.MOQ)
	}
	if o.MaxQty != nil && qty > *o.MaxQty {
		bad(ErrAboveMaxQty, "/qty", "must be at most %s", *o.MaxQty)
	}
	if qty%o.Increment != 0 {
		bad(ErrNotIncrement, "/qty", "must be a multiple of %s", o.Increment)
	}
	if len(fields) > 0 {
		return Quote{}, &problem.Error{Kind: problem.KindValidation, Detail: "the line cannot be priced", Fields: fields, Cause: errors.Join(reasons...)}
	}

	pl, tier := pickList(lists, qty)
	total, ok := lineTotal(pl.Tiers[tier].UnitPrice, qty, minor)
	if !ok {
		return Quote{}, &problem.Error{Kind: problem.KindValidation, Detail: "the line total is too large",
			Fields: []problem.FieldError{problem.Field("/qty", "gives a line total too large to charge")},
			Cause:  errors.Join(ErrLineTooLarge, money.ErrOverflow)}
	}
	return Quote{
		OfferID:          o.ID,
		Qty:              qty,
		Incoterm:         incoterm,
		UnitPrice:        pl.Tiers[tier].UnitPrice,
		LineTotal:        money.Money{Amount: total, Currency: cur},
		TierMinQty:       pl.Tiers[tier].MinQty,
		PriceListGroupID: copyID(pl.BuyerGroupID),
		LeadTimeDays:     o.LeadTimeDays,
		NextTier:         nextTier(o, pl, tier),
	}, nil
}

// visible fails closed: an unknown visibility shows the offer to nobody.
func visible(o Offer, b Buyer) bool {
	switch o.Visibility {
	case VisibilityAllBuyers:
		return true
	case VisibilityInvitedBuyers:
		return slices.Contains(o.InvitedBuyerIDs, b.OrganizationID) || slices.Contains(b.InvitedBySellerIDs, o.SellerID)
	case VisibilityBuyerGroups:
		return slices.ContainsFunc(b.GroupIDs, func(g uuid.UUID) bool { return slices.Contains(o.BuyerGroupIDs, g) })
	}
	return false
}

// applicableLists returns the buyer's group lists in cur if there are any, else the
// general list in cur, else nothing.
func applicableLists(o Offer, b Buyer, cur string) []PriceList {
	var group, general []PriceList
	for _, pl := range o.PriceLists {
		switch {
		case pl.Currency != cur:
		case pl.BuyerGroupID == nil:
			general = append(general, pl)
		case slices.Contains(b.GroupIDs, *pl.BuyerGroupID):
			group = append(group, pl)
		}
	}
	if len(group) > 0 {
		return group
	}
	return general
}

func offeredCurrencies(o Offer, b Buyer) []string {
	var out []string
	for _, pl := range o.PriceLists {
		if !slices.Contains(out, pl.Currency) && len(applicableLists(o, b, pl.Currency)) > 0 {
			out = append(out, pl.Currency)
		}
	}
	slices.Sort(out)
	return out
}

// pickList returns the list with the lowest unit price at qty and the index of its tier.
// Lists are validated, so each has a tier at or below the MOQ and thus at or below qty.
func pickList(lists []PriceList, qty Quantity) (PriceList, int) {
	best, bestTier := lists[0], tierAt(lists[0], qty)
	for _, pl := range lists[1:] {
		t := tierAt(pl, qty)
		c := pl.Tiers[t].UnitPrice.Cmp(best.Tiers[bestTier].UnitPrice)
		if c < 0 || (c == 0 && groupLess(pl.BuyerGroupID, best.BuyerGroupID)) {
			best, bestTier = pl, t
		}
	}
	return best, bestTier
}

// groupLess orders group ids with the general list (nil) first.
func groupLess(a, b *uuid.UUID) bool {
	if a == nil || b == nil {
		return a == nil && b != nil
	}
	return bytes.Compare(a[:], b[:]) < 0
}

// tierAt is the index of the tier with the highest MinQty ≤ qty (tiers ascend).
func tierAt(pl PriceList, qty Quantity) int {
	i, _ := slices.BinarySearchFunc(pl.Tiers, qty, func(t Tier, q Quantity) int {
		switch {
		case t.MinQty <= q:
			return -1
		default:
			return 1
		}
	})
	return max(i-1, 0)
}

func nextTier(o Offer, pl PriceList, cur int) *NextTier {
	now := pl.Tiers[cur].UnitPrice
	for _, t := range pl.Tiers[cur+1:] {
		q, ok := roundUp(t.MinQty, o.Increment)
		if !ok || (o.MaxQty != nil && q > *o.MaxQty) {
			return nil
		}
		// Rounding up to the increment may land in a later tier; quote that one.
		at := pl.Tiers[tierAt(pl, q)]
		if at.UnitPrice.Cmp(now) < 0 {
			return &NextTier{MinQty: at.MinQty, Qty: q, UnitPrice: at.UnitPrice}
		}
	}
	return nil
}

// roundUp returns the smallest multiple of step ≥ q (q ≥ 0, step > 0).
func roundUp(q, step Quantity) (Quantity, bool) {
	r := q % step
	if r == 0 {
		return q, true
	}
	add := step - r
	if q > maxQuantity-add {
		return 0, false
	}
	return q + add, true
}

func copyID(id *uuid.UUID) *uuid.UUID {
	if id == nil {
		return nil
	}
	c := *id
	return &c
}

// PrefixFields returns err with prefix put before every field pointer, for a caller
// pricing many lines: PrefixFields(err, "/lines/3") turns /qty into /lines/3/qty.
// Errors that are not a *problem.Error with fields come back unchanged.
func PrefixFields(err error, prefix string) error {
	var pe *problem.Error
	if !errors.As(err, &pe) || len(pe.Fields) == 0 {
		return err
	}
	c := *pe
	c.Fields = make([]problem.FieldError, len(pe.Fields))
	for i, f := range pe.Fields {
		c.Fields[i] = problem.FieldError{Field: prefix + f.Field, Message: f.Message}
	}
	return &c
}

const maxQuantity = Quantity(1<<63 - 1)
