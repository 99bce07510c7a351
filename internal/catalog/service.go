package catalog

import (
	"context"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/organization"
	"github.com/manifoldhq/manifold/ent/predicate"
	"github.com/manifoldhq/manifold/ent/product"
	"github.com/manifoldhq/manifold/ent/productrevision"
	"github.com/manifoldhq/manifold/ent/schematype"
	"github.com/manifoldhq/manifold/internal/catalog/search"
	"github.com/manifoldhq/manifold/internal/platform/blob"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/problem"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// Auditor records an audit event in the caller's transaction.
type Auditor interface {
	Record(ctx context.Context, tx *ent.Tx, action, subjectType, subjectID string, before, after any) error
}

// Service manages products. Tenancy comes from the data layer; which organization may
// see or change which product is decided here.
type Service struct {
	db       *db.DB
	audit    Auditor
	blob     blob.Store // product attachments; nil: attachments are unavailable
	log      *slog.Logger
	now      func() time.Time
	index    *search.Indexer
	searcher search.Searcher
}

// WithBlob sets the store of product attachments (the onboarding documents' store).
func (s *Service) WithBlob(b blob.Store) *Service { s.blob = b; return s }

// NewService builds the service.
func NewService(d *db.DB, a Auditor, log *slog.Logger) *Service {
	return &Service{db: d, audit: a, log: log, now: func() time.Time { return time.Now().UTC() },
		index: search.NewIndexer(d.Dialect), searcher: search.New(d.Dialect)}
}

// Index is the search indexer the service writes through; other domains (parties, for
// a seller's status and name) call it in their own transactions.
func (s *Service) Index() *search.Indexer { return s.index }

var sellerRoles = []string{"seller_admin", "seller_catalog"}

// operatorSide: marketplace staff see every product in every state.
func operatorSide(v *tenant.Viewer) bool { return v.IsOperatorStaff() }

// sellerOrgs are the seller organizations the viewer may edit products of (a catalog
// role; seller_ops does not edit the catalog).
func sellerOrgs(v *tenant.Viewer) []uuid.UUID {
	return v.OrganizationsWhere(func(r string) bool { return slices.Contains(sellerRoles, r) })
}

// memberOrgs are all organizations the viewer acts for.
func memberOrgs(v *tenant.Viewer) []uuid.UUID { return v.OrganizationIDs() }

// visibility restricts a product query to what the viewer may see: staff see all; a
// seller sees its own products in any state; everyone sees approved products of
// approved sellers.
func visibility(v *tenant.Viewer) predicate.Product {
	if operatorSide(v) {
		return product.IDNEQ(uuid.Nil)
	}
	published := product.And(
		product.ApprovedRevisionGT(0),
		product.HasSellerWith(organization.OnboardingStatusEQ(organization.OnboardingStatusApproved)),
	)
	if own := memberOrgs(v); len(own) > 0 {
		return product.Or(product.SellerIDIn(own...), published)
	}
	return published
}

// ErrProductNotFound is the answer for a product the viewer may not see.
var errProductNotFound = problem.NotFound("product not found")

// CreateProductInput creates a product for a seller.
type CreateProductInput struct {
	SellerID uuid.UUID // optional when the viewer edits products of exactly one seller
	SKU      string
	Data     ProductData
}

// CreateProduct adds a draft product (revision 1) to a seller's catalog.
func (s *Service) CreateProduct(ctx context.Context, in CreateProductInput) (*ent.Product, error) {
	v := tenant.FromContext(ctx)
	var f problem.Fields
	in.SKU = strings.TrimSpace(in.SKU)
	if in.SKU == "" || len(in.SKU) > 64 || strings.ContainsAny(in.SKU, " \t\r\n") {
		f.Add("/sku", "is required: 1 to 64 characters without spaces")
	}
	validateProduct(&in.Data, &f, "")
	mine := sellerOrgs(v)
	switch {
	case in.SellerID == uuid.Nil && len(mine) == 1:
		in.SellerID = mine[0]
	case in.SellerID == uuid.Nil:
		f.Add("/seller_id", "is required: you edit products of %d sellers", len(mine))
	case !slices.Contains(mine, in.SellerID):
		return nil, problem.Forbidden("you do not manage the catalog of that seller")
	}
	if err := f.Err("product is invalid"); err != nil {
		return nil, err
	}
	var out *ent.Product
	err := db.WithTx(ctx, s.db.Client, func(tx *ent.Tx) error {
		seller, err := tx.Organization.Get(ctx, in.SellerID)
		if err != nil || seller.Kind != organization.KindSeller {
			return problem.Validation("product is invalid", problem.Field("/seller_id", "is not a seller of this marketplace"))
		}
		exists, err := tx.Product.Query().Where(product.SellerID(in.SellerID), product.Sku(in.SKU)).Exist(ctx)
		if err != nil {
			return err
		}
		if exists {
			return problem.Conflict("the seller already has a product with SKU %q", in.SKU)
		}
		c := newProduct(tx, in.SellerID, in.SKU, in.Data)
		if out, err = c.Save(ctx); err != nil {
			return err
		}
		if err := tx.ProductRevision.Create().SetProductID(out.ID).SetNumber(1).SetData(in.Data.asMap()).
			SetNillableAuthorID(userPtr(v)).Exec(ctx); err != nil {
			return err
		}
		if err := s.index.Products(ctx, tx, out.ID); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, "product.create", "product", out.ID.String(), nil,
			map[string]any{"sku": out.Sku, "seller_id": out.SellerID, "name": out.Name})
	})
	return out, err
}

