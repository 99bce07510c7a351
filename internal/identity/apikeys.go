package identity

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/apikey"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/problem"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// CreateAPIKeyInput asks for a machine credential for one organization and role.
type CreateAPIKeyInput struct {
	Name           string
	OrganizationID uuid.UUID
	Role           string
	ExpiresAt      *time.Time
}

// Validate checks the input's shape.
func (in *CreateAPIKeyInput) Validate() error {
	var f problem.Fields
	in.Name = strings.TrimSpace(in.Name)
	if in.Name == "" || len(in.Name) > 100 {
		f.Add("/name", "is required, at most 100 characters")
	}
	if in.OrganizationID == uuid.Nil {
		f.Add("/organization_id", "is required")
	}
	if apikey.RoleValidator(apikey.Role(in.Role)) != nil {
		f.Add("/role", "is not a role")
	}
	if in.ExpiresAt != nil && !in.ExpiresAt.After(time.Now()) {
		f.Add("/expires_at", "must be in the future")
	}
	return f.Err("api key request is invalid")
}

// CreatedAPIKey carries the full key, which is shown once and never stored.
type CreatedAPIKey struct {
	Key    *ent.APIKey
	Secret string
}

// isAdmin reports whether the viewer administers the whole marketplace.
func isAdmin(v *tenant.Viewer) bool { return slices.Contains(v.Roles(), "marketplace_admin") }

// CreateAPIKey issues a key. A principal may only issue keys for an organization it
// belongs to, with a role it holds there; marketplace admins may issue any.
func (s *Service) CreateAPIKey(ctx context.Context, in CreateAPIKeyInput) (*CreatedAPIKey, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	v := tenant.FromContext(ctx)
	if v.UserID == uuid.Nil {
		return nil, problem.Forbidden("API keys are issued by users")
	}
	if !isAdmin(v) && !slices.Contains(v.Grants, tenant.Grant{OrganizationID: in.OrganizationID, Role: in.Role}) {
		return nil, problem.Forbidden("you can only issue keys for a role you hold in that organization")
	}
	if _, err := s.db.Client.Organization.Get(ctx, in.OrganizationID); err != nil {
		if ent.IsNotFound(err) {
			return nil, problem.Validation("api key request is invalid", problem.Field("/organization_id", "no such organization"))
		}
		return nil, err
	}
	secret, prefix := newAPIKey()
	var k *ent.APIKey
	err := db.WithTx(ctx, s.db.Client, func(tx *ent.Tx) error {
		var err error
		k, err = tx.APIKey.Create().SetName(in.Name).SetPrefix(prefix).SetKeyHash(hashToken(secret)).
			SetOrganizationID(in.OrganizationID).SetRole(apikey.Role(in.Role)).SetCreatedBy(v.UserID).
			SetNillableExpiresAt(in.ExpiresAt).Save(ctx)
		if err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, "api_key.create", "api_key", k.ID.String(), nil,
			map[string]any{"name": k.Name, "prefix": k.Prefix, "organization_id": k.OrganizationID, "role": k.Role})
	})
	if err != nil {
		return nil, err
	}
	return &CreatedAPIKey{Key: k, Secret: secret}, nil
}

// APIKeys returns a page of keys visible to the viewer (its organizations' keys; all
// for marketplace admins), newest first, after the cursor id.
func (s *Service) APIKeys(ctx context.Context, after uuid.UUID, limit int) ([]*ent.APIKey, error) {
	v := tenant.FromContext(ctx)
	q := s.db.Client.APIKey.Query().Order(ent.Desc(apikey.FieldID)).Limit(limit)
	if !isAdmin(v) {
		q = q.Where(apikey.OrganizationIDIn(v.OrganizationIDs()...))
	}
	if after != uuid.Nil {
		q = q.Where(apikey.IDLT(after))
	}
	return q.All(ctx)
}

// RevokeAPIKey revokes a key of one of the viewer's organizations (any for admins).
func (s *Service) RevokeAPIKey(ctx context.Context, id uuid.UUID) error {
	v := tenant.FromContext(ctx)
	err := db.WithTx(ctx, s.db.Client, func(tx *ent.Tx) error {
		k, err := tx.APIKey.Get(ctx, id)
		if ent.IsNotFound(err) || (err == nil && !isAdmin(v) && !slices.Contains(v.OrganizationIDs(), k.OrganizationID)) {
			return problem.NotFound("api key not found")
		}
		if err != nil {
			return err
		}
		if k.RevokedAt != nil {
			return nil
		}
		if err := tx.APIKey.UpdateOne(k).SetRevokedAt(time.Now().UTC()).Exec(ctx); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, "api_key.revoke", "api_key", k.ID.String(), map[string]any{"revoked": false}, map[string]any{"revoked": true})
	})
	if err == nil {
		s.revoked(ctx, revocation{APIKeyID: id})
	}
	return err
}
