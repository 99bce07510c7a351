// Package search is the catalog's search index and its queries: a denormalised entry
// per product and rows per offer audience and price list (ent schemas SearchEntry and
// SearchOffer), kept in step by Indexer in the transaction of every catalog change, and
// a Searcher per dialect (PostgreSQL tsvector + GIN, SQLite FTS5) answering ranked,
// faceted, keyset-paginated searches. Every query goes through ent, so the tenant
// privacy filter applies; which products and offers a viewer sees is the Scope the
// catalog service computes.
package search

import (
	"bytes"
	"context"
	"slices"
	"sort"
	"time"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/predicate"
	"github.com/manifoldhq/manifold/ent/searchentry"
	"github.com/manifoldhq/manifold/ent/searchoffer"
	"github.com/manifoldhq/manifold/internal/catalog/masterdata"
	"github.com/manifoldhq/manifold/internal/platform/money"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// Scope is what the viewer may see, decided by the catalog service.
type Scope struct {
	// All: marketplace staff see every entry and every offer.
	All bool
	// OwnSellers: the viewer's organizations; their products in any state and all their
	// offers.
	OwnSellers []uuid.UUID
	// Audiences: the offer audiences the viewer's buyer organization belongs to
	// (AudienceAll, AudienceOrg, AudienceGroup); empty for a viewer that is no buyer.
	Audiences []string
	// Groups: the buyer's groups, whose price lists replace an offer's general list.
	Groups []uuid.UUID
	// Now decides which offers are orderable (active, inside their window).
	Now time.Time
}

// Query is one search.
type Query struct {
	Text      Text
	Currency  string // prices and price buckets; required
	SellerIDs []uuid.UUID
	Origins   []string // ISO 3166 alpha-2
	Chapters  []string // HS chapters, two digits
	Incoterms []string // any of
	PriceMin  *int64   // minor units of Currency, lowest visible price ≥
	PriceMax  *int64   // ≤
	Available *bool    // has (or has no) orderable offer visible to the viewer
	After     *Cursor
	Limit     int
	// Cap is the most hits read (see HitCap); 0 means HitCap.
	Cap int
}

// Cursor is the keyset position after the last hit of a page: rank order, then id.
type Cursor struct {
	Rank float64   `json:"r"`
	ID   uuid.UUID `json:"id"`
}

// Hit is one product of a result page.
type Hit struct {
	ID, SellerID  uuid.UUID
	SellerName    string
	SKU, Name     string
	OriginCountry string
	HSChapter     string
	Unit          string
	Published     bool
	Rank          float64
	// Offer facts over the orderable offers the viewer sees.
	BestPrice    *int64 // minor units of the query's currency
	Incoterms    []string
	Available    bool
	LeadTimeDays *int
}

// Count is a facet value with the number of matching products.
type Count struct {
	Value string
	Label string
	Count int
}

// PriceBucket counts products whose lowest visible price falls in [Min, Max).
type PriceBucket struct {
	Min   int64
	Max   *int64
	Count int
}

// Facets are counted over the whole filtered result (every filter applies, its own
// included), with the same visibility as the hits.
type Facets struct {
	Total        int
	Sellers      []Count
	Origins      []Count
	Chapters     []Count
	Incoterms    []Count
	Prices       []PriceBucket
	Available    int
	NotAvailable int
	// Capped: the search matched more than HitCap (Query.Cap) products; the counts
	// (and, with text, the ranking) cover the first HitCap of them.
	Capped bool
}

// Result is a page of hits, the facets and the cursor of the next page (nil at the end).
type Result struct {
	Currency string
	Hits     []Hit
	Facets   Facets
	Next     *Cursor
}

// Searcher answers searches and text matches for one dialect.
type Searcher interface {
	// Search runs q for a viewer with scope sc; c must carry the viewer (tenant filter).
	Search(ctx context.Context, c *ent.Client, q Query, sc Scope) (Result, error)
	// Matching restricts a query of another table (products) to rows whose id has a
	// matching entry in the same tenant (tenantID: the viewer's, whose tag the lexemes
	// carry).
	Matching(s *sql.Selector, idColumn, tenantColumn string, tenantID uuid.UUID, t Text)
}

// New returns the Searcher of a dialect.
func New(d string) Searcher {
	if d == dialect.SQLite {
		return engine{text: fts5{}}
	}
	return engine{text: tsvector{}}
}

// textMatch is what differs between dialects: how to match and rank.
type textMatch interface {
	match(s *sql.Selector, t Text, tenantID uuid.UUID) sql.Querier
	matching(s *sql.Selector, idColumn, tenantColumn string, tenantID uuid.UUID, t Text)
}

type engine struct{ text textMatch }

// noRank is the rank without search text: every product ranks the same, so pages go
// by id. (A bare 0 would be read as an ORDER BY position.)
var noRank = sql.Expr("CAST(0 AS REAL)")

func (e engine) Matching(s *sql.Selector, idColumn, tenantColumn string, tenantID uuid.UUID, t Text) {
	e.text.matching(s, idColumn, tenantColumn, tenantID, t)
}

// tsvector: PostgreSQL. The query is our own tsquery text (see Text.TSQuery), cast,
// never handed to to_tsquery; ts_rank weighs A 1.0, C 0.4.
type tsvector struct{}

func (tsvector) match(s *sql.Selector, t Text, tenantID uuid.UUID) sql.Querier {
	if t.Empty() {
		return noRank
	}
	// The tenant filter (tenant_id = …, added by ent) and this match are one scan of
	// the (tenant_id, document) GIN index; the lexemes carry the tenant's tag, so a
	// prefix expands only over the tenant's own.
	q := t.TSQueryIn(tenantID)
	s.Where(sql.P(func(b *sql.Builder) {
		b.Ident(s.C(searchentry.FieldDocument)).WriteString(" @@ ").Arg(q).WriteString("::tsquery")
	}))
	return sql.ExprFunc(func(b *sql.Builder) {
		b.WriteString("ts_rank(").Ident(s.C(searchentry.FieldDocument)).WriteString(", ").Arg(q).WriteString("::tsquery)")
	})
}

func (tsvector) matching(s *sql.Selector, idColumn, tenantColumn string, tenantID uuid.UUID, t Text) {
	if t.Empty() {
		return
	}
	q := t.TSQueryIn(tenantID)
	s.Where(sql.P(func(b *sql.Builder) {
		b.WriteString("EXISTS (SELECT 1 FROM ").Ident(searchentry.Table).WriteString(" se WHERE se.id = ").Ident(idColumn).
			WriteString(" AND se.tenant_id = ").Ident(tenantColumn).WriteString(" AND se.document @@ ").Arg(q).WriteString("::tsquery)")
	}))
}

// fts5: SQLite. bm25 with name and SKU weighing 10, description 2 (lower is better, so
// the rank is its negation).
type fts5 struct{}

func (fts5) match(s *sql.Selector, t Text, _ uuid.UUID) sql.Querier {
	if t.Empty() {
		return noRank
	}
	f := sql.Select("entry_id", "tenant_id").AppendSelectExprAs(sql.Expr("-bm25("+ftsTable+", 0, 0, 10.0, 10.0, 2.0)"), "score").
		From(sql.Table(ftsTable)).Where(sql.P(func(b *sql.Builder) {
		b.Ident(ftsTable).WriteString(" MATCH ").Arg(t.FTS5())
	})).As("fts")
	s.Join(f).On(s.C(searchentry.FieldID), f.C("entry_id"))
	s.Where(sql.ColumnsEQ(s.C(searchentry.FieldTenantID), f.C("tenant_id")))
	return sql.Expr(f.C("score"))
}

func (fts5) matching(s *sql.Selector, idColumn, _ string, _ uuid.UUID, t Text) {
	if t.Empty() {
		return
	}
	// Uncorrelated, so SQLite runs the full-text query once, not per row. Entry ids are
	// product ids, and the outer query is tenant-filtered, so another tenant's matches
	// cannot select anything.
	s.Where(sql.P(func(b *sql.Builder) {
		b.Ident(idColumn).WriteString(" IN (SELECT entry_id FROM ").Ident(ftsTable).WriteString(" WHERE ").
			Ident(ftsTable).WriteString(" MATCH ").Arg(t.FTS5()).WriteString(")")
	}))
}

// offerCond writes the conditions on search_offers o that make a row count for the
// entry of selector s: same tenant and product, orderable now, visible in scope.
func offerCond(b *sql.Builder, s *sql.Selector, sc Scope, alias string) {
	c := func(col string) string { return alias + "." + col }
	b.WriteString(c("tenant_id")).WriteString(" = ").Ident(s.C(searchentry.FieldTenantID)).
		WriteString(" AND ").WriteString(c("product_id")).WriteString(" = ").Ident(s.C(searchentry.FieldID)).
		WriteString(" AND ").WriteString(c("active")).WriteString(" = ").Arg(true).
		WriteString(" AND (").WriteString(c("valid_from")).WriteString(" IS NULL OR ").WriteString(c("valid_from")).WriteString(" <= ").Arg(sc.Now).
		WriteString(") AND (").WriteString(c("valid_to")).WriteString(" IS NULL OR ").WriteString(c("valid_to")).WriteString(" > ").Arg(sc.Now).WriteString(")")
	if sc.All {
		return
	}
	b.WriteString(" AND (")
	ors := 0
	if len(sc.OwnSellers) > 0 {
		b.WriteString(c("seller_id")).WriteString(" IN (")
		argList(b, sc.OwnSellers)
		b.WriteString(")")
		ors++
	}
	if len(sc.Audiences) > 0 {
		if ors > 0 {
			b.WriteString(" OR ")
		}
		b.WriteString(c("audience")).WriteString(" IN (")
		argList(b, sc.Audiences)
		b.WriteString(")")
		ors++
	}
	if ors == 0 {
		b.WriteString("1 = 0")
	}
	b.WriteString(")")
}

func argList[T any](b *sql.Builder, vs []T) {
	for i, v := range vs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.Arg(v)
	}
}

