package parties

import (
	"errors"
	"strings"
	"testing"

	"github.com/manifoldhq/manifold/ent/schematype"
	"github.com/manifoldhq/manifold/internal/platform/problem"
)

func TestCompany_BeneficialOwners(t *testing.T) {
	base := func(owners ...schematype.BeneficialOwner) Company {
		return Company{LegalName: "Rhein Spezialchemie GmbH", Country: "DE", BeneficialOwners: owners}
	}
	cases := []struct {
		name   string
		owners []schematype.BeneficialOwner
		errs   []string // field pointers expected in the error, none: valid
	}{
		{"none", nil, nil},
		{"individual and holding", []schematype.BeneficialOwner{
			{Name: "  Anna   Keller ", Country: "de", BirthDate: "1971-04-02", SharePct: 60},
			{Name: "Keller Holding AG", Kind: "entity", Country: "CH", SharePct: 40}}, nil},
		{"birth year only", []schematype.BeneficialOwner{{Name: "Jon Berg", BirthDate: "1980", SharePct: 10}}, nil},
		{"control without shares", []schematype.BeneficialOwner{{Name: "Jon Berg", SharePct: 0}}, nil},
		{"every field wrong", []schematype.BeneficialOwner{{Name: "X", Kind: "trust", Country: "ZZ", BirthDate: "02/04/1971", SharePct: 101}},
			[]string{"/beneficial_owners/0/name", "/beneficial_owners/0/kind", "/beneficial_owners/0/country", "/beneficial_owners/0/birth_date", "/beneficial_owners/0/share_pct"}},
		{"birth date of a company", []schematype.BeneficialOwner{{Name: "Keller Holding AG", Kind: "entity", BirthDate: "1990", SharePct: 5}},
			[]string{"/beneficial_owners/0/birth_date"}},
		{"impossible month", []schematype.BeneficialOwner{{Name: "Jon Berg", BirthDate: "1980-13", SharePct: 5}},
			[]string{"/beneficial_owners/0/birth_date"}},
		{"shares over 100", []schematype.BeneficialOwner{{Name: "Anna Keller", SharePct: 70}, {Name: "Jon Berg", SharePct: 40}},
			[]string{"/beneficial_owners"}},
		{"too many", make([]schematype.BeneficialOwner, MaxBeneficialOwners+1), []string{"/beneficial_owners"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := base(tc.owners...)
			err := c.Validate("")
			if len(tc.errs) == 0 {
				if err != nil {
					t.Fatalf("valid owners refused: %v", err)
				}
				for _, b := range c.BeneficialOwners {
					if b.Kind == "" || strings.Contains(b.Name, "  ") || (b.Country != "" && b.Country != strings.ToUpper(b.Country)) {
						t.Fatalf("not normalised: %+v", b)
					}
				}
				return
			}
			if err == nil {
				t.Fatal("invalid owners accepted")
			}
			var pe *problem.Error
			if !errors.As(err, &pe) {
				t.Fatalf("not a problem: %v", err)
			}
			got := map[string]bool{}
			for _, f := range pe.Fields {
				got[f.Field] = true
			}
			for _, f := range tc.errs {
				if !got[f] {
					t.Fatalf("missing %s in %+v", f, pe.Fields)
				}
			}
		})
	}
}
