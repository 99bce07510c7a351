package pricing

import (
	"errors"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/internal/platform/money"
	"github.com/manifoldhq/manifold/internal/platform/problem"
)

var (
	sellerID  = uuid.MustParse("00000000-0000-0000-0000-00000000005e")
	otherSell = uuid.MustParse("00000000-0000-0000-0000-00000000005f")
	productID = uuid.MustParse("00000000-0000-0000-0000-0000000000b0")
	offerID   = uuid.MustParse("00000000-0000-0000-0000-00000000000f")
	buyerID   = uuid.MustParse("00000000-0000-0000-0000-0000000000b1")
	groupA    = uuid.MustParse("00000000-0000-0000-0000-00000000000a")
	groupB    = uuid.MustParse("00000000-0000-0000-0000-00000000000b")
	groupC    = uuid.MustParse("00000000-0000-0000-0000-00000000000c")
	groupD    = uuid.MustParse("00000000-0000-0000-0000-00000000000d")
	groupE    = uuid.MustParse("00000000-0000-0000-0000-00000000000e")

	validFrom = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	validTo   = time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
)

func kg(n int64) Quantity       { return Quantity(n) * Unit }
func qp(q Quantity) *Quantity   { return &q }
func id(u uuid.UUID) *uuid.UUID { return &u }
func up(a int64, s uint8) UnitPrice {
	return UnitPrice{Amount: a, Scale: s}
}

// testOffer is a specialty chemical in 25 kg bags, up to 10 t per line.
func testOffer() Offer {
	return Offer{
		ID: offerID, SellerID: sellerID, ProductID: productID, Active: true,
		ValidFrom: validFrom, ValidTo: validTo,
		MOQ: kg(25), Increment: kg(25), MaxQty: qp(kg(10000)), LeadTimeDays: 14,
		Incoterms:  []string{"FCA", "CIP", "DAP"},
		Visibility: VisibilityAllBuyers,
		PriceLists: []PriceList{
			{Currency: "EUR", Tiers: []Tier{{0, up(12345, 4)}, {kg(100), up(110, 2)}, {kg(1000), up(95, 2)}}},
			{Currency: "USD", Tiers: []Tier{{0, up(140, 2)}}},
			{Currency: "EUR", BuyerGroupID: id(groupA), Tiers: []Tier{{0, up(105, 2)}, {kg(500), up(90, 2)}}},
			{Currency: "EUR", BuyerGroupID: id(groupB), Tiers: []Tier{{0, up(100, 2)}, {kg(500), up(99, 2)}}},
			{Currency: "EUR", BuyerGroupID: id(groupC), Tiers: []Tier{{0, up(200, 2)}}},
			{Currency: "EUR", BuyerGroupID: id(groupD), Tiers: []Tier{{0, up(150, 2)}}},
			{Currency: "EUR", BuyerGroupID: id(groupE), Tiers: []Tier{{0, up(1500, 3)}}},
			{Currency: "CHF", BuyerGroupID: id(groupA), Tiers: []Tier{{0, up(120, 2)}}},
			{Currency: "JPY", Tiers: []Tier{{0, up(1805, 1)}}},
			{Currency: "KWD", Tiers: []Tier{{0, up(3755, 4)}}},
		},
	}
}

func testRequest() Request {
	return Request{
		Offer:    testOffer(),
		Buyer:    Buyer{OrganizationID: buyerID},
		Qty:      kg(25),
		Currency: "EUR",
		Incoterm: "FCA",
		At:       time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC),
	}
}

