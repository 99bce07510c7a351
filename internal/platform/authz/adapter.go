package authz

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/casbin/casbin/v2/model"
	"github.com/casbin/casbin/v2/persist"
	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/policyrule"
	"github.com/manifoldhq/manifold/ent/predicate"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// ErrUnfiltered is returned by LoadPolicy on an adapter that has not loaded a tenant:
// a full load would mix every tenant's rules into one enforcer.
var ErrUnfiltered = errors.New("authz: policy loads are per tenant; use LoadFilteredPolicy with a tenant id")

// ErrOtherTenant is returned when a rule or filter names a tenant other than the one the
// adapter is bound to.
var ErrOtherTenant = errors.New("authz: rule belongs to another tenant")

// batchSize bounds the rules per statement (PostgreSQL allows 65535 parameters, SQLite
// 32766; a rule binds at most ten).
const batchSize = 500

// Adapter stores casbin rules in the PolicyRule table. It only ever loads one tenant (the
// filter is the tenant id) and does every query under a viewer for that tenant, so the
// ent privacy filter holds; the first filtered load binds the adapter to that tenant and
// writes naming another tenant are refused. The tenant of a written rule is its domain
// field (p: v1, g: v2).
//
// Use one Adapter per enforcer. Built on a transactional client (tx.Client()), every
// write joins that transaction.
type Adapter struct {
	client *ent.Client
	// ctx serves casbin's interface methods that take no context; the *Ctx variants
	// use their own.
	ctx context.Context

	mu     sync.Mutex
	tenant uuid.UUID
}

var (
	_ persist.Adapter                 = (*Adapter)(nil)
	_ persist.BatchAdapter            = (*Adapter)(nil)
	_ persist.FilteredAdapter         = (*Adapter)(nil)
	_ persist.UpdatableAdapter        = (*Adapter)(nil)
	_ persist.ContextAdapter          = (*Adapter)(nil)
	_ persist.ContextBatchAdapter     = (*Adapter)(nil)
	_ persist.ContextFilteredAdapter  = (*Adapter)(nil)
	_ persist.ContextUpdatableAdapter = (*Adapter)(nil)
)

// NewAdapter returns an unbound adapter on client. ctx is used by the casbin methods
// that carry no context of their own.
func NewAdapter(ctx context.Context, client *ent.Client) *Adapter {
	return &Adapter{client: client, ctx: ctx}
}

// Tenant returns the tenant the adapter is bound to, or uuid.Nil.
func (a *Adapter) Tenant() uuid.UUID {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.tenant
}

// IsFiltered is always true: the adapter never holds more than one tenant, so casbin
// must neither load everything when the enforcer is built nor let SavePolicy overwrite
// the table from a partial view.
func (a *Adapter) IsFiltered() bool { return true }

// IsFilteredCtx is IsFiltered.
func (a *Adapter) IsFilteredCtx(context.Context) bool { return true }

// LoadPolicy reloads the bound tenant; an unbound adapter returns ErrUnfiltered.
func (a *Adapter) LoadPolicy(m model.Model) error { return a.LoadPolicyCtx(a.ctx, m) }

// LoadPolicyCtx is LoadPolicy with a context.
func (a *Adapter) LoadPolicyCtx(ctx context.Context, m model.Model) error {
	tid := a.Tenant()
	if tid == uuid.Nil {
		return ErrUnfiltered
	}
	return a.load(ctx, m, tid)
}

// LoadFilteredPolicy loads one tenant's rules into m; filter is the tenant id
// (uuid.UUID or its string form). It binds the adapter to that tenant.
func (a *Adapter) LoadFilteredPolicy(m model.Model, filter any) error {
	return a.LoadFilteredPolicyCtx(a.ctx, m, filter)
}

// LoadFilteredPolicyCtx is LoadFilteredPolicy with a context.
func (a *Adapter) LoadFilteredPolicyCtx(ctx context.Context, m model.Model, filter any) error {
	tid, err := filterTenant(filter)
	if err != nil {
		return err
	}
	a.mu.Lock()
	switch a.tenant {
	case uuid.Nil:
		a.tenant = tid
	case tid:
	default:
		a.mu.Unlock()
		return fmt.Errorf("%w: adapter is bound to %s, filter names %s", ErrOtherTenant, a.tenant, tid)
	}
	a.mu.Unlock()
	return a.load(ctx, m, tid)
}