// Offer facts of an entry for the viewer. An entry whose offers are "plain" (every
// offer for all buyers, general price lists only, no validity window) carries them
// precomputed (pub_incoterms, pub_price in the marketplace currency), the same for every
// viewer who sees offers for all buyers; other entries are answered by a correlated
// subquery over search_offers with the viewer's audiences and groups.

// sees reports how the viewer sees offers: every offer's audience (staff, or a buyer:
// "*" is among its audiences) or only its own organizations' offers.
func (sc Scope) seesPublic() bool { return sc.All || slices.Contains(sc.Audiences, AudienceAll) }

// viewerCase wraps the per-entry expression: entries whose offers the viewer cannot
// see at all get none.
func viewerCase(b *sql.Builder, s *sql.Selector, sc Scope, none string, expr func()) {
	switch {
	case sc.seesPublic():
		expr()
	case len(sc.OwnSellers) > 0:
		b.WriteString("(CASE WHEN ").Ident(s.C(searchentry.FieldSellerID)).WriteString(" IN (")
		argList(b, sc.OwnSellers)
		b.WriteString(") THEN ")
		expr()
		b.WriteString(" ELSE ").WriteString(none).WriteString(" END)")
	default:
		b.WriteString(none)
	}
}

// usePub is the condition for answering an entry from its precomputed facts (in
// currency cur; "" for facts that do not depend on it): no offer has a validity
// window, and the viewer sees exactly the offers for all buyers at their general
// prices. Staff see every offer, so the product must have no restricted offer; a
// buyer must hold none of the keys (invitation, group) its offers name; a seller's own
// products always take the exact path.
func usePub(b *sql.Builder, s *sql.Selector, sc Scope, cur string) {
	b.Ident(s.C(searchentry.FieldOffersPlain)).WriteString(" = ").Arg(true)
	if cur != "" {
		b.WriteString(" AND ").Ident(s.C(searchentry.FieldPubCurrency)).WriteString(" = ").Arg(cur)
	}
	if sc.All {
		b.WriteString(" AND ").Ident(s.C(searchentry.FieldRestricted)).WriteString(" = ").Arg(false)
		return
	}
	if len(sc.OwnSellers) > 0 {
		b.WriteString(" AND ").Ident(s.C(searchentry.FieldSellerID)).WriteString(" NOT IN (")
		argList(b, sc.OwnSellers)
		b.WriteString(")")
	}
	for _, k := range sc.Audiences {
		if k == AudienceAll {
			continue
		}
		b.WriteString(" AND ").Ident(s.C(searchentry.FieldOfferKeys)).WriteString(" NOT LIKE ").Arg("%|" + k + "|%")
	}
}

