package search_test

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/offer"
	"github.com/manifoldhq/manifold/ent/organization"
	"github.com/manifoldhq/manifold/ent/schematype"
	"github.com/manifoldhq/manifold/ent/searchentry"
	"github.com/manifoldhq/manifold/ent/searchoffer"
	"github.com/manifoldhq/manifold/internal/catalog/search"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
	"github.com/manifoldhq/manifold/internal/platform/testenv"
)

// Vocabulary of the generated catalog. Each product name has one adjective (5 % of
// products each), one noun (2.5 %) and a rare code word (about 50 products per tenant);
// every second description says "grade".
var (
	adjectives = strings.Fields("anhydrous glacial technical refined organic industrial purified micronised " +
		"granular liquid crystalline stabilised concentrated hydrated precipitated coated dried ground bulk premium")
	nouns = strings.Fields("acid alcohol amine oxide chloride sulfate nitrate phosphate carbonate silicate " +
		"pepper turmeric cardamom cocoa vanilla cinnamon ginger clove nutmeg saffron " +
		"centrifuge balance reactor meter pump valve sensor resistor capacitor mosfet " +
		"microcontroller fpga diode inductor relay connector transformer cable filter membrane")
	countries = strings.Fields("DE FR IN CN US VN BR NL IT ES")
	chapters  = strings.Fields("28 29 09 18 84 85 90 38 39 32")
	incos     = strings.Fields("EXW FCA CPT CIP DAP DPU DDP FAS FOB CFR CIF")
)

// benchTenant is one generated marketplace.
type benchTenant struct {
	id      uuid.UUID
	sellers []*ent.Organization
	groups  []uuid.UUID
	buyer   uuid.UUID
}

// genProduct builds the i-th product of a tenant and its offer, as the catalog would
// store them; the index rows come from search.EntryOf and search.OfferRows, the
// functions the Indexer uses.
func genProduct(r *rand.Rand, bt *benchTenant, i int) (*ent.Product, *ent.Organization, *ent.Offer) {
	seller := bt.sellers[r.IntN(len(bt.sellers))]
	adj, noun := adjectives[r.IntN(len(adjectives))], nouns[r.IntN(len(nouns))]
	code := fmt.Sprintf("zq%04d", r.IntN(2000))
	desc := fmt.Sprintf("%s %s for export, lot %s, packed in drums", adj, noun, code)
	if r.IntN(2) == 0 {
		desc += ", technical grade"
	}
	p := &ent.Product{
		ID: uuid.Must(uuid.NewV7()), TenantID: bt.id, SellerID: seller.ID,
		Sku:  fmt.Sprintf("%s-%06d", strings.ToUpper(noun[:3]), i),
		Name: fmt.Sprintf("%s %s %s", adj, noun, code), Description: desc,
		HsCode: chapters[r.IntN(len(chapters))] + "1234", CountryOfOrigin: countries[r.IntN(len(countries))], Unit: "KGM",
		ApprovedRevision: 1,
	}
	if r.IntN(20) == 0 {
		p.ApprovedRevision = 0 // drafts
	}
	o := &ent.Offer{
		ID: uuid.Must(uuid.NewV7()), TenantID: bt.id, SellerID: seller.ID, ProductID: p.ID, Active: r.IntN(10) != 0,
		LeadTimeDays: r.IntN(60), Visibility: offer.VisibilityAllBuyers,
		Incoterms: []string{incos[r.IntN(len(incos))], incos[r.IntN(len(incos))]},
	}
	switch r.IntN(10) {
	case 0:
		o.Visibility, o.BuyerGroupIds = offer.VisibilityBuyerGroups, []uuid.UUID{bt.groups[r.IntN(len(bt.groups))]}
	case 1:
		o.Visibility, o.InvitedBuyerIds = offer.VisibilityInvitedBuyers, []uuid.UUID{bt.buyer, uuid.Must(uuid.NewV7())}
	}
	price := int64(100 + r.IntN(2_000_000))
	o.PriceLists = []schematype.PriceList{
		{Currency: "EUR", Tiers: []schematype.PriceTier{{MinQty: 0, UnitPriceAmount: price, UnitPriceScale: 2}, {MinQty: 1000000, UnitPriceAmount: price * 9 / 10, UnitPriceScale: 2}}},
		{Currency: "USD", Tiers: []schematype.PriceTier{{MinQty: 0, UnitPriceAmount: price * 11 / 10, UnitPriceScale: 2}}},
	}
	if r.IntN(5) == 0 {
		g := bt.groups[r.IntN(len(bt.groups))]
		o.PriceLists = append(o.PriceLists, schematype.PriceList{Currency: "EUR", BuyerGroupID: &g,
			Tiers: []schematype.PriceTier{{MinQty: 0, UnitPriceAmount: price * 8 / 10, UnitPriceScale: 2}}})
	}
	return p, seller, o
}

