package compliance

import (
	"context"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/compliancecheck"
	"github.com/manifoldhq/manifold/ent/consignee"
	"github.com/manifoldhq/manifold/internal/parties"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/jobs"
)

// HandleScreenConsignee is the consignee screening job: the consignee and, when it is
// someone else, its end user are screened (whichever is unscreened), each recorded as
// a check, and their screening statuses set — clear, or potential_match for review —
// in one transaction with the outbox row's completion. Without a name screener they
// become pending (a compliance officer screens them). A consignee deleted meanwhile is
// left alone.
func (c *Checks) HandleScreenConsignee(ctx context.Context, p parties.ConsigneePayload) error {
	return db.WithTx(ctx, c.db.Client, func(tx *ent.Tx) error {
		first, err := jobs.Complete(ctx, tx)
		if err != nil || !first {
			return err
		}
		k, err := db.ForUpdate(c.db.Dialect, tx.Consignee.Query().Where(consignee.ID(p.ConsigneeID))).Only(ctx)
		if ent.IsNotFound(err) {
			return nil
		}
		if err != nil {
			return err
		}
		u := tx.Consignee.UpdateOne(k)
		changed := false
		status := string(k.ScreeningStatus)
		if k.ScreeningStatus == consignee.ScreeningStatusUnscreened {
			if status, err = c.screenSubject(ctx, tx, compliancecheck.SubjectTypeConsignee, k, k.Name, k.Country); err != nil {
				return err
			}
			u.SetScreeningStatus(consignee.ScreeningStatus(status))
			changed = true
		}
		if k.EndUserScreeningStatus == consignee.EndUserScreeningStatusUnscreened {
			st := status // the consignee is its own end user: the same screening
			if !k.EndUserIsConsignee {
				if st, err = c.screenSubject(ctx, tx, compliancecheck.SubjectTypeEndUser, k, k.EndUserName, k.EndUserCountry); err != nil {
					return err
				}
			}
			u.SetEndUserScreeningStatus(consignee.EndUserScreeningStatus(st))
			changed = true
		}
		if !changed {
			return nil
		}
		return u.Exec(ctx)
	})
}

// screenSubject screens one name of a consignee and records the check; it returns the
// screening status to set.
func (c *Checks) screenSubject(ctx context.Context, tx *ent.Tx, st compliancecheck.SubjectType, k *ent.Consignee, name, country string) (string, error) {
	names := c.names.Load()
	if names == nil {
		return "pending", nil
	}
	chk, err := c.record(ctx, tx, names, st, k.ID, NameQuery{Name: name, Country: country})
	if err != nil {
		return "", err
	}
	return string(chk.Outcome), nil
}
