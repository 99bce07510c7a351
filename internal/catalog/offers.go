package catalog

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/buyergroup"
	"github.com/manifoldhq/manifold/ent/offer"
	"github.com/manifoldhq/manifold/ent/organization"
	"github.com/manifoldhq/manifold/ent/product"
	"github.com/manifoldhq/manifold/ent/schematype"
	"github.com/manifoldhq/manifold/internal/catalog/pricing"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/problem"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

var errOfferNotFound = problem.NotFound("offer not found")

// OfferInput is a seller's offer as written: quantities and prices are decimal strings
// in the product's unit, parsed here so that every error names its JSON pointer. The
// JSON names are the API's.
type OfferInput struct {
	Active          *bool            `json:"active,omitempty"`
	ValidFrom       *time.Time       `json:"valid_from,omitempty"`
	ValidTo         *time.Time       `json:"valid_to,omitempty"`
	MOQ             string           `json:"moq"`
	Increment       string           `json:"increment"`
	MaxQty          *string          `json:"max_qty,omitempty"`
	LeadTimeDays    int              `json:"lead_time_days"`
	Incoterms       []string         `json:"incoterms"`
	Visibility      string           `json:"visibility,omitempty"`
	BuyerGroupIDs   []uuid.UUID      `json:"buyer_group_ids"`
	InvitedBuyerIDs []uuid.UUID      `json:"invited_buyer_ids"`
	PriceLists      []PriceListInput `json:"price_lists"`
}

// PriceListInput is one price list as written.
type PriceListInput struct {
	Currency     string      `json:"currency"`
	BuyerGroupID *uuid.UUID  `json:"buyer_group_id,omitempty"`
	Tiers        []TierInput `json:"tiers"`
}

// TierInput is one tier as written: decimals in the product unit and the currency.
type TierInput struct {
	MinQty    string `json:"min_qty"`
	UnitPrice string `json:"unit_price"`
}

// placeholder stands in for the seller and product in Validate, which checks the terms
// on their own; the service fills in the real ids.
var placeholder = uuid.MustParse("00000000-0000-7000-8000-000000000001")

// Validate checks the terms with the pricing rules, reporting every broken one.
func (in OfferInput) Validate() error {
	_, err := in.offer(placeholder, placeholder)
	return err
}

// offer parses in into the pricing model and validates it. A field that does not parse
// is reported once, not again by the rules that then see a zero.
func (in OfferInput) offer(sellerID, productID uuid.UUID) (pricing.Offer, error) {
	var f problem.Fields
	qty := func(p, s string) pricing.Quantity {
		q, err := pricing.ParseQuantity(s)
		if err != nil {
			f.Add(p, "must be a decimal quantity in the product unit with at most %d decimals", pricing.QuantityScale)
		}
		return q
	}
	o := pricing.Offer{
		SellerID: sellerID, ProductID: productID, Active: in.Active == nil || *in.Active,
		MOQ: qty("/moq", in.MOQ), Increment: qty("/increment", in.Increment),
		LeadTimeDays: in.LeadTimeDays, Visibility: pricing.Visibility(in.Visibility),
		BuyerGroupIDs: in.BuyerGroupIDs, InvitedBuyerIDs: in.InvitedBuyerIDs,
	}
	if o.Visibility == "" {
		o.Visibility = pricing.VisibilityAllBuyers
	}
	if in.ValidFrom != nil {
		o.ValidFrom = in.ValidFrom.UTC()
	}
	if in.ValidTo != nil {
		o.ValidTo = in.ValidTo.UTC()
	}
	if in.MaxQty != nil {
		m := qty("/max_qty", *in.MaxQty)
		o.MaxQty = &m
	}
	for _, t := range in.Incoterms {
		o.Incoterms = append(o.Incoterms, strings.ToUpper(strings.TrimSpace(t)))
	}
	for i, pl := range in.PriceLists {
		p := fmt.Sprintf("/price_lists/%d", i)
		out := pricing.PriceList{Currency: strings.ToUpper(strings.TrimSpace(pl.Currency)), BuyerGroupID: pl.BuyerGroupID}
		for k, t := range pl.Tiers {
			tp := fmt.Sprintf("%s/tiers/%d", p, k)
			up, err := pricing.ParseUnitPrice(t.UnitPrice)
			if err != nil {
				f.Add(tp+"/unit_price", "must be a decimal price with at most %d decimals", pricing.MaxPriceScale)
			}
			out.Tiers = append(out.Tiers, pricing.Tier{MinQty: qty(tp+"/min_qty", t.MinQty), UnitPrice: up})
		}
		o.PriceLists = append(o.PriceLists, out)
	}
	if err := o.Validate(); err != nil {
		var pe *problem.Error
		if !errors.As(err, &pe) {
			return o, err
		}
		for _, fe := range pe.Fields {
			if !slices.ContainsFunc(f, func(x problem.FieldError) bool { return x.Field == fe.Field }) {
				f = append(f, fe)
			}
		}
	}
	return o, f.Err("offer is invalid")
}

