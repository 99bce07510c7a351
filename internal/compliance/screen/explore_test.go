package screen

import (
	"encoding/json"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/manifoldhq/manifold/internal/compliance/lists"
)

func TestExplore(t *testing.T) {
	if os.Getenv("EXPLORE") == "" {
		t.Skip()
	}
	t0 := time.Now()
	reg, err := lists.LoadShipped(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	t1 := time.Now()
	s, err := New(t.Context(), reg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println("load", t1.Sub(t0), "build", time.Since(t1), s.Stats().Entries, s.Stats().Names, s.Stats().Vocabulary, s.cur.Load().lowInfo)
	for _, q := range []Query{{Name: "Viktor Vekselberg"}, {Name: "Вексельберг Виктор Феликсович"}, {Name: "Mohammed Ali"}, {Name: "Osama bin Laden"}, {Name: "أسامة بن لادن"}, {Name: "Bank Melli Iran"}, {Name: "A. K. Ivanov"}, {Name: "Rosneft Oil Company PJSC"}} {
		r, _ := s.Screen(t.Context(), q)
		rb, _ := s.ScreenBrute(t.Context(), q)
		fmt.Println("==", q.Name, r.Decision, len(r.Matches), len(rb.Matches))
		for i, m := range r.Matches {
			if i > 3 {
				break
			}
			j, _ := json.Marshal(m)
			fmt.Println(string(j))
		}
	}
}
