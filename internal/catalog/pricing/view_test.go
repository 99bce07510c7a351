package pricing

import (
	"testing"
	"time"

	"github.com/google/uuid"
)

func TestOfferForBuyer_ShowsOnlyTheBuyersLists(t *testing.T) {
	o := testOffer()
	o.Visibility = VisibilityInvitedBuyers
	o.InvitedBuyerIDs = []uuid.UUID{buyerID, groupC}
	o.BuyerGroupIDs = []uuid.UUID{groupA, groupB}
	tests := []struct {
		name    string
		buyer   Buyer
		lists   []string // currency/group of each list shown, in order
		groups  int
		invited int
	}{
		{"no groups: general lists", Buyer{OrganizationID: uuid.New()}, []string{"EUR/-", "USD/-", "JPY/-", "KWD/-"}, 0, 0},
		{"group A replaces the general EUR list and adds CHF", Buyer{OrganizationID: buyerID, GroupIDs: []uuid.UUID{groupA}},
			[]string{"EUR/" + groupA.String(), "USD/-", "CHF/" + groupA.String(), "JPY/-", "KWD/-"}, 1, 1},
		{"groups A and B: both EUR lists", Buyer{OrganizationID: buyerID, GroupIDs: []uuid.UUID{groupA, groupB}},
			[]string{"EUR/" + groupA.String(), "EUR/" + groupB.String(), "USD/-", "CHF/" + groupA.String(), "JPY/-", "KWD/-"}, 2, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := o.ForBuyer(tt.buyer)
			var got []string
			for _, pl := range v.PriceLists {
				g := "-"
				if pl.BuyerGroupID != nil {
					g = pl.BuyerGroupID.String()
				}
				got = append(got, pl.Currency+"/"+g)
			}
			if len(got) != len(tt.lists) {
				t.Fatalf("lists %v, want %v", got, tt.lists)
			}
			for i := range got {
				if got[i] != tt.lists[i] {
					t.Fatalf("lists %v, want %v", got, tt.lists)
				}
			}
			if len(v.BuyerGroupIDs) != tt.groups || len(v.InvitedBuyerIDs) != tt.invited {
				t.Fatalf("groups %v invited %v", v.BuyerGroupIDs, v.InvitedBuyerIDs)
			}
		})
	}
	if len(o.PriceLists) != 10 || len(o.InvitedBuyerIDs) != 2 {
		t.Fatal("ForBuyer changed the offer")
	}
}

func TestOfferOrderable(t *testing.T) {
	o := testOffer()
	tests := []struct {
		name   string
		active bool
		at     time.Time
		want   bool
	}{
		{"inside", true, validFrom.Add(time.Hour), true},
		{"from is inclusive", true, validFrom, true},
		{"to is exclusive", true, validTo, false},
		{"before", true, validFrom.Add(-time.Second), false},
		{"inactive", false, validFrom.Add(time.Hour), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o.Active = tt.active
			if got := o.Orderable(tt.at); got != tt.want {
				t.Fatalf("Orderable = %v", got)
			}
		})
	}
}
