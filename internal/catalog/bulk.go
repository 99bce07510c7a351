package catalog

import (
	"context"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/product"
	"github.com/manifoldhq/manifold/ent/productrevision"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/problem"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// UpsertInput is one product of a bulk upsert, keyed by SKU.
type UpsertInput struct {
	SKU  string
	Data ProductData
}

// UpsertResult counts what a bulk upsert wrote.
type UpsertResult struct {
	Created   int
	Updated   int
	Unchanged int
}

// CanEditSeller reports (as a problem) whether the viewer edits the seller's catalog.
func CanEditSeller(ctx context.Context, sellerID uuid.UUID) error {
	if !slices.Contains(sellerOrgs(tenant.FromContext(ctx)), sellerID) {
		return problem.Forbidden("you do not manage the catalog of that seller")
	}
	return nil
}

// CurrentData returns the master data an edit of each of the seller's products with the
// given SKUs is compared with (see UpdateProduct): the pending revision if there is one,
// else the live product. Absent SKUs are left out.
func (s *Service) CurrentData(ctx context.Context, sellerID uuid.UUID, skus []string) (map[string]ProductData, error) {
	if err := CanEditSeller(ctx, sellerID); err != nil {
		return nil, err
	}
	ps, err := s.db.Client.Product.Query().Where(product.SellerID(sellerID), product.SkuIn(skus...)).All(ctx)
	if err != nil {
		return nil, err
	}
	revs, err := newestRevisions(ctx, s.db.Client.ProductRevision, ps)
	if err != nil {
		return nil, err
	}
	out := make(map[string]ProductData, len(ps))
	for _, p := range ps {
		out[p.Sku] = currentData(p, revs[p.ID])
	}
	return out, nil
}

// newestRevisions loads each product's newest revision (number = product.revision).
func newestRevisions(ctx context.Context, c *ent.ProductRevisionClient, ps []*ent.Product) (map[uuid.UUID]*ent.ProductRevision, error) {
	out := make(map[uuid.UUID]*ent.ProductRevision, len(ps))
	if len(ps) == 0 {
		return out, nil
	}
	ids := make([]uuid.UUID, len(ps))
	want := make(map[uuid.UUID]int, len(ps))
	for i, p := range ps {
		ids[i], want[p.ID] = p.ID, p.Revision
	}
	revs, err := c.Query().Where(productrevision.ProductIDIn(ids...)).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, r := range revs {
		if want[r.ProductID] == r.Number {
			out[r.ProductID] = r
		}
	}
	return out, nil
}

// UpsertProducts creates or updates a seller's products by SKU inside the caller's
// transaction, with the rules of CreateProduct (a new product is a draft at revision 1)
// and UpdateProduct (revise) for existing ones; unchanged products are not touched. The
// batch's existing products are locked first. One audit event per call
// ("product.import") names the SKUs created and updated, instead of one per product.
// Inputs must have distinct SKUs.
func (s *Service) UpsertProducts(ctx context.Context, tx *ent.Tx, sellerID uuid.UUID, in []UpsertInput) (UpsertResult, error) {
	var res UpsertResult
	if err := CanEditSeller(ctx, sellerID); err != nil {
		return res, err
	}
	var f problem.Fields
	skus := make([]string, len(in))
	for i := range in {
		in[i].SKU = strings.TrimSpace(in[i].SKU)
		if in[i].SKU == "" || len(in[i].SKU) > 64 || strings.ContainsAny(in[i].SKU, " \t\r\n") {
			f.Add(jsonPointer("", i)+"/sku", "is required: 1 to 64 characters without spaces")
		}
		validateProduct(&in[i].Data, &f, jsonPointer("", i))
		skus[i] = in[i].SKU
	}
	if err := f.Err("products are invalid"); err != nil {
		return res, err
	}
	if len(in) == 0 {
		return res, nil
	}
	existing, err := db.ForUpdate(s.db.Dialect, tx.Product.Query().
		Where(product.SellerID(sellerID), product.SkuIn(skus...))).All(ctx)
	if err != nil {
		return res, err
	}
	bySKU := make(map[string]*ent.Product, len(existing))
	for _, p := range existing {
		bySKU[p.Sku] = p
	}
	revs, err := newestRevisions(ctx, tx.ProductRevision, existing)
	if err != nil {
		return res, err
	}
	var (
		touched          []uuid.UUID
		creates          []*ent.ProductCreate
		createData       []ProductData
		created, updated []string
	)
	for _, row := range in {
		p, ok := bySKU[row.SKU]
		if !ok {
			creates = append(creates, newProduct(tx, sellerID, row.SKU, row.Data))
			createData = append(createData, row.Data)
			continue
		}
		if len(Diff(currentData(p, revs[p.ID]), row.Data)) == 0 {
			res.Unchanged++
			continue
		}
		if _, err := s.revise(ctx, tx, p, revs[p.ID], row.Data); err != nil {
			return res, err
		}
		touched = append(touched, p.ID)
		res.Updated++
		updated = append(updated, row.SKU)
	}
	if len(creates) > 0 {
		ps, err := tx.Product.CreateBulk(creates...).Save(ctx)
		if err != nil {
			return res, err
		}
		author := userPtr(tenant.FromContext(ctx))
		revCreates := make([]*ent.ProductRevisionCreate, len(ps))
		for i, p := range ps {
			revCreates[i] = tx.ProductRevision.Create().SetProductID(p.ID).SetNumber(1).
				SetData(createData[i].asMap()).SetNillableAuthorID(author)
			created = append(created, p.Sku)
			touched = append(touched, p.ID)
		}
		if err := tx.ProductRevision.CreateBulk(revCreates...).Exec(ctx); err != nil {
			return res, err
		}
		res.Created = len(ps)
	}
	if res.Created+res.Updated == 0 {
		return res, nil
	}
	if err := s.index.Products(ctx, tx, touched...); err != nil {
		return res, err
	}
	return res, s.audit.Record(ctx, tx, "product.import", "organization", sellerID.String(), nil,
		map[string]any{"created": created, "updated": updated})
}

// EditableSellers are the seller organizations whose catalog the viewer edits.
func EditableSellers(ctx context.Context) []uuid.UUID { return sellerOrgs(tenant.FromContext(ctx)) }

// IsStaff reports whether the viewer is marketplace staff (sees every seller's data).
func IsStaff(ctx context.Context) bool { return operatorSide(tenant.FromContext(ctx)) }

// SellerRoles are the membership roles that edit a seller's catalog.
func SellerRoles() []string { return slices.Clone(sellerRoles) }