// bitOr writes the bit-or of o.incoterms over the rows (no bit_or in SQLite).
func bitOr(b *sql.Builder) {
	b.WriteString("COALESCE(")
	for i := range masterdata.Incoterms() {
		if i > 0 {
			b.WriteString(" + ")
		}
		b.WriteString("MAX(o.incoterms & ").WriteString(itoa(1 << i)).WriteString(")")
	}
	b.WriteString(", 0)")
}

// bucketOf writes the price bucket of a price expression (noBucket for NULL).
func bucketOf(b *sql.Builder, price string, bounds []int64) {
	b.WriteString("(CASE WHEN ").WriteString(price).WriteString(" IS NULL THEN ").WriteString(itoa(noBucket))
	for i, bound := range bounds {
		b.WriteString(" WHEN ").WriteString(price).WriteString(" < ").WriteString(i64toa(bound)).WriteString(" THEN ").WriteString(itoa(i))
	}
	b.WriteString(" ELSE ").WriteString(itoa(len(bounds))).WriteString(" END)")
}

// Facet keys pack an entry's Incoterms bit set and price bucket into one integer, so
// that one subquery answers both: key = mask + keyShift × bucket.
const (
	keyShift = 4096
	noBucket = 7
)

// facetKeyExpr is the facet key of an entry for the viewer in currency cur.
func facetKeyExpr(s *sql.Selector, sc Scope, cur string, bounds []int64) sql.Querier {
	return sql.ExprFunc(func(b *sql.Builder) {
		viewerCase(b, s, sc, itoa(keyShift*noBucket), func() {
			b.WriteString("(CASE WHEN ")
			usePub(b, s, sc, cur)
			b.WriteString(" THEN ").Ident(s.C(searchentry.FieldPubIncoterms)).WriteString(" + ").WriteString(itoa(keyShift)).WriteString(" * ")
			bucketOf(b, s.C(searchentry.FieldPubPrice), bounds)
			b.WriteString(" ELSE (SELECT ")
			bitOr(b)
			b.WriteString(" + ").WriteString(itoa(keyShift)).WriteString(" * COALESCE(MIN(CASE WHEN ")
			priceRows(b, sc, cur)
			b.WriteString(" THEN ")
			bucketOf(b, "o.price_minor", bounds)
			b.WriteString(" END), ").WriteString(itoa(noBucket)).WriteString(") FROM ").Ident(searchoffer.Table).WriteString(" o WHERE ")
			offerCond(b, s, sc, "o")
			b.WriteString(") END)")
		})
	})
}