// fieldsOf splits a validation error into its field errors; other errors come back.
func fieldsOf(err error) (problem.Fields, error) {
	var pe *problem.Error
	if errors.As(err, &pe) && pe.Kind == problem.KindValidation {
		return pe.Fields, nil
	}
	return nil, err
}

// OfferOf maps a stored offer onto the pricing model.
func OfferOf(o *ent.Offer) pricing.Offer {
	out := pricing.Offer{
		ID: o.ID, SellerID: o.SellerID, ProductID: o.ProductID, Active: o.Active,
		MOQ: pricing.Quantity(o.Moq), Increment: pricing.Quantity(o.Increment), LeadTimeDays: o.LeadTimeDays,
		Incoterms: o.Incoterms, Visibility: pricing.Visibility(o.Visibility),
		BuyerGroupIDs: o.BuyerGroupIds, InvitedBuyerIDs: o.InvitedBuyerIds,
	}
	if o.ValidFrom != nil {
		out.ValidFrom = o.ValidFrom.UTC()
	}
	if o.ValidTo != nil {
		out.ValidTo = o.ValidTo.UTC()
	}
	if o.MaxQty != nil {
		m := pricing.Quantity(*o.MaxQty)
		out.MaxQty = &m
	}
	for _, pl := range o.PriceLists {
		l := pricing.PriceList{Currency: pl.Currency, BuyerGroupID: pl.BuyerGroupID}
		for _, t := range pl.Tiers {
			l.Tiers = append(l.Tiers, pricing.Tier{MinQty: pricing.Quantity(t.MinQty),
				UnitPrice: pricing.UnitPrice{Amount: t.UnitPriceAmount, Scale: t.UnitPriceScale}})
		}
		out.PriceLists = append(out.PriceLists, l)
	}
	return out
}

func storedLists(pls []pricing.PriceList) []schematype.PriceList {
	out := make([]schematype.PriceList, 0, len(pls))
	for _, pl := range pls {
		l := schematype.PriceList{Currency: pl.Currency, BuyerGroupID: pl.BuyerGroupID}
		for _, t := range pl.Tiers {
			l.Tiers = append(l.Tiers, schematype.PriceTier{MinQty: int64(t.MinQty),
				UnitPriceAmount: t.UnitPrice.Amount, UnitPriceScale: t.UnitPrice.Scale})
		}
		out = append(out, l)
	}
	return out
}

// OfferView is an offer as the viewer may see it: Terms is the whole offer for its
// seller and marketplace staff, and pricing.Offer.ForBuyer for a buyer.
type OfferView struct {
	Terms     pricing.Offer
	CreatedAt time.Time
	UpdatedAt time.Time
}

func viewOf(o *ent.Offer, terms pricing.Offer) OfferView {
	return OfferView{Terms: terms, CreatedAt: o.CreatedAt, UpdatedAt: o.UpdatedAt}
}

// buyerOrgKinds act as buyers: distributors buy on behalf of the buyers they serve.
var buyerOrgKinds = []organization.Kind{organization.KindBuyer, organization.KindDistributor}

// buyer resolves the buyer organization the viewer acts for, with its groups; ok is
// false when the viewer acts for none. A user of several buyer organizations prices
// as the first (by id).
func (s *Service) buyer(ctx context.Context, c *ent.Client) (pricing.Buyer, bool, error) {
	own := memberOrgs(tenant.FromContext(ctx))
	if len(own) == 0 {
		return pricing.Buyer{}, false, nil
	}
	orgs, err := c.Organization.Query().Where(organization.IDIn(own...), organization.KindIn(buyerOrgKinds...)).
		Order(ent.Asc(organization.FieldID)).IDs(ctx)
	if err != nil || len(orgs) == 0 {
		return pricing.Buyer{}, false, err
	}
	groups, err := c.BuyerGroup.Query().Where(buyergroup.HasMembersWith(organization.ID(orgs[0]))).
		Order(ent.Asc(buyergroup.FieldID)).IDs(ctx)
	if err != nil {
		return pricing.Buyer{}, false, err
	}
	// Sellers inviting buyers to all their invitation-only offers (InvitedBySellerIDs)
	// arrive with seller-side invitations; until then invitations are per offer.
	return pricing.Buyer{OrganizationID: orgs[0], GroupIDs: groups}, true, nil
}

