// Package pricing holds a seller's offers and price lists as plain domain values and
// prices one order line for one buyer; checkout, carts and product pages all call Price.
package pricing

import (
	"fmt"
	"github.com/manifoldhq/manifold/internal/catalog/masterdata"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/internal/platform/money"
	"github.com/manifoldhq/manifold/internal/platform/problem"
)

// Visibility says which buyers may see and order an offer.
type Visibility string

const (
	// VisibilityAllBuyers shows the offer to every buyer of the marketplace.
	VisibilityAllBuyers Visibility = "all_buyers"
	// VisibilityInvitedBuyers shows the offer to buyers the seller invited, to this
	// offer (Offer.InvitedBuyerIDs) or to all its invitation-only offers
	// (Buyer.InvitedBySellerIDs).
	VisibilityInvitedBuyers Visibility = "invited_buyers"
	// VisibilityBuyerGroups shows the offer to members of Offer.BuyerGroupIDs.
	VisibilityBuyerGroups Visibility = "buyer_groups"
)

var visibilities = []Visibility{VisibilityAllBuyers, VisibilityInvitedBuyers, VisibilityBuyerGroups}

func (v Visibility) String() string { return string(v) }

// ParseVisibility accepts the three visibility names.
func ParseVisibility(s string) (Visibility, error) {
	if v := Visibility(s); slices.Contains(visibilities, v) {
		return v, nil
	}
	return "", fmt.Errorf("pricing: unknown visibility %q", s)
}

// Incoterms are the eleven Incoterms 2020 rules an offer may name (masterdata's list).
var Incoterms = func() []string {
	var out []string
	for _, t := range masterdata.Incoterms() {
		out = append(out, t.String())
	}
	return out
}()

// Offer is a seller's terms for one product. Quantities are in the product's unit.
type Offer struct {
	ID        uuid.UUID
	SellerID  uuid.UUID
	ProductID uuid.UUID
	Active    bool
	// ValidFrom and ValidTo bound when the offer can be ordered, [ValidFrom, ValidTo);
	// a zero time leaves that side open.
	ValidFrom time.Time
	ValidTo   time.Time
	// MOQ is the minimum order quantity. Every ordered quantity, MOQ and MaxQty must be
	// a multiple of Increment (a 25 kg bag sells in multiples of 25 kg).
	MOQ       Quantity
	Increment Quantity
	// MaxQty caps one line; nil means no cap.
	MaxQty          *Quantity
	LeadTimeDays    int
	Incoterms       []string
	Visibility      Visibility
	BuyerGroupIDs   []uuid.UUID
	InvitedBuyerIDs []uuid.UUID
	PriceLists      []PriceList
}

// PriceList prices an offer in one currency, for everyone (BuyerGroupID nil) or for the
// members of one buyer group.
type PriceList struct {
	Currency     string
	BuyerGroupID *uuid.UUID
	Tiers        []Tier
}

// Tier is the unit price that applies from MinQty upwards (until the next tier).
type Tier struct {
	MinQty    Quantity
	UnitPrice UnitPrice
}

// notPriceable are ISO 4217 codes that are not money a seller can invoice in: precious
// metals, bond-market units, the SDR, the test code and "no currency".
var notPriceable = []string{"XAG", "XAU", "XBA", "XBB", "XBC", "XBD", "XDR", "XPD", "XPT", "XSU", "XTS", "XUA", "XXX"}