var copyEscaper = strings.NewReplacer(`\`, `\\`, "\t", `\t`, "\n", `\n`, "\r", `\r`)

// copyText escapes a value for COPY … FROM STDIN (text format).
func copyText(v any) string {
	switch x := v.(type) {
	case nil:
		return `\N`
	case *uuid.UUID:
		if x == nil {
			return `\N`
		}
		return x.String()
	case *int64:
		if x == nil {
			return `\N`
		}
		return strconv.FormatInt(*x, 10)
	case *time.Time:
		if x == nil {
			return `\N`
		}
		return x.UTC().Format(time.RFC3339Nano)
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano)
	case bool:
		return strconv.FormatBool(x)
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case uuid.UUID:
		return x.String()
	case schematype.TSVector:
		return copyText(string(x))
	case schematype.KeyFacts:
		if x == nil {
			return `\N`
		}
		j, err := json.Marshal(x)
		if err != nil {
			panic(err)
		}
		return copyText(string(j))
	case string:
		return copyEscaper.Replace(x)
	}
	panic(fmt.Sprintf("copyText %T", v))
}

var (
	entryCols = []string{"id", "created_at", "updated_at", "tenant_id", "seller_id", "seller_name", "sku", "name",
		"origin_country", "hs_chapter", "unit", "published", "document", "offers_plain", "restricted", "offer_keys", "key_facts",
		"pub_incoterms", "pub_currency", "pub_price"}
	offerCols = []string{"id", "created_at", "updated_at", "tenant_id", "offer_id", "product_id", "seller_id", "audience",
		"currency", "list_group_id", "price_minor", "incoterms", "lead_time_days", "active", "valid_from", "valid_to"}
)

func entryRow(e *ent.SearchEntry, now time.Time) []any {
	return []any{e.ID, now, now, e.TenantID, e.SellerID, e.SellerName, e.Sku, e.Name,
		e.OriginCountry, e.HsChapter, e.Unit, e.Published, e.Document, e.OffersPlain, e.Restricted, e.OfferKeys, e.KeyFacts,
		e.PubIncoterms, e.PubCurrency, e.PubPrice}
}

func offerRow(o *ent.SearchOffer, now time.Time) []any {
	return []any{uuid.Must(uuid.NewV7()), now, now, o.TenantID, o.OfferID, o.ProductID, o.SellerID, o.Audience,
		o.Currency, o.ListGroupID, o.PriceMinor, o.Incoterms, o.LeadTimeDays, o.Active, o.ValidFrom, o.ValidTo}
}

// copyRows streams rows into table with COPY through the pool's pgx connection.
func copyRows(ctx context.Context, sdb *sql.DB, table string, cols []string, gen func(emit func([]any))) error {
	conn, err := sdb.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	pr, pw := io.Pipe()
	go func() {
		var b strings.Builder
		bw := bufio.NewWriterSize(pw, 256<<10)
		gen(func(row []any) {
			b.Reset()
			for i, v := range row {
				if i > 0 {
					b.WriteByte('\t')
				}
				b.WriteString(copyText(v))
			}
			b.WriteByte('\n')
			if _, err := bw.WriteString(b.String()); err != nil {
				panic(err)
			}
		})
		if err := bw.Flush(); err != nil {
			panic(err)
		}
		pw.Close()
	}()
	return conn.Raw(func(dc any) error {
		_, err := dc.(*stdlib.Conn).Conn().PgConn().CopyFrom(ctx, pr,
			"COPY "+table+" ("+strings.Join(cols, ", ")+") FROM STDIN")
		return err
	})
}

// buildBenchData loads tenants × perTenant products' index rows, with the search
// tables' secondary indexes dropped during the load and rebuilt after it.
func buildBenchData(b *testing.B, ctx context.Context, d *sqlDBs, tenants []*benchTenant, perTenant int) {
	var defs []string
	rows, err := d.sql.QueryContext(ctx, `SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('search_entries','search_offers') AND indexname NOT LIKE '%pkey'`)
	if err != nil {
		b.Fatal(err)
	}
	var names []string
	for rows.Next() {
		var n, def string
		if err := rows.Scan(&n, &def); err != nil {
			b.Fatal(err)
		}
		// pg_indexes shows an index of a partitioned table as CREATE INDEX … ON ONLY, which
		// would leave the partitions without one: built on the parent, it cascades.
		names, defs = append(names, n), append(defs, strings.Replace(def, " ON ONLY ", " ON ", 1))
	}
	rows.Close()
	for _, n := range names {
		if _, err := d.sql.ExecContext(ctx, `DROP INDEX `+n); err != nil {
			b.Fatal(err)
		}
	}
	now := time.Now().UTC()
	start := time.Now()
	offerCh := make(chan []*ent.SearchOffer, 1024)
	errCh := make(chan error, 1)
	go func() {
		errCh <- copyRows(ctx, d.sql, "search_offers", offerCols, func(emit func([]any)) {
			for batch := range offerCh {
				for _, o := range batch {
					emit(offerRow(o, now))
				}
			}
		})
	}()
	err = copyRows(ctx, d.sql, "search_entries", entryCols, func(emit func([]any)) {
		// Tenants interleave, as they do when marketplaces grow side by side.
		rs := make([]*rand.Rand, len(tenants))
		for ti := range tenants {
			rs[ti] = rand.New(rand.NewPCG(uint64(ti), 42))
		}
		for i := range perTenant {
			for ti, bt := range tenants {
				p, seller, o := genProduct(rs[ti], bt, i)
				emit(entryRow(search.EntryOf(p, seller, []*ent.Offer{o}, "EUR", dialect.Postgres), now))
				offerCh <- search.OfferRows(o)
			}
		}
		close(offerCh)
	})
	if err != nil {
		b.Fatal(err)
	}
	if err := <-errCh; err != nil {
		b.Fatal(err)
	}
	b.Logf("loaded %d entries in %s", len(tenants)*perTenant, time.Since(start).Round(time.Second))
	start = time.Now()
	for _, def := range defs {
		if _, err := d.sql.ExecContext(ctx, def); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := d.sql.ExecContext(ctx, `VACUUM ANALYZE search_entries`); err != nil {
		b.Fatal(err)
	}
	if _, err := d.sql.ExecContext(ctx, `VACUUM ANALYZE search_offers`); err != nil {
		b.Fatal(err)
	}
	b.Logf("indexes and statistics in %s", time.Since(start).Round(time.Second))
	if os.Getenv("MANIFOLD_BENCH_DB") != "" {
		// What reuseTenants needs to find the buyer and groups again.
		if _, err := d.sql.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS bench_meta (tenant_id uuid PRIMARY KEY, value text NOT NULL)`); err != nil {
			b.Fatal(err)
		}
		for _, bt := range tenants {
			v := bt.buyer.String()
			for _, g := range bt.groups {
				v += " " + g.String()
			}
			if _, err := d.sql.ExecContext(ctx, `INSERT INTO bench_meta VALUES ($1, $2)`, bt.id, v); err != nil {
				b.Fatal(err)
			}
		}
	}
}