func filterTenant(filter any) (uuid.UUID, error) {
	var tid uuid.UUID
	switch f := filter.(type) {
	case uuid.UUID:
		tid = f
	case *uuid.UUID:
		if f != nil {
			tid = *f
		}
	case string:
		id, err := uuid.Parse(f)
		if err != nil {
			return uuid.Nil, fmt.Errorf("authz: filter %q is not a tenant id", f)
		}
		tid = id
	default:
		return uuid.Nil, fmt.Errorf("authz: filter must be a tenant id, got %T", filter)
	}
	if tid == uuid.Nil {
		return uuid.Nil, errors.New("authz: filter names no tenant")
	}
	return tid, nil
}

func (a *Adapter) load(ctx context.Context, m model.Model, tid uuid.UUID) error {
	rows, err := a.client.PolicyRule.Query().
		Where(policyrule.TenantID(tid)).
		Order(policyrule.ByPtype(), policyrule.ByV0(), policyrule.ByV1(), policyrule.ByV2(), policyrule.ByV3()).
		All(scoped(ctx, tid))
	if err != nil {
		return fmt.Errorf("authz: load policy of tenant %s: %w", tid, err)
	}
	dom := tid.String()
	for _, row := range rows {
		vals := trimTrailingEmpty([]string{row.V0, row.V1, row.V2, row.V3, row.V4, row.V5})
		idx, err := domainIndex(row.Ptype)
		if err != nil {
			return err
		}
		if len(vals) <= idx || vals[idx] != dom {
			return fmt.Errorf("authz: policy row %s of tenant %s names another domain", row.ID, tid)
		}
		if err := persist.LoadPolicyArray(append([]string{row.Ptype}, vals...), m); err != nil {
			return fmt.Errorf("authz: policy row %s: %w", row.ID, err)
		}
	}
	return nil
}

// scoped returns ctx acting inside one tenant, so ent's privacy filter and create hook
// pin every query and insert to it. Queries also name the tenant explicitly, because a
// caller's system context would otherwise let the privacy layer step aside.
func scoped(ctx context.Context, tid uuid.UUID) context.Context {
	return tenant.ForTenant(ctx, tid, "", tenant.SystemAuthz)
}

// tenantOf returns the tenant named by a rule's domain field, checked against the
// adapter's binding.
func (a *Adapter) tenantOf(ptype string, rule []string) (uuid.UUID, error) {
	idx, err := domainIndex(ptype)
	if err != nil {
		return uuid.Nil, err
	}
	if len(rule) <= idx || len(rule) > 6 {
		return uuid.Nil, fmt.Errorf("authz: malformed %s rule %q", ptype, strings.Join(rule, ", "))
	}
	tid, err := uuid.Parse(rule[idx])
	if err != nil || tid == uuid.Nil {
		return uuid.Nil, fmt.Errorf("authz: %s rule %q: domain is not a tenant id", ptype, strings.Join(rule, ", "))
	}
	if bound := a.Tenant(); bound != uuid.Nil && bound != tid {
		return uuid.Nil, fmt.Errorf("%w: bound to %s, rule names %s", ErrOtherTenant, bound, tid)
	}
	return tid, nil
}

// batchTenant returns the single tenant of a batch of rules.
func (a *Adapter) batchTenant(ptype string, rules ...[][]string) (uuid.UUID, error) {
	var tid uuid.UUID
	for _, rs := range rules {
		for _, r := range rs {
			t, err := a.tenantOf(ptype, r)
			if err != nil {
				return uuid.Nil, err
			}
			if tid != uuid.Nil && t != tid {
				return uuid.Nil, fmt.Errorf("%w: one batch names tenants %s and %s", ErrOtherTenant, tid, t)
			}
			tid = t
		}
	}
	return tid, nil
}

// inTx runs fn in a transaction, or directly when the adapter's client already is one.
func (a *Adapter) inTx(ctx context.Context, fn func(c *ent.Client) error) error {
	err := db.WithTx(ctx, a.client, func(tx *ent.Tx) error { return fn(tx.Client()) })
	if errors.Is(err, ent.ErrTxStarted) {
		return fn(a.client)
	}
	return err
}

func pad6(rule []string) [6]string {
	var v [6]string
	copy(v[:], rule)
	return v
}

