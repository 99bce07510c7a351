package catalog

import (
	"context"
	"strings"

	"entgo.io/ent/dialect/sql"
	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent/product"
	"github.com/manifoldhq/manifold/internal/catalog/masterdata"
	"github.com/manifoldhq/manifold/internal/catalog/search"
	"github.com/manifoldhq/manifold/internal/platform/money"
	"github.com/manifoldhq/manifold/internal/platform/problem"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// SearchInput is a catalog search as asked over the API.
type SearchInput struct {
	Q         string
	Currency  string // empty: the marketplace's currency
	SellerIDs []uuid.UUID
	Origins   []string
	Chapters  []string
	Incoterms []string
	PriceMin  *int64
	PriceMax  *int64
	Available *bool
	After     *search.Cursor
	Limit     int
}

// Search runs a ranked, faceted search over the products the viewer may see (the rules
// of GetProduct), counting only the offers the viewer could order now (the rules of
// ListOffers) for prices, Incoterms and availability.
func (s *Service) Search(ctx context.Context, in SearchInput) (search.Result, error) {
	q, err := s.searchQuery(ctx, in)
	if err != nil {
		return search.Result{}, err
	}
	sc, err := s.scope(ctx)
	if err != nil {
		return search.Result{}, err
	}
	return s.searcher.Search(ctx, s.db.Client, q, sc)
}

func (s *Service) searchQuery(ctx context.Context, in SearchInput) (search.Query, error) {
	var f problem.Fields
	text, err := search.ParseText(strings.TrimSpace(in.Q))
	pf, err := fieldsOf(err)
	if err != nil {
		return search.Query{}, err
	}
	f = append(f, pf...)
	q := search.Query{Text: text, SellerIDs: in.SellerIDs, After: in.After, Limit: in.Limit,
		PriceMin: in.PriceMin, PriceMax: in.PriceMax, Available: in.Available}
	q.Currency = strings.ToUpper(strings.TrimSpace(in.Currency))
	if q.Currency == "" {
		t, err := s.db.Client.Tenant.Get(ctx, tenant.FromContext(ctx).TenantID)
		if err != nil {
			return search.Query{}, err
		}
		q.Currency = t.DefaultCurrency
	}
	if _, err := money.ParseCurrency(q.Currency); err != nil {
		f.Add("query.currency", "is not an ISO 4217 currency code")
	}
	for _, o := range in.Origins {
		o = strings.ToUpper(strings.TrimSpace(o))
		if len(o) != 2 {
			f.Add("query.origin", "%q is not an ISO 3166 alpha-2 country code", o)
		}
		q.Origins = append(q.Origins, o)
	}
	for _, c := range in.Chapters {
		c = strings.TrimSpace(c)
		if len(c) != 2 || c[0] < '0' || c[0] > '9' || c[1] < '0' || c[1] > '9' {
			f.Add("query.hs_chapter", "%q is not a two-digit HS chapter", c)
		}
		q.Chapters = append(q.Chapters, c)
	}
	for _, t := range in.Incoterms {
		rule, err := masterdata.ParseIncoterm(t)
		if err != nil {
			f.Add("query.incoterm", "%q is not an Incoterms 2020 rule", t)
		}
		q.Incoterms = append(q.Incoterms, string(rule))
	}
	if (in.PriceMin != nil && *in.PriceMin < 0) || (in.PriceMax != nil && *in.PriceMax < 0) {
		f.Add("query.price_min", "prices are non-negative minor units")
	}
	if in.PriceMin != nil && in.PriceMax != nil && *in.PriceMin > *in.PriceMax {
		f.Add("query.price_max", "must not be below price_min")
	}
	return q, f.Err("invalid search")
}

// scope is what the viewer sees: staff everything; a member its organizations' products
// and offers; a buyer organization the offers for everyone, for it and for its groups.
func (s *Service) scope(ctx context.Context) (search.Scope, error) {
	v := tenant.FromContext(ctx)
	sc := search.Scope{All: operatorSide(v), OwnSellers: memberOrgs(v), Now: s.now()}
	b, ok, err := s.buyer(ctx, s.db.Client)
	if err != nil || !ok {
		return sc, err
	}
	sc.Audiences = append(sc.Audiences, search.AudienceAll, search.AudienceOrg(b.OrganizationID))
	for _, g := range b.GroupIDs {
		sc.Audiences = append(sc.Audiences, search.AudienceGroup(g))
	}
	sc.Groups = b.GroupIDs
	return sc, nil
}

// matchText restricts a product query to the search index's text matches.
func (s *Service) matchText(q string) (func(*sql.Selector), error) {
	text, err := search.ParseText(strings.TrimSpace(q))
	if err != nil {
		return nil, err
	}
	return func(sel *sql.Selector) {
		s.searcher.Matching(sel, sel.C(product.FieldID), sel.C(product.FieldTenantID), text)
	}, nil
}
