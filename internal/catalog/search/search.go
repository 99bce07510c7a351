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
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"time"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent"
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
	// Capped: the search read HitCap (Query.Cap) hits and stopped there, so it may match
	// more; the counts (and, with text, the ranking) cover those HitCap. (A search
	// matching exactly HitCap is reported capped too: telling it apart would cost a
	// position on every hit.)
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
	// matching entry in the same tenant.
	Matching(s *sql.Selector, idColumn, tenantColumn string, t Text)
}

// New returns the Searcher of a dialect.
func New(d string) Searcher {
	if d == dialect.SQLite {
		return engine{dialect: d, text: fts5{}}
	}
	return engine{dialect: dialect.Postgres, text: tsvector{}}
}

// textMatch is what differs between dialects: how to match and rank, and how to read a
// key's offer facts from key_facts.
type textMatch interface {
	match(s *sql.Selector, col cols, t Text) sql.Querier
	matching(s *sql.Selector, idColumn, tenantColumn string, t Text)
	// keyFact writes element i (0: Incoterms, 1: price) of the facts of whichever of
	// keys the entry's key_facts holds (the caller makes sure it holds exactly one).
	keyFact(b *sql.Builder, col cols, keys []string, i int)
}

type engine struct {
	dialect string
	text    textMatch
}

// cols names the columns of search_entries as the search's own selector does. Search
// turns that selector into the statement around the hits after ent has added the
// tenant filter, so the expressions below, which are written out only then, name the
// columns through this and never through the selector.
type cols func(column string) string

func (e engine) cols() cols { return sql.Dialect(e.dialect).Table(searchentry.Table).C }

// noRank is the rank without search text: every product ranks the same, so pages go
// by id. (A bare 0 would be read as an ORDER BY position.)
var noRank = sql.Expr("CAST(0 AS REAL)")

func (e engine) Matching(s *sql.Selector, idColumn, tenantColumn string, t Text) {
	e.text.matching(s, idColumn, tenantColumn, t)
}

// tsvector: PostgreSQL. The query is our own tsquery text (see Text.TSQuery), cast,
// never handed to to_tsquery; ts_rank weighs A 1.0, C 0.4.
type tsvector struct{}

func (tsvector) match(s *sql.Selector, col cols, t Text) sql.Querier {
	if t.Empty() {
		return noRank
	}
	// The tenant filter (tenant_id = …, added by ent) picks the tenant's partition of
	// search_entries, and this match is a scan of that partition's GIN index, so a
	// prefix expands over the tenant's own lexemes only.
	q, doc := t.TSQuery(), col(searchentry.FieldDocument)
	s.Where(sql.P(func(b *sql.Builder) {
		b.WriteString(doc).WriteString(" @@ ").Arg(q).WriteString("::tsquery")
	}))
	return sql.ExprFunc(func(b *sql.Builder) {
		b.WriteString("ts_rank(").WriteString(doc).WriteString(", ").Arg(q).WriteString("::tsquery)")
	})
}

func (tsvector) matching(s *sql.Selector, idColumn, tenantColumn string, t Text) {
	if t.Empty() {
		return
	}
	q := t.TSQuery()
	s.Where(sql.P(func(b *sql.Builder) {
		b.WriteString("EXISTS (SELECT 1 FROM ").Ident(searchentry.Table).WriteString(" se WHERE se.id = ").Ident(idColumn).
			WriteString(" AND se.tenant_id = ").Ident(tenantColumn).WriteString(" AND se.document @@ ").Arg(q).WriteString("::tsquery)")
	}))
}

// keyFact on PostgreSQL: key_facts is jsonb.
func (tsvector) keyFact(b *sql.Builder, col cols, keys []string, i int) {
	b.WriteString("CAST(COALESCE(")
	for j, k := range keys {
		if j > 0 {
			b.WriteString(", ")
		}
		b.WriteString(col(searchentry.FieldKeyFacts)).WriteString(" -> CAST(").Arg(k).WriteString(" AS TEXT)")
	}
	b.WriteString(") ->> ").WriteString(itoa(i)).WriteString(" AS BIGINT)")
}

