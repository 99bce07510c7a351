package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/manifoldhq/manifold/api"
	"github.com/manifoldhq/manifold/internal/catalog"
	"github.com/manifoldhq/manifold/internal/catalog/pricing"
	"github.com/manifoldhq/manifold/internal/platform/money"
)

// offerDTO is the wire form of an offer: decimal strings for quantities and prices, the
// JSON names of catalog.OfferInput.
type offerDTO struct {
	ID              uuid.UUID                `json:"id"`
	SellerID        uuid.UUID                `json:"seller_id"`
	ProductID       uuid.UUID                `json:"product_id"`
	Active          bool                     `json:"active"`
	ValidFrom       *time.Time               `json:"valid_from,omitempty"`
	ValidTo         *time.Time               `json:"valid_to,omitempty"`
	MOQ             string                   `json:"moq"`
	Increment       string                   `json:"increment"`
	MaxQty          *string                  `json:"max_qty,omitempty"`
	LeadTimeDays    int                      `json:"lead_time_days"`
	Incoterms       []string                 `json:"incoterms"`
	Visibility      string                   `json:"visibility"`
	BuyerGroupIDs   []uuid.UUID              `json:"buyer_group_ids"`
	InvitedBuyerIDs []uuid.UUID              `json:"invited_buyer_ids"`
	PriceLists      []catalog.PriceListInput `json:"price_lists"`
	CreatedAt       time.Time                `json:"created_at"`
	UpdatedAt       time.Time                `json:"updated_at"`
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func toOfferDTO(v catalog.OfferView) offerDTO {
	o := v.Terms
	out := offerDTO{
		ID: o.ID, SellerID: o.SellerID, ProductID: o.ProductID, Active: o.Active,
		MOQ: o.MOQ.String(), Increment: o.Increment.String(), LeadTimeDays: o.LeadTimeDays,
		Incoterms: nonNil(o.Incoterms), Visibility: string(o.Visibility),
		BuyerGroupIDs: nonNil(o.BuyerGroupIDs), InvitedBuyerIDs: nonNil(o.InvitedBuyerIDs),
		PriceLists: []catalog.PriceListInput{}, CreatedAt: v.CreatedAt, UpdatedAt: v.UpdatedAt,
	}
	if !o.ValidFrom.IsZero() {
		out.ValidFrom = &o.ValidFrom
	}
	if !o.ValidTo.IsZero() {
		out.ValidTo = &o.ValidTo
	}
	if o.MaxQty != nil {
		m := o.MaxQty.String()
		out.MaxQty = &m
	}
	for _, pl := range o.PriceLists {
		l := catalog.PriceListInput{Currency: pl.Currency, BuyerGroupID: pl.BuyerGroupID, Tiers: []catalog.TierInput{}}
		for _, t := range pl.Tiers {
			l.Tiers = append(l.Tiers, catalog.TierInput{MinQty: t.MinQty.String(), UnitPrice: t.UnitPrice.String()})
		}
		out.PriceLists = append(out.PriceLists, l)
	}
	return out
}

func (s *Server) ListProductOffers(c echo.Context, id api.ID) error {
	vs, err := s.Catalog.ListOffers(c.Request().Context(), id)
	if err != nil {
		return err
	}
	out := struct {
		Items []offerDTO `json:"items"`
	}{Items: make([]offerDTO, 0, len(vs))}
	for _, v := range vs {
		out.Items = append(out.Items, toOfferDTO(v))
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) CreateOffer(c echo.Context, id api.ID) error {
	var in catalog.OfferInput
	if err := bind(c, &in); err != nil {
		return err
	}
	v, err := s.Catalog.CreateOffer(c.Request().Context(), id, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toOfferDTO(v))
}

func (s *Server) GetOffer(c echo.Context, id api.ID) error {
	v, err := s.Catalog.GetOffer(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toOfferDTO(v))
}

func (s *Server) UpdateOffer(c echo.Context, id api.ID) error {
	var in catalog.OfferInput
	if err := bind(c, &in); err != nil {
		return err
	}
	v, err := s.Catalog.UpdateOffer(c.Request().Context(), id, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toOfferDTO(v))
}

func (s *Server) DeleteOffer(c echo.Context, id api.ID) error {
	if err := s.Catalog.DeleteOffer(c.Request().Context(), id); err != nil {
		return err
	}
	return noContent(c)
}

type nextTierDTO struct {
	MinQty    string `json:"min_qty"`
	Qty       string `json:"qty"`
	UnitPrice string `json:"unit_price"`
}

type quoteDTO struct {
	OfferID          uuid.UUID    `json:"offer_id"`
	Qty              string       `json:"qty"`
	Incoterm         string       `json:"incoterm"`
	UnitPrice        string       `json:"unit_price"`
	Currency         string       `json:"currency"`
	LineTotal        money.Money  `json:"line_total"`
	TierMinQty       string       `json:"tier_min_qty"`
	PriceListGroupID *uuid.UUID   `json:"price_list_buyer_group_id,omitempty"`
	LeadTimeDays     int          `json:"lead_time_days"`
	NextTier         *nextTierDTO `json:"next_tier,omitempty"`
}

func toQuoteDTO(q pricing.Quote) quoteDTO {
	out := quoteDTO{
		OfferID: q.OfferID, Qty: q.Qty.String(), Incoterm: q.Incoterm, UnitPrice: q.UnitPrice.String(),
		Currency: q.LineTotal.Currency, LineTotal: q.LineTotal, TierMinQty: q.TierMinQty.String(),
		PriceListGroupID: q.PriceListGroupID, LeadTimeDays: q.LeadTimeDays,
	}
	if n := q.NextTier; n != nil {
		out.NextTier = &nextTierDTO{MinQty: n.MinQty.String(), Qty: n.Qty.String(), UnitPrice: n.UnitPrice.String()}
	}
	return out
}

func (s *Server) QuoteOffer(c echo.Context, id api.ID) error {
	var req struct {
		Qty      string `json:"qty"`
		Currency string `json:"currency"`
		Incoterm string `json:"incoterm"`
	}
	if err := bind(c, &req); err != nil {
		return err
	}
	q, err := s.Catalog.Quote(c.Request().Context(), id, catalog.QuoteInput{Qty: req.Qty, Currency: req.Currency, Incoterm: req.Incoterm})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toQuoteDTO(q))
}

type buyerGroupDTO struct {
	ID          uuid.UUID   `json:"id"`
	OwnerID     uuid.UUID   `json:"owner_id"`
	Name        string      `json:"name"`
	Description string      `json:"description"`
	MemberIDs   []uuid.UUID `json:"member_ids,omitempty"`
	CreatedAt   time.Time   `json:"created_at"`
	UpdatedAt   time.Time   `json:"updated_at"`
}

func toBuyerGroupDTO(v catalog.BuyerGroupView) buyerGroupDTO {
	g := v.Group
	return buyerGroupDTO{ID: g.ID, OwnerID: g.OwnerID, Name: g.Name, Description: g.Description,
		MemberIDs: v.Members, CreatedAt: g.CreatedAt, UpdatedAt: g.UpdatedAt}
}

func (s *Server) ListBuyerGroups(c echo.Context, p api.ListBuyerGroupsParams) error {
	return list(c, p.Cursor, p.Limit, func(ctx context.Context, after uuid.UUID, n int) ([]catalog.BuyerGroupView, error) {
		return s.Catalog.ListBuyerGroups(ctx, after, n)
	}, func(v catalog.BuyerGroupView) uuid.UUID { return v.Group.ID }, toBuyerGroupDTO)
}

func (s *Server) CreateBuyerGroup(c echo.Context) error {
	var in catalog.BuyerGroupInput
	if err := bind(c, &in); err != nil {
		return err
	}
	v, err := s.Catalog.CreateBuyerGroup(c.Request().Context(), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toBuyerGroupDTO(v))
}

func (s *Server) GetBuyerGroup(c echo.Context, id api.ID) error {
	v, err := s.Catalog.GetBuyerGroup(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toBuyerGroupDTO(v))
}

func (s *Server) UpdateBuyerGroup(c echo.Context, id api.ID) error {
	var in catalog.BuyerGroupInput
	if err := bind(c, &in); err != nil {
		return err
	}
	v, err := s.Catalog.UpdateBuyerGroup(c.Request().Context(), id, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toBuyerGroupDTO(v))
}

func (s *Server) DeleteBuyerGroup(c echo.Context, id api.ID) error {
	if err := s.Catalog.DeleteBuyerGroup(c.Request().Context(), id); err != nil {
		return err
	}
	return noContent(c)
}

func (s *Server) AddBuyerGroupMember(c echo.Context, id api.ID, org api.OrganizationID) error {
	v, err := s.Catalog.SetBuyerGroupMember(c.Request().Context(), id, org, true)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toBuyerGroupDTO(v))
}

func (s *Server) RemoveBuyerGroupMember(c echo.Context, id api.ID, org api.OrganizationID) error {
	v, err := s.Catalog.SetBuyerGroupMember(c.Request().Context(), id, org, false)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toBuyerGroupDTO(v))
}