// newProduct is the row of a new product (revision 1, draft).
func newProduct(tx *ent.Tx, sellerID uuid.UUID, sku string, d ProductData) *ent.ProductCreate {
	c := tx.Product.Create().SetSellerID(sellerID).SetSku(sku).
		SetName(d.Name).SetDescription(d.Description).SetHsCode(d.HSCode).
		SetCountryOfOrigin(d.CountryOfOrigin).SetEuClassification(d.EUClassification).
		SetUsClassification(d.USClassification).SetUnit(d.Unit).
		SetNillableNetWeightG(d.NetWeightG).SetNillableGrossWeightG(d.GrossWeightG).
		SetNillableLengthMm(d.LengthMM).SetNillableWidthMm(d.WidthMM).SetNillableHeightMm(d.HeightMM).
		SetHazmatUnNumber(d.HazmatUNNumber).SetNillableShelfLifeDays(d.ShelfLifeDays).
		SetCoaSpec(d.CoASpec)
	if d.Packaging != nil {
		c = c.SetPackaging(*d.Packaging)
	}
	return c
}

func userPtr(v *tenant.Viewer) *uuid.UUID {
	if v == nil || v.UserID == uuid.Nil {
		return nil
	}
	id := v.UserID
	return &id
}

// editable loads a product the viewer may edit, locking it; others are not found.
func (s *Service) editable(ctx context.Context, tx *ent.Tx, id uuid.UUID) (*ent.Product, *ent.ProductRevision, error) {
	v := tenant.FromContext(ctx)
	p, err := db.ForUpdate(s.db.Dialect, tx.Product.Query().Where(product.ID(id))).Only(ctx)
	if ent.IsNotFound(err) || (err == nil && !slices.Contains(sellerOrgs(v), p.SellerID)) {
		return nil, nil, errProductNotFound
	}
	if err != nil {
		return nil, nil, err
	}
	rev, err := tx.ProductRevision.Query().Where(productrevision.ProductID(p.ID), productrevision.Number(p.Revision)).Only(ctx)
	if err != nil {
		return nil, nil, err
	}
	return p, rev, nil
}

// curated reports whether the viewer's marketplace reviews products before publishing.
func curated(ctx context.Context) bool {
	return tenant.FromContext(ctx).Model == tenant.ModelCurated
}