type sqlDBs struct {
	client *ent.Client
	sql    *sql.DB
}

// benchTenants creates the tenants and their sellers (real rows: the index keeps only
// ids and names, but the cross-check writes through the Indexer).
func benchTenants(b *testing.B, ctx context.Context, c *ent.Client, n int) []*benchTenant {
	sys := tenant.SystemContext(ctx, tenant.SystemTest)
	var out []*benchTenant
	for i := range n {
		t := c.Tenant.Create().SetSlug(fmt.Sprintf("bench-%d", i)).SetName(fmt.Sprintf("Bench %d", i)).
			SetModel("curated").SetDefaultCurrency("EUR").SaveX(sys)
		tctx := tenant.NewContext(ctx, &tenant.Viewer{TenantID: t.ID, System: tenant.SystemTest})
		bt := &benchTenant{id: t.ID}
		for s := range 20 {
			bt.sellers = append(bt.sellers, c.Organization.Create().SetKind(organization.KindSeller).
				SetLegalName(fmt.Sprintf("Seller %d-%d GmbH", i, s)).SetCountry("DE").SetOnboardingStatus("approved").SaveX(tctx))
		}
		for range 5 {
			bt.groups = append(bt.groups, uuid.Must(uuid.NewV7()))
		}
		bt.buyer = uuid.Must(uuid.NewV7())
		out = append(out, bt)
	}
	return out
}