// maskExpr is the bit set of Incoterms over the offers the viewer could order now (0:
// none, so not available to the viewer).
func maskExpr(s *sql.Selector, sc Scope) sql.Querier {
	return sql.ExprFunc(func(b *sql.Builder) {
		viewerCase(b, s, sc, "0", func() {
			b.WriteString("(CASE WHEN ")
			usePub(b, s, sc, "")
			b.WriteString(" THEN ").Ident(s.C(searchentry.FieldPubIncoterms)).WriteString(" ELSE (SELECT ")
			bitOr(b)
			b.WriteString(" FROM ").Ident(searchoffer.Table).WriteString(" o WHERE ")
			offerCond(b, s, sc, "o")
			b.WriteString(") END)")
		})
	})
}

// priceRows writes the price-list rule: the buyer's group lists of an offer replace its
// general list in that currency (pricing.applicableLists).
func priceRows(b *sql.Builder, sc Scope, cur string) {
	b.WriteString("o.currency = ").Arg(cur)
	if len(sc.Groups) == 0 {
		b.WriteString(" AND o.list_group_id IS NULL")
		return
	}
	b.WriteString(" AND (o.list_group_id IN (")
	argList(b, sc.Groups)
	b.WriteString(") OR (o.list_group_id IS NULL AND NOT EXISTS (SELECT 1 FROM ").Ident(searchoffer.Table).
		WriteString(" o2 WHERE o2.tenant_id = o.tenant_id AND o2.offer_id = o.offer_id AND o2.currency = o.currency AND o2.list_group_id IN (")
	argList(b, sc.Groups)
	b.WriteString("))))")
}