func TestPrice(t *testing.T) {
	type want struct {
		unit   UnitPrice
		total  int64
		cur    string
		tier   Quantity
		group  *uuid.UUID
		next   *NextTier
		errs   []error
		kind   problem.Kind
		fields []string
	}
	tests := []struct {
		name string
		mod  func(r *Request)
		want want
	}{
		// Tiers and rounding (EUR, 2 decimals).
		{"first tier, 30.8625 rounds down", nil,
			want{unit: up(12345, 4), total: 3086, cur: "EUR", tier: 0, next: &NextTier{kg(100), kg(100), up(110, 2)}}},
		{"61.725 rounds half up to 61.73", func(r *Request) { r.Qty = kg(50) },
			want{unit: up(12345, 4), total: 6173, cur: "EUR", tier: 0, next: &NextTier{kg(100), kg(100), up(110, 2)}}},
		{"92.5875 rounds up", func(r *Request) { r.Qty = kg(75) },
			want{unit: up(12345, 4), total: 9259, cur: "EUR", tier: 0, next: &NextTier{kg(100), kg(100), up(110, 2)}}},
		{"exactly on a tier boundary takes that tier", func(r *Request) { r.Qty = kg(100) },
			want{unit: up(110, 2), total: 11000, cur: "EUR", tier: kg(100), next: &NextTier{kg(1000), kg(1000), up(95, 2)}}},
		{"between tiers keeps the lower tier", func(r *Request) { r.Qty = kg(975) },
			want{unit: up(110, 2), total: 107250, cur: "EUR", tier: kg(100), next: &NextTier{kg(1000), kg(1000), up(95, 2)}}},
		{"top tier has no next tier", func(r *Request) { r.Qty = kg(1000) },
			want{unit: up(95, 2), total: 95000, cur: "EUR", tier: kg(1000)}},
		{"maximum quantity is allowed", func(r *Request) { r.Qty = kg(10000) },
			want{unit: up(95, 2), total: 950000, cur: "EUR", tier: kg(1000)}},
		{"fractional quantity with a 0.5 kg increment", func(r *Request) {
			r.Offer.MOQ, r.Offer.Increment, r.Qty = 500, 500, 1500
		}, want{unit: up(12345, 4), total: 185, cur: "EUR", tier: 0, next: &NextTier{kg(100), kg(100), up(110, 2)}}},
		{"lower-case currency and incoterm are normalised", func(r *Request) { r.Currency, r.Incoterm = "eur", "cip" },
			want{unit: up(12345, 4), total: 3086, cur: "EUR", tier: 0, next: &NextTier{kg(100), kg(100), up(110, 2)}}},

		// Other currencies.
		{"USD general list", func(r *Request) { r.Currency = "USD" },
			want{unit: up(140, 2), total: 3500, cur: "USD", tier: 0}},
		{"JPY has no decimals: 4512.5 rounds half up", func(r *Request) { r.Currency = "JPY" },
			want{unit: up(1805, 1), total: 4513, cur: "JPY", tier: 0}},
		{"JPY exact", func(r *Request) { r.Currency, r.Qty = "JPY", kg(50) },
			want{unit: up(1805, 1), total: 9025, cur: "JPY", tier: 0}},
		{"KWD has three decimals: 9.3875 rounds half up to 9.388", func(r *Request) { r.Currency = "KWD" },
			want{unit: up(3755, 4), total: 9388, cur: "KWD", tier: 0}},
		{"KWD 18.775 exact", func(r *Request) { r.Currency, r.Qty = "KWD", kg(50) },
			want{unit: up(3755, 4), total: 18775, cur: "KWD", tier: 0}},

		// Group lists.
		{"group list wins over general", func(r *Request) { r.Buyer.GroupIDs = []uuid.UUID{groupA} },
			want{unit: up(105, 2), total: 2625, cur: "EUR", group: id(groupA), next: &NextTier{kg(500), kg(500), up(90, 2)}}},
		{"group list wins even when the general list is cheaper", func(r *Request) { r.Buyer.GroupIDs = []uuid.UUID{groupC} },
			want{unit: up(200, 2), total: 5000, cur: "EUR", group: id(groupC)}},
		{"several groups: lowest unit price at this quantity (B below 500 kg)", func(r *Request) {
			r.Buyer.GroupIDs = []uuid.UUID{groupA, groupB}
		}, want{unit: up(100, 2), total: 2500, cur: "EUR", group: id(groupB), next: &NextTier{kg(500), kg(500), up(99, 2)}}},
		{"several groups: lowest unit price at this quantity (A from 500 kg)", func(r *Request) {
			r.Buyer.GroupIDs, r.Qty = []uuid.UUID{groupB, groupA}, kg(500)
		}, want{unit: up(90, 2), total: 45000, cur: "EUR", tier: kg(500), group: id(groupA)}},
		{"several groups, equal prices at different scales: lowest group id", func(r *Request) {
			r.Buyer.GroupIDs = []uuid.UUID{groupE, groupD}
		}, want{unit: up(150, 2), total: 3750, cur: "EUR", group: id(groupD)}},
		{"group without a list falls back to general", func(r *Request) { r.Buyer.GroupIDs = []uuid.UUID{uuid.New()} },
			want{unit: up(12345, 4), total: 3086, cur: "EUR", next: &NextTier{kg(100), kg(100), up(110, 2)}}},
		{"group lists only apply in their currency", func(r *Request) { r.Buyer.GroupIDs, r.Currency = []uuid.UUID{groupA}, "USD" },
			want{unit: up(140, 2), total: 3500, cur: "USD"}},
		{"currency offered only to a group", func(r *Request) { r.Buyer.GroupIDs, r.Currency = []uuid.UUID{groupA}, "CHF" },
			want{unit: up(120, 2), total: 3000, cur: "CHF", group: id(groupA)}},

		// Next tier.
		{"next tier rounds up to the increment", func(r *Request) {
			r.Offer.PriceLists[0].Tiers[1].MinQty = kg(110)
		}, want{unit: up(12345, 4), total: 3086, cur: "EUR", next: &NextTier{kg(110), kg(125), up(110, 2)}}},
		{"next tier skips a dearer tier", func(r *Request) {
			r.Offer.PriceLists[0].Tiers[1].UnitPrice = up(130, 2)
		}, want{unit: up(12345, 4), total: 3086, cur: "EUR", next: &NextTier{kg(1000), kg(1000), up(95, 2)}}},
		{"next tier beyond the maximum is not offered", func(r *Request) {
			r.Offer.MaxQty, r.Qty = qp(kg(500)), kg(100)
		}, want{unit: up(110, 2), total: 11000, cur: "EUR", tier: kg(100)}},
		{"rounding up to the increment lands in a later tier", func(r *Request) {
			r.Offer.PriceLists[0].Tiers = []Tier{{0, up(200, 2)}, {kg(30), up(150, 2)}, {kg(40), up(100, 2)}}
		}, want{unit: up(200, 2), total: 5000, cur: "EUR", next: &NextTier{kg(40), kg(50), up(100, 2)}}},

		// Overflow.
		{"huge line that still fits", func(r *Request) {
			r.Offer.MOQ, r.Offer.Increment, r.Offer.MaxQty, r.Qty = Unit, Unit, nil, Unit
			r.Offer.PriceLists[0].Tiers = []Tier{{0, up(math.MaxInt64, 5)}}
		}, want{unit: up(math.MaxInt64, 5), total: 9223372036854776, cur: "EUR"}},
		{"line total overflows int64", func(r *Request) {
			r.Offer.PriceLists[0].Tiers = []Tier{{0, up(1<<62, 0)}}
		}, want{errs: []error{ErrLineTooLarge, money.ErrOverflow}, kind: problem.KindValidation, fields: []string{"/qty"}}},
		{"quantity near the int64 limit overflows", func(r *Request) {
			r.Offer.MaxQty, r.Qty = nil, Quantity(math.MaxInt64/int64(kg(25))*int64(kg(25)))
			r.Offer.PriceLists[0].Tiers = []Tier{{0, up(100, 0)}}
		}, want{errs: []error{ErrLineTooLarge}, kind: problem.KindValidation, fields: []string{"/qty"}}},

		// Visibility.
		{"invited buyer on the offer sees it", func(r *Request) {
			r.Offer.Visibility, r.Offer.InvitedBuyerIDs = VisibilityInvitedBuyers, []uuid.UUID{buyerID}
		}, want{unit: up(12345, 4), total: 3086, cur: "EUR", next: &NextTier{kg(100), kg(100), up(110, 2)}}},
		{"buyer invited by the seller sees it", func(r *Request) {
			r.Offer.Visibility, r.Buyer.InvitedBySellerIDs = VisibilityInvitedBuyers, []uuid.UUID{sellerID}
		}, want{unit: up(12345, 4), total: 3086, cur: "EUR", next: &NextTier{kg(100), kg(100), up(110, 2)}}},
		{"uninvited buyer does not", func(r *Request) {
			r.Offer.Visibility, r.Offer.InvitedBuyerIDs = VisibilityInvitedBuyers, []uuid.UUID{uuid.New()}
		}, want{errs: []error{ErrNotVisible}, kind: problem.KindNotFound}},
		{"buyer invited by another seller does not", func(r *Request) {
			r.Offer.Visibility, r.Buyer.InvitedBySellerIDs = VisibilityInvitedBuyers, []uuid.UUID{otherSell}
		}, want{errs: []error{ErrNotVisible}, kind: problem.KindNotFound}},
		{"group member sees a group offer", func(r *Request) {
			r.Offer.Visibility, r.Offer.BuyerGroupIDs = VisibilityBuyerGroups, []uuid.UUID{groupB, groupA}
			r.Buyer.GroupIDs = []uuid.UUID{groupD, groupA}
		}, want{unit: up(105, 2), total: 2625, cur: "EUR", group: id(groupA), next: &NextTier{kg(500), kg(500), up(90, 2)}}},
		{"non-member does not see a group offer", func(r *Request) {
			r.Offer.Visibility, r.Offer.BuyerGroupIDs = VisibilityBuyerGroups, []uuid.UUID{groupA}
			r.Buyer.GroupIDs = []uuid.UUID{groupB}
		}, want{errs: []error{ErrNotVisible}, kind: problem.KindNotFound}},
		{"a group price list alone does not make the offer visible", func(r *Request) {
			r.Offer.Visibility, r.Offer.BuyerGroupIDs = VisibilityBuyerGroups, []uuid.UUID{groupB}
			r.Buyer.GroupIDs = []uuid.UUID{groupA}
		}, want{errs: []error{ErrNotVisible}, kind: problem.KindNotFound}},
		{"unknown visibility hides the offer", func(r *Request) { r.Offer.Visibility = "" },
			want{errs: []error{ErrNotVisible}, kind: problem.KindNotFound}},
		{"invisible wins over inactive and broken", func(r *Request) {
			r.Offer.Visibility, r.Offer.Active, r.Offer.Increment = VisibilityInvitedBuyers, false, 0
		}, want{errs: []error{ErrNotVisible}, kind: problem.KindNotFound}},

		// State and validity window.
		{"inactive", func(r *Request) { r.Offer.Active = false },
			want{errs: []error{ErrOfferInactive}, kind: problem.KindUnprocessable}},
		{"not yet valid", func(r *Request) { r.At = validFrom.Add(-time.Nanosecond) },
			want{errs: []error{ErrOfferNotYetValid}, kind: problem.KindUnprocessable}},
		{"valid from is inclusive", func(r *Request) { r.At = validFrom },
			want{unit: up(12345, 4), total: 3086, cur: "EUR", next: &NextTier{kg(100), kg(100), up(110, 2)}}},
		{"valid to is exclusive", func(r *Request) { r.At = validTo },
			want{errs: []error{ErrOfferExpired}, kind: problem.KindUnprocessable}},
		{"open window", func(r *Request) {
			r.Offer.ValidFrom, r.Offer.ValidTo, r.At = time.Time{}, time.Time{}, time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC)
		}, want{unit: up(12345, 4), total: 3086, cur: "EUR", next: &NextTier{kg(100), kg(100), up(110, 2)}}},
		{"no time is a caller bug", func(r *Request) { r.At = time.Time{} },
			want{errs: []error{ErrNoTime}, kind: problem.KindInternal}},
		{"stored offer breaking Validate is an internal error", func(r *Request) { r.Offer.Increment = 0 },
			want{errs: []error{ErrInvalidOffer}, kind: problem.KindInternal}},

		// Quantity.
		{"zero quantity", func(r *Request) { r.Qty = 0 },
			want{errs: []error{ErrBelowMOQ}, kind: problem.KindValidation, fields: []string{"/qty"}}},
		{"negative quantity", func(r *Request) { r.Qty = -kg(25) },
			want{errs: []error{ErrBelowMOQ}, kind: problem.KindValidation, fields: []string{"/qty"}}},
		{"below MOQ and off the increment", func(r *Request) { r.Qty = kg(24) },
			want{errs: []error{ErrBelowMOQ, ErrNotIncrement}, kind: problem.KindValidation, fields: []string{"/qty", "/qty"}}},
		{"one gram short of the MOQ", func(r *Request) { r.Qty = kg(25) - 1 },
			want{errs: []error{ErrBelowMOQ, ErrNotIncrement}, kind: problem.KindValidation, fields: []string{"/qty", "/qty"}}},
		{"not a multiple of the increment", func(r *Request) { r.Qty = kg(30) },
			want{errs: []error{ErrNotIncrement}, kind: problem.KindValidation, fields: []string{"/qty"}}},
		{"MOQ above the increment: multiples of the increment count", func(r *Request) { r.Offer.MOQ, r.Qty = kg(100), kg(125) },
			want{unit: up(110, 2), total: 13750, cur: "EUR", tier: kg(100), next: &NextTier{kg(1000), kg(1000), up(95, 2)}}},
		{"above the maximum", func(r *Request) { r.Qty = kg(10025) },
			want{errs: []error{ErrAboveMaxQty}, kind: problem.KindValidation, fields: []string{"/qty"}}},
		{"no maximum", func(r *Request) { r.Offer.MaxQty, r.Qty = nil, kg(1_000_000) },
			want{unit: up(95, 2), total: 95_000_000, cur: "EUR", tier: kg(1000)}},

		// Currency and Incoterm.
		{"currency without a list", func(r *Request) { r.Currency = "GBP" },
			want{errs: []error{ErrCurrencyNotOffered}, kind: problem.KindValidation, fields: []string{"/currency"}}},
		{"unknown currency code", func(r *Request) { r.Currency = "ZZZ" },
			want{errs: []error{ErrCurrencyNotOffered}, kind: problem.KindValidation, fields: []string{"/currency"}}},
		{"empty currency", func(r *Request) { r.Currency = "" },
			want{errs: []error{ErrCurrencyNotOffered}, kind: problem.KindValidation, fields: []string{"/currency"}}},
		{"currency listed only for another group", func(r *Request) { r.Currency = "CHF" },
			want{errs: []error{ErrCurrencyNotOffered}, kind: problem.KindValidation, fields: []string{"/currency"}}},
		{"incoterm not offered", func(r *Request) { r.Incoterm = "EXW" },
			want{errs: []error{ErrIncotermNotOffered}, kind: problem.KindValidation, fields: []string{"/incoterm"}}},
		{"incoterm missing", func(r *Request) { r.Incoterm = "" },
			want{errs: []error{ErrIncotermNotOffered}, kind: problem.KindValidation, fields: []string{"/incoterm"}}},
		{"every request problem at once", func(r *Request) { r.Currency, r.Incoterm, r.Qty = "GBP", "DDP", kg(10030) },
			want{errs: []error{ErrCurrencyNotOffered, ErrIncotermNotOffered, ErrAboveMaxQty, ErrNotIncrement},
				kind: problem.KindValidation, fields: []string{"/currency", "/incoterm", "/qty", "/qty"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := testRequest()
			if tt.mod != nil {
				tt.mod(&req)
			}
			q, err := Price(req)
			w := tt.want
			if len(w.errs) > 0 {
				if err == nil {
					t.Fatalf("Price = %+v, want error %v", q, w.errs)
				}
				for _, e := range w.errs {
					if !errors.Is(err, e) {
						t.Errorf("err = %v, want it to match %v", err, e)
					}
				}
				if !problem.Is(err, w.kind) {
					t.Errorf("err = %v, want kind %v", err, w.kind)
				}
				var pe *problem.Error
				errors.As(err, &pe)
				var fields []string
				for _, f := range pe.Fields {
					fields = append(fields, f.Field)
				}
				if !reflect.DeepEqual(fields, w.fields) {
					t.Errorf("fields = %v, want %v", pe.Fields, w.fields)
				}
				return
			}
			if err != nil {
				t.Fatalf("Price: %v", err)
			}
			wantQ := Quote{
				OfferID: offerID, Qty: req.Qty, Incoterm: "CIP", UnitPrice: w.unit,
				LineTotal: money.Money{Amount: w.total, Currency: w.cur}, TierMinQty: w.tier,
				PriceListGroupID: w.group, LeadTimeDays: 14, NextTier: w.next,
			}
			if req.Incoterm == "FCA" {
				wantQ.Incoterm = "FCA"
			}
			if !reflect.DeepEqual(q, wantQ) {
				t.Errorf("Price =\n %s\nwant\n %s", fmtQuote(q), fmtQuote(wantQ))
			}
		})
	}
}