// reuseTenants finds the tenants of an earlier load in a kept database (nil: none).
// The buyer and groups are random ids, kept by buildBenchData in the table bench_meta.
func reuseTenants(b *testing.B, ctx context.Context, d *sqlDBs, n int) []*benchTenant {
	sys := tenant.SystemContext(ctx, tenant.SystemTest)
	ts, err := d.client.Tenant.Query().All(sys)
	if err != nil {
		b.Fatal(err)
	}
	if len(ts) < n {
		return nil
	}
	var out []*benchTenant
	for i := range n {
		slug := fmt.Sprintf("bench-%d", i)
		var t *ent.Tenant
		for _, x := range ts {
			if x.Slug == slug {
				t = x
			}
		}
		if t == nil {
			return nil
		}
		bt := &benchTenant{id: t.ID}
		var meta string
		if err := d.sql.QueryRowContext(ctx, `SELECT value FROM bench_meta WHERE tenant_id = $1`, t.ID).Scan(&meta); err != nil {
			b.Fatalf("kept database without bench_meta: %v", err)
		}
		for j, f := range strings.Fields(meta) {
			id := uuid.MustParse(f)
			if j == 0 {
				bt.buyer = id
			} else {
				bt.groups = append(bt.groups, id)
			}
		}
		out = append(out, bt)
	}
	return out
}

