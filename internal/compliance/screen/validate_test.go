package screen

import (
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"
)

func TestQuery_Validate(t *testing.T) {
	tests := []struct {
		q     Query
		field string
	}{
		{Query{Name: ""}, "name"},
		{Query{Name: "   "}, "name"},
		{Query{Name: "..."}, "name"},
		{Query{Name: strings.Repeat("a", 1001)}, "name"},
		{Query{Name: "Ivan\x00ov"}, "name"},
		{Query{Name: "Ivan\nov"}, "name"},
		{Query{Name: "Ivanov", Kind: "robot"}, "kind"},
		{Query{Name: "Ivanov", Country: "Atlantis"}, "country"},
		{Query{Name: "Ivanov", BirthDate: "12/03/1970"}, "birth_date"},
		{Query{Name: "Ivanov", Kind: "individual", Country: "RU", BirthDate: "1970-03"}, ""},
	}
	for _, tt := range tests {
		err := tt.q.Validate()
		var ve *ValidationError
		switch {
		case tt.field == "" && err != nil:
			t.Errorf("%+v: unexpected %v", tt.q, err)
		case tt.field != "" && (!errors.As(err, &ve) || ve.Field != tt.field || !errors.Is(err, ErrValidation)):
			t.Errorf("%+v: got %v, want a validation error on %s", tt.q, err, tt.field)
		}
	}
}

func TestScreener_ResultAndRebuild(t *testing.T) {
	s := shippedScreener(t)
	r, err := s.Screen(t.Context(), Query{Name: "Viktor Vekselberg", Country: "RU"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Decision != DecisionPotentialMatch || len(r.Matches) == 0 || r.Matches[0].EntityID != "24306" {
		t.Fatalf("got %+v", r)
	}
	m := r.Matches[0]
	if len(m.Why.Pairs) == 0 || m.Programs == nil || len(r.ListVersions) < 5 || m.ListVersion == "" {
		t.Errorf("explanation or versions missing: %+v", r)
	}
	r, _ = s.Screen(t.Context(), Query{Name: "Zzyzx Quuxbert"})
	if r.Decision != DecisionClear || r.Matches == nil {
		t.Errorf("got %+v", r)
	}
	if _, err := s.Screen(t.Context(), Query{Name: ""}); !errors.Is(err, ErrValidation) {
		t.Errorf("empty name: %v", err)
	}
	// Refresh with no registry change keeps the same index.
	before := s.cur.Load()
	if err := s.Refresh(t.Context()); err != nil || s.cur.Load() != before {
		t.Errorf("refresh without change rebuilt the index: %v", err)
	}
}

// TestScreener_Concurrent: screenings from several goroutines, while the
// index's memo of token expansions fills, return what one goroutine gets.
func TestScreener_Concurrent(t *testing.T) {
	s := shippedScreener(t)
	qs := benchMix(t)
	n := 400
	if raceEnabled || testing.Short() {
		n = 80
	}
	qs = qs[:n]
	s.cur.Load().ix.ClearMemo()
	const workers = 4
	got := make([][]Result, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range qs {
				q := qs[(i+w*n/workers)%n] // different orders
				r, err := s.Screen(t.Context(), q)
				if err != nil {
					t.Error(err)
					return
				}
				got[w] = append(got[w], r)
			}
		})
	}
	wg.Wait()
	for i, q := range qs {
		want, err := s.Screen(t.Context(), q)
		if err != nil {
			t.Fatal(err)
		}
		for w := range workers {
			if r := got[w][(i-w*n/workers+n)%n]; !reflect.DeepEqual(r, want) {
				t.Fatalf("%q: goroutine %d got %+v, want %+v", q.Name, w, r, want)
			}
		}
	}
}