// priceExpr is the lowest price the viewer sees in cur (NULL: none).
func priceExpr(s *sql.Selector, sc Scope, cur string) sql.Querier {
	return sql.ExprFunc(func(b *sql.Builder) {
		viewerCase(b, s, sc, "NULL", func() {
			b.WriteString("(CASE WHEN ")
			usePub(b, s, sc, cur)
			b.WriteString(" THEN ").Ident(s.C(searchentry.FieldPubPrice)).WriteString(" ELSE (SELECT MIN(o.price_minor) FROM ").
				Ident(searchoffer.Table).WriteString(" o WHERE ")
			offerCond(b, s, sc, "o")
			b.WriteString(" AND ")
			priceRows(b, sc, cur)
			b.WriteString(") END)")
		})
	})
}

// PriceBounds are the bucket edges in minor units of cur: 10, 100, 1,000 and 10,000
// major units.
func PriceBounds(cur string) []int64 {
	minor, _ := money.MinorUnits(cur)
	unit := int64(1)
	for range minor {
		unit *= 10
	}
	return []int64{10 * unit, 100 * unit, 1000 * unit, 10000 * unit}
}

// filter applies the visibility of entries and every filter of q to s.
func filter(s *sql.Selector, q Query, sc Scope) {
	if !sc.All {
		pub := sql.EQ(s.C(searchentry.FieldPublished), true)
		if len(sc.OwnSellers) > 0 {
			s.Where(sql.Or(pub, sql.In(s.C(searchentry.FieldSellerID), anys(sc.OwnSellers)...)))
		} else {
			s.Where(pub)
		}
	}
	if len(q.SellerIDs) > 0 {
		s.Where(sql.In(s.C(searchentry.FieldSellerID), anys(q.SellerIDs)...))
	}
	if len(q.Origins) > 0 {
		s.Where(sql.In(s.C(searchentry.FieldOriginCountry), anys(q.Origins)...))
	}
	if len(q.Chapters) > 0 {
		s.Where(sql.In(s.C(searchentry.FieldHsChapter), anys(q.Chapters)...))
	}
	if len(q.Incoterms) > 0 || q.Available != nil {
		bits := 0
		for _, t := range q.Incoterms {
			bits |= IncotermBit(t)
		}
		mask := maskExpr(s, sc)
		s.Where(sql.P(func(b *sql.Builder) {
			switch {
			case len(q.Incoterms) > 0:
				b.WriteString("(").Join(mask).WriteString(" & ").WriteString(itoa(bits)).WriteString(") <> 0")
				if q.Available != nil && !*q.Available {
					b.WriteString(" AND 1 = 0") // an Incoterm needs an orderable offer
				}
			case *q.Available:
				b.Join(mask).WriteString(" <> 0")
			default:
				b.Join(mask).WriteString(" = 0")
			}
		}))
	}
	if q.PriceMin != nil || q.PriceMax != nil {
		price := priceExpr(s, sc, q.Currency)
		s.Where(sql.P(func(b *sql.Builder) {
			b.Join(price).WriteString(" IS NOT NULL")
			if q.PriceMin != nil {
				b.WriteString(" AND ").Join(price).WriteString(" >= ").Arg(*q.PriceMin)
			}
			if q.PriceMax != nil {
				b.WriteString(" AND ").Join(price).WriteString(" <= ").Arg(*q.PriceMax)
			}
		}))
	}
}

func anys[T any](vs []T) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = v
	}
	return out
}