func matchRule(ptype string, rule []string) predicate.PolicyRule {
	v := pad6(rule)
	return policyrule.And(policyrule.Ptype(ptype),
		policyrule.V0(v[0]), policyrule.V1(v[1]), policyrule.V2(v[2]),
		policyrule.V3(v[3]), policyrule.V4(v[4]), policyrule.V5(v[5]))
}

// insert writes rules of one tenant; rules already stored are left as they are.
func insert(ctx context.Context, c *ent.Client, tid uuid.UUID, ptype string, rules [][]string) error {
	ctx = scoped(ctx, tid)
	for chunk := range chunks(rules) {
		builders := make([]*ent.PolicyRuleCreate, len(chunk))
		for i, r := range chunk {
			v := pad6(r)
			builders[i] = c.PolicyRule.Create().SetTenantID(tid).SetPtype(ptype).
				SetV0(v[0]).SetV1(v[1]).SetV2(v[2]).SetV3(v[3]).SetV4(v[4]).SetV5(v[5])
		}
		err := c.PolicyRule.CreateBulk(builders...).
			OnConflictColumns(policyrule.FieldTenantID, policyrule.FieldPtype,
				policyrule.FieldV0, policyrule.FieldV1, policyrule.FieldV2,
				policyrule.FieldV3, policyrule.FieldV4, policyrule.FieldV5).
			DoNothing().
			Exec(ctx)
		if err != nil {
			return fmt.Errorf("authz: store %d %s rules of tenant %s: %w", len(chunk), ptype, tid, err)
		}
	}
	return nil
}

// remove deletes the given rules of one tenant; missing rules are ignored.
func remove(ctx context.Context, c *ent.Client, tid uuid.UUID, ptype string, rules [][]string) error {
	ctx = scoped(ctx, tid)
	for chunk := range chunks(rules) {
		preds := make([]predicate.PolicyRule, len(chunk))
		for i, r := range chunk {
			preds[i] = matchRule(ptype, r)
		}
		if _, err := c.PolicyRule.Delete().
			Where(policyrule.TenantID(tid), policyrule.Or(preds...)).
			Exec(ctx); err != nil {
			return fmt.Errorf("authz: delete %d %s rules of tenant %s: %w", len(chunk), ptype, tid, err)
		}
	}
	return nil
}

func chunks(rules [][]string) func(yield func([][]string) bool) {
	return func(yield func([][]string) bool) {
		for i := 0; i < len(rules); i += batchSize {
			if !yield(rules[i:min(i+batchSize, len(rules))]) {
				return
			}
		}
	}
}

// SavePolicy replaces the stored rules of the tenant in m (the bound tenant, or the one
// every rule in m names) with m's rules.
func (a *Adapter) SavePolicy(m model.Model) error { return a.SavePolicyCtx(a.ctx, m) }

// SavePolicyCtx is SavePolicy with a context.
func (a *Adapter) SavePolicyCtx(ctx context.Context, m model.Model) error {
	tid := a.Tenant()
	byType := make(map[string][][]string)
	for _, sec := range []string{"p", "g"} {
		for ptype, ast := range m[sec] {
			if len(ast.Policy) == 0 {
				continue
			}
			t, err := a.batchTenant(ptype, ast.Policy)
			if err != nil {
				return err
			}
			if tid != uuid.Nil && t != tid {
				return fmt.Errorf("%w: model holds tenants %s and %s", ErrOtherTenant, tid, t)
			}
			tid = t
			byType[ptype] = ast.Policy
		}
	}
	if tid == uuid.Nil {
		return errors.New("authz: save policy: no tenant bound and the model names none")
	}
	return a.inTx(ctx, func(c *ent.Client) error {
		if _, err := c.PolicyRule.Delete().Where(policyrule.TenantID(tid)).Exec(scoped(ctx, tid)); err != nil {
			return fmt.Errorf("authz: clear policy of tenant %s: %w", tid, err)
		}
		for ptype, rules := range byType {
			if err := insert(ctx, c, tid, ptype, rules); err != nil {
				return err
			}
		}
		return nil
	})
}

// AddPolicy stores one rule.
func (a *Adapter) AddPolicy(sec, ptype string, rule []string) error {
	return a.AddPoliciesCtx(a.ctx, sec, ptype, [][]string{rule})
}

// AddPolicyCtx is AddPolicy with a context.
func (a *Adapter) AddPolicyCtx(ctx context.Context, sec, ptype string, rule []string) error {
	return a.AddPoliciesCtx(ctx, sec, ptype, [][]string{rule})
}

