package search

import (
	"context"
	"fmt"
	"math/big"
	"slices"
	"strings"

	"entgo.io/ent/dialect"
	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/offer"
	"github.com/manifoldhq/manifold/ent/organization"
	"github.com/manifoldhq/manifold/ent/product"
	"github.com/manifoldhq/manifold/ent/schematype"
	"github.com/manifoldhq/manifold/ent/searchentry"
	"github.com/manifoldhq/manifold/ent/searchoffer"
	"github.com/manifoldhq/manifold/internal/catalog/masterdata"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/money"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// Audience keys of SearchOffer rows.
const AudienceAll = "*"

// AudienceOrg and AudienceGroup are the keys of an invited buyer and of a buyer group.
func AudienceOrg(id uuid.UUID) string   { return "o:" + id.String() }
func AudienceGroup(id uuid.UUID) string { return "g:" + id.String() }

// IncotermBit is the bit of an Incoterms 2020 rule in SearchOffer.incoterms (0 when
// unknown).
func IncotermBit(rule string) int {
	for i, t := range masterdata.Incoterms() {
		if string(t) == rule {
			return 1 << i
		}
	}
	return 0
}

// EntryOf is what the index stores for one product with its seller and offers in a
// marketplace whose currency is cur. The benchmark writes rows from the same function,
// so bulk-loaded and maintained rows agree.
func EntryOf(p *ent.Product, seller *ent.Organization, offers []*ent.Offer, cur, d string) *ent.SearchEntry {
	e := &ent.SearchEntry{
		ID: p.ID, TenantID: p.TenantID, SellerID: p.SellerID, Sku: p.Sku, Name: p.Name,
		OriginCountry: p.CountryOfOrigin, HsChapter: p.HsCode[:min(2, len(p.HsCode))], Unit: p.Unit,
		OffersPlain: true, PubCurrency: cur,
	}
	if seller != nil {
		e.SellerName = seller.LegalName
		e.Published = p.ApprovedRevision > 0 && seller.OnboardingStatus == organization.OnboardingStatusApproved
	}
	if d == dialect.Postgres {
		e.Document = Document(p.Name, p.Sku, p.Description)
	}
	var keys []string
	for _, o := range offers {
		if o.ValidFrom != nil || o.ValidTo != nil {
			e.OffersPlain = false
		}
		public := o.Visibility == offer.VisibilityAllBuyers
		if !public {
			e.Restricted = true
		}
		for _, a := range audiences(o) {
			if a != AudienceAll && !slices.Contains(keys, a) {
				keys = append(keys, a)
			}
		}
		for _, pl := range o.PriceLists {
			if pl.BuyerGroupID != nil && !slices.Contains(keys, AudienceGroup(*pl.BuyerGroupID)) {
				keys = append(keys, AudienceGroup(*pl.BuyerGroupID))
			}
		}
		if !o.Active || !public {
			continue
		}
		for _, t := range o.Incoterms {
			e.PubIncoterms |= IncotermBit(t)
		}
		for _, pl := range o.PriceLists {
			if pl.Currency != cur || pl.BuyerGroupID != nil {
				continue
			}
			if price, ok := lowestMinor(pl.Currency, pl.Tiers); ok && (e.PubPrice == nil || price < *e.PubPrice) {
				e.PubPrice = &price
			}
		}
	}
	if len(keys) > 0 {
		slices.Sort(keys)
		e.OfferKeys = "|" + strings.Join(keys, "|") + "|"
		e.KeyFacts = make(schematype.KeyFacts, len(keys))
		for _, k := range keys {
			mask, price := keyFacts(offers, k, cur)
			e.KeyFacts[k] = [2]*int64{&mask, price}
		}
	}
	return e
}

// keyFacts are the offer facts for a viewer who sees the offers for all buyers and holds
// key k and none of the entry's other keys: the active offers for all buyers or for k,
// each priced in cur by k's group lists if it has any there (k a group), else by its
// general lists (the rule of BestPrice and of the per-offer SQL). Only valid while no
// offer has a validity window (offers_plain).
func keyFacts(offers []*ent.Offer, k, cur string) (int64, *int64) {
	var (
		mask  int64
		price *int64
	)
	lower := func(p **int64, v int64) {
		if *p == nil || v < **p {
			*p = &v
		}
	}
	for _, o := range offers {
		if !o.Active || (o.Visibility != offer.VisibilityAllBuyers && !slices.Contains(audiences(o), k)) {
			continue
		}
		for _, t := range o.Incoterms {
			mask |= int64(IncotermBit(t))
		}
		var group, general *int64
		for _, pl := range o.PriceLists {
			if pl.Currency != cur {
				continue
			}
			p, ok := lowestMinor(pl.Currency, pl.Tiers)
			switch {
			case !ok:
			case pl.BuyerGroupID == nil:
				lower(&general, p)
			case AudienceGroup(*pl.BuyerGroupID) == k:
				lower(&group, p)
			}
		}
		if group != nil {
			general = group
		}
		if general != nil {
			lower(&price, *general)
		}
	}
	return mask, price
}

// OfferRows are the SearchOffer rows of one offer: one per audience and price list.
func OfferRows(o *ent.Offer) []*ent.SearchOffer {
	mask := 0
	for _, t := range o.Incoterms {
		mask |= IncotermBit(t)
	}
	var out []*ent.SearchOffer
	for _, a := range audiences(o) {
		for _, pl := range o.PriceLists {
			price, ok := lowestMinor(pl.Currency, pl.Tiers)
			if !ok {
				continue
			}
			out = append(out, &ent.SearchOffer{
				TenantID: o.TenantID, OfferID: o.ID, ProductID: o.ProductID, SellerID: o.SellerID, Audience: a,
				Currency: pl.Currency, ListGroupID: pl.BuyerGroupID, PriceMinor: price, Incoterms: mask,
				LeadTimeDays: o.LeadTimeDays, Active: o.Active, ValidFrom: o.ValidFrom, ValidTo: o.ValidTo,
			})
		}
	}
	return out
}

// audiences are the audience keys of an offer (none for an unknown visibility: fails
// closed).
func audiences(o *ent.Offer) []string {
	var out []string
	switch o.Visibility {
	case offer.VisibilityAllBuyers:
		out = []string{AudienceAll}
	case offer.VisibilityInvitedBuyers:
		for _, id := range o.InvitedBuyerIds {
			out = append(out, AudienceOrg(id))
		}
	case offer.VisibilityBuyerGroups:
		for _, id := range o.BuyerGroupIds {
			out = append(out, AudienceGroup(id))
		}
	}
	return out
}

// lowestMinor is the lowest tier unit price of a list in the currency's minor units,
// rounded half up (facets and sorting need an integer; quotes stay exact).
func lowestMinor(cur string, tiers []schematype.PriceTier) (int64, bool) {
	minor, err := money.MinorUnits(cur)
	if err != nil || len(tiers) == 0 {
		return 0, false
	}
	var best *big.Rat
	for _, t := range tiers {
		r := new(big.Rat).SetFrac(big.NewInt(t.UnitPriceAmount), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(t.UnitPriceScale)), nil))
		if best == nil || r.Cmp(best) < 0 {
			best = r
		}
	}
	best.Mul(best, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(minor)), nil)))
	best.Add(best, big.NewRat(1, 2))
	q := new(big.Int).Quo(best.Num(), best.Denom())
	if !q.IsInt64() {
		return 0, false
	}
	return q.Int64(), true
}