// offerAccess says how the viewer sees offers of one product.
type offerAccess int

const (
	accessNone  offerAccess = iota
	accessBuyer             // visible, orderable offers, buyer's view
	accessFull              // the product's seller and marketplace staff
)

// offerAccessTo checks the viewer may see the product and says how it sees its offers.
func (s *Service) offerAccessTo(ctx context.Context, id uuid.UUID) (offerAccess, error) {
	p, err := s.GetProduct(ctx, id)
	if err != nil {
		return accessNone, err
	}
	v := tenant.FromContext(ctx)
	if operatorSide(v) || slices.Contains(memberOrgs(v), p.SellerID) {
		return accessFull, nil
	}
	if p.ApprovedRevision == 0 {
		return accessNone, errProductNotFound
	}
	return accessBuyer, nil
}

// ListOffers returns the product's offers the viewer may see, oldest first.
func (s *Service) ListOffers(ctx context.Context, productID uuid.UUID) ([]OfferView, error) {
	access, err := s.offerAccessTo(ctx, productID)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.Client.Offer.Query().Where(offer.ProductID(productID)).Order(ent.Asc(offer.FieldID)).All(ctx)
	if err != nil {
		return nil, err
	}
	out := []OfferView{}
	if access == accessFull {
		for _, o := range rows {
			out = append(out, viewOf(o, OfferOf(o)))
		}
		return out, nil
	}
	b, ok, err := s.buyer(ctx, s.db.Client)
	if err != nil || !ok {
		return out, err
	}
	now := s.now()
	for _, o := range rows {
		if t := OfferOf(o); pricing.Visible(t, b) && t.Orderable(now) {
			out = append(out, viewOf(o, t.ForBuyer(b)))
		}
	}
	return out, nil
}

// GetOffer returns one offer as the viewer may see it. Buyers get only offers visible
// to them (including inactive or expired ones they could see, so that a product page
// or cart can say so); anything else is not found.
func (s *Service) GetOffer(ctx context.Context, id uuid.UUID) (OfferView, error) {
	o, err := s.db.Client.Offer.Get(ctx, id)
	if ent.IsNotFound(err) {
		return OfferView{}, errOfferNotFound
	}
	if err != nil {
		return OfferView{}, err
	}
	access, err := s.offerAccessTo(ctx, o.ProductID)
	if problem.Is(err, problem.KindNotFound) {
		return OfferView{}, errOfferNotFound
	}
	if err != nil {
		return OfferView{}, err
	}
	if access == accessFull {
		return viewOf(o, OfferOf(o)), nil
	}
	b, ok, err := s.buyer(ctx, s.db.Client)
	if err != nil {
		return OfferView{}, err
	}
	if t := OfferOf(o); ok && pricing.Visible(t, b) {
		return viewOf(o, t.ForBuyer(b)), nil
	}
	return OfferView{}, errOfferNotFound
}

// checkReferences reports group and buyer ids the seller may not use: groups must be
// the seller's own or the operator's, invited buyers buyer organizations.
func checkReferences(ctx context.Context, tx *ent.Tx, sellerID uuid.UUID, o pricing.Offer, f *problem.Fields) error {
	ids := slices.Clone(o.BuyerGroupIDs)
	for _, pl := range o.PriceLists {
		if pl.BuyerGroupID != nil {
			ids = append(ids, *pl.BuyerGroupID)
		}
	}
	usable, err := tx.BuyerGroup.Query().Where(buyergroup.IDIn(ids...), buyergroup.Or(
		buyergroup.OwnerID(sellerID), buyergroup.HasOwnerWith(organization.KindEQ(organization.KindOperator)),
	)).IDs(ctx)
	if err != nil {
		return err
	}
	for i, g := range o.BuyerGroupIDs {
		if !slices.Contains(usable, g) {
			f.Add(fmt.Sprintf("/buyer_group_ids/%d", i), "is not a buyer group of this seller or of the marketplace")
		}
	}
	for i, pl := range o.PriceLists {
		if pl.BuyerGroupID != nil && !slices.Contains(usable, *pl.BuyerGroupID) {
			f.Add(fmt.Sprintf("/price_lists/%d/buyer_group_id", i), "is not a buyer group of this seller or of the marketplace")
		}
	}
	buyers, err := tx.Organization.Query().Where(organization.IDIn(o.InvitedBuyerIDs...), organization.KindIn(buyerOrgKinds...)).IDs(ctx)
	if err != nil {
		return err
	}
	for i, b := range o.InvitedBuyerIDs {
		if !slices.Contains(buyers, b) {
			f.Add(fmt.Sprintf("/invited_buyer_ids/%d", i), "is not a buyer organization of this marketplace")
		}
	}
	return nil
}

