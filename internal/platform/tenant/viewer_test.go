package tenant

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"
)

func TestOrganizationsWhere_DistinctOrganizationsOfTheRolesAsked(t *testing.T) {
	a, b, c := uuid.New(), uuid.New(), uuid.New()
	v := &Viewer{TenantID: uuid.New(), Grants: []Grant{
		{OrganizationID: a, Role: "seller_admin"}, {OrganizationID: a, Role: "seller_catalog"},
		{OrganizationID: b, Role: "seller_ops"}, {OrganizationID: c, Role: "buyer_admin"},
	}}
	sellers := func(r string) bool { return strings.HasPrefix(r, "seller_") }
	catalog := func(r string) bool { return r == "seller_admin" || r == "seller_catalog" }
	for _, tt := range []struct {
		name string
		got  []uuid.UUID
		want []uuid.UUID
	}{
		{"any seller role", v.OrganizationsWhere(sellers), []uuid.UUID{a, b}},
		{"catalog roles", v.OrganizationsWhere(catalog), []uuid.UUID{a}},
		{"every organization", v.OrganizationIDs(), []uuid.UUID{a, b, c}},
		{"none", v.OrganizationsWhere(func(string) bool { return false }), []uuid.UUID{}},
	} {
		if !slices.Equal(tt.got, tt.want) || tt.got == nil {
			t.Errorf("%s: %v, want %v", tt.name, tt.got, tt.want)
		}
	}
	var none *Viewer
	if got := none.OrganizationsWhere(sellers); got != nil {
		t.Errorf("nil viewer: %v", got)
	}
}
