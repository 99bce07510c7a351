package pricing

import (
	"math/big"
	"testing"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/internal/platform/money"
	"github.com/manifoldhq/manifold/internal/platform/problem"
)

var fuzzCurrencies = []string{"EUR", "JPY", "KWD"}

// fuzzOffer builds an offer from fuzz input; it may well be invalid, which Price must
// refuse without panicking.
func fuzzOffer(moq, inc, maxQ int64, t1, t2 int64, p0, p1, p2 int64, scale uint8, group bool, cur uint8) Offer {
	c := fuzzCurrencies[int(cur)%len(fuzzCurrencies)]
	o := Offer{
		ID: offerID, SellerID: sellerID, ProductID: productID, Active: true,
		MOQ: Quantity(moq), Increment: Quantity(inc), Incoterms: []string{"FCA"}, Visibility: VisibilityAllBuyers,
		PriceLists: []PriceList{{Currency: c, Tiers: []Tier{
			{0, UnitPrice{p0, scale}}, {Quantity(t1), UnitPrice{p1, scale}}, {Quantity(t2), UnitPrice{p2, scale % 3}},
		}}},
	}
	if maxQ > 0 {
		o.MaxQty = qp(Quantity(maxQ))
	}
	if group {
		// A flat group list: the buyer pays the lower of the two at every quantity.
		o.PriceLists = append(o.PriceLists, PriceList{Currency: c, BuyerGroupID: id(groupA), Tiers: []Tier{{0, UnitPrice{p1, scale}}}})
	}
	return o
}

// wantTotal is round-half-up(unit × qty) computed with exact rationals, independently of
// lineTotal.
func wantTotal(p UnitPrice, q Quantity, minor int) *big.Int {
	r := new(big.Rat).SetFrac(big.NewInt(p.Amount), pow10(int(p.Scale)))
	r.Mul(r, new(big.Rat).SetFrac(big.NewInt(int64(q)), pow10(QuantityScale)))
	r.Mul(r, new(big.Rat).SetInt(pow10(minor)))
	r.Add(r, big.NewRat(1, 2))
	return new(big.Int).Div(r.Num(), r.Denom()) // floor for a positive denominator
}