// ownOffer loads an offer of one of the viewer's sellers, locked; others are not found.
func (s *Service) ownOffer(ctx context.Context, tx *ent.Tx, id uuid.UUID) (*ent.Offer, error) {
	o, err := db.ForUpdate(s.db.Dialect, tx.Offer.Query().Where(offer.ID(id))).Only(ctx)
	if ent.IsNotFound(err) || (err == nil && !slices.Contains(sellerOrgs(tenant.FromContext(ctx)), o.SellerID)) {
		return nil, errOfferNotFound
	}
	return o, err
}

func offerAudit(o pricing.Offer) map[string]any {
	m := map[string]any{
		"product_id": o.ProductID, "active": o.Active, "moq": o.MOQ.String(), "increment": o.Increment.String(),
		"lead_time_days": o.LeadTimeDays, "incoterms": o.Incoterms, "visibility": o.Visibility,
		"buyer_group_ids": o.BuyerGroupIDs, "invited_buyer_ids": o.InvitedBuyerIDs, "price_lists": storedLists(o.PriceLists),
	}
	if o.MaxQty != nil {
		m["max_qty"] = o.MaxQty.String()
	}
	if !o.ValidFrom.IsZero() {
		m["valid_from"] = o.ValidFrom
	}
	if !o.ValidTo.IsZero() {
		m["valid_to"] = o.ValidTo
	}
	return m
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func qtyPtr(q *pricing.Quantity) *int64 {
	if q == nil {
		return nil
	}
	v := int64(*q)
	return &v
}

// CreateOffer adds an offer for one of the seller's own products; any other product is
// not found.
func (s *Service) CreateOffer(ctx context.Context, productID uuid.UUID, in OfferInput) (OfferView, error) {
	var out OfferView
	err := db.WithTx(ctx, s.db.Client, func(tx *ent.Tx) error {
		p, err := tx.Product.Query().Where(product.ID(productID)).Only(ctx)
		if ent.IsNotFound(err) || (err == nil && !slices.Contains(sellerOrgs(tenant.FromContext(ctx)), p.SellerID)) {
			return errProductNotFound
		}
		if err != nil {
			return err
		}
		terms, err := in.offer(p.SellerID, p.ID)
		f, err := fieldsOf(err)
		if err != nil {
			return err
		}
		if err := checkReferences(ctx, tx, p.SellerID, terms, &f); err != nil {
			return err
		}
		if err := f.Err("offer is invalid"); err != nil {
			return err
		}
		o, err := tx.Offer.Create().SetSellerID(p.SellerID).SetProductID(p.ID).SetActive(terms.Active).
			SetNillableValidFrom(timePtr(terms.ValidFrom)).SetNillableValidTo(timePtr(terms.ValidTo)).
			SetMoq(int64(terms.MOQ)).SetIncrement(int64(terms.Increment)).SetNillableMaxQty(qtyPtr(terms.MaxQty)).
			SetLeadTimeDays(terms.LeadTimeDays).SetIncoterms(terms.Incoterms).SetVisibility(offer.Visibility(terms.Visibility)).
			SetBuyerGroupIds(terms.BuyerGroupIDs).SetInvitedBuyerIds(terms.InvitedBuyerIDs).
			SetPriceLists(storedLists(terms.PriceLists)).Save(ctx)
		if err != nil {
			return err
		}
		out = viewOf(o, OfferOf(o))
		if err := s.index.Products(ctx, tx, o.ProductID); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, "offer.create", "offer", o.ID.String(), nil, offerAudit(out.Terms))
	})
	return out, err
}

