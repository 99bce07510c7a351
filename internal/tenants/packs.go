package tenants

import (
	"context"
	"fmt"
	"slices"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/auditevent"
	enttenant "github.com/manifoldhq/manifold/ent/tenant"
	"github.com/manifoldhq/manifold/internal/platform/authz"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// settingPolicyPack is the tenant setting holding the pack rules the marketplace's
// policy was last brought up to (pack lines, sorted): the baseline that tells a rule
// the pack added since from one the marketplace's admin removed.
const settingPolicyPack = "policy_pack"

// PackBaseline returns the setting value recording model's current pack.
func PackBaseline(model tenant.Model) ([]string, error) {
	rules, err := authz.Pack(model)
	if err != nil {
		return nil, err
	}
	return lines(rules), nil
}

func lines(rules []authz.Rule) []string {
	out := make([]string, len(rules))
	for i, r := range rules {
		out[i] = r.String()
	}
	slices.Sort(out)
	return out
}

// PackUpgrade is what UpgradePacks did to one marketplace.
type PackUpgrade struct {
	Slug     string
	Added    []string // pack rules granted
	Removed  []string // rules the pack dropped, withdrawn
	Withheld []string // pack rules not granted because the admin tailored the policy
}

// UpgradePacks brings every marketplace's policy up to its model's current pack:
//
//   - rules the pack gained since the marketplace's baseline are granted, unless the
//     marketplace already has them;
//   - rules the pack dropped are withdrawn, if the marketplace still has them;
//   - rules the marketplace's admin added or removed are left alone;
//   - a marketplace without a baseline (created before baselines were recorded) gets
//     every missing pack rule if its policy was never tailored; if it was, nothing is
//     granted, the missing rules are reported as withheld (and audited) for the admin
//     to grant, and the current pack becomes the baseline.
//
// Every process runs it at start (replicas starting together serialise on the tenant
// row; one whose baseline is the current pack costs nothing). Each marketplace is one
// transaction with its audit event; replicas reload its policy once it commits.
// Running it again changes nothing.
func (p *Policies) UpgradePacks(ctx context.Context) ([]PackUpgrade, error) {
	sys := tenant.SystemContext(ctx, tenant.SystemMigration)
	ts, err := p.db.Client.Tenant.Query().Order(ent.Asc(enttenant.FieldSlug)).
		Select(enttenant.FieldModel, enttenant.FieldSettings).All(sys)
	if err != nil {
		return nil, err
	}
	current := map[tenant.Model][]string{}
	var out []PackUpgrade
	for _, t := range ts {
		m := tenant.Model(t.Model)
		if current[m] == nil {
			if current[m], err = PackBaseline(m); err != nil {
				return nil, err
			}
		}
		if b, ok := baselineOf(t.Settings); ok && slices.Equal(sortedKeys(b), current[m]) {
			continue // up to date: no lock, no transaction
		}
		u, err := p.upgradePack(ctx, t.ID)
		if err != nil {
			return out, fmt.Errorf("policy pack upgrade of tenant %s: %w", t.Slug, err)
		}
		if len(u.Added)+len(u.Removed)+len(u.Withheld) > 0 {
			out = append(out, u)
		}
	}
	return out, nil
}

func (p *Policies) upgradePack(ctx context.Context, id uuid.UUID) (PackUpgrade, error) {
	var u PackUpgrade
	err := db.WithTx(tenant.SystemContext(ctx, tenant.SystemMigration), p.db.Client, func(tx *ent.Tx) error {
		sys := tenant.SystemContext(ctx, tenant.SystemMigration)
		t, err := db.ForUpdate(p.db.Dialect, tx.Tenant.Query().Where(enttenant.ID(id))).Only(sys)
		if err != nil {
			return err
		}
		u.Slug = t.Slug
		model := tenant.Model(t.Model)
		tctx := tenant.NewContext(ctx, &tenant.Viewer{TenantID: t.ID, TenantSlug: t.Slug, Model: model,
			System: tenant.SystemMigration})
		pack, err := authz.Pack(model)
		if err != nil {
			return err
		}
		current, err := p.store.Rules(tctx, t.ID)
		if err != nil {
			return err
		}
		have := map[string]bool{}
		for _, r := range current {
			have[r.String()] = true
		}
		baseline, recorded := baselineOf(t.Settings)
		tailored := false
		if !recorded {
			tailored, err = tx.AuditEvent.Query().
				Where(auditevent.ActionIn("policy.grant", "policy.revoke")).Exist(tctx)
			if err != nil {
				return err
			}
		}
		var add, remove []authz.Rule
		inPack := map[string]bool{}
		for _, r := range pack {
			s := r.String()
			inPack[s] = true
			switch {
			case have[s]:
			case recorded && baseline[s]: // the admin removed it: leave it removed
			case !recorded && tailored:
				u.Withheld = append(u.Withheld, s)
			default:
				add = append(add, r)
				u.Added = append(u.Added, s)
			}
		}
		for _, r := range current {
			if s := r.String(); recorded && baseline[s] && !inPack[s] {
				remove = append(remove, r)
				u.Removed = append(u.Removed, s)
			}
		}
		if err := p.store.EditTx(tctx, tx, t.ID, true, add...); err != nil {
			return err
		}
		if err := p.store.EditTx(tctx, tx, t.ID, false, remove...); err != nil {
			return err
		}
		packLines := lines(pack)
		if recorded && len(add)+len(remove) == 0 && slices.Equal(sortedKeys(baseline), packLines) {
			return nil
		}
		settings := map[string]any{}
		for k, v := range t.Settings {
			settings[k] = v
		}
		settings[settingPolicyPack] = packLines
		if err := tx.Tenant.UpdateOneID(t.ID).SetSettings(settings).Exec(sys); err != nil {
			return err
		}
		if len(u.Added)+len(u.Removed)+len(u.Withheld) == 0 {
			return nil
		}
		return p.audit.Record(tctx, tx, "policy.pack_upgrade", "policy", string(model), nil, map[string]any{
			"added": u.Added, "removed": u.Removed, "withheld": u.Withheld,
		})
	})
	return u, err
}

// baselineOf reads the recorded pack lines from a tenant's settings.
func baselineOf(settings map[string]any) (map[string]bool, bool) {
	raw, ok := settings[settingPolicyPack].([]any)
	if !ok {
		if s, ok := settings[settingPolicyPack].([]string); ok { // set in this process, not read back
			raw = make([]any, len(s))
			for i := range s {
				raw[i] = s[i]
			}
		} else {
			return nil, false
		}
	}
	out := make(map[string]bool, len(raw))
	for _, v := range raw {
		if s, ok := v.(string); ok {
			out[s] = true
		}
	}
	return out, true
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