func FuzzPrice(f *testing.F) {
	f.Add(int64(25000), int64(25000), int64(0), int64(100000), int64(1000000), int64(12345), int64(110), int64(95), uint8(4), false, uint8(0), int64(50000))
	f.Add(int64(500), int64(500), int64(10000000), int64(1500), int64(99999), int64(1805), int64(1700), int64(160), uint8(1), true, uint8(1), int64(1500))
	f.Add(int64(1000), int64(1000), int64(0), int64(2000), int64(3000), int64(1<<62), int64(1), int64(0), uint8(0), false, uint8(2), int64(1<<62))
	f.Add(int64(1), int64(1), int64(-1), int64(-5), int64(0), int64(-1), int64(0), int64(0), uint8(200), true, uint8(7), int64(-1))
	f.Fuzz(func(t *testing.T, moq, inc, maxQ, t1, t2, p0, p1, p2 int64, scale uint8, group bool, cur uint8, qty int64) {
		o := fuzzOffer(moq, inc, maxQ, t1, t2, p0, p1, p2, scale, group, cur)
		buyer := Buyer{OrganizationID: buyerID}
		if group {
			buyer.GroupIDs = []uuid.UUID{groupA}
		}
		req := Request{Offer: o, Buyer: buyer, Qty: Quantity(qty), Currency: o.PriceLists[0].Currency, Incoterm: "FCA", At: validFrom}
		q, err := Price(req)
		if err != nil {
			if !problem.Is(err, problem.KindValidation) && !problem.Is(err, problem.KindInternal) {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		if o.Validate() != nil {
			t.Fatalf("priced an invalid offer: %v", o.Validate())
		}
		if q.Qty < o.MOQ || q.Qty%o.Increment != 0 || (o.MaxQty != nil && q.Qty > *o.MaxQty) {
			t.Fatalf("priced an unorderable quantity %v (moq %v, inc %v)", q.Qty, o.MOQ, o.Increment)
		}
		if q.TierMinQty > q.Qty {
			t.Fatalf("tier %v above quantity %v", q.TierMinQty, q.Qty)
		}
		minor, _ := money.MinorUnits(q.LineTotal.Currency)
		if want := wantTotal(q.UnitPrice, q.Qty, minor); !want.IsInt64() || want.Int64() != q.LineTotal.Amount {
			t.Fatalf("line total %d, want round(%v × %v) = %v", q.LineTotal.Amount, q.UnitPrice, q.Qty, want)
		}
		if n := q.NextTier; n != nil {
			if n.Qty <= q.Qty || n.Qty%o.Increment != 0 || n.UnitPrice.Cmp(q.UnitPrice) >= 0 || n.MinQty > n.Qty {
				t.Fatalf("bad next tier %+v for %v @ %v", *n, q.Qty, q.UnitPrice)
			}
		}

		// Monotone: with non-increasing tier prices, one more increment never costs more
		// per unit.
		tiers := o.PriceLists[0].Tiers
		if tiers[1].UnitPrice.Cmp(tiers[0].UnitPrice) > 0 || tiers[2].UnitPrice.Cmp(tiers[1].UnitPrice) > 0 {
			return
		}
		req.Qty += o.Increment
		if req.Qty < q.Qty {
			return // wrapped around
		}
		if q2, err := Price(req); err == nil && q2.UnitPrice.Cmp(q.UnitPrice) > 0 {
			t.Fatalf("unit price rose from %v at %v to %v at %v", q.UnitPrice, q.Qty, q2.UnitPrice, q2.Qty)
		}
	})
}

func FuzzValidate(f *testing.F) {
	f.Add(int64(25000), int64(25000), int64(0), int64(100000), int64(1000000), int64(12345), int64(110), int64(95), uint8(4), false, uint8(0))
	f.Add(int64(0), int64(-1), int64(-1), int64(-5), int64(-5), int64(-1), int64(0), int64(0), uint8(255), true, uint8(2))
	f.Fuzz(func(t *testing.T, moq, inc, maxQ, t1, t2, p0, p1, p2 int64, scale uint8, group bool, cur uint8) {
		o := fuzzOffer(moq, inc, maxQ, t1, t2, p0, p1, p2, scale, group, cur)
		err := o.Validate()
		if err != nil && !problem.Is(err, problem.KindValidation) {
			t.Fatalf("Validate = %v", err)
		}
		if err == nil && (o.Increment <= 0 || o.MOQ <= 0 || o.MOQ%o.Increment != 0 || o.PriceLists[0].Tiers[0].MinQty > o.MOQ) {
			t.Fatalf("accepted %+v", o)
		}
	})
}

func FuzzParseQuantity(f *testing.F) {
	for _, s := range []string{"25", "25.5", "0.001", "9223372036854775.807", "", ".", "1e3", "-0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := ParseQuantity(s)
		if err != nil {
			return
		}
		if q < 0 {
			t.Fatalf("ParseQuantity(%q) = %d", s, q)
		}
		if back, err := ParseQuantity(q.String()); err != nil || back != q {
			t.Fatalf("round trip %q → %d → %q → %d, %v", s, q, q.String(), back, err)
		}
	})
}

func FuzzParseUnitPrice(f *testing.F) {
	for _, s := range []string{"1.2345", "1.50", "0", "0.000000001", "9223372036854775807", "", "1."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParseUnitPrice(s)
		if err != nil {
			return
		}
		if p.Amount < 0 || p.Scale > MaxPriceScale {
			t.Fatalf("ParseUnitPrice(%q) = %+v", s, p)
		}
		if back, err := ParseUnitPrice(p.String()); err != nil || back != p {
			t.Fatalf("round trip %q → %+v → %q → %+v, %v", s, p, p.String(), back, err)
		}
	})
}