// Validate checks the rules a seller's offer must meet before it is saved, reporting every
// broken rule as a field error with a JSON pointer (/price_lists/1/tiers/2/min_qty).
func (o Offer) Validate() error {
	var f problem.Fields
	if o.SellerID == uuid.Nil {
		f.Add("/seller_id", "is required")
	}
	if o.ProductID == uuid.Nil {
		f.Add("/product_id", "is required")
	}
	if !o.ValidFrom.IsZero() && !o.ValidTo.IsZero() && !o.ValidTo.After(o.ValidFrom) {
		f.Add("/valid_to", "must be after valid_from")
	}
	if o.Increment <= 0 {
		f.Add("/increment", "must be greater than zero")
	}
	switch {
	case o.MOQ <= 0:
		f.Add("/moq", "must be greater than zero")
	case o.Increment > 0 && o.MOQ%o.Increment != 0:
		f.Add("/moq", "must be a multiple of the increment (%s)", o.Increment)
	}
	if o.MaxQty != nil {
		switch {
		case *o.MaxQty < o.MOQ:
			f.Add("/max_qty", "must be at least the MOQ (%s)", o.MOQ)
		case o.Increment > 0 && *o.MaxQty%o.Increment != 0:
			f.Add("/max_qty", "must be a multiple of the increment (%s)", o.Increment)
		}
	}
	if o.LeadTimeDays < 0 {
		f.Add("/lead_time_days", "must not be negative")
	}
	if len(o.Incoterms) == 0 {
		f.Add("/incoterms", "must offer at least one Incoterm")
	}
	for i, t := range o.Incoterms {
		switch {
		case !slices.Contains(Incoterms, t):
			f.Add(fmt.Sprintf("/incoterms/%d", i), "must be an Incoterms 2020 rule (%s)", strings.Join(Incoterms, ", "))
		case slices.Contains(o.Incoterms[:i], t):
			f.Add(fmt.Sprintf("/incoterms/%d", i), "repeats %s", t)
		}
	}
	if _, err := ParseVisibility(string(o.Visibility)); err != nil {
		f.Add("/visibility", "must be one of %s, %s, %s", VisibilityAllBuyers, VisibilityInvitedBuyers, VisibilityBuyerGroups)
	}
	if o.Visibility == VisibilityBuyerGroups && len(o.BuyerGroupIDs) == 0 {
		f.Add("/buyer_group_ids", "must name at least one buyer group when visibility is %s", VisibilityBuyerGroups)
	}
	checkIDs(&f, "/buyer_group_ids", o.BuyerGroupIDs)
	checkIDs(&f, "/invited_buyer_ids", o.InvitedBuyerIDs)

	if len(o.PriceLists) == 0 {
		f.Add("/price_lists", "must have at least one price list")
	}
	general := false
	for i, pl := range o.PriceLists {
		p := fmt.Sprintf("/price_lists/%d", i)
		pl.validate(&f, p)
		if len(pl.Tiers) > 0 && pl.Tiers[0].MinQty > o.MOQ {
			f.Add(p+"/tiers/0/min_qty", "must be at most the MOQ (%s) so every orderable quantity has a price", o.MOQ)
		}
		for j, prev := range o.PriceLists[:i] {
			if prev.Currency == pl.Currency && sameGroup(prev.BuyerGroupID, pl.BuyerGroupID) {
				f.Add(p, "repeats the currency and buyer group of /price_lists/%d", j)
				break
			}
		}
		general = general || pl.BuyerGroupID == nil
	}
	// Everyone who can see the offer must be able to price it in some currency.
	if len(o.PriceLists) > 0 && !general {
		if o.Visibility != VisibilityBuyerGroups {
			f.Add("/price_lists", "needs a price list without a buyer group: every %s buyer must be able to order", o.Visibility)
		} else {
			for i, g := range o.BuyerGroupIDs {
				if !slices.ContainsFunc(o.PriceLists, func(pl PriceList) bool { return sameGroup(pl.BuyerGroupID, &g) }) {
					f.Add(fmt.Sprintf("/buyer_group_ids/%d", i), "has no price list, and there is no price list without a buyer group")
				}
			}
		}
	}
	return f.Err("offer is invalid")
}

// Validate checks one price list on its own; pointers are relative to the list
// (/currency, /tiers/2/min_qty). Offer.Validate adds the rules that need the offer.
func (pl PriceList) Validate() error {
	var f problem.Fields
	pl.validate(&f, "")
	return f.Err("price list is invalid")
}

func (pl PriceList) validate(f *problem.Fields, p string) {
	if _, err := money.ParseCurrency(pl.Currency); err != nil || slices.Contains(notPriceable, strings.ToUpper(pl.Currency)) {
		f.Add(p+"/currency", "must be an ISO 4217 currency code")
	} else if pl.Currency != strings.ToUpper(pl.Currency) {
		f.Add(p+"/currency", "must be upper case (%s)", strings.ToUpper(pl.Currency))
	}
	if pl.BuyerGroupID != nil && *pl.BuyerGroupID == uuid.Nil {
		f.Add(p+"/buyer_group_id", "must not be the nil UUID; leave it out for a list that applies to everyone")
	}
	if len(pl.Tiers) == 0 {
		f.Add(p+"/tiers", "must have at least one tier")
	}
	for k, t := range pl.Tiers {
		tp := fmt.Sprintf("%s/tiers/%d", p, k)
		switch {
		case t.MinQty < 0:
			f.Add(tp+"/min_qty", "must not be negative")
		case k > 0 && t.MinQty <= pl.Tiers[k-1].MinQty:
			f.Add(tp+"/min_qty", "must be greater than the previous tier's (%s)", pl.Tiers[k-1].MinQty)
		}
		switch {
		case t.UnitPrice.Amount < 0:
			f.Add(tp+"/unit_price", "must not be negative")
		case t.UnitPrice.Scale > MaxPriceScale:
			f.Add(tp+"/unit_price", "must have at most %d decimals", MaxPriceScale)
		}
	}
}

func checkIDs(f *problem.Fields, p string, ids []uuid.UUID) {
	for i, id := range ids {
		switch {
		case id == uuid.Nil:
			f.Add(fmt.Sprintf("%s/%d", p, i), "must not be the nil UUID")
		case slices.Contains(ids[:i], id):
			f.Add(fmt.Sprintf("%s/%d", p, i), "repeats %s", id)
		}
	}
}

func sameGroup(a, b *uuid.UUID) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}
