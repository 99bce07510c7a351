package httpx_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/manifoldhq/manifold/internal/platform/httpx"
	"github.com/manifoldhq/manifold/internal/platform/problem"
)

type key struct {
	CreatedAt time.Time `json:"created_at"`
	ID        uuid.UUID `json:"id"`
}

func TestCursorRoundTrip(t *testing.T) {
	in := key{CreatedAt: time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC), ID: uuid.New()}
	s := httpx.EncodeCursor(in)
	if strings.ContainsAny(s, "+/=") {
		t.Errorf("cursor %q is not base64url without padding", s)
	}
	var out key
	if err := httpx.DecodeCursor(s, &out); err != nil {
		t.Fatal(err)
	}
	if !out.CreatedAt.Equal(in.CreatedAt) || out.ID != in.ID {
		t.Errorf("round trip: %+v != %+v", out, in)
	}
}

func TestCursorTamper(t *testing.T) {
	good := httpx.EncodeCursor(key{ID: uuid.New()})
	for name, s := range map[string]string{
		"not base64":     "!!!",
		"truncated":      good[:len(good)-3],
		"not json":       httpx.EncodeCursor("x")[:2] + "zz",
		"other shape":    httpx.EncodeCursor(map[string]any{"evil": 1}),
		"wrong type":     httpx.EncodeCursor(map[string]any{"id": 42}),
		"trailing data":  good + httpx.EncodeCursor(1),
		"padded std b64": good + "==",
	} {
		var k key
		err := httpx.DecodeCursor(s, &k)
		if !problem.Is(err, problem.KindValidation) {
			t.Errorf("%s: err = %v, want a validation problem", name, err)
			continue
		}
		body, _ := problem.From(err)
		if body.Status != 400 || len(body.Errors) != 1 || body.Errors[0].Field != "query.cursor" {
			t.Errorf("%s: body = %+v", name, body)
		}
	}
}

func parsePage(t *testing.T, query string) (httpx.PageRequest, error) {
	t.Helper()
	e := echo.New()
	req := httptest.NewRequestWithContext(t.Context(), http.MethodGet, "/x?"+query, nil)
	return httpx.ParsePage(e.NewContext(req, httptest.NewRecorder()))
}

func TestParsePage(t *testing.T) {
	cur := httpx.EncodeCursor(uuid.New())
	for _, tt := range []struct {
		query     string
		limit     int
		cursor    string
		badFields []string
	}{
		{query: "", limit: 50},
		{query: "limit=1", limit: 1},
		{query: "limit=200&cursor=" + cur, limit: 200, cursor: cur},
		{query: "limit=0", badFields: []string{"query.limit"}},
		{query: "limit=201", badFields: []string{"query.limit"}},
		{query: "limit=-5", badFields: []string{"query.limit"}},
		{query: "limit=ten", badFields: []string{"query.limit"}},
		{query: "cursor=bad*", badFields: []string{"query.cursor"}},
		{query: "limit=abc&cursor=bad!", badFields: []string{"query.limit", "query.cursor"}},
	} {
		pr, err := parsePage(t, tt.query)
		if tt.badFields != nil {
			if !problem.Is(err, problem.KindValidation) {
				t.Errorf("%q: err = %v, want validation", tt.query, err)
				continue
			}
			body, _ := problem.From(err)
			var fields []string
			for _, f := range body.Errors {
				fields = append(fields, f.Field)
			}
			if !slices.Equal(fields, tt.badFields) {
				t.Errorf("%q: fields = %v, want %v", tt.query, fields, tt.badFields)
			}
			continue
		}
		if err != nil || pr.Limit != tt.limit || pr.Cursor != tt.cursor {
			t.Errorf("%q: got %+v, %v", tt.query, pr, err)
		}
	}
}

// TestPaginate walks a keyset-ordered table page by page.
func TestPaginate(t *testing.T) {
	var rows []uuid.UUID
	for range 7 {
		rows = append(rows, uuid.Must(uuid.NewV7()))
	}
	slices.SortFunc(rows, func(a, b uuid.UUID) int { return strings.Compare(a.String(), b.String()) })

	var fetchedN []int
	fetch := func(_ context.Context, after *uuid.UUID, n int) ([]uuid.UUID, error) {
		fetchedN = append(fetchedN, n)
		var out []uuid.UUID
		for _, r := range rows {
			if after == nil || r.String() > after.String() {
				out = append(out, r)
			}
		}
		return out[:min(n, len(out))], nil
	}
	id := func(u uuid.UUID) uuid.UUID { return u }

	var got []uuid.UUID
	pr := httpx.PageRequest{Limit: 3}
	pages := 0
	for {
		page, err := httpx.Paginate(t.Context(), pr, fetch, id)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		got = append(got, page.Items...)
		if page.NextCursor == "" {
			break
		}
		pr.Cursor = page.NextCursor
	}
	if pages != 3 || !slices.Equal(got, rows) {
		t.Errorf("pages=%d got %v want %v", pages, got, rows)
	}
	if !slices.Equal(fetchedN, []int{4, 4, 4}) {
		t.Errorf("fetch sizes = %v, want limit+1", fetchedN)
	}

	// Exactly limit rows left: no next cursor.
	page, _ := httpx.Paginate(t.Context(), httpx.PageRequest{Limit: 7}, fetch, id)
	if len(page.Items) != 7 || page.NextCursor != "" {
		t.Errorf("exact page: %d items, cursor %q", len(page.Items), page.NextCursor)
	}

	// A tampered cursor never reaches fetch.
	if _, err := httpx.Paginate(t.Context(), httpx.PageRequest{Cursor: "xx", Limit: 3}, fetch, id); !problem.Is(err, problem.KindValidation) {
		t.Errorf("tampered: %v", err)
	}
}

func TestEmptyPageEncodesItemsArray(t *testing.T) {
	page := httpx.NewPage[int, int](nil, 10, func(i int) int { return i })
	b, _ := json.Marshal(page)
	if string(b) != `{"items":[],"next_cursor":""}` {
		t.Errorf("empty page = %s", b)
	}
}
