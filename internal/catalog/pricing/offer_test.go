package pricing

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/internal/platform/problem"
)

func fieldsOf(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var pe *problem.Error
	if !errors.As(err, &pe) || pe.Kind != problem.KindValidation {
		t.Fatalf("err = %v, want a validation problem", err)
	}
	var out []string
	for _, f := range pe.Fields {
		out = append(out, f.Field)
	}
	return out
}

func TestOfferValidate(t *testing.T) {
	tests := []struct {
		name   string
		mod    func(o *Offer)
		fields []string
	}{
		{"valid", nil, nil},
		{"buyer groups with their lists and no general list", func(o *Offer) {
			o.Visibility, o.BuyerGroupIDs = VisibilityBuyerGroups, []uuid.UUID{groupA, groupB}
			o.PriceLists = o.PriceLists[2:4]
		}, nil},
		{"zero price (samples) is allowed", func(o *Offer) { o.PriceLists[1].Tiers[0].UnitPrice = UnitPrice{} }, nil},
		{"rising tier prices are allowed", func(o *Offer) { o.PriceLists[0].Tiers[2].UnitPrice = up(5, 0) }, nil},
		{"no ids", func(o *Offer) { o.SellerID, o.ProductID = uuid.Nil, uuid.Nil }, []string{"/seller_id", "/product_id"}},
		{"window ends before it starts", func(o *Offer) { o.ValidTo = o.ValidFrom }, []string{"/valid_to"}},
		{"open-ended window", func(o *Offer) { o.ValidFrom = time.Time{} }, nil},
		{"zero increment and MOQ", func(o *Offer) { o.Increment, o.MOQ = 0, 0 }, []string{"/increment", "/moq"}},
		{"negative increment", func(o *Offer) { o.Increment = -kg(25) }, []string{"/increment"}},
		{"MOQ off the increment", func(o *Offer) { o.MOQ = kg(30) }, []string{"/moq"}},
		{"max below MOQ", func(o *Offer) { o.MaxQty = qp(0) }, []string{"/max_qty"}},
		{"max off the increment", func(o *Offer) { o.MaxQty = qp(kg(1010)) }, []string{"/max_qty"}},
		{"max equal to MOQ", func(o *Offer) { o.MaxQty = qp(kg(25)) }, nil},
		{"negative lead time", func(o *Offer) { o.LeadTimeDays = -1 }, []string{"/lead_time_days"}},
		{"no incoterms", func(o *Offer) { o.Incoterms = nil }, []string{"/incoterms"}},
		{"unknown, lower-case and repeated incoterms", func(o *Offer) {
			o.Incoterms = []string{"FCA", "DDU", "fca", "FCA"}
		}, []string{"/incoterms/1", "/incoterms/2", "/incoterms/3"}},
		{"all eleven incoterms", func(o *Offer) { o.Incoterms = Incoterms }, nil},
		{"unknown visibility", func(o *Offer) { o.Visibility = "public" }, []string{"/visibility"}},
		{"buyer groups without groups", func(o *Offer) { o.Visibility = VisibilityBuyerGroups }, []string{"/buyer_group_ids"}},
		{"nil and repeated ids", func(o *Offer) {
			o.BuyerGroupIDs = []uuid.UUID{groupA, uuid.Nil, groupA}
			o.InvitedBuyerIDs = []uuid.UUID{uuid.Nil}
		}, []string{"/buyer_group_ids/1", "/buyer_group_ids/2", "/invited_buyer_ids/0"}},
		{"no price lists", func(o *Offer) { o.PriceLists = nil }, []string{"/price_lists"}},
		{"no general list for all buyers", func(o *Offer) { o.PriceLists = o.PriceLists[2:4] }, []string{"/price_lists"}},
		{"no general list for invited buyers", func(o *Offer) {
			o.Visibility, o.PriceLists = VisibilityInvitedBuyers, o.PriceLists[2:4]
		}, []string{"/price_lists"}},
		{"a visible group without a list", func(o *Offer) {
			o.Visibility, o.BuyerGroupIDs = VisibilityBuyerGroups, []uuid.UUID{groupA, groupB, groupC}
			o.PriceLists = o.PriceLists[2:4]
		}, []string{"/buyer_group_ids/2"}},
		{"duplicate general list", func(o *Offer) {
			o.PriceLists = append(o.PriceLists, PriceList{Currency: "USD", Tiers: []Tier{{0, up(1, 0)}}})
		}, []string{"/price_lists/10"}},
		{"duplicate group list", func(o *Offer) {
			o.PriceLists = append(o.PriceLists, PriceList{Currency: "EUR", BuyerGroupID: id(groupB), Tiers: []Tier{{0, up(1, 0)}}})
		}, []string{"/price_lists/10"}},
		{"first tier above the MOQ", func(o *Offer) { o.PriceLists[1].Tiers[0].MinQty = kg(50) }, []string{"/price_lists/1/tiers/0/min_qty"}},
		{"first tier exactly at the MOQ", func(o *Offer) { o.PriceLists[1].Tiers[0].MinQty = kg(25) }, nil},
		{"tiers not strictly increasing", func(o *Offer) {
			o.PriceLists[0].Tiers[2].MinQty = kg(100)
		}, []string{"/price_lists/0/tiers/2/min_qty"}},
		{"negative tier and price", func(o *Offer) {
			o.PriceLists[0].Tiers[0] = Tier{MinQty: -1, UnitPrice: up(-1, 2)}
		}, []string{"/price_lists/0/tiers/0/min_qty", "/price_lists/0/tiers/0/unit_price"}},
		{"too many decimals", func(o *Offer) { o.PriceLists[0].Tiers[1].UnitPrice = up(1, MaxPriceScale+1) },
			[]string{"/price_lists/0/tiers/1/unit_price"}},
		{"bad currencies", func(o *Offer) {
			o.PriceLists[1].Currency = "usd"
			o.PriceLists[8].Currency = "XAU"
			o.PriceLists[9].Currency = "KW"
		}, []string{"/price_lists/1/currency", "/price_lists/8/currency", "/price_lists/9/currency"}},
		{"nil group id and no tiers", func(o *Offer) {
			o.PriceLists[7] = PriceList{Currency: "CHF", BuyerGroupID: id(uuid.Nil)}
		}, []string{"/price_lists/7/buyer_group_id", "/price_lists/7/tiers"}},
		{"every problem at once", func(o *Offer) {
			o.MOQ, o.LeadTimeDays, o.Incoterms = kg(10), -3, []string{"XYZ"}
			o.PriceLists[0].Tiers[1].MinQty = 0
		}, []string{"/moq", "/lead_time_days", "/incoterms/0", "/price_lists/0/tiers/1/min_qty"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := testOffer()
			if tt.mod != nil {
				tt.mod(&o)
			}
			if got := fieldsOf(t, o.Validate()); !reflect.DeepEqual(got, tt.fields) {
				t.Errorf("fields = %v, want %v (%v)", got, tt.fields, o.Validate())
			}
		})
	}
}

