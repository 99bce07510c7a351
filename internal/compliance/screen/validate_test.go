package screen

import (
	"errors"
	"strings"
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
