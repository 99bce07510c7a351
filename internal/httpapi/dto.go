package httpapi

import (
	"encoding/json"

	"github.com/manifoldhq/manifold/api"
	"github.com/manifoldhq/manifold/ent"
)

func tenantDTO(t *ent.Tenant) api.Tenant {
	return api.Tenant{
		Id: t.ID, Slug: t.Slug, Name: t.Name, Model: api.MarketplaceModel(t.Model),
		DefaultCurrency: t.DefaultCurrency, CommissionBps: t.CommissionBps,
		ComplianceLevel: api.TenantComplianceLevel(t.ComplianceLevel), CreatedAt: t.CreatedAt,
	}
}

func apiKeyDTO(k *ent.APIKey) api.APIKey {
	return api.APIKey{
		Id: k.ID, Name: k.Name, Prefix: k.Prefix, OrganizationId: k.OrganizationID, Role: api.Role(k.Role),
		CreatedAt: k.CreatedAt, ExpiresAt: k.ExpiresAt, RevokedAt: k.RevokedAt, LastUsedAt: k.LastUsedAt,
	}
}

func membershipDTO(m *ent.Membership) api.Membership {
	out := api.Membership{Id: m.ID, UserId: m.UserID, OrganizationId: m.OrganizationID, Role: api.Role(m.Role)}
	if m.Edges.User != nil {
		out.UserEmail = m.Edges.User.Email
	}
	return out
}

func auditDTO(e *ent.AuditEvent) api.AuditEvent {
	out := api.AuditEvent{
		Id: e.ID, Seq: e.Seq, Actor: e.Actor, Action: e.Action, SubjectType: e.SubjectType,
		SubjectId: e.SubjectID, CreatedAt: e.CreatedAt, Hash: e.Hash, PrevHash: e.PrevHash,
		RequestId: opt(e.RequestID), Before: jsonObject(e.Before), After: jsonObject(e.After),
	}
	return out
}

func jsonObject(b []byte) *map[string]any {
	if len(b) == 0 {
		return nil
	}
	var m map[string]any
	if json.Unmarshal(b, &m) != nil {
		return nil
	}
	return &m
}

func opt(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
