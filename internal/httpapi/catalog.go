package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/manifoldhq/manifold/api"
	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/schematype"
	"github.com/manifoldhq/manifold/internal/catalog"
)

// productDTO is the wire form of a product: its master data (whose JSON names are the
// contract's, see catalog.ProductData) plus identity and curation state.
type productDTO struct {
	ID               uuid.UUID `json:"id"`
	SKU              string    `json:"sku"`
	SellerID         uuid.UUID `json:"seller_id"`
	CurationStatus   string    `json:"curation_status"`
	Revision         int       `json:"revision"`
	ApprovedRevision int       `json:"approved_revision"`
	CreatedAt        time.Time `json:"created_at"`
	UpdatedAt        time.Time `json:"updated_at"`
	catalog.ProductData
}

func toProductDTO(p *ent.Product) productDTO {
	return productDTO{
		ID: p.ID, SKU: p.Sku, SellerID: p.SellerID, CurationStatus: string(p.CurationStatus),
		Revision: p.Revision, ApprovedRevision: p.ApprovedRevision, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt,
		ProductData: catalog.DataOf(p),
	}
}

func (s *Server) ListProducts(c echo.Context, p api.ListProductsParams) error {
	in := catalog.ListInput{}
	if p.Q != nil {
		in.Q = *p.Q
	}
	if p.SellerId != nil {
		in.SellerID = *p.SellerId
	}
	if p.Status != nil {
		in.Status = string(*p.Status)
	}
	return list(c, p.Cursor, p.Limit, func(ctx context.Context, after uuid.UUID, n int) ([]*ent.Product, error) {
		in.After, in.Limit = after, n
		return s.Catalog.ListProducts(ctx, in)
	}, func(p *ent.Product) uuid.UUID { return p.ID }, toProductDTO)
}

func (s *Server) CreateProduct(c echo.Context) error {
	var req struct {
		SKU      string    `json:"sku"`
		SellerID uuid.UUID `json:"seller_id"`
		catalog.ProductData
	}
	if err := bind(c, &req); err != nil {
		return err
	}
	p, err := s.Catalog.CreateProduct(c.Request().Context(), catalog.CreateProductInput{SellerID: req.SellerID, SKU: req.SKU, Data: req.ProductData})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toProductDTO(p))
}

func (s *Server) GetProduct(c echo.Context, id api.ID) error {
	p, err := s.Catalog.GetProduct(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toProductDTO(p))
}

func (s *Server) UpdateProduct(c echo.Context, id api.ID) error {
	var d catalog.ProductData
	if err := bind(c, &d); err != nil {
		return err
	}
	p, err := s.Catalog.UpdateProduct(c.Request().Context(), id, d)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toProductDTO(p))
}

func (s *Server) SubmitProduct(c echo.Context, id api.ID) error {
	p, err := s.Catalog.SubmitProduct(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toProductDTO(p))
}

func (s *Server) CurateProduct(c echo.Context, id api.ID) error {
	var req struct {
		Decision string                    `json:"decision"`
		Reason   string                    `json:"reason"`
		Comments []schematype.FieldComment `json:"comments"`
	}
	if err := bind(c, &req); err != nil {
		return err
	}
	p, err := s.Catalog.Curate(c.Request().Context(), id, catalog.CurateInput{
		Decision: catalog.Decision(req.Decision), Reason: req.Reason, Comments: req.Comments,
	})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toProductDTO(p))
}

type revisionDTO struct {
	Number       int                       `json:"number"`
	Status       string                    `json:"status"`
	Data         catalog.ProductData       `json:"data"`
	Changes      []catalog.Change          `json:"changes"`
	SubmittedAt  *time.Time                `json:"submitted_at,omitempty"`
	ReviewedAt   *time.Time                `json:"reviewed_at,omitempty"`
	ReviewReason string                    `json:"review_reason,omitempty"`
	Comments     []schematype.FieldComment `json:"comments,omitempty"`
	CreatedAt    time.Time                 `json:"created_at"`
}

func (s *Server) ListProductRevisions(c echo.Context, id api.ID) error {
	revs, err := s.Catalog.Revisions(c.Request().Context(), id)
	if err != nil {
		return err
	}
	out := struct {
		Items []revisionDTO `json:"items"`
	}{Items: make([]revisionDTO, 0, len(revs))}
	for _, r := range revs {
		d, err := catalog.DataFromMap(r.Revision.Data)
		if err != nil {
			return err
		}
		changes := r.Changes
		if changes == nil {
			changes = []catalog.Change{}
		}
		out.Items = append(out.Items, revisionDTO{
			Number: r.Revision.Number, Status: string(r.Revision.Status), Data: d, Changes: changes,
			SubmittedAt: r.Revision.SubmittedAt, ReviewedAt: r.Revision.ReviewedAt, ReviewReason: r.Revision.ReviewReason,
			Comments: r.Revision.Comments, CreatedAt: r.Revision.CreatedAt,
		})
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) ListCurationQueue(c echo.Context, p api.ListCurationQueueParams) error {
	return list(c, p.Cursor, p.Limit, s.Catalog.CurationQueue,
		func(p *ent.Product) uuid.UUID { return p.ID }, toProductDTO)
}