// crossCheck writes one product and its offer through the Indexer (the maintenance
// path) and through the benchmark's COPY path, and compares what was stored.
func crossCheck(b *testing.B, ctx context.Context, d *sqlDBs, bt *benchTenant) {
	tctx := tenant.NewContext(ctx, &tenant.Viewer{TenantID: bt.id, System: tenant.SystemTest})
	r := rand.New(rand.NewPCG(7, 7))
	gp, _, gofr := genProduct(r, bt, 999999)
	p := d.client.Product.Create().SetSellerID(gp.SellerID).SetSku(gp.Sku).SetName(gp.Name).SetDescription(gp.Description).
		SetHsCode(gp.HsCode).SetCountryOfOrigin(gp.CountryOfOrigin).SetUnit(gp.Unit).SetApprovedRevision(1).SaveX(tctx)
	o := d.client.Offer.Create().SetSellerID(p.SellerID).SetProductID(p.ID).SetActive(gofr.Active).SetMoq(1000).SetIncrement(1000).
		SetLeadTimeDays(gofr.LeadTimeDays).SetIncoterms(gofr.Incoterms).SetVisibility(gofr.Visibility).
		SetBuyerGroupIds(gofr.BuyerGroupIds).SetInvitedBuyerIds(gofr.InvitedBuyerIds).SetPriceLists(gofr.PriceLists).SaveX(tctx)
	read := func() (*ent.SearchEntry, []*ent.SearchOffer) {
		e := d.client.SearchEntry.Query().Where(searchentry.ID(p.ID)).OnlyX(tctx)
		os := d.client.SearchOffer.Query().Where(searchoffer.ProductID(p.ID)).Order(ent.Asc(searchoffer.FieldAudience), ent.Asc(searchoffer.FieldCurrency), ent.Asc(searchoffer.FieldPriceMinor)).AllX(tctx)
		return e, os
	}
	tx, err := d.client.Tx(tctx)
	if err != nil {
		b.Fatal(err)
	}
	if err := search.NewIndexer(dialect.Postgres).Products(tctx, tx, p.ID); err != nil {
		b.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	e1, o1 := read()
	d.client.SearchEntry.DeleteOneID(p.ID).ExecX(tctx)
	d.client.SearchOffer.Delete().Where(searchoffer.ProductID(p.ID)).ExecX(tctx)
	seller := d.client.Organization.GetX(tctx, p.SellerID)
	now := time.Now().UTC()
	if err := copyRows(ctx, d.sql, "search_entries", entryCols, func(emit func([]any)) {
		emit(entryRow(search.EntryOf(p, seller, []*ent.Offer{o}, "EUR", dialect.Postgres), now))
	}); err != nil {
		b.Fatal(err)
	}
	if err := copyRows(ctx, d.sql, "search_offers", offerCols, func(emit func([]any)) {
		for _, row := range search.OfferRows(o) {
			emit(offerRow(row, now))
		}
	}); err != nil {
		b.Fatal(err)
	}
	e2, o2 := read()
	norm := func(e *ent.SearchEntry) []any {
		return []any{e.ID, e.TenantID, e.SellerID, e.SellerName, e.Sku, e.Name, e.OriginCountry,
			e.HsChapter, e.Unit, e.Published, e.Document, e.OffersPlain, e.Restricted, e.OfferKeys, e.KeyFacts, e.PubIncoterms,
			e.PubCurrency, e.PubPrice}
	}
	if !reflect.DeepEqual(norm(e1), norm(e2)) {
		b.Fatalf("entry written by the Indexer %+v\nand by the benchmark loader %+v differ", norm(e1), norm(e2))
	}
	normO := func(os []*ent.SearchOffer) [][]any {
		var out [][]any
		for _, o := range os {
			out = append(out, []any{o.TenantID, o.OfferID, o.ProductID, o.SellerID, o.Audience, o.Currency,
				o.ListGroupID, o.PriceMinor, o.Incoterms, o.LeadTimeDays, o.Active, o.ValidFrom, o.ValidTo})
		}
		return out
	}
	if len(o1) == 0 || !reflect.DeepEqual(normO(o1), normO(o2)) {
		b.Fatalf("offer rows written by the Indexer %+v\nand by the benchmark loader %+v differ", normO(o1), normO(o2))
	}
	b.Logf("cross-check: the loader writes what the Indexer writes (1 entry, %d offer rows)", len(o1))
}

func percentile(ds []time.Duration, p float64) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[min(len(s)-1, int(float64(len(s))*p))]
}