// fts5: SQLite. bm25 with name and SKU weighing 10, description 2 (lower is better, so
// the rank is its negation).
type fts5 struct{}

func (fts5) match(s *sql.Selector, col cols, t Text) sql.Querier {
	if t.Empty() {
		return noRank
	}
	f := sql.Select("entry_id", "tenant_id").AppendSelectExprAs(sql.Expr("-bm25("+ftsTable+", 0, 0, 10.0, 10.0, 2.0)"), "score").
		From(sql.Table(ftsTable)).Where(sql.P(func(b *sql.Builder) {
		b.Ident(ftsTable).WriteString(" MATCH ").Arg(t.FTS5())
	})).As("fts")
	s.Join(f).On(col(searchentry.FieldID), f.C("entry_id"))
	s.Where(sql.ColumnsEQ(col(searchentry.FieldTenantID), f.C("tenant_id")))
	return sql.Expr(f.C("score"))
}

func (fts5) matching(s *sql.Selector, idColumn, _ string, t Text) {
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

// keyFact on SQLite: key_facts is JSON text.
func (fts5) keyFact(b *sql.Builder, col cols, keys []string, i int) {
	if len(keys) > 1 {
		b.WriteString("COALESCE(") // SQLite wants at least two arguments
	}
	for j, k := range keys {
		if j > 0 {
			b.WriteString(", ")
		}
		b.WriteString("json_extract(").WriteString(col(searchentry.FieldKeyFacts)).WriteString(", ").
			Arg(`$."` + k + `"[` + itoa(i) + `]`).WriteString(")")
	}
	if len(keys) > 1 {
		b.WriteString(")")
	}
}

// offerCond writes the conditions on search_offers o that make a row count for the
// entry: same tenant and product, orderable now, visible in scope.
func offerCond(b *sql.Builder, col cols, sc Scope, alias string) {
	c := func(col string) string { return alias + "." + col }
	b.WriteString(c("tenant_id")).WriteString(" = ").WriteString(col(searchentry.FieldTenantID)).
		WriteString(" AND ").WriteString(c("product_id")).WriteString(" = ").WriteString(col(searchentry.FieldID)).
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

// Offer facts of an entry for the viewer. An entry whose offers are "plain" (no offer
// has a validity window) carries them precomputed in the marketplace currency: for
// every viewer who sees the offers for all buyers and holds none of the keys its offers
// name (pub_incoterms, pub_price), and for one who holds exactly one of them
// (key_facts). Everything else (two keys or more, another currency, a validity window,
// the seller's own products, staff on a product with restricted offers) is answered
// exactly by a correlated subquery over search_offers with the viewer's audiences and
// groups.

// seesPublic reports how the viewer sees offers: every offer's audience (staff, or a
// buyer: "*" is among its audiences) or only its own organizations' offers.
func (sc Scope) seesPublic() bool { return sc.All || slices.Contains(sc.Audiences, AudienceAll) }

// keys are the offer keys the viewer holds: its audiences but "*" and its groups (whose
// price lists it gets).
func (sc Scope) keys() []string {
	var out []string
	add := func(k string) {
		if k != AudienceAll && !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	for _, a := range sc.Audiences {
		add(a)
	}
	for _, g := range sc.Groups {
		add(AudienceGroup(g))
	}
	return out
}

// viewerCase wraps the per-entry expression: entries whose offers the viewer cannot
// see at all get none.
func viewerCase(b *sql.Builder, col cols, sc Scope, none string, expr func()) {
	switch {
	case sc.seesPublic():
		expr()
	case len(sc.OwnSellers) > 0:
		b.WriteString("(CASE WHEN ").WriteString(col(searchentry.FieldSellerID)).WriteString(" IN (")
		argList(b, sc.OwnSellers)
		b.WriteString(") THEN ")
		expr()
		b.WriteString(" ELSE ").WriteString(none).WriteString(" END)")
	default:
		b.WriteString(none)
	}
}

// facts writes the CASE that picks an entry's offer facts for the viewer (currency cur;
// "" for facts that do not depend on it): pub, the precomputed facts for a viewer
// holding none of the entry's keys; keyed, those of the one key it holds; exact, the
// subquery. Precomputed facts need plain offers (no validity window) in the
// marketplace currency. Staff see every offer, so the product must have no restricted
// offer; a seller's own products always take the exact path (a seller sees all of
// their offers).
func (e engine) facts(b *sql.Builder, col cols, sc Scope, cur string, pub, keyed, exact func()) {
	plain := func() {
		b.WriteString(col(searchentry.FieldOffersPlain)).WriteString(" = ").Arg(true)
		if cur != "" {
			b.WriteString(" AND ").WriteString(col(searchentry.FieldPubCurrency)).WriteString(" = ").Arg(cur)
		}
		if len(sc.OwnSellers) > 0 && !sc.All {
			b.WriteString(" AND ").WriteString(col(searchentry.FieldSellerID)).WriteString(" NOT IN (")
			argList(b, sc.OwnSellers)
			b.WriteString(")")
		}
	}
	keys := sc.keys()
	if sc.All || len(keys) == 0 {
		b.WriteString("(CASE WHEN ")
		plain()
		if sc.All {
			b.WriteString(" AND ").WriteString(col(searchentry.FieldRestricted)).WriteString(" = ").Arg(false)
		}
		b.WriteString(" THEN ")
		pub()
		b.WriteString(" ELSE ")
		exact()
		b.WriteString(" END)")
		return
	}
	// Which facts apply is decided once per entry (the held keys counted once) and the
	// outer CASE picks them: 0 the public facts, 1 the keyed ones, anything else the
	// subquery. Not plain: 2. No keys on the entry: 0. Keyed facts missing: the held
	// count doubled, so 0 when the viewer holds none of the entry's keys, else 2 or more.
	b.WriteString("(CASE (CASE WHEN ")
	plain()
	b.WriteString(" THEN (CASE WHEN ").WriteString(col(searchentry.FieldOfferKeys)).WriteString(" = '' THEN 0 ELSE ")
	held(b, col, keys)
	b.WriteString(" * (CASE WHEN ").WriteString(col(searchentry.FieldKeyFacts)).WriteString(" IS NULL THEN 2 ELSE 1 END) END) ELSE 2 END) WHEN 0 THEN ")
	pub()
	b.WriteString(" WHEN 1 THEN ")
	keyed()
	b.WriteString(" ELSE ")
	exact()
	b.WriteString(" END)")
}

// held writes how many of keys an entry's offer_keys names.
func held(b *sql.Builder, col cols, keys []string) {
	b.WriteString("(")
	for i, k := range keys {
		if i > 0 {
			b.WriteString(" + ")
		}
		b.WriteString("CASE WHEN ").WriteString(col(searchentry.FieldOfferKeys)).WriteString(" LIKE ").Arg("%|" + k + "|%").
			WriteString(" THEN 1 ELSE 0 END")
	}
	b.WriteString(")")
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

// bucketOf writes the price bucket of a price expression (noBucket for NULL): on
// PostgreSQL width_bucket, which reads the price once (it may be a JSON lookup).
func (e engine) bucketOf(b *sql.Builder, price func(), bounds []int64) {
	if e.dialect == dialect.Postgres {
		b.WriteString("COALESCE(width_bucket(")
		price()
		b.WriteString(", ARRAY[")
		for i, bound := range bounds {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(i64toa(bound))
		}
		b.WriteString("]::BIGINT[]), ").WriteString(itoa(noBucket)).WriteString(")")
		return
	}
	b.WriteString("(CASE WHEN ")
	price()
	b.WriteString(" IS NULL THEN ").WriteString(itoa(noBucket))
	for i, bound := range bounds {
		b.WriteString(" WHEN ")
		price()
		b.WriteString(" < ").WriteString(i64toa(bound)).WriteString(" THEN ").WriteString(itoa(i))
	}
	b.WriteString(" ELSE ").WriteString(itoa(len(bounds))).WriteString(" END)")
}

// Facet keys pack an entry's Incoterms bit set and price bucket into one integer, so
// that one expression answers both: key = mask + keyShift × bucket.
const (
	keyShift = 4096
	noBucket = 7
)

// facetKeyExpr is the facet key of an entry for the viewer in currency cur.
func (e engine) facetKeyExpr(col cols, sc Scope, cur string, bounds []int64) sql.Querier {
	return sql.ExprFunc(func(b *sql.Builder) {
		viewerCase(b, col, sc, itoa(keyShift*noBucket), func() {
			e.facts(b, col, sc, cur, func() {
				b.WriteString(col(searchentry.FieldPubIncoterms)).WriteString(" + ").WriteString(itoa(keyShift)).WriteString(" * ")
				e.bucketOf(b, func() { b.WriteString(col(searchentry.FieldPubPrice)) }, bounds)
			}, func() {
				e.text.keyFact(b, col, sc.keys(), 0)
				b.WriteString(" + ").WriteString(itoa(keyShift)).WriteString(" * ")
				e.bucketOf(b, func() { e.text.keyFact(b, col, sc.keys(), 1) }, bounds)
			}, func() {
				b.WriteString("(SELECT ")
				bitOr(b)
				b.WriteString(" + ").WriteString(itoa(keyShift)).WriteString(" * COALESCE(MIN(CASE WHEN ")
				priceRows(b, sc, cur)
				b.WriteString(" THEN ")
				e.bucketOf(b, func() { b.WriteString("o.price_minor") }, bounds)
				b.WriteString(" END), ").WriteString(itoa(noBucket)).WriteString(") FROM ").Ident(searchoffer.Table).WriteString(" o WHERE ")
				offerCond(b, col, sc, "o")
				b.WriteString(")")
			})
		})
	})
}

// maskExpr is the bit set of Incoterms over the offers the viewer could order now (0:
// none, so not available to the viewer).
func (e engine) maskExpr(col cols, sc Scope) sql.Querier {
	return sql.ExprFunc(func(b *sql.Builder) {
		viewerCase(b, col, sc, "0", func() {
			e.facts(b, col, sc, "", func() {
				b.WriteString(col(searchentry.FieldPubIncoterms))
			}, func() {
				e.text.keyFact(b, col, sc.keys(), 0)
			}, func() {
				b.WriteString("(SELECT ")
				bitOr(b)
				b.WriteString(" FROM ").Ident(searchoffer.Table).WriteString(" o WHERE ")
				offerCond(b, col, sc, "o")
				b.WriteString(")")
			})
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
func (e engine) priceExpr(col cols, sc Scope, cur string) sql.Querier {
	return sql.ExprFunc(func(b *sql.Builder) {
		viewerCase(b, col, sc, "NULL", func() {
			e.facts(b, col, sc, cur, func() {
				b.WriteString(col(searchentry.FieldPubPrice))
			}, func() {
				e.text.keyFact(b, col, sc.keys(), 1)
			}, func() {
				b.WriteString("(SELECT MIN(o.price_minor) FROM ").Ident(searchoffer.Table).WriteString(" o WHERE ")
				offerCond(b, col, sc, "o")
				b.WriteString(" AND ")
				priceRows(b, sc, cur)
				b.WriteString(")")
			})
		})
	})
}

// leadExpr is the shortest lead time over the offers the viewer could order now (NULL:
// none).
func (e engine) leadExpr(col cols, sc Scope) sql.Querier {
	return sql.ExprFunc(func(b *sql.Builder) {
		viewerCase(b, col, sc, "NULL", func() {
			b.WriteString("(SELECT MIN(o.lead_time_days) FROM ").Ident(searchoffer.Table).WriteString(" o WHERE ")
			offerCond(b, col, sc, "o")
			b.WriteString(")")
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
func (e engine) filter(s *sql.Selector, col cols, q Query, sc Scope) {
	if !sc.All {
		pub := sql.EQ(col(searchentry.FieldPublished), true)
		if len(sc.OwnSellers) > 0 {
			s.Where(sql.Or(pub, sql.In(col(searchentry.FieldSellerID), anys(sc.OwnSellers)...)))
		} else {
			s.Where(pub)
		}
	}
	if len(q.SellerIDs) > 0 {
		s.Where(sql.In(col(searchentry.FieldSellerID), anys(q.SellerIDs)...))
	}
	if len(q.Origins) > 0 {
		s.Where(sql.In(col(searchentry.FieldOriginCountry), anys(q.Origins)...))
	}
	if len(q.Chapters) > 0 {
		s.Where(sql.In(col(searchentry.FieldHsChapter), anys(q.Chapters)...))
	}
	if len(q.Incoterms) > 0 || q.Available != nil {
		bits := 0
		for _, t := range q.Incoterms {
			bits |= IncotermBit(t)
		}
		mask := e.maskExpr(col, sc)
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
		price := e.priceExpr(col, sc, q.Currency)
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

// aggRow is one row of the search statement (kind): a facet value and its count, the
// number of hits read, or a candidate of the page with what a hit shows (the rest).
type aggRow struct {
	Kind  int64   `sql:"k"`
	Value string  `sql:"v"` // facet value; a page row's id
	Label string  `sql:"l"` // a seller's name
	N     int64   `sql:"n"`
	Rank  float64 `sql:"r"`

	SellerID  *string `sql:"seller"`
	SKU       *string `sql:"sku"`
	Name      *string `sql:"name"`
	Origin    *string `sql:"origin"`
	Chapter   *string `sql:"chapter"`
	Unit      *string `sql:"unit"`
	Published *bool   `sql:"published"`
	Mask      *int64  `sql:"mask"`
	Price     *int64  `sql:"price"`
	Lead      *int64  `sql:"lead"`
}

// Kinds of aggRow.
const (
	aggSeller = iota
	aggOrigin
	aggChapter
	aggKey // Value: the facet key (Incoterms and price bucket); their counts sum to the hits read
	aggPage
)

// pageColumns are the columns of aggRow after the first five, for the page rows only.
var pageColumns = []struct{ name, typ string }{
	{"seller", "TEXT"}, {"sku", "TEXT"}, {"name", "TEXT"}, {"origin", "TEXT"}, {"chapter", "TEXT"},
	{"unit", "TEXT"}, {"published", "BOOLEAN"}, {"mask", "BIGINT"}, {"price", "BIGINT"}, {"lead", "BIGINT"},
}

// noPage fills the page columns of a facet row (typed NULLs: PostgreSQL resolves the
// types of a UNION two members at a time).
func noPage(b *sql.Builder) {
	for _, c := range pageColumns {
		b.WriteString(", CAST(NULL AS ").WriteString(c.typ).WriteString(") AS ").WriteString(c.name)
	}
}

// HitCap bounds the hits one search reads. A search matching as many or more counts
// its facets over the first HitCap hits only (Facets.Capped; Total is then HitCap, a
// lower bound), and a ranked one ranks only those; without text the page stays exact (id
// order). Every hit is a pass through the offer facts and every text hit a heap read,
// so this is what bounds the time of a very common word or a browse of a large
// marketplace.
const HitCap = 10_000

// Search answers in one statement. The hits (one text-index scan and one pass over
// their rows, at most HitCap of them; without text the first by id from the
// (tenant_id, id) index, which covers what they need) are materialised once; the
// facets are counted from them in SQL; the page is picked from them by rank (without
// text it comes from the index after the cursor, so it pages through everything) and
// read with the offer facts it shows, by the same expressions as the facets.
func (e engine) Search(ctx context.Context, c *ent.Client, q Query, sc Scope) (Result, error) {
	var res Result
	v := tenant.FromContext(ctx)
	if v == nil || v.TenantID == uuid.Nil {
		// The page is read in the viewer's partition by tenant id.
		return res, errors.New("search: a search runs in one marketplace, and the context names none")
	}
	hitCap := q.Cap
	if hitCap <= 0 {
		hitCap = HitCap
	}
	bounds := PriceBounds(q.Currency)
	col := e.cols()
	var rows []aggRow
	err := c.SearchEntry.Query().
		// Order options run after the predicates, the tenant filter among them: this one
		// turns the finished hit query into the statement around it.
		Order(func(s *sql.Selector) { *s = *e.statement(s, col, q, sc, v.TenantID) }).
		Modify(func(s *sql.Selector) {
			rank := e.text.match(s, col, q.Text)
			e.filter(s, col, q, sc)
			s.Select(col(searchentry.FieldID), col(searchentry.FieldSellerID),
				col(searchentry.FieldSellerName), col(searchentry.FieldOriginCountry), col(searchentry.FieldHsChapter)).
				AppendSelectExprAs(e.facetKeyExpr(col, sc, q.Currency, bounds), "fkey").
				AppendSelectExprAs(rank, "rank")
			if q.Text.Empty() {
				// Capped, the counted hits are the first by id, from the (tenant_id, id) index.
				s.OrderBy(col(searchentry.FieldTenantID), col(searchentry.FieldID))
			}
			s.Limit(hitCap)
		}).Scan(ctx, &rows)
	if err != nil {
		return res, err
	}
	var (
		sellers, origins, chapters []Count
		seller                     = map[string]int{} // index in sellers
		keys                       = map[int64]int{}
	)
	for _, r := range rows {
		n := int(r.N)
		switch r.Kind {
		case aggSeller:
			// One row per seller and name: should a seller's entries ever disagree on its
			// name, they still count as one seller.
			if i, ok := seller[r.Value]; ok {
				sellers[i].Count += n
				break
			}
			seller[r.Value] = len(sellers)
			sellers = append(sellers, Count{Value: r.Value, Label: r.Label, Count: n})
		case aggOrigin:
			origins = append(origins, Count{Value: r.Value, Count: n})
		case aggChapter:
			chapters = append(chapters, Count{Value: r.Value, Count: n})
		case aggKey:
			k, err := strconv.ParseInt(r.Value, 10, 64)
			if err != nil {
				return res, fmt.Errorf("search: facet key %q: %w", r.Value, err)
			}
			keys[k] += n
		case aggPage:
			h, err := hitOf(r)
			if err != nil {
				return res, err
			}
			res.Hits = append(res.Hits, h)
		}
	}
	// The rows come in no order: rank descending, then id (bytes, as in SQL).
	sort.Slice(res.Hits, func(i, j int) bool {
		if a, b := res.Hits[i], res.Hits[j]; a.Rank != b.Rank {
			return a.Rank > b.Rank
		}
		return bytes.Compare(res.Hits[i].ID[:], res.Hits[j].ID[:]) < 0
	})
	if len(res.Hits) > q.Limit {
		res.Hits = res.Hits[:q.Limit]
		last := res.Hits[len(res.Hits)-1]
		res.Next = &Cursor{Rank: last.Rank, ID: last.ID}
	}
	if res.Hits == nil {
		res.Hits = []Hit{}
	}
	res.Currency = q.Currency
	res.Facets = facetsOf(sellers, origins, chapters, keys, bounds)
	res.Facets.Capped = res.Facets.Total >= hitCap // every hit read has a facet key
	return res, nil
}

// hitOf reads a page row.
func hitOf(r aggRow) (Hit, error) {
	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	id, err := uuid.Parse(r.Value)
	if err != nil {
		return Hit{}, fmt.Errorf("search: page id %q: %w", r.Value, err)
	}
	seller, err := uuid.Parse(str(r.SellerID))
	if err != nil {
		return Hit{}, fmt.Errorf("search: seller id %q: %w", str(r.SellerID), err)
	}
	h := Hit{ID: id, SellerID: seller, SellerName: r.Label, SKU: str(r.SKU), Name: str(r.Name),
		OriginCountry: str(r.Origin), HSChapter: str(r.Chapter), Unit: str(r.Unit), Published: r.Published != nil && *r.Published,
		Rank: r.Rank, BestPrice: r.Price}
	mask := 0
	if r.Mask != nil {
		mask = int(*r.Mask)
	}
	h.Incoterms, h.Available = incotermsOf(mask), mask != 0
	if r.Lead != nil {
		lt := int(*r.Lead)
		h.LeadTimeDays = &lt
	}
	return h, nil
}

// statement wraps hits, the finished hit query (every hit's id, seller, origin,
// chapter, facet key and rank), into the search statement: the hits materialised once,
// then one row per value of each facet over them (the facet keys' counts sum to the
// hits read), and the page's limit+1 candidates with what they show: with text the best of the hits after the
// cursor, read again in tenant tid's partition, without text the next entries by id
// from the index (the same filters, no cap).
func (e engine) statement(hits *sql.Selector, col cols, q Query, sc Scope, tid uuid.UUID) *sql.Selector {
	hits = hits.Clone()
	page := hits.Clone() // the tenant filter, text match and filters of the hits
	page.Select().AppendSelectExprAs(sql.Expr(itoa(aggPage)), "k").
		AppendSelectExprAs(sql.Expr("CAST("+col(searchentry.FieldID)+" AS TEXT)"), "v").
		AppendSelectExprAs(sql.Expr(col(searchentry.FieldSellerName)), "l").
		AppendSelectExprAs(sql.Expr("0"), "n")
	if q.Text.Empty() {
		page.AppendSelectExprAs(noRank, "r")
		if a := q.After; a != nil {
			page.Where(sql.GT(col(searchentry.FieldID), a.ID))
		}
	} else {
		// The best hits after the cursor, read again by key: the tenant is written out, so
		// that PostgreSQL plans the read in the tenant's partition alone.
		best := sql.Dialect(e.dialect).SelectExpr(sql.Expr("h.id, h.rank")).From(sql.Table("hits").As("h"))
		if a := q.After; a != nil {
			best.Where(sql.P(func(b *sql.Builder) {
				b.WriteString("h.rank < ").Arg(a.Rank).WriteString(" OR (h.rank = ").Arg(a.Rank).
					WriteString(" AND h.id > ").Arg(a.ID).WriteString(")")
			}))
		}
		best.OrderExpr(sql.Expr("h.rank DESC, h.id")).As("best")
		page = sql.Dialect(e.dialect).Select().From(sql.Dialect(e.dialect).Table(searchentry.Table)).Join(best).
			OnP(sql.And(sql.EQ(col(searchentry.FieldTenantID), tid), sql.ColumnsEQ(col(searchentry.FieldID), best.C("id"))))
		page.AppendSelectExprAs(sql.Expr(itoa(aggPage)), "k").
			AppendSelectExprAs(sql.Expr("CAST("+col(searchentry.FieldID)+" AS TEXT)"), "v").
			AppendSelectExprAs(sql.Expr(col(searchentry.FieldSellerName)), "l").
			AppendSelectExprAs(sql.Expr("0"), "n").
			AppendSelectExprAs(sql.Expr(best.C("rank")), "r")
		best.Limit(q.Limit + 1)
	}
	page.AppendSelectExprAs(sql.Expr("CAST("+col(searchentry.FieldSellerID)+" AS TEXT)"), "seller").
		AppendSelectExprAs(sql.Expr(col(searchentry.FieldSku)), "sku").
		AppendSelectExprAs(sql.Expr(col(searchentry.FieldName)), "name").
		AppendSelectExprAs(sql.Expr(col(searchentry.FieldOriginCountry)), "origin").
		AppendSelectExprAs(sql.Expr(col(searchentry.FieldHsChapter)), "chapter").
		AppendSelectExprAs(sql.Expr(col(searchentry.FieldUnit)), "unit").
		AppendSelectExprAs(sql.Expr(col(searchentry.FieldPublished)), "published").
		AppendSelectExprAs(e.maskExpr(col, sc), "mask").
		AppendSelectExprAs(e.priceExpr(col, sc, q.Currency), "price").
		AppendSelectExprAs(e.leadExpr(col, sc), "lead").
		Limit(q.Limit + 1)
	from := " FROM hits h"
	union := sql.ExprFunc(func(b *sql.Builder) {
		b.WriteString("(")
		if e.dialect == dialect.Postgres {
			// One pass over the hits for every facet.
			b.WriteString("SELECT CASE WHEN GROUPING(h.seller_id) = 0 THEN ").WriteString(itoa(aggSeller)).
				WriteString(" WHEN GROUPING(h.origin_country) = 0 THEN ").WriteString(itoa(aggOrigin)).
				WriteString(" WHEN GROUPING(h.hs_chapter) = 0 THEN ").WriteString(itoa(aggChapter)).
				WriteString(" ELSE ").WriteString(itoa(aggKey)).WriteString(" END AS k").
				WriteString(", COALESCE(CAST(h.seller_id AS TEXT), h.origin_country, h.hs_chapter, CAST(h.fkey AS TEXT)) AS v").
				WriteString(", COALESCE(h.seller_name, '') AS l, COUNT(*) AS n, CAST(0 AS REAL) AS r")
			noPage(b)
			// The seller's name is grouped on rather than aggregated (cheaper); an entry's
			// name is its seller's, so it makes no more groups.
			b.WriteString(from).WriteString(" GROUP BY GROUPING SETS ((h.seller_id, h.seller_name), (h.origin_country), (h.hs_chapter), (h.fkey))")
		} else {
			b.WriteString("SELECT ").WriteString(itoa(aggSeller)).WriteString(" AS k, CAST(h.seller_id AS TEXT) AS v, h.seller_name AS l, COUNT(*) AS n, CAST(0 AS REAL) AS r")
			noPage(b)
			b.WriteString(from).WriteString(" GROUP BY h.seller_id, h.seller_name")
			for _, f := range []struct {
				kind int
				expr string
			}{{aggOrigin, "h.origin_country"}, {aggChapter, "h.hs_chapter"}, {aggKey, "CAST(h.fkey AS TEXT)"}} {
				b.WriteString(" UNION ALL SELECT ").WriteString(itoa(f.kind)).WriteString(", ").WriteString(f.expr).WriteString(", '', COUNT(*), 0")
				noPage(b)
				b.WriteString(from).WriteString(" GROUP BY ").WriteString(f.expr)
			}
		}
		b.WriteString(" UNION ALL SELECT * FROM ").Wrap(func(b *sql.Builder) { b.Join(page) }).WriteString(" AS p) AS agg")
	})
	with := sql.ExprFunc(func(b *sql.Builder) {
		b.WriteString("WITH hits AS MATERIALIZED ").Wrap(func(b *sql.Builder) { b.Join(hits) })
	})
	return sql.Dialect(e.dialect).Select("*").FromExpr(union).Prefix(with)
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

func facetsOf(sellers, origins, chapters []Count, keys map[int64]int, bounds []int64) Facets {
	var f Facets
	incoterms := map[string]int{}
	buckets := make([]int, len(bounds)+1)
	for key, n := range keys {
		f.Total += n
		mask, bucket := int(key%keyShift), int(key/keyShift)
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

func sorted(out []Count) []Count {
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