type pageRow struct {
	ID            uuid.UUID `sql:"id"`
	SellerID      uuid.UUID `sql:"seller_id"`
	SellerName    string    `sql:"seller_name"`
	SKU           string    `sql:"sku"`
	Name          string    `sql:"name"`
	OriginCountry string    `sql:"origin_country"`
	HSChapter     string    `sql:"hs_chapter"`
	Unit          string    `sql:"unit"`
	Published     bool      `sql:"published"`
	Rank          float64   `sql:"rank"`
}

type facetRow struct {
	SellerID      uuid.UUID
	SellerName    string
	OriginCountry string
	HSChapter     string
	Key           int64
	N             int64
}

// hitRow is what one pass over the hits reads of each: enough to count the facets and
// to rank, not to show (the page's rows are read by id afterwards).
type hitRow struct {
	ID            uuid.UUID `sql:"id"`
	SellerID      uuid.UUID `sql:"seller_id"`
	SellerName    string    `sql:"seller_name"`
	OriginCountry string    `sql:"origin_country"`
	HSChapter     string    `sql:"hs_chapter"`
	Key           int64     `sql:"fkey"`
	Rank          float64   `sql:"rank"`
}

// HitCap bounds the hits one search reads. A search matching more counts its facets
// over the first HitCap hits only (Facets.Capped; Total is then HitCap, a lower
// bound), and a ranked one ranks only those; without text the page stays exact (id
// order). Every hit costs a heap read, so this is what keeps a very common word or a
// browse of a large marketplace within the response-time budget.
const HitCap = 10_000

// Search reads the hits once (one text-index scan, one pass over their rows, at most
// HitCap+1 of them) and counts the facets and picks the ranked page from them in Go;
// then it reads the page's rows by id. A search without text takes its page from the
// (tenant_id, id) index instead, which needs no pass over the hits.
func (e engine) Search(ctx context.Context, c *ent.Client, q Query, sc Scope) (Result, error) {
	var (
		res  Result
		hits []hitRow
	)
	tid := tenant.FromContext(ctx).TenantID
	hitCap := q.Cap
	if hitCap <= 0 {
		hitCap = HitCap
	}
	err := c.SearchEntry.Query().Modify(func(s *sql.Selector) {
		rank := e.text.match(s, q.Text, tid)
		filter(s, q, sc)
		s.Select(s.C(searchentry.FieldID), s.C(searchentry.FieldSellerID), s.C(searchentry.FieldSellerName),
			s.C(searchentry.FieldOriginCountry), s.C(searchentry.FieldHsChapter)).
			AppendSelectExprAs(facetKeyExpr(s, sc, q.Currency, PriceBounds(q.Currency)), "fkey").
			AppendSelectExprAs(rank, "rank")
		if q.Text.Empty() {
			// Capped, the counted hits are the first by id, from the (tenant_id, id) index.
			s.OrderBy(s.C(searchentry.FieldTenantID), s.C(searchentry.FieldID))
		}
		s.Limit(hitCap + 1)
	}).Scan(ctx, &hits)
	if err != nil {
		return res, err
	}
	capped := len(hits) > hitCap
	if capped {
		hits = hits[:hitCap]
	}
	var ids []uuid.UUID
	ranks := map[uuid.UUID]float64{}
	if q.Text.Empty() {
		var page []struct {
			ID uuid.UUID `sql:"id"`
		}
		err := c.SearchEntry.Query().Modify(func(s *sql.Selector) {
			filter(s, q, sc)
			s.Select(s.C(searchentry.FieldID))
			if a := q.After; a != nil {
				s.Where(sql.GT(s.C(searchentry.FieldID), a.ID))
			}
			// Every rank is equal: id order, which the (tenant_id, id) index delivers
			// without a sort (tenant_id is fixed by the tenant filter).
			s.OrderBy(s.C(searchentry.FieldTenantID), s.C(searchentry.FieldID))
			s.Limit(q.Limit + 1)
		}).Scan(ctx, &page)
		if err != nil {
			return res, err
		}
		for _, p := range page {
			ids = append(ids, p.ID)
		}
	} else {
		cand := make([]hitRow, 0, len(hits))
		for _, h := range hits {
			if a := q.After; a == nil || h.Rank < a.Rank || (h.Rank == a.Rank && bytes.Compare(h.ID[:], a.ID[:]) > 0) {
				cand = append(cand, h)
			}
		}
		sort.Slice(cand, func(i, j int) bool {
			if cand[i].Rank != cand[j].Rank {
				return cand[i].Rank > cand[j].Rank
			}
			return bytes.Compare(cand[i].ID[:], cand[j].ID[:]) < 0
		})
		for _, h := range cand[:min(len(cand), q.Limit+1)] {
			ids = append(ids, h.ID)
			ranks[h.ID] = h.Rank
		}
	}
	page, err := pageRows(ctx, c, ids, ranks)
	if err != nil {
		return res, err
	}
	if len(page) > q.Limit {
		page = page[:q.Limit]
		last := page[len(page)-1]
		res.Next = &Cursor{Rank: last.Rank, ID: last.ID}
	}
	res.Hits, err = hitsOf(ctx, c, page, q, sc)
	if err != nil {
		return res, err
	}
	res.Currency = q.Currency
	facets := make([]facetRow, len(hits))
	for i, h := range hits {
		facets[i] = facetRow{SellerID: h.SellerID, SellerName: h.SellerName, OriginCountry: h.OriginCountry,
			HSChapter: h.HSChapter, Key: h.Key, N: 1}
	}
	res.Facets = facetsOf(facets, PriceBounds(q.Currency))
	res.Facets.Capped = capped
	return res, nil
}

