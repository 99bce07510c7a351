package seed

import (
	"github.com/manifoldhq/manifold/ent/membership"
	"github.com/manifoldhq/manifold/ent/organization"
)

func organizationKind(k string) organization.Kind { return organization.Kind(k) }
func membershipRole(r string) membership.Role     { return membership.Role(r) }