func fmtQuote(q Quote) string {
	g, n := "general", "none"
	if q.PriceListGroupID != nil {
		g = q.PriceListGroupID.String()
	}
	if q.NextTier != nil {
		n = q.NextTier.MinQty.String() + "→" + q.NextTier.Qty.String() + " @ " + q.NextTier.UnitPrice.String()
	}
	return q.Qty.String() + " @ " + q.UnitPrice.String() + " = " + q.LineTotal.String() + " tier " + q.TierMinQty.String() +
		" list " + g + " next " + n + " " + q.Incoterm
}

func TestPrice_DoesNotShareTheOffersGroupID(t *testing.T) {
	req := testRequest()
	req.Buyer.GroupIDs = []uuid.UUID{groupA}
	q, err := Price(req)
	if err != nil {
		t.Fatal(err)
	}
	*q.PriceListGroupID = uuid.Nil
	if *req.Offer.PriceLists[2].BuyerGroupID != groupA {
		t.Fatal("changing the quote changed the offer")
	}
}

func TestPrice_ErrorBodies(t *testing.T) {
	req := testRequest()
	req.Offer.Visibility = VisibilityInvitedBuyers
	_, err := Price(req)
	if b, _ := problem.From(err); b.Status != 404 || b.Detail != "offer not found" {
		t.Errorf("invisible offer body = %+v", b)
	}

	req = testRequest()
	req.Currency, req.Qty = "GBP", kg(30)
	_, err = Price(req)
	b, _ := problem.From(err)
	want := []problem.FieldError{
		{Field: "/currency", Message: "is not offered; offered: EUR, JPY, KWD, USD"},
		{Field: "/qty", Message: "must be a multiple of 25"},
	}
	if b.Status != 400 || !reflect.DeepEqual(b.Errors, want) {
		t.Errorf("validation body = %+v", b)
	}

	req = testRequest()
	req.Offer.PriceLists[0].Tiers[0].UnitPrice.Amount = -1
	_, err = Price(req)
	if b, _ := problem.From(err); b.Status != 500 || b.Detail != "internal error" {
		t.Errorf("invalid offer body = %+v", b)
	}
}

func TestPrefixFields(t *testing.T) {
	req := testRequest()
	req.Qty = kg(30)
	_, err := Price(req)
	got := PrefixFields(err, "/lines/3")
	var pe *problem.Error
	if !errors.As(got, &pe) || pe.Fields[0].Field != "/lines/3/qty" || !errors.Is(got, ErrNotIncrement) {
		t.Fatalf("PrefixFields = %v", got)
	}
	errors.As(err, &pe)
	if pe.Fields[0].Field != "/qty" {
		t.Error("PrefixFields changed the original error")
	}
	plain := errors.New("x")
	if PrefixFields(plain, "/a") != plain || PrefixFields(nil, "/a") != nil {
		t.Error("PrefixFields changed an error without fields")
	}
}