// pageRows reads the rows of the page's products by id (through ent: tenant filter),
// in the order of ids, with their ranks.
func pageRows(ctx context.Context, c *ent.Client, ids []uuid.UUID, ranks map[uuid.UUID]float64) ([]pageRow, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var rows []pageRow
	err := c.SearchEntry.Query().Where(searchentry.IDIn(ids...)).Modify(func(s *sql.Selector) {
		s.Select(s.C(searchentry.FieldID), s.C(searchentry.FieldSellerID), s.C(searchentry.FieldSellerName),
			s.C(searchentry.FieldSku), s.C(searchentry.FieldName), s.C(searchentry.FieldOriginCountry),
			s.C(searchentry.FieldHsChapter), s.C(searchentry.FieldUnit), s.C(searchentry.FieldPublished)).
			AppendSelectExprAs(noRank, "rank")
	}).Scan(ctx, &rows)
	if err != nil {
		return nil, err
	}
	byID := make(map[uuid.UUID]pageRow, len(rows))
	for _, r := range rows {
		byID[r.ID] = r
	}
	out := make([]pageRow, 0, len(ids))
	for _, id := range ids {
		r, ok := byID[id]
		if !ok {
			continue // deleted between the two reads
		}
		r.Rank = ranks[id]
		out = append(out, r)
	}
	return out, nil
}

// hitsOf adds the offer facts of a page's products, read through ent with the same
// visibility and price-list rules as the SQL expressions.
func hitsOf(ctx context.Context, c *ent.Client, page []pageRow, q Query, sc Scope) ([]Hit, error) {
	out := make([]Hit, 0, len(page))
	if len(page) == 0 {
		return out, nil
	}
	ids := make([]uuid.UUID, len(page))
	for i, p := range page {
		ids[i] = p.ID
	}
	preds := []predicate.SearchOffer{
		searchoffer.ProductIDIn(ids...), searchoffer.Active(true),
		searchoffer.Or(searchoffer.ValidFromIsNil(), searchoffer.ValidFromLTE(sc.Now)),
		searchoffer.Or(searchoffer.ValidToIsNil(), searchoffer.ValidToGT(sc.Now)),
	}
	if !sc.All {
		preds = append(preds, searchoffer.Or(searchoffer.SellerIDIn(sc.OwnSellers...), searchoffer.AudienceIn(sc.Audiences...)))
	}
	rows, err := c.SearchOffer.Query().Where(preds...).All(ctx)
	if err != nil {
		return nil, err
	}
	byProduct := map[uuid.UUID][]*ent.SearchOffer{}
	for _, r := range rows {
		byProduct[r.ProductID] = append(byProduct[r.ProductID], r)
	}
	for _, p := range page {
		h := Hit{ID: p.ID, SellerID: p.SellerID, SellerName: p.SellerName, SKU: p.SKU, Name: p.Name,
			OriginCountry: p.OriginCountry, HSChapter: p.HSChapter, Unit: p.Unit, Published: p.Published, Rank: p.Rank}
		mask := 0
		for _, r := range byProduct[p.ID] {
			mask |= r.Incoterms
			if h.LeadTimeDays == nil || r.LeadTimeDays < *h.LeadTimeDays {
				lt := r.LeadTimeDays
				h.LeadTimeDays = &lt
			}
		}
		h.Available = len(byProduct[p.ID]) > 0
		h.Incoterms = incotermsOf(mask)
		h.BestPrice = BestPrice(byProduct[p.ID], sc.Groups, q.Currency)
		out = append(out, h)
	}
	return out, nil
}

