package pricing

import (
	"slices"
	"time"
)

// Visible reports whether b may see o at all (its visibility only, not whether it can
// be ordered now); the rule Price applies first.
func Visible(o Offer, b Buyer) bool { return visible(o, b) }

// Orderable reports whether o is active and inside its validity window at t.
func (o Offer) Orderable(t time.Time) bool {
	return o.Active && (o.ValidFrom.IsZero() || !t.Before(o.ValidFrom)) && (o.ValidTo.IsZero() || t.Before(o.ValidTo))
}

// ForBuyer is o as b may see it: per currency the lists Price would choose from (the
// buyer's group lists, else the general list), only b's own groups and b's own
// invitation. Other buyers' negotiated prices and the names of other invitees stay
// with the seller.
func (o Offer) ForBuyer(b Buyer) Offer {
	out := o
	out.PriceLists = nil
	var seen []string
	for _, pl := range o.PriceLists {
		if slices.Contains(seen, pl.Currency) {
			continue
		}
		seen = append(seen, pl.Currency)
		out.PriceLists = append(out.PriceLists, applicableLists(o, b, pl.Currency)...)
	}
	out.BuyerGroupIDs = nil
	for _, g := range o.BuyerGroupIDs {
		if slices.Contains(b.GroupIDs, g) {
			out.BuyerGroupIDs = append(out.BuyerGroupIDs, g)
		}
	}
	out.InvitedBuyerIDs = nil
	if slices.Contains(o.InvitedBuyerIDs, b.OrganizationID) {
		out.InvitedBuyerIDs = append(out.InvitedBuyerIDs, b.OrganizationID)
	}
	return out
}