// UpdateProduct replaces a product's master data. A product never approved is edited in
// place. An approved product in a curated marketplace keeps its live data; the change
// waits in a new revision for review. Elsewhere an approved product's change is
// published at once, with a revision for history.
func (s *Service) UpdateProduct(ctx context.Context, id uuid.UUID, d ProductData) (*ent.Product, error) {
	var f problem.Fields
	validateProduct(&d, &f, "")
	if err := f.Err("product is invalid"); err != nil {
		return nil, err
	}
	var out *ent.Product
	err := db.WithTx(ctx, s.db.Client, func(tx *ent.Tx) error {
		p, rev, err := s.editable(ctx, tx, id)
		if err != nil {
			return err
		}
		before := currentData(p, rev)
		if len(Diff(before, d)) == 0 {
			out = p
			return nil
		}
		if out, err = s.revise(ctx, tx, p, rev, d); err != nil {
			return err
		}
		if err := s.index.Products(ctx, tx, p.ID); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, "product.update", "product", p.ID.String(),
			map[string]any{"revision": p.Revision}, map[string]any{"revision": out.Revision, "changes": Diff(before, d)})
	})
	return out, err
}

// currentData is what an edit is compared with: the newest revision while it is not
// approved (a pending change), else the live product.
func currentData(p *ent.Product, rev *ent.ProductRevision) ProductData {
	if rev != nil && rev.Status != productrevision.StatusApproved {
		if d, err := DataFromMap(rev.Data); err == nil {
			return d
		}
	}
	return DataOf(p)
}

// revise writes changed master data d onto product p whose newest revision is rev; the
// one place for the revision rules of an edit. A product never approved is edited in
// place. An approved product in a curated marketplace keeps its live data and the change
// waits in a new (or the pending) revision. Elsewhere the change is published at once,
// with a new approved revision for history.
func (s *Service) revise(ctx context.Context, tx *ent.Tx, p *ent.Product, rev *ent.ProductRevision, d ProductData) (*ent.Product, error) {
	v := tenant.FromContext(ctx)
	var err error
	switch {
	case p.ApprovedRevision == 0:
		// Never published: the row is the draft.
		out, err := d.apply(tx.Product.UpdateOne(p)).SetCurationStatus(product.CurationStatusDraft).Save(ctx)
		if err != nil {
			return nil, err
		}
		return out, tx.ProductRevision.UpdateOne(rev).SetData(d.asMap()).SetStatus(productrevision.StatusDraft).Exec(ctx)
	case curated(ctx):
		if rev.Status == productrevision.StatusApproved || rev.Status == productrevision.StatusRejected {
			rev, err = tx.ProductRevision.Create().SetProductID(p.ID).SetNumber(p.Revision + 1).
				SetData(d.asMap()).SetNillableAuthorID(userPtr(v)).Save(ctx)
		} else {
			err = tx.ProductRevision.UpdateOne(rev).SetData(d.asMap()).SetStatus(productrevision.StatusDraft).Exec(ctx)
		}
		if err != nil {
			return nil, err
		}
		return tx.Product.UpdateOne(p).SetRevision(rev.Number).SetCurationStatus(product.CurationStatusDraft).Save(ctx)
	default:
		n := p.Revision + 1
		if err := tx.ProductRevision.Create().SetProductID(p.ID).SetNumber(n).SetData(d.asMap()).
			SetStatus(productrevision.StatusApproved).SetNillableAuthorID(userPtr(v)).
			SetReviewedAt(s.now()).Exec(ctx); err != nil {
			return nil, err
		}
		return d.apply(tx.Product.UpdateOne(p)).SetRevision(n).SetApprovedRevision(n).
			SetCurationStatus(product.CurationStatusApproved).Save(ctx)
	}
}