// BenchmarkSearch measures the first page with facets of a mix of searches by a buyer
// (groups, invitations) over 100,000 products in one tenant with nine more tenants of
// the same size, on PostgreSQL, beside a plain indexed SELECT … LIMIT 20 of the same
// tenant measured in the same run. MANIFOLD_BENCH_PRODUCTS overrides the size.
func BenchmarkSearch(b *testing.B) {
	perTenant := 100_000
	if s := os.Getenv("MANIFOLD_BENCH_PRODUCTS"); s != "" {
		perTenant, _ = strconv.Atoi(s)
	}
	ctx := b.Context()
	var tenants []*benchTenant
	var d *sqlDBs
	if u := os.Getenv("MANIFOLD_BENCH_DB"); u != "" {
		// A migrated database of our own, kept between runs: loaded on the first run,
		// reused after (the tenants and their ids are found again by slug).
		pg, err := db.Open(ctx, u)
		if err != nil {
			b.Fatal(err)
		}
		defer pg.Close()
		d = &sqlDBs{client: pg.Client, sql: pg.SQL}
		tenants = reuseTenants(b, ctx, d, 10)
		if tenants == nil {
			tenants = benchTenants(b, ctx, d.client, 10)
			crossCheck(b, ctx, d, tenants[0])
			buildBenchData(b, ctx, d, tenants, perTenant)
		} else {
			b.Logf("reusing the loaded database %s", u)
		}
	} else {
		pg := testenv.Postgres(b)
		d = &sqlDBs{client: pg.Client, sql: pg.SQL}
		tenants = benchTenants(b, ctx, d.client, 10)
		crossCheck(b, ctx, d, tenants[0])
		buildBenchData(b, ctx, d, tenants, perTenant)
	}

	bt := tenants[3]
	tctx := tenant.NewContext(ctx, &tenant.Viewer{TenantID: bt.id})
	sc := search.Scope{OwnSellers: []uuid.UUID{bt.buyer}, Groups: bt.groups[:1], Now: time.Now().UTC(),
		Audiences: []string{search.AudienceAll, search.AudienceOrg(bt.buyer), search.AudienceGroup(bt.groups[0])}}
	s := search.New(dialect.Postgres)
	parse := func(q string) search.Text {
		t, err := search.ParseText(q)
		if err != nil {
			b.Fatal(err)
		}
		return t
	}
	yes := true
	min1, max1 := int64(10000), int64(500000)
	queries := []struct {
		name string
		q    search.Query
	}{
		{"common term", search.Query{Text: parse("glacial")}},
		{"rare term", search.Query{Text: parse("zq0042")}},
		{"prefix", search.Query{Text: parse("cent")}},
		{"two terms", search.Query{Text: parse("refined acid")}},
		{"phrase OR", search.Query{Text: parse(`"organic pepper" OR vanilla`)}},
		{"term + filters", search.Query{Text: parse("pepper"), Origins: []string{"IN", "VN"}, Incoterms: []string{"FOB", "CIF"}, Available: &yes}},
		{"term + price", search.Query{Text: parse("oxide"), PriceMin: &min1, PriceMax: &max1}},
		{"very common (50%)", search.Query{Text: parse("grade")}},
		{"browse, no text", search.Query{}},
	}
	if only := os.Getenv("MANIFOLD_BENCH_ONLY"); only != "" {
		// Some shapes only (names containing the value), e.g. to see one with its pages
		// cached.
		queries = slices.DeleteFunc(queries, func(q struct {
			name string
			q    search.Query
		}) bool {
			return !strings.Contains(q.name, only)
		})
	}
	baseline := func() {
		if _, err := d.client.SearchEntry.Query().Order(ent.Asc(searchentry.FieldTenantID), ent.Asc(searchentry.FieldID)).Limit(20).All(tctx); err != nil {
			b.Fatal(err)
		}
	}
	hitCap, _ := strconv.Atoi(os.Getenv("MANIFOLD_BENCH_CAP")) // 0: search.HitCap
	rounds := 40
	if s := os.Getenv("MANIFOLD_BENCH_ROUNDS"); s != "" {
		rounds, _ = strconv.Atoi(s)
	}
	// One connection from here on, so that its server process's CPU time can be read.
	d.sql.SetMaxOpenConns(1)
	d.sql.SetConnMaxIdleTime(0)
	d.sql.SetConnMaxLifetime(0)
	meter := newCPUMeter(ctx, d.sql)
	var all, base, baseCPU []time.Duration
	per, cpu := map[string][]time.Duration{}, map[string][]time.Duration{}
	hits := map[string]int{}
	b.ResetTimer()
	for range b.N {
		for i := range rounds {
			for _, q := range queries {
				q.q.Currency, q.q.Limit = "EUR", 20
				q.q.Cap = hitCap
				c0 := meter.read()
				t0 := time.Now()
				res, err := s.Search(tctx, d.client, q.q, sc)
				el := time.Since(t0)
				c1 := meter.read()
				if err != nil {
					b.Fatal(err)
				}
				if i > 0 { // the first round warms caches
					per[q.name] = append(per[q.name], el)
					cpu[q.name] = append(cpu[q.name], c1-c0)
					all = append(all, el)
				}
				hits[q.name] = res.Facets.Total
				c0 = meter.read()
				t0 = time.Now()
				baseline()
				if i > 0 {
					base = append(base, time.Since(t0))
					baseCPU = append(baseCPU, meter.read()-c0)
				}
			}
		}
	}
	b.StopTimer()
	if os.Getenv("MANIFOLD_BENCH_EXPLAIN") != "" {
		ec := ent.NewClient(ent.Driver(explainDriver{Driver: entsql.OpenDB(dialect.Postgres, d.sql)}))
		fmt.Println("==== baseline")
		rows, _ := d.sql.QueryContext(ctx, `SELECT indexdef FROM pg_indexes WHERE tablename = 'search_entries'`)
		for rows.Next() {
			var def string
			_ = rows.Scan(&def)
			fmt.Println(def)
		}
		rows.Close()
		if _, err := ec.SearchEntry.Query().Order(ent.Asc(searchentry.FieldTenantID), ent.Asc(searchentry.FieldID)).Limit(20).All(tctx); err != nil {
			b.Fatal(err)
		}
		for _, q := range queries {
			q.q.Currency, q.q.Limit = "EUR", 20
			fmt.Println("==== ", q.name)
			if _, err := s.Search(tctx, ec, q.q, sc); err != nil {
				b.Fatal(err)
			}
		}
	}
	// Wall-clock time depends on what else the machine runs; the server's CPU time per
	// search (its backend process's, from /proc, when the server is local) much less.
	fmt.Printf("load average %s", loadavg())
	for _, q := range queries {
		ds := per[q.name]
		fmt.Printf("%-20s hits %6d  p50 %7.2f ms  p95 %7.2f ms", q.name, hits[q.name], ms(percentile(ds, .5)), ms(percentile(ds, .95)))
		if meter != nil {
			fmt.Printf("  server CPU p50 %6.2f ms", ms(percentile(cpu[q.name], .5)))
		}
		fmt.Println()
	}
	bp50, bp95 := percentile(base, .5), percentile(base, .95)
	p50, p95 := percentile(all, .5), percentile(all, .95)
	fmt.Printf("baseline SELECT … LIMIT 20: p50 %.2f ms  p95 %.2f ms", ms(bp50), ms(bp95))
	if meter != nil {
		fmt.Printf("  server CPU p50 %.2f ms", ms(percentile(baseCPU, .5)))
	}
	fmt.Println()
	fmt.Printf("search (all queries):      p50 %.2f ms  p95 %.2f ms  (ratio p50 %.1fx, p95 %.1fx; target p95 < 50 ms)\n",
		ms(p50), ms(p95), float64(p50)/float64(bp50), float64(p95)/float64(bp95))
	b.ReportMetric(ms(p50), "p50-ms")
	b.ReportMetric(ms(p95), "p95-ms")
	b.ReportMetric(ms(bp50), "baseline-p50-ms")
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// explainDriver prints EXPLAIN ANALYZE of every query before running it.
type explainDriver struct{ dialect.Driver }

func (d explainDriver) Query(ctx context.Context, query string, args, v any) error {
	var rows entsql.Rows
	if err := d.Driver.Query(ctx, "EXPLAIN (ANALYZE, BUFFERS) "+query, args, &rows); err != nil {
		return err
	}
	var plan []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return err
		}
		plan = append(plan, line)
	}
	rows.Close()
	fmt.Println(query)
	fmt.Println("-- args", sqlLiterals(args))
	fmt.Println(strings.Join(plan, "\n"))
	return d.Driver.Query(ctx, query, args, v)
}