// AddPolicies stores rules of one tenant in one transaction.
func (a *Adapter) AddPolicies(sec, ptype string, rules [][]string) error {
	return a.AddPoliciesCtx(a.ctx, sec, ptype, rules)
}

// AddPoliciesCtx is AddPolicies with a context.
func (a *Adapter) AddPoliciesCtx(ctx context.Context, _, ptype string, rules [][]string) error {
	if len(rules) == 0 {
		return nil
	}
	tid, err := a.batchTenant(ptype, rules)
	if err != nil {
		return err
	}
	if len(rules) <= batchSize {
		return insert(ctx, a.client, tid, ptype, rules)
	}
	return a.inTx(ctx, func(c *ent.Client) error { return insert(ctx, c, tid, ptype, rules) })
}

// RemovePolicy deletes one rule.
func (a *Adapter) RemovePolicy(sec, ptype string, rule []string) error {
	return a.RemovePoliciesCtx(a.ctx, sec, ptype, [][]string{rule})
}

// RemovePolicyCtx is RemovePolicy with a context.
func (a *Adapter) RemovePolicyCtx(ctx context.Context, sec, ptype string, rule []string) error {
	return a.RemovePoliciesCtx(ctx, sec, ptype, [][]string{rule})
}

// RemovePolicies deletes rules of one tenant in one transaction.
func (a *Adapter) RemovePolicies(sec, ptype string, rules [][]string) error {
	return a.RemovePoliciesCtx(a.ctx, sec, ptype, rules)
}

// RemovePoliciesCtx is RemovePolicies with a context.
func (a *Adapter) RemovePoliciesCtx(ctx context.Context, _, ptype string, rules [][]string) error {
	if len(rules) == 0 {
		return nil
	}
	tid, err := a.batchTenant(ptype, rules)
	if err != nil {
		return err
	}
	if len(rules) <= batchSize {
		return remove(ctx, a.client, tid, ptype, rules)
	}
	return a.inTx(ctx, func(c *ent.Client) error { return remove(ctx, c, tid, ptype, rules) })
}

// filterPredicate turns casbin's (fieldIndex, fieldValues) filter into a predicate and
// the tenant it applies to: the domain value when the filter names one, else the bound
// tenant. A filter that names no tenant on an unbound adapter is refused, so it can
// never reach across tenants.
func (a *Adapter) filterPredicate(ptype string, fieldIndex int, fieldValues []string) (uuid.UUID, predicate.PolicyRule, error) {
	idx, err := domainIndex(ptype)
	if err != nil {
		return uuid.Nil, nil, err
	}
	if fieldIndex < 0 || fieldIndex+len(fieldValues) > 6 {
		return uuid.Nil, nil, fmt.Errorf("authz: filter fields %d..%d out of range", fieldIndex, fieldIndex+len(fieldValues)-1)
	}
	cols := []func(string) predicate.PolicyRule{
		policyrule.V0, policyrule.V1, policyrule.V2, policyrule.V3, policyrule.V4, policyrule.V5,
	}
	preds := []predicate.PolicyRule{policyrule.Ptype(ptype)}
	tid := a.Tenant()
	for i, v := range fieldValues {
		if v == "" {
			continue
		}
		col := fieldIndex + i
		if col == idx {
			t, err := uuid.Parse(v)
			if err != nil || t == uuid.Nil {
				return uuid.Nil, nil, fmt.Errorf("authz: filter domain %q is not a tenant id", v)
			}
			if tid != uuid.Nil && t != tid {
				return uuid.Nil, nil, fmt.Errorf("%w: bound to %s, filter names %s", ErrOtherTenant, tid, t)
			}
			tid = t
		}
		preds = append(preds, cols[col](v))
	}
	if tid == uuid.Nil {
		return uuid.Nil, nil, errors.New("authz: filter names no tenant and the adapter is not bound to one")
	}
	return tid, policyrule.And(preds...), nil
}

// RemoveFilteredPolicy deletes the rules matching casbin's field filter within one
// tenant.
func (a *Adapter) RemoveFilteredPolicy(sec, ptype string, fieldIndex int, fieldValues ...string) error {
	return a.RemoveFilteredPolicyCtx(a.ctx, sec, ptype, fieldIndex, fieldValues...)
}