// SubmitProduct sends the newest revision for review (curated marketplaces) or
// publishes it (closed portals and distributor-led marketplaces have no curation).
func (s *Service) SubmitProduct(ctx context.Context, id uuid.UUID) (*ent.Product, error) {
	var out *ent.Product
	err := db.WithTx(ctx, s.db.Client, func(tx *ent.Tx) error {
		p, rev, err := s.editable(ctx, tx, id)
		if err != nil {
			return err
		}
		if rev.Status != productrevision.StatusDraft && rev.Status != productrevision.StatusChangesRequested {
			return problem.Conflict("revision %d is %s; only a draft or a revision with requested changes can be submitted", rev.Number, rev.Status)
		}
		now := s.now()
		if curated(ctx) {
			if err := tx.ProductRevision.UpdateOne(rev).SetStatus(productrevision.StatusSubmitted).SetSubmittedAt(now).Exec(ctx); err != nil {
				return err
			}
			if out, err = tx.Product.UpdateOne(p).SetCurationStatus(product.CurationStatusSubmitted).Save(ctx); err != nil {
				return err
			}
			return s.audit.Record(ctx, tx, "product.submit", "product", p.ID.String(),
				map[string]any{"status": string(rev.Status)}, map[string]any{"status": "submitted", "revision": rev.Number})
		}
		d, err := DataFromMap(rev.Data)
		if err != nil {
			return err
		}
		if err := tx.ProductRevision.UpdateOne(rev).SetStatus(productrevision.StatusApproved).
			SetSubmittedAt(now).SetReviewedAt(now).Exec(ctx); err != nil {
			return err
		}
		if out, err = d.apply(tx.Product.UpdateOne(p)).SetCurationStatus(product.CurationStatusApproved).
			SetApprovedRevision(rev.Number).Save(ctx); err != nil {
			return err
		}
		if err := s.index.Products(ctx, tx, p.ID); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, "product.publish", "product", p.ID.String(),
			map[string]any{"status": string(rev.Status)}, map[string]any{"status": "approved", "revision": rev.Number})
	})
	return out, err
}

// Decision is a curator's verdict on a submitted revision.
type Decision string

const (
	DecisionApprove        Decision = "approve"
	DecisionRequestChanges Decision = "request_changes"
	DecisionReject         Decision = "reject"
)

// CurateInput is a curator's decision with its reasons.
type CurateInput struct {
	Decision Decision
	Reason   string
	Comments []schematype.FieldComment
}

// Validate checks the decision carries what it needs.
func (in CurateInput) Validate() error {
	var f problem.Fields
	switch in.Decision {
	case DecisionApprove:
	case DecisionRequestChanges:
		if len(in.Comments) == 0 {
			f.Add("/comments", "name at least one field to change")
		}
	case DecisionReject:
		if strings.TrimSpace(in.Reason) == "" {
			f.Add("/reason", "is required to reject")
		}
	default:
		f.Add("/decision", "must be approve, request_changes or reject")
	}
	for i, c := range in.Comments {
		if !strings.HasPrefix(c.Field, "/") || strings.TrimSpace(c.Comment) == "" {
			f.Add(jsonPointer("/comments", i), "needs a field (JSON pointer) and a comment")
		}
	}
	return f.Err("curation decision is invalid")
}

// Curate decides on a product's submitted revision. Approval publishes its data.
func (s *Service) Curate(ctx context.Context, id uuid.UUID, in CurateInput) (*ent.Product, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	if !curated(ctx) {
		return nil, problem.Conflict("this marketplace publishes products without curation")
	}
	v := tenant.FromContext(ctx)
	var out *ent.Product
	err := db.WithTx(ctx, s.db.Client, func(tx *ent.Tx) error {
		p, err := db.ForUpdate(s.db.Dialect, tx.Product.Query().Where(product.ID(id))).Only(ctx)
		if ent.IsNotFound(err) {
			return errProductNotFound
		}
		if err != nil {
			return err
		}
		rev, err := tx.ProductRevision.Query().Where(productrevision.ProductID(p.ID), productrevision.Number(p.Revision)).Only(ctx)
		if err != nil {
			return err
		}
		if rev.Status != productrevision.StatusSubmitted {
			return problem.Conflict("revision %d is %s, not submitted", rev.Number, rev.Status)
		}
		now := s.now()
		ru := tx.ProductRevision.UpdateOne(rev).SetReviewedAt(now).SetNillableReviewerID(userPtr(v)).
			SetReviewReason(in.Reason).SetComments(in.Comments)
		pu := tx.Product.UpdateOne(p)
		switch in.Decision {
		case DecisionApprove:
			d, err := DataFromMap(rev.Data)
			if err != nil {
				return err
			}
			ru = ru.SetStatus(productrevision.StatusApproved)
			pu = d.apply(pu).SetCurationStatus(product.CurationStatusApproved).SetApprovedRevision(rev.Number)
		case DecisionRequestChanges:
			ru = ru.SetStatus(productrevision.StatusChangesRequested)
			pu = pu.SetCurationStatus(product.CurationStatusChangesRequested)
		case DecisionReject:
			ru = ru.SetStatus(productrevision.StatusRejected)
			pu = pu.SetCurationStatus(product.CurationStatusRejected)
		}
		if err := ru.Exec(ctx); err != nil {
			return err
		}
		if out, err = pu.Save(ctx); err != nil {
			return err
		}
		if err := s.index.Products(ctx, tx, p.ID); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, "product.curate", "product", p.ID.String(),
			map[string]any{"status": "submitted", "revision": rev.Number},
			map[string]any{"decision": string(in.Decision), "reason": in.Reason, "comments": in.Comments})
	})
	return out, err
}