func TestPriceListValidate_PointersAreRelative(t *testing.T) {
	pl := PriceList{Currency: "eur", Tiers: []Tier{{kg(10), up(1, 0)}, {kg(5), up(-1, 0)}}}
	want := []string{"/currency", "/tiers/1/min_qty", "/tiers/1/unit_price"}
	if got := fieldsOf(t, pl.Validate()); !reflect.DeepEqual(got, want) {
		t.Errorf("fields = %v, want %v", got, want)
	}
	// On its own a list has no MOQ to compare its first tier with.
	if err := (PriceList{Currency: "EUR", Tiers: []Tier{{kg(10), up(1, 0)}}}).Validate(); err != nil {
		t.Errorf("Validate = %v", err)
	}
}

func TestParseVisibility(t *testing.T) {
	for _, v := range []Visibility{VisibilityAllBuyers, VisibilityInvitedBuyers, VisibilityBuyerGroups} {
		if got, err := ParseVisibility(v.String()); err != nil || got != v {
			t.Errorf("ParseVisibility(%q) = %q, %v", v, got, err)
		}
	}
	for _, s := range []string{"", "ALL_BUYERS", "public"} {
		if _, err := ParseVisibility(s); err == nil {
			t.Errorf("ParseVisibility(%q) accepted", s)
		}
	}
}
