package schematype

import "github.com/google/uuid"

// PriceList prices an offer in one currency, for everyone (BuyerGroupID nil) or for the
// members of one buyer group. Quantities are thousandths of the product unit and unit
// prices exact decimals (amount × 10^-scale), as in internal/catalog/pricing.
type PriceList struct {
	Currency     string      `json:"currency"`
	BuyerGroupID *uuid.UUID  `json:"buyer_group_id,omitempty"`
	Tiers        []PriceTier `json:"tiers"`
}

// PriceTier is the unit price from MinQty upwards.
type PriceTier struct {
	MinQty          int64 `json:"min_qty"`
	UnitPriceAmount int64 `json:"unit_price_amount"`
	UnitPriceScale  uint8 `json:"unit_price_scale"`
}