// UpdateOffer replaces the terms of one of the seller's offers.
func (s *Service) UpdateOffer(ctx context.Context, id uuid.UUID, in OfferInput) (OfferView, error) {
	var out OfferView
	err := db.WithTx(ctx, s.db.Client, func(tx *ent.Tx) error {
		o, err := s.ownOffer(ctx, tx, id)
		if err != nil {
			return err
		}
		terms, err := in.offer(o.SellerID, o.ProductID)
		f, err := fieldsOf(err)
		if err != nil {
			return err
		}
		if err := checkReferences(ctx, tx, o.SellerID, terms, &f); err != nil {
			return err
		}
		if err := f.Err("offer is invalid"); err != nil {
			return err
		}
		u := tx.Offer.UpdateOne(o).SetActive(terms.Active).ClearValidFrom().ClearValidTo().ClearMaxQty().
			SetNillableValidFrom(timePtr(terms.ValidFrom)).SetNillableValidTo(timePtr(terms.ValidTo)).
			SetMoq(int64(terms.MOQ)).SetIncrement(int64(terms.Increment)).SetNillableMaxQty(qtyPtr(terms.MaxQty)).
			SetLeadTimeDays(terms.LeadTimeDays).SetIncoterms(terms.Incoterms).SetVisibility(offer.Visibility(terms.Visibility)).
			SetBuyerGroupIds(terms.BuyerGroupIDs).SetInvitedBuyerIds(terms.InvitedBuyerIDs).
			SetPriceLists(storedLists(terms.PriceLists))
		before := OfferOf(o)
		if o, err = u.Save(ctx); err != nil {
			return err
		}
		out = viewOf(o, OfferOf(o))
		if err := s.index.Products(ctx, tx, o.ProductID); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, "offer.update", "offer", o.ID.String(), offerAudit(before), offerAudit(out.Terms))
	})
	return out, err
}

// DeleteOffer withdraws an offer: its seller's, or any (a takedown) for marketplace
// staff allowed to delete offers.
func (s *Service) DeleteOffer(ctx context.Context, id uuid.UUID) error {
	return db.WithTx(ctx, s.db.Client, func(tx *ent.Tx) error {
		var (
			o   *ent.Offer
			err error
		)
		if operatorSide(tenant.FromContext(ctx)) {
			if o, err = tx.Offer.Get(ctx, id); ent.IsNotFound(err) {
				return errOfferNotFound
			}
		} else {
			o, err = s.ownOffer(ctx, tx, id)
		}
		if err != nil {
			return err
		}
		if err := tx.Offer.DeleteOne(o).Exec(ctx); err != nil {
			return err
		}
		if err := s.index.Products(ctx, tx, o.ProductID); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, "offer.delete", "offer", o.ID.String(), offerAudit(OfferOf(o)), nil)
	})
}

// QuoteInput asks for the price of one line of an offer.
type QuoteInput struct {
	Qty      string
	Currency string
	Incoterm string
}

// Validate checks the quantity parses; everything else is the pricing rules' job.
func (in QuoteInput) Validate() error {
	if _, err := pricing.ParseQuantity(in.Qty); err != nil {
		return problem.Validation("the line cannot be priced",
			problem.Field("/qty", "must be a decimal quantity in the product unit with at most %d decimals", pricing.QuantityScale))
	}
	return nil
}

// Quote prices a line of an offer for the buyer organization the viewer acts for.
func (s *Service) Quote(ctx context.Context, id uuid.UUID, in QuoteInput) (pricing.Quote, error) {
	if err := in.Validate(); err != nil {
		return pricing.Quote{}, err
	}
	qty, _ := pricing.ParseQuantity(in.Qty)
	b, ok, err := s.buyer(ctx, s.db.Client)
	if err != nil {
		return pricing.Quote{}, err
	}
	if !ok {
		return pricing.Quote{}, problem.Forbidden("only a buyer organization can ask for a price")
	}
	o, err := s.db.Client.Offer.Get(ctx, id)
	if ent.IsNotFound(err) {
		return pricing.Quote{}, errOfferNotFound
	}
	if err != nil {
		return pricing.Quote{}, err
	}
	// The product must be published to this buyer, too.
	if _, err := s.db.Client.Product.Query().Where(product.ID(o.ProductID), visibility(tenant.FromContext(ctx)), product.ApprovedRevisionGT(0)).Only(ctx); err != nil {
		if ent.IsNotFound(err) {
			return pricing.Quote{}, errOfferNotFound
		}
		return pricing.Quote{}, err
	}
	q, err := pricing.Price(pricing.Request{Offer: OfferOf(o), Buyer: b, Qty: qty, Currency: in.Currency, Incoterm: in.Incoterm, At: s.now()})
	if problem.Is(err, problem.KindNotFound) {
		return pricing.Quote{}, errOfferNotFound
	}
	return q, err
}