// GetProduct returns a product the viewer may see.
func (s *Service) GetProduct(ctx context.Context, id uuid.UUID) (*ent.Product, error) {
	p, err := s.db.Client.Product.Query().Where(product.ID(id), visibility(tenant.FromContext(ctx))).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, errProductNotFound
	}
	return p, err
}

// ListInput selects a page of products.
type ListInput struct {
	Q        string
	SellerID uuid.UUID
	Status   string
	After    uuid.UUID
	Limit    int
}

// ListProducts returns products the viewer may see, ordered by id. Q is matched by the
// search index exactly as Search matches it (words as prefixes, "phrases", -exclusions,
// OR), without ranking or facets.
func (s *Service) ListProducts(ctx context.Context, in ListInput) ([]*ent.Product, error) {
	q := s.db.Client.Product.Query().Where(visibility(tenant.FromContext(ctx))).Order(ent.Asc(product.FieldID)).Limit(in.Limit)
	if strings.TrimSpace(in.Q) != "" {
		match, err := s.matchText(in.Q)
		if err != nil {
			return nil, err
		}
		q = q.Where(match)
	}
	if in.SellerID != uuid.Nil {
		q = q.Where(product.SellerID(in.SellerID))
	}
	if in.Status != "" {
		if product.CurationStatusValidator(product.CurationStatus(in.Status)) != nil {
			return nil, problem.Validation("bad filter", problem.Field("query.status", "unknown curation status"))
		}
		q = q.Where(product.CurationStatusEQ(product.CurationStatus(in.Status)))
	}
	if in.After != uuid.Nil {
		q = q.Where(product.IDGT(in.After))
	}
	return q.All(ctx)
}

// RevisionView is a revision with its changes against the previous approved revision.
type RevisionView struct {
	Revision *ent.ProductRevision
	Changes  []Change
}

// Revisions lists a product's revisions, newest first, each with its diff against the
// revision approved before it.
func (s *Service) Revisions(ctx context.Context, id uuid.UUID) ([]RevisionView, error) {
	p, err := s.GetProduct(ctx, id)
	if err != nil {
		return nil, err
	}
	v := tenant.FromContext(ctx)
	if !operatorSide(v) && !slices.Contains(memberOrgs(v), p.SellerID) {
		return nil, errProductNotFound // buyers see the product, not its history
	}
	revs, err := s.db.Client.ProductRevision.Query().Where(productrevision.ProductID(id)).
		Order(ent.Asc(productrevision.FieldNumber)).All(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]RevisionView, 0, len(revs))
	var base ProductData
	for _, r := range revs {
		d, err := DataFromMap(r.Data)
		if err != nil {
			return nil, err
		}
		out = append(out, RevisionView{Revision: r, Changes: Diff(base, d)})
		if r.Status == productrevision.StatusApproved {
			base = d
		}
	}
	slices.Reverse(out)
	return out, nil
}

// CurationQueue lists products waiting for review, in id order (keyset pages).
func (s *Service) CurationQueue(ctx context.Context, after uuid.UUID, limit int) ([]*ent.Product, error) {
	q := s.db.Client.Product.Query().Where(product.CurationStatusEQ(product.CurationStatusSubmitted)).
		Order(ent.Asc(product.FieldID)).Limit(limit)
	if after != uuid.Nil {
		q = q.Where(product.IDGT(after))
	}
	return q.All(ctx)
}