// BestPrice is the lowest price in cur over the rows (of orderable, visible offers):
// per offer the buyer's group lists if it has any in cur, else the general list.
func BestPrice(rows []*ent.SearchOffer, groups []uuid.UUID, cur string) *int64 {
	type acc struct{ group, general *int64 }
	per := map[uuid.UUID]*acc{}
	lower := func(p **int64, v int64) {
		if *p == nil || v < **p {
			*p = &v
		}
	}
	for _, r := range rows {
		if r.Currency != cur {
			continue
		}
		a := per[r.OfferID]
		if a == nil {
			a = &acc{}
			per[r.OfferID] = a
		}
		switch {
		case r.ListGroupID == nil:
			lower(&a.general, r.PriceMinor)
		case slices.Contains(groups, *r.ListGroupID):
			lower(&a.group, r.PriceMinor)
		}
	}
	var best *int64
	for _, a := range per {
		p := a.general
		if a.group != nil {
			p = a.group
		}
		if p != nil {
			lower(&best, *p)
		}
	}
	return best
}

func incotermsOf(mask int) []string {
	out := []string{}
	for i, t := range masterdata.Incoterms() {
		if mask&(1<<i) != 0 {
			out = append(out, string(t))
		}
	}
	return out
}

func facetsOf(rows []facetRow, bounds []int64) Facets {
	var f Facets
	sellers, origins, chapters := map[string]*Count{}, map[string]*Count{}, map[string]*Count{}
	incoterms := map[string]int{}
	buckets := make([]int, len(bounds)+1)
	add := func(m map[string]*Count, v, label string, n int) {
		c := m[v]
		if c == nil {
			c = &Count{Value: v, Label: label}
			m[v] = c
		}
		c.Count += n
	}
	for _, r := range rows {
		n := int(r.N)
		f.Total += n
		add(sellers, r.SellerID.String(), r.SellerName, n)
		add(origins, r.OriginCountry, "", n)
		add(chapters, r.HSChapter, "", n)
		mask, bucket := int(r.Key%keyShift), int(r.Key/keyShift)
		for _, t := range incotermsOf(mask) {
			incoterms[t] += n
		}
		if mask != 0 {
			f.Available += n
		} else {
			f.NotAvailable += n
		}
		if bucket < len(buckets) {
			buckets[bucket] += n
		}
	}
	f.Sellers, f.Origins, f.Chapters = sorted(sellers), sorted(origins), sorted(chapters)
	for _, t := range masterdata.Incoterms() {
		if n := incoterms[string(t)]; n > 0 {
			f.Incoterms = append(f.Incoterms, Count{Value: string(t), Count: n})
		}
	}
	for i, n := range buckets {
		if n == 0 {
			continue
		}
		b := PriceBucket{Count: n}
		if i > 0 {
			b.Min = bounds[i-1]
		}
		if i < len(bounds) {
			m := bounds[i]
			b.Max = &m
		}
		f.Prices = append(f.Prices, b)
	}
	return f
}

// maxFacetValues bounds each facet list (the most frequent values).
const maxFacetValues = 50

func sorted(m map[string]*Count) []Count {
	out := make([]Count, 0, len(m))
	for _, c := range m {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Value < out[j].Value
	})
	if len(out) > maxFacetValues {
		out = out[:maxFacetValues]
	}
	return out
}