// RemoveFilteredPolicyCtx is RemoveFilteredPolicy with a context.
func (a *Adapter) RemoveFilteredPolicyCtx(ctx context.Context, _, ptype string, fieldIndex int, fieldValues ...string) error {
	tid, pred, err := a.filterPredicate(ptype, fieldIndex, fieldValues)
	if err != nil {
		return err
	}
	if _, err := a.client.PolicyRule.Delete().
		Where(policyrule.TenantID(tid), pred).
		Exec(scoped(ctx, tid)); err != nil {
		return fmt.Errorf("authz: delete filtered %s rules of tenant %s: %w", ptype, tid, err)
	}
	return nil
}

// UpdatePolicy replaces one rule with another of the same tenant.
func (a *Adapter) UpdatePolicy(sec, ptype string, oldRule, newRule []string) error {
	return a.UpdatePoliciesCtx(a.ctx, sec, ptype, [][]string{oldRule}, [][]string{newRule})
}

// UpdatePolicyCtx is UpdatePolicy with a context.
func (a *Adapter) UpdatePolicyCtx(ctx context.Context, sec, ptype string, oldRule, newRule []string) error {
	return a.UpdatePoliciesCtx(ctx, sec, ptype, [][]string{oldRule}, [][]string{newRule})
}

// UpdatePolicies replaces oldRules[i] with newRules[i], all in one tenant and one
// transaction.
func (a *Adapter) UpdatePolicies(sec, ptype string, oldRules, newRules [][]string) error {
	return a.UpdatePoliciesCtx(a.ctx, sec, ptype, oldRules, newRules)
}

// UpdatePoliciesCtx is UpdatePolicies with a context.
func (a *Adapter) UpdatePoliciesCtx(ctx context.Context, _, ptype string, oldRules, newRules [][]string) error {
	if len(oldRules) != len(newRules) {
		return fmt.Errorf("authz: update %d rules with %d", len(oldRules), len(newRules))
	}
	if len(oldRules) == 0 {
		return nil
	}
	tid, err := a.batchTenant(ptype, oldRules, newRules)
	if err != nil {
		return err
	}
	return a.inTx(ctx, func(c *ent.Client) error {
		if err := remove(ctx, c, tid, ptype, oldRules); err != nil {
			return err
		}
		return insert(ctx, c, tid, ptype, newRules)
	})
}

// UpdateFilteredPolicies replaces the rules matching the filter with newRules and
// returns the rules it replaced.
func (a *Adapter) UpdateFilteredPolicies(sec, ptype string, newRules [][]string, fieldIndex int, fieldValues ...string) ([][]string, error) {
	return a.UpdateFilteredPoliciesCtx(a.ctx, sec, ptype, newRules, fieldIndex, fieldValues...)
}

// UpdateFilteredPoliciesCtx is UpdateFilteredPolicies with a context.
func (a *Adapter) UpdateFilteredPoliciesCtx(ctx context.Context, _, ptype string, newRules [][]string, fieldIndex int, fieldValues ...string) ([][]string, error) {
	tid, pred, err := a.filterPredicate(ptype, fieldIndex, fieldValues)
	if err != nil {
		return nil, err
	}
	if len(newRules) > 0 {
		t, err := a.batchTenant(ptype, newRules)
		if err != nil {
			return nil, err
		}
		if t != tid {
			return nil, fmt.Errorf("%w: filter names %s, new rules %s", ErrOtherTenant, tid, t)
		}
	}
	var old [][]string
	err = a.inTx(ctx, func(c *ent.Client) error {
		sctx := scoped(ctx, tid)
		rows, err := c.PolicyRule.Query().
			Where(policyrule.TenantID(tid), pred).
			Order(policyrule.ByV0(), policyrule.ByV1(), policyrule.ByV2(), policyrule.ByV3()).
			All(sctx)
		if err != nil {
			return fmt.Errorf("authz: select filtered %s rules of tenant %s: %w", ptype, tid, err)
		}
		for _, row := range rows {
			old = append(old, trimTrailingEmpty([]string{row.V0, row.V1, row.V2, row.V3, row.V4, row.V5}))
		}
		if _, err := c.PolicyRule.Delete().Where(policyrule.TenantID(tid), pred).Exec(sctx); err != nil {
			return fmt.Errorf("authz: delete filtered %s rules of tenant %s: %w", ptype, tid, err)
		}
		return insert(ctx, c, tid, ptype, newRules)
	})
	if err != nil {
		return nil, err
	}
	return old, nil
}