// Indexer keeps the search index in step with the catalog. Every method writes in the
// caller's transaction, so the index commits (or rolls back) with the change.
type Indexer struct{ dialect string }

// NewIndexer returns the indexer for a dialect (dialect.Postgres or dialect.SQLite).
func NewIndexer(d string) *Indexer { return &Indexer{dialect: d} }

// Products rewrites the entries and offer rows of the given products; a product that
// no longer exists loses its entry.
func (ix *Indexer) Products(ctx context.Context, tx *ent.Tx, ids ...uuid.UUID) error {
	for len(ids) > 0 {
		n := min(len(ids), 500)
		if err := ix.products(ctx, tx, ids[:n]); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}

func (ix *Indexer) products(ctx context.Context, tx *ent.Tx, ids []uuid.UUID) error {
	ps, err := tx.Product.Query().Where(product.IDIn(ids...)).WithSeller().All(ctx)
	if err != nil {
		return err
	}
	offers, err := tx.Offer.Query().Where(offer.ProductIDIn(ids...)).All(ctx)
	if err != nil {
		return err
	}
	byProduct := map[uuid.UUID][]*ent.Offer{}
	for _, o := range offers {
		byProduct[o.ProductID] = append(byProduct[o.ProductID], o)
	}
	currency := map[uuid.UUID]string{}
	for _, p := range ps {
		if _, ok := currency[p.TenantID]; !ok {
			t, err := tx.Tenant.Get(ctx, p.TenantID)
			if err != nil {
				return err
			}
			currency[p.TenantID] = t.DefaultCurrency
		}
	}
	if _, err := tx.SearchEntry.Delete().Where(searchentry.IDIn(ids...)).Exec(ctx); err != nil {
		return err
	}
	if _, err := tx.SearchOffer.Delete().Where(searchoffer.ProductIDIn(ids...)).Exec(ctx); err != nil {
		return err
	}
	if err := ix.deleteFTS(ctx, tx, ids); err != nil {
		return err
	}
	entries := make([]*ent.SearchEntryCreate, 0, len(ps))
	for _, p := range ps {
		e := EntryOf(p, p.Edges.Seller, byProduct[p.ID], currency[p.TenantID], ix.dialect)
		entries = append(entries, tx.SearchEntry.Create().SetID(e.ID).SetSellerID(e.SellerID).
			SetSellerName(e.SellerName).SetSku(e.Sku).SetName(e.Name).
			SetOriginCountry(e.OriginCountry).SetHsChapter(e.HsChapter).SetUnit(e.Unit).
			SetPublished(e.Published).SetDocument(e.Document).SetOffersPlain(e.OffersPlain).
			SetRestricted(e.Restricted).SetOfferKeys(e.OfferKeys).SetKeyFacts(e.KeyFacts).SetPubIncoterms(e.PubIncoterms).SetPubCurrency(e.PubCurrency).SetNillablePubPrice(e.PubPrice))
		if err := ix.insertFTS(ctx, tx, e, p.Description); err != nil {
			return err
		}
	}
	if err := tx.SearchEntry.CreateBulk(entries...).Exec(ctx); err != nil {
		return err
	}
	var rows []*ent.SearchOfferCreate
	for _, o := range offers {
		for _, r := range OfferRows(o) {
			rows = append(rows, tx.SearchOffer.Create().SetOfferID(r.OfferID).SetProductID(r.ProductID).
				SetSellerID(r.SellerID).SetAudience(r.Audience).SetCurrency(r.Currency).
				SetNillableListGroupID(r.ListGroupID).SetPriceMinor(r.PriceMinor).SetIncoterms(r.Incoterms).
				SetLeadTimeDays(r.LeadTimeDays).SetActive(r.Active).
				SetNillableValidFrom(r.ValidFrom).SetNillableValidTo(r.ValidTo))
		}
	}
	for len(rows) > 0 {
		n := min(len(rows), 1000)
		if err := tx.SearchOffer.CreateBulk(rows[:n]...).Exec(ctx); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

// Seller rewrites the entries of every product of a seller: its name or onboarding
// status (which decides publishing) changed.
func (ix *Indexer) Seller(ctx context.Context, tx *ent.Tx, sellerID uuid.UUID) error {
	ids, err := tx.Product.Query().Where(product.SellerID(sellerID)).IDs(ctx)
	if err != nil {
		return err
	}
	return ix.Products(ctx, tx, ids...)
}

// Progress reports a reindex: done of total products.
type Progress func(done, total int)

// Reindex rebuilds the index of the viewer's tenant in batches of 500 products, one
// transaction each, and drops entries of products that no longer exist.
func (ix *Indexer) Reindex(ctx context.Context, c *ent.Client, progress Progress) error {
	total, err := c.Product.Query().Count(ctx)
	if err != nil {
		return err
	}
	done := 0
	after := uuid.Nil
	for {
		ids, err := c.Product.Query().Where(product.IDGT(after)).Order(ent.Asc(product.FieldID)).Limit(500).IDs(ctx)
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			break
		}
		if err := withTx(ctx, c, func(tx *ent.Tx) error { return ix.Products(ctx, tx, ids...) }); err != nil {
			return err
		}
		done += len(ids)
		after = ids[len(ids)-1]
		if progress != nil {
			progress(done, total)
		}
	}
	return withTx(ctx, c, func(tx *ent.Tx) error {
		products, err := tx.Product.Query().IDs(ctx)
		if err != nil {
			return err
		}
		entries, err := tx.SearchEntry.Query().IDs(ctx)
		if err != nil {
			return err
		}
		live := make(map[uuid.UUID]bool, len(products))
		for _, id := range products {
			live[id] = true
		}
		var stale []uuid.UUID
		for _, id := range entries {
			if !live[id] {
				stale = append(stale, id)
			}
		}
		return ix.Products(ctx, tx, stale...)
	})
}

func withTx(ctx context.Context, c *ent.Client, fn func(tx *ent.Tx) error) error {
	tx, err := c.Tx(ctx)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

const ftsTable = db.SearchFTSTable

func (ix *Indexer) deleteFTS(ctx context.Context, tx *ent.Tx, ids []uuid.UUID) error {
	if ix.dialect != dialect.SQLite {
		return nil
	}
	// The ids were read through ent (tenant-filtered); the tenant column is checked too
	// unless a system job (reindex of every tenant) runs without one.
	q, args := `DELETE FROM `+ftsTable+` WHERE entry_id IN (`, []any{}
	for i, id := range ids {
		if i > 0 {
			q += ","
		}
		q += "?"
		args = append(args, id.String())
	}
	q += ")"
	if v := tenant.FromContext(ctx); v != nil && v.TenantID != uuid.Nil {
		q += " AND tenant_id = ?"
		args = append(args, v.TenantID.String())
	}
	if _, err := tx.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("search: fts delete: %w", err)
	}
	return nil
}

func (ix *Indexer) insertFTS(ctx context.Context, tx *ent.Tx, e *ent.SearchEntry, description string) error {
	if ix.dialect != dialect.SQLite {
		return nil
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO `+ftsTable+` (entry_id, tenant_id, name, sku, description) VALUES (?, ?, ?, ?, ?)`,
		e.ID.String(), e.TenantID.String(), e.Name, e.Sku, description)
	if err != nil {
		return fmt.Errorf("search: fts insert: %w", err)
	}
	return nil
}
