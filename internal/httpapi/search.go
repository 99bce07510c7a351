package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/manifoldhq/manifold/api"
	"github.com/manifoldhq/manifold/internal/catalog"
	"github.com/manifoldhq/manifold/internal/catalog/search"
	"github.com/manifoldhq/manifold/internal/platform/httpx"
)

// searchPageLimit is the default page of a search (the spec caps it at 100).
const searchPageLimit = 20

func (s *Server) SearchCatalog(c echo.Context, p api.SearchCatalogParams) error {
	in := catalog.SearchInput{Limit: searchPageLimit, PriceMin: p.PriceMin, PriceMax: p.PriceMax, Available: p.Available}
	if p.Q != nil {
		in.Q = *p.Q
	}
	if p.Currency != nil {
		in.Currency = *p.Currency
	}
	if p.Limit != nil {
		in.Limit = *p.Limit
	}
	if p.SellerId != nil {
		in.SellerIDs = *p.SellerId
	}
	if p.Origin != nil {
		in.Origins = *p.Origin
	}
	if p.HsChapter != nil {
		in.Chapters = *p.HsChapter
	}
	if p.Incoterm != nil {
		in.Incoterms = *p.Incoterm
	}
	if p.Cursor != nil && *p.Cursor != "" {
		var cur search.Cursor
		if err := httpx.DecodeCursor(*p.Cursor, &cur); err != nil {
			return err
		}
		in.After = &cur
	}
	res, err := s.Catalog.Search(c.Request().Context(), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toSearchDTO(res))
}

func toSearchDTO(r search.Result) api.SearchResult {
	out := api.SearchResult{Currency: r.Currency, Items: make([]api.SearchHit, 0, len(r.Hits))}
	if r.Next != nil {
		out.NextCursor = httpx.EncodeCursor(r.Next)
	}
	for _, h := range r.Hits {
		d := api.SearchHit{Id: h.ID, Sku: h.SKU, Name: h.Name, SellerId: h.SellerID, SellerName: h.SellerName,
			CountryOfOrigin: h.OriginCountry, HsChapter: h.HSChapter, Unit: h.Unit, Published: h.Published,
			Score: float32(h.Rank), Incoterms: h.Incoterms, Available: h.Available, LeadTimeDays: h.LeadTimeDays}
		if h.BestPrice != nil {
			d.BestPrice = &api.Money{Amount: *h.BestPrice, Currency: r.Currency}
		}
		out.Items = append(out.Items, d)
	}
	f := r.Facets
	out.Facets = api.SearchFacets{Total: f.Total, Capped: f.Capped, Seller: facetDTO(f.Sellers), Origin: facetDTO(f.Origins),
		HsChapter: facetDTO(f.Chapters), Incoterm: facetDTO(f.Incoterms), Price: []api.SearchPriceBucket{}}
	out.Facets.Available.True, out.Facets.Available.False = f.Available, f.NotAvailable
	for _, b := range f.Prices {
		out.Facets.Price = append(out.Facets.Price, api.SearchPriceBucket{Min: b.Min, Max: b.Max, Count: b.Count})
	}
	return out
}

func facetDTO(cs []search.Count) []api.SearchFacetValue {
	out := make([]api.SearchFacetValue, 0, len(cs))
	for _, c := range cs {
		v := api.SearchFacetValue{Value: c.Value, Count: c.Count}
		if c.Label != "" {
			label := c.Label
			v.Label = &label
		}
		out = append(out, v)
	}
	return out
}
