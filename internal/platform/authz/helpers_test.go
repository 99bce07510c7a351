package authz

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"os"
	"testing"

	"github.com/casbin/casbin/v2/model"
	"github.com/casbin/casbin/v2/persist"
	"github.com/google/uuid"
	"github.com/redis/go-redis/v9"

	"github.com/manifoldhq/manifold/ent"
	enttenant "github.com/manifoldhq/manifold/ent/tenant"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

func testLogger() *slog.Logger {
	if testing.Verbose() {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.DiscardHandler)
}

// testChannel is a pub/sub channel of this test alone: channels are server-wide, not
// per Redis database, so parallel test packages would otherwise hear each other.
func testChannel() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return DefaultChannel + ":test:" + hex.EncodeToString(b)
}

func newTestManager(t testing.TB, client *ent.Client, rdb redis.UniversalClient, opts ...Option) *Manager {
	t.Helper()
	m, err := NewManager(client, rdb, testLogger(), 64, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// newTenant creates a tenant row of the given model.
func newTenant(t testing.TB, d *db.DB, slug string, mdl tenant.Model) uuid.UUID {
	t.Helper()
	sys := tenant.SystemContext(t.Context(), tenant.SystemTest)
	tn, err := d.Client.Tenant.Create().SetSlug(slug).SetName(slug).SetModel(enttenant.Model(mdl)).
		SetDefaultCurrency("EUR").Save(sys)
	if err != nil {
		t.Fatalf("create tenant %s: %v", slug, err)
	}
	return tn.ID
}

// newTenantWithPack creates a tenant and installs its model's pack in one transaction,
// as the tenants service does.
func newTenantWithPack(t testing.TB, d *db.DB, m *Manager, slug string, mdl tenant.Model) uuid.UUID {
	t.Helper()
	tid := newTenant(t, d, slug, mdl)
	sys := tenant.SystemContext(t.Context(), tenant.SystemTest)
	if err := db.WithTx(sys, d.Client, func(tx *ent.Tx) error {
		return m.InstallPack(sys, tx, tid, mdl)
	}); err != nil {
		t.Fatalf("install pack %s: %v", mdl, err)
	}
	return tid
}

func viewer(tid uuid.UUID, roles ...string) *tenant.Viewer {
	v := &tenant.Viewer{TenantID: tid, UserID: uuid.New()}
	for _, r := range roles {
		v.Grants = append(v.Grants, tenant.Grant{OrganizationID: uuid.New(), Role: r})
	}
	return v
}

func mustPack(t testing.TB, mdl tenant.Model) []Rule {
	t.Helper()
	rules, err := Pack(mdl)
	if err != nil {
		t.Fatal(err)
	}
	return rules
}

// memAdapter serves fixed rules of one tenant from memory. Tests and the benchmark use
// it to build enforcers through Manager.build without a database.
type memAdapter struct {
	tid   uuid.UUID
	rules []Rule
}

var (
	_ persist.Adapter                = (*memAdapter)(nil)
	_ persist.ContextFilteredAdapter = (*memAdapter)(nil)
)

var errReadOnly = errors.New("memAdapter is read-only")

func (a *memAdapter) LoadFilteredPolicyCtx(_ context.Context, m model.Model, filter any) error {
	tid, err := filterTenant(filter)
	if err != nil {
		return err
	}
	if tid != a.tid {
		return ErrOtherTenant
	}
	dom := tid.String()
	for _, r := range a.rules {
		if err := persist.LoadPolicyArray(append([]string{string(r.Type)}, r.casbin(dom)...), m); err != nil {
			return err
		}
	}
	return nil
}
func (a *memAdapter) LoadFilteredPolicy(m model.Model, filter any) error {
	return a.LoadFilteredPolicyCtx(context.Background(), m, filter)
}
func (a *memAdapter) IsFiltered() bool                                 { return true }
func (a *memAdapter) IsFilteredCtx(context.Context) bool               { return true }
func (a *memAdapter) LoadPolicy(model.Model) error                     { return ErrUnfiltered }
func (a *memAdapter) LoadPolicyCtx(context.Context, model.Model) error { return ErrUnfiltered }
func (a *memAdapter) SavePolicy(model.Model) error                     { return errReadOnly }
func (a *memAdapter) SavePolicyCtx(context.Context, model.Model) error { return errReadOnly }
func (a *memAdapter) AddPolicy(string, string, []string) error         { return errReadOnly }
func (a *memAdapter) AddPolicyCtx(context.Context, string, string, []string) error {
	return errReadOnly
}
func (a *memAdapter) RemovePolicy(string, string, []string) error { return errReadOnly }
func (a *memAdapter) RemovePolicyCtx(context.Context, string, string, []string) error {
	return errReadOnly
}
func (a *memAdapter) RemoveFilteredPolicy(string, string, int, ...string) error { return errReadOnly }
func (a *memAdapter) RemoveFilteredPolicyCtx(context.Context, string, string, int, ...string) error {
	return errReadOnly
}

// preload builds the tenant's enforcer from rules and caches it, through the same
// build and cache code as a database load.
func (m *Manager) preload(ctx context.Context, tid uuid.UUID, rules []Rule) (*entry, error) {
	e, err := m.build(ctx, tid, &memAdapter{tid: tid, rules: rules})
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	m.cache.Add(tid, e)
	m.mu.Unlock()
	return e, nil
}
