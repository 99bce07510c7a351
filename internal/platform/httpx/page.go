package httpx

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/manifoldhq/manifold/internal/platform/problem"
)

// Page limits.
const (
	DefaultPageLimit = 50
	MaxPageLimit     = 200
)

// Page is the shape of every list response.
type Page[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor"`
}

// PageRequest is a parsed ?cursor=&limit=. Cursor is opaque (see DecodeCursor).
type PageRequest struct {
	Cursor string
	Limit  int
}

// ParsePage reads ?cursor= and ?limit= (default 50, 1..200). A bad limit or a cursor
// that is not one of ours is a validation problem naming query.limit or query.cursor.
func ParsePage(c echo.Context) (PageRequest, error) {
	pr := PageRequest{Cursor: c.QueryParam("cursor"), Limit: DefaultPageLimit}
	var fields problem.Fields
	if s := c.QueryParam("limit"); s != "" {
		n, err := strconv.Atoi(s)
		switch {
		case err != nil:
			fields.Add("query.limit", "must be an integer")
		case n < 1 || n > MaxPageLimit:
			fields.Add("query.limit", "must be between 1 and %d", MaxPageLimit)
		default:
			pr.Limit = n
		}
	}
	if pr.Cursor != "" {
		var raw json.RawMessage
		if err := DecodeCursor(pr.Cursor, &raw); err != nil {
			fields.Add("query.cursor", "is not a valid cursor")
		}
	}
	if err := fields.Err("invalid pagination parameters"); err != nil {
		return PageRequest{}, err
	}
	return pr, nil
}

// EncodeCursor returns v as an opaque cursor (base64url of its JSON). v must be
// JSON-marshalable; a value that is not is a programming error and panics.
func EncodeCursor(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("httpx: cursor not marshalable: %v", err))
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// DecodeCursor decodes a cursor made by EncodeCursor into v. A cursor that is not
// base64url, not JSON, has unknown fields or trailing data is a 400 problem naming
// query.cursor. Cursors are not signed: they are positions, not capabilities; the data
// layer still scopes every query to the viewer's tenant.
func DecodeCursor(s string, v any) error {
	bad := problem.Validation("invalid cursor", problem.Field("query.cursor", "is not a valid cursor"))
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		bad.Cause = err
		return bad
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		bad.Cause = err
		return bad
	}
	if dec.More() {
		bad.Cause = fmt.Errorf("trailing data in cursor")
		return bad
	}
	return nil
}

// After decodes req.Cursor into a K: nil when there is no cursor (first page).
func After[K any](req PageRequest) (*K, error) {
	if req.Cursor == "" {
		return nil, nil
	}
	var k K
	if err := DecodeCursor(req.Cursor, &k); err != nil {
		return nil, err
	}
	return &k, nil
}

// NewPage builds a page from up to limit+1 rows fetched in keyset order: when there are
// more than limit, it keeps limit and the cursor is key(last kept row). Items is never
// nil, so it encodes as [].
func NewPage[T, K any](rows []T, limit int, key func(T) K) Page[T] {
	p := Page[T]{Items: rows}
	if len(rows) > limit {
		p.Items = rows[:limit]
		p.NextCursor = EncodeCursor(key(rows[limit-1]))
	}
	if p.Items == nil {
		p.Items = []T{}
	}
	return p
}

// Paginate runs a keyset query: it decodes the cursor into the key of the last row of
// the previous page (nil on the first page), calls fetch for up to limit+1 rows
// strictly after it, and returns the page. K is e.g. uuid.UUID (UUIDv7 ids are
// time-ordered, so keyset on id alone is fine) or struct{ CreatedAt time.Time; ID
// uuid.UUID } with JSON tags.
//
//	page, err := httpx.Paginate(ctx, pr,
//		func(ctx context.Context, after *uuid.UUID, n int) ([]*ent.Product, error) {
//			q := client.Product.Query().Order(ent.Asc(product.FieldID)).Limit(n)
//			if after != nil {
//				q = q.Where(product.IDGT(*after))
//			}
//			return q.All(ctx)
//		},
//		func(p *ent.Product) uuid.UUID { return p.ID })
func Paginate[T, K any](ctx context.Context, req PageRequest, fetch func(ctx context.Context, after *K, n int) ([]T, error), key func(T) K) (Page[T], error) {
	limit := req.Limit
	if limit <= 0 {
		limit = DefaultPageLimit
	}
	limit = min(limit, MaxPageLimit)
	after, err := After[K](req)
	if err != nil {
		return Page[T]{}, err
	}
	rows, err := fetch(ctx, after, limit+1)
	if err != nil {
		return Page[T]{}, err
	}
	return NewPage(rows, limit, key), nil
}