// cpuMeter reads the CPU time a connection's server process has used, from
// /proc/<pid>/schedstat; nil (reading 0) when the server is not on this machine.
type cpuMeter struct{ path string }

func newCPUMeter(ctx context.Context, sdb *sql.DB) *cpuMeter {
	var pid int
	if err := sdb.QueryRowContext(ctx, `SELECT pg_backend_pid()`).Scan(&pid); err != nil {
		return nil
	}
	m := &cpuMeter{path: fmt.Sprintf("/proc/%d/schedstat", pid)}
	if m.read() == 0 {
		return nil
	}
	return m
}

func (m *cpuMeter) read() time.Duration {
	if m == nil {
		return 0
	}
	b, err := os.ReadFile(m.path)
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return 0
	}
	ns, _ := strconv.ParseInt(f[0], 10, 64)
	return time.Duration(ns)
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown\n"
	}
	return string(b)
}

// sqlLiterals writes a query's arguments as SQL literals, in order ($1, $2, …), to paste
// into psql.
func sqlLiterals(args any) string {
	vs, _ := args.([]any)
	out := make([]string, len(vs))
	for i, v := range vs {
		switch x := v.(type) {
		case string:
			out[i] = "'" + strings.ReplaceAll(x, "'", "''") + "'"
		case time.Time:
			out[i] = "'" + x.UTC().Format(time.RFC3339Nano) + "'"
		case uuid.UUID:
			out[i] = "'" + x.String() + "'"
		default:
			out[i] = fmt.Sprint(x)
		}
	}
	return strings.Join(out, ", ")
}
