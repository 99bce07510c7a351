package compliance

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/compliancecheck"
	"github.com/manifoldhq/manifold/ent/consignee"
	"github.com/manifoldhq/manifold/ent/organization"
	"github.com/manifoldhq/manifold/ent/rescreen"
	"github.com/manifoldhq/manifold/ent/rescreenrun"
	"github.com/manifoldhq/manifold/ent/schematype"
	enttenant "github.com/manifoldhq/manifold/ent/tenant"
	"github.com/manifoldhq/manifold/internal/parties"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/jobs"
	"github.com/manifoldhq/manifold/internal/platform/problem"
)

// Rescreen task types. A list version that becomes current queues TypeRescreen (in the
// transaction that stores it); that platform job creates one Rescreen per marketplace
// and queues TypeRescreenTenant for each, which runs with the marketplace's viewer.
const (
	TypeRescreen       = "compliance:rescreen"
	TypeRescreenTenant = "compliance:rescreen_tenant"
)

// RescreenPayload names the run to fan out.
type RescreenPayload struct {
	RunID uuid.UUID `json:"run_id"`
}

// Validate refuses a payload without a run.
func (p RescreenPayload) Validate() error {
	if p.RunID == uuid.Nil {
		return errors.New("run_id is required")
	}
	return nil
}

// RescreenTenantPayload names a marketplace's rescreen (the tenant is in the envelope).
type RescreenTenantPayload struct {
	RescreenID uuid.UUID `json:"rescreen_id"`
}

// Validate refuses a payload without a rescreen.
func (p RescreenTenantPayload) Validate() error {
	if p.RescreenID == uuid.Nil {
		return errors.New("rescreen_id is required")
	}
	return nil
}

// DefaultRescreenBatch is how many organizations or consignees one batch screens.
const DefaultRescreenBatch = 50

// maxFailures bounds the failures a rescreen keeps (the count goes on).
const maxFailures = 50

// Rescreens screens every marketplace's parties again when a list version becomes
// current, in batches: each batch's checks, the parties' screening statuses and the
// rescreen's cursor and counts commit in one transaction, so a rescreen interrupted
// anywhere (a worker killed mid-batch) resumes after its last committed batch, and no
// subject is screened twice for the same list versions.
type Rescreens struct {
	db     *db.DB
	checks *Checks
	lists  *Lists
	log    *slog.Logger
	batch  int
	now    func() time.Time
}

// NewRescreens builds the service; batch ≤ 0 means DefaultRescreenBatch.
func NewRescreens(d *db.DB, checks *Checks, l *Lists, log *slog.Logger, batch int) *Rescreens {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if batch <= 0 {
		batch = DefaultRescreenBatch
	}
	return &Rescreens{db: d, checks: checks, lists: l, log: log, batch: batch, now: func() time.Time { return time.Now().UTC() }}
}

// HandleRescreen is the platform job of a run: one Rescreen per marketplace and its job,
// queued in one transaction with the outbox row's completion.
func (r *Rescreens) HandleRescreen(ctx context.Context, p RescreenPayload) error {
	sys := sysLists(ctx)
	return jobs.Once(sys, r.db.Client, func(tx *ent.Tx) error {
		run, err := db.ForUpdate(r.db.Dialect, tx.RescreenRun.Query().Where(rescreenrun.ID(p.RunID))).Only(sys)
		if ent.IsNotFound(err) {
			r.log.WarnContext(ctx, "rescreen job for a missing run", "run_id", p.RunID)
			return nil
		}
		if err != nil || run.Status != rescreenrun.StatusPending {
			return err
		}
		ts, err := tx.Tenant.Query().Order(ent.Asc(enttenant.FieldID)).All(sys)
		if err != nil {
			return err
		}
		for _, t := range ts {
			rs, err := tx.Rescreen.Create().SetTenantID(t.ID).SetRunID(run.ID).SetReason(run.Reason).
				SetNillableRefreshBefore(run.RefreshBefore).Save(sys)
			if err != nil {
				return err
			}
			if _, err := jobs.Enqueue(sys, tx, jobs.Task{Type: TypeRescreenTenant, Queue: jobs.QueueLow, TenantID: t.ID,
				Payload: RescreenTenantPayload{RescreenID: rs.ID}}); err != nil {
				return err
			}
		}
		now := r.now()
		u := tx.RescreenRun.UpdateOne(run).SetTenantsTotal(len(ts)).SetStartedAt(now).SetStatus(rescreenrun.StatusRunning)
		if len(ts) == 0 {
			u.SetStatus(rescreenrun.StatusDone).SetFinishedAt(now)
		}
		return u.Exec(sys)
	})
}

// HandleRescreenTenant is a marketplace's rescreen job (its viewer restored by the job
// middleware): batches until done. Before each batch this process catches up with the
// stored current list versions, so the batch screens against them; a version stored
// while a batch runs fails that batch (ErrStaleLists), which is then run again.
func (r *Rescreens) HandleRescreenTenant(ctx context.Context, p RescreenTenantPayload) error {
	stale := 0
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		if r.lists != nil {
			if _, err := r.lists.Sync(ctx); err != nil {
				return err
			}
		}
		done, err := r.step(ctx, p.RescreenID)
		switch {
		case errors.Is(err, ErrStaleLists) && stale < 3:
			stale++
			continue
		case err != nil:
			return err
		case done:
			return nil
		}
		stale = 0
	}
}

// The statuses a rescreen screens again: subjects screened before (or waiting for a
// manual screening). Unscreened subjects have their own screening job queued; blocked
// ones stay blocked.
var (
	rescreenOrgStatuses = []organization.ScreeningStatus{organization.ScreeningStatusPending,
		organization.ScreeningStatusClear, organization.ScreeningStatusPotentialMatch}
	rescreenOnboarding        = []organization.OnboardingStatus{organization.OnboardingStatusScreening, organization.OnboardingStatusApproved}
	rescreenConsigneeStatuses = []consignee.ScreeningStatus{consignee.ScreeningStatusPending,
		consignee.ScreeningStatusClear, consignee.ScreeningStatusPotentialMatch}
	rescreenEndUserStatuses = []consignee.EndUserScreeningStatus{consignee.EndUserScreeningStatusPending,
		consignee.EndUserScreeningStatusClear, consignee.EndUserScreeningStatusPotentialMatch}
)

func orgsToRescreen(tx *ent.Tx) *ent.OrganizationQuery {
	return tx.Organization.Query().Where(organization.KindNEQ(organization.KindOperator),
		organization.OnboardingStatusIn(rescreenOnboarding...), organization.ScreeningStatusIn(rescreenOrgStatuses...))
}

func consigneesToRescreen(tx *ent.Tx) *ent.ConsigneeQuery {
	return tx.Consignee.Query().Where(consignee.StatusEQ(consignee.StatusActive), consignee.Or(
		consignee.ScreeningStatusIn(rescreenConsigneeStatuses...),
		consignee.And(consignee.EndUserIsConsignee(false), consignee.EndUserScreeningStatusIn(rescreenEndUserStatuses...))))
}

// progress is a rescreen's state while a batch runs.
type progress struct {
	phase                          rescreen.Phase
	cursor                         *uuid.UUID
	done, skipped, failed, matches int
	versions                       map[string]string
	failures                       []schematype.RescreenFailure
	orgsUntil, consigneesUntil     *uuid.UUID
	total                          int
	startedAt                      *time.Time
	status                         rescreen.Status
	refreshBefore                  *time.Time // periodic: screen again what was checked before this
}

func (p *progress) fail(st compliancecheck.SubjectType, id uuid.UUID, err error) {
	p.failed++
	if len(p.failures) < maxFailures {
		p.failures = append(p.failures, schematype.RescreenFailure{SubjectType: string(st), SubjectID: id.String(), Error: truncate(err.Error(), 500)})
	}
}

// step runs one batch in one transaction and reports whether the rescreen is done.
func (r *Rescreens) step(ctx context.Context, id uuid.UUID) (done bool, err error) {
	names := r.checks.names.Load()
	err = db.WithTx(ctx, r.db.Client, func(tx *ent.Tx) error {
		rs, err := db.ForUpdate(r.db.Dialect, tx.Rescreen.Query().Where(rescreen.ID(id))).Only(ctx)
		if ent.IsNotFound(err) {
			r.log.WarnContext(ctx, "rescreen job for a missing rescreen", "rescreen_id", id)
			done = true
			return nil
		}
		if err != nil {
			return err
		}
		if rs.Status == rescreen.StatusDone {
			done = true
			return nil
		}
		p := progress{refreshBefore: rs.RefreshBefore, phase: rs.Phase, cursor: rs.Cursor, done: rs.Done, skipped: rs.Skipped, failed: rs.Failed,
			matches: rs.Matches, versions: rs.ListVersions, failures: rs.Failures, orgsUntil: rs.OrganizationsUntil,
			consigneesUntil: rs.ConsigneesUntil, total: rs.Total, startedAt: rs.StartedAt, status: rs.Status}
		if rs.Status == rescreen.StatusPending {
			if err := r.begin(ctx, tx, &p); err != nil {
				return err
			}
		}
		switch {
		case names == nil:
			// MANIFOLD_SCREENING=manual: nothing screens automatically in this process.
			p.failures = append(p.failures, schematype.RescreenFailure{Error: "automatic screening is off (MANIFOLD_SCREENING=manual): nothing was rescreened"})
			p.phase = rescreen.PhaseDone
		case p.phase == rescreen.PhaseOrganizations:
			err = r.organizations(ctx, tx, names, &p)
		case p.phase == rescreen.PhaseConsignees:
			err = r.consignees(ctx, tx, names, &p)
		}
		if err != nil {
			return err
		}
		u := tx.Rescreen.UpdateOne(rs).SetPhase(p.phase).SetDone(p.done).SetSkipped(p.skipped).SetFailed(p.failed).
			SetMatches(p.matches).SetBatches(rs.Batches + 1).SetStatus(p.status).SetTotal(p.total)
		if p.cursor != nil {
			u.SetCursor(*p.cursor)
		} else {
			u.ClearCursor()
		}
		if p.versions != nil {
			u.SetListVersions(p.versions)
		}
		if p.failures != nil {
			u.SetFailures(p.failures)
		}
		if p.orgsUntil != nil {
			u.SetOrganizationsUntil(*p.orgsUntil)
		}
		if p.consigneesUntil != nil {
			u.SetConsigneesUntil(*p.consigneesUntil)
		}
		if p.startedAt != nil {
			u.SetStartedAt(*p.startedAt)
		}
		if p.phase == rescreen.PhaseDone {
			// Subjects that left the screened states meanwhile were not screened: the
			// total becomes what was actually looked at.
			done = true
			u.SetStatus(rescreen.StatusDone).SetFinishedAt(r.now()).SetTotal(p.done + p.skipped + p.failed)
			if err := r.finishRun(ctx, tx, rs.RunID); err != nil {
				return err
			}
		}
		return u.Exec(ctx)
	})
	return done, err
}

// begin fixes what the rescreen covers: the organizations and consignees that exist now
// (later ones get their own screening job) and an estimate of the subjects to screen.
func (r *Rescreens) begin(ctx context.Context, tx *ent.Tx, p *progress) error {
	now := r.now()
	p.status, p.startedAt = rescreen.StatusRunning, &now
	if o, err := tx.Organization.Query().Order(ent.Desc(organization.FieldID)).First(ctx); err == nil {
		p.orgsUntil = &o.ID
	} else if !ent.IsNotFound(err) {
		return err
	}
	if k, err := tx.Consignee.Query().Order(ent.Desc(consignee.FieldID)).First(ctx); err == nil {
		p.consigneesUntil = &k.ID
	} else if !ent.IsNotFound(err) {
		return err
	}
	orgs, err := orgsToRescreen(tx).Count(ctx)
	if err != nil {
		return err
	}
	cons, err := tx.Consignee.Query().Where(consignee.StatusEQ(consignee.StatusActive),
		consignee.ScreeningStatusIn(rescreenConsigneeStatuses...)).Count(ctx)
	if err != nil {
		return err
	}
	endUsers, err := tx.Consignee.Query().Where(consignee.StatusEQ(consignee.StatusActive), consignee.EndUserIsConsignee(false),
		consignee.EndUserScreeningStatusIn(rescreenEndUserStatuses...)).Count(ctx)
	if err != nil {
		return err
	}
	p.total = orgs + cons + endUsers
	return nil
}

// outcome of one subject in a rescreen.
type outcome int

const (
	outcomeSkipped  outcome = iota // already screened against these list versions
	outcomeFailed                  // the screener refused the name
	outcomeScreened                // a new check was recorded
)

// subject screens one subject: skipped when its latest sanctions check used the same
// list versions, failed when the screener refuses its name, else recorded as a check.
func (r *Rescreens) subject(ctx context.Context, tx *ent.Tx, names *namesBox, st compliancecheck.SubjectType, id uuid.UUID, q NameQuery, p *progress) (*ent.ComplianceCheck, outcome, error) {
	res, err := r.checks.screen(ctx, tx, names, q)
	if problem.Is(err, problem.KindValidation) {
		p.fail(st, id, err)
		return nil, outcomeFailed, nil
	}
	if err != nil {
		return nil, 0, err
	}
	// The subject's last check of this name (an organization's beneficial owners are
	// checks of the organization under their own names).
	last, err := tx.ComplianceCheck.Query().Where(compliancecheck.SubjectTypeEQ(st), compliancecheck.SubjectID(id),
		compliancecheck.SubjectName(q.Name), compliancecheck.KindEQ(compliancecheck.KindSanctions)).
		Order(ent.Desc(compliancecheck.FieldCreatedAt), ent.Desc(compliancecheck.FieldID)).First(ctx)
	switch {
	case err == nil && maps.Equal(last.ListVersions, nonNil(res.ListVersions)) &&
		(p.refreshBefore == nil || !last.CreatedAt.Before(*p.refreshBefore)):
		p.skipped++
		return last, outcomeSkipped, nil
	case err != nil && !ent.IsNotFound(err):
		return nil, 0, err
	}
	k, err := r.checks.save(ctx, tx, st, id, q, res, nil)
	if err != nil {
		return nil, 0, err
	}
	p.done++
	p.versions = nonNil(res.ListVersions)
	if k.Outcome == compliancecheck.OutcomePotentialMatch {
		p.matches++
	}
	return k, outcomeScreened, nil
}

func (r *Rescreens) organizations(ctx context.Context, tx *ent.Tx, names *namesBox, p *progress) error {
	if p.orgsUntil == nil {
		p.phase, p.cursor = rescreen.PhaseConsignees, nil
		return nil
	}
	q := orgsToRescreen(tx).Where(organization.IDLTE(*p.orgsUntil)).Order(ent.Asc(organization.FieldID)).Limit(r.batch)
	if p.cursor != nil {
		q = q.Where(organization.IDGT(*p.cursor))
	}
	orgs, err := q.All(ctx)
	if err != nil {
		return err
	}
	for _, o := range orgs {
		k, out, err := r.subject(ctx, tx, names, subjectOrganization, o.ID, orgQuery(o.LegalName, o.Country), p)
		if err != nil {
			return err
		}
		var screened *ent.ComplianceCheck // the organization's new check, else an owner's
		var hits []string
		if out == outcomeScreened {
			screened = k
			if k.Outcome == compliancecheck.OutcomePotentialMatch {
				hits = append(hits, matchText(k.ID, k.Matches))
			}
		}
		// Its beneficial owners, as at onboarding: each a check of the organization
		// under the owner's name.
		for _, b := range o.BeneficialOwners {
			ok, oout, err := r.subject(ctx, tx, names, subjectOrganization, o.ID, ownerQuery(b), p)
			if err != nil {
				return err
			}
			if oout != outcomeScreened {
				continue
			}
			if screened == nil {
				screened = ok
			}
			if ok.Outcome == compliancecheck.OutcomePotentialMatch {
				hits = append(hits, ownerMatchText(b, ok))
			}
		}
		if screened != nil {
			why := "rescreen after a list change"
			if p.refreshBefore != nil {
				why = "periodic rescreen" // lists may or may not have changed
			}
			res, detail := parties.ScreeningOutcomeClear, fmt.Sprintf("%s: no match on %s (check %s)", why, versionsText(screened.ListVersions), screened.ID)
			if len(hits) > 0 {
				res, detail = parties.ScreeningOutcomePotentialMatch, why+": "+strings.Join(hits, "; ")
			}
			if _, err := r.checks.parties.ApplyRescreenTx(ctx, tx, o.ID, res, truncateBytes(detail, parties.MaxReasonLength)); err != nil {
				return err
			}
		}
		id := o.ID
		p.cursor = &id
	}
	if len(orgs) < r.batch {
		p.phase, p.cursor = rescreen.PhaseConsignees, nil
	}
	return nil
}

// rescreenStatus is a subject's screening status after a rescreen's check: pending
// becomes the outcome, clear becomes potential_match on a match; a rescreen never
// lowers a status (an open potential match waits for its review).
func rescreenStatus(cur string, k *ent.ComplianceCheck) string {
	switch {
	case cur == "pending":
		return string(k.Outcome)
	case cur == "clear" && k.Outcome == compliancecheck.OutcomePotentialMatch:
		return string(k.Outcome)
	}
	return cur
}

func (r *Rescreens) consignees(ctx context.Context, tx *ent.Tx, names *namesBox, p *progress) error {
	if p.consigneesUntil == nil {
		p.phase, p.cursor = rescreen.PhaseDone, nil
		return nil
	}
	q := consigneesToRescreen(tx).Where(consignee.IDLTE(*p.consigneesUntil)).Order(ent.Asc(consignee.FieldID)).Limit(r.batch)
	if p.cursor != nil {
		q = q.Where(consignee.IDGT(*p.cursor))
	}
	ks, err := db.ForUpdate(r.db.Dialect, q).All(ctx)
	if err != nil {
		return err
	}
	relevant := func(s string) bool { return s == "pending" || s == "clear" || s == "potential_match" }
	for _, k := range ks {
		u := tx.Consignee.UpdateOne(k)
		changed := false
		status := string(k.ScreeningStatus)
		if relevant(status) {
			chk, out, err := r.subject(ctx, tx, names, compliancecheck.SubjectTypeConsignee, k.ID,
				NameQuery{Name: k.Name, Country: k.Country}, p)
			if err != nil {
				return err
			}
			if out == outcomeScreened {
				if next := rescreenStatus(status, chk); next != status {
					status = next
					u.SetScreeningStatus(consignee.ScreeningStatus(status))
					changed = true
				}
			}
		}
		endUser := string(k.EndUserScreeningStatus)
		switch {
		case k.EndUserIsConsignee:
			// The consignee is its own end user: the same screening.
			if changed && endUser != status {
				u.SetEndUserScreeningStatus(consignee.EndUserScreeningStatus(status))
			}
		case relevant(endUser):
			chk, out, err := r.subject(ctx, tx, names, compliancecheck.SubjectTypeEndUser, k.ID,
				NameQuery{Name: k.EndUserName, Country: k.EndUserCountry}, p)
			if err != nil {
				return err
			}
			if out == outcomeScreened {
				if next := rescreenStatus(endUser, chk); next != endUser {
					u.SetEndUserScreeningStatus(consignee.EndUserScreeningStatus(next))
					changed = true
				}
			}
		}
		if changed {
			if err := u.Exec(ctx); err != nil {
				return err
			}
		}
		id := k.ID
		p.cursor = &id
	}
	if len(ks) < r.batch {
		p.phase, p.cursor = rescreen.PhaseDone, nil
	}
	return nil
}

// finishRun counts a finished marketplace in its run; the last one finishes the run.
func (r *Rescreens) finishRun(ctx context.Context, tx *ent.Tx, runID uuid.UUID) error {
	sys := sysLists(ctx)
	run, err := db.ForUpdate(r.db.Dialect, tx.RescreenRun.Query().Where(rescreenrun.ID(runID))).Only(sys)
	if err != nil {
		return err
	}
	n := run.TenantsDone + 1
	u := tx.RescreenRun.UpdateOne(run).SetTenantsDone(n)
	if n >= run.TenantsTotal {
		u.SetStatus(rescreenrun.StatusDone).SetFinishedAt(r.now())
	}
	return u.Exec(sys)
}

// truncateBytes cuts s to at most n bytes on a character boundary (reasons are
// limited in bytes).
func truncateBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

var errRescreenNotFound = problem.NotFound("rescreen not found")

// List returns the viewer's marketplace's rescreens, oldest first, paged by id.
func (r *Rescreens) List(ctx context.Context, after uuid.UUID, limit int) ([]*ent.Rescreen, error) {
	q := r.db.Client.Rescreen.Query().Order(ent.Asc(rescreen.FieldID)).Limit(limit)
	if after != uuid.Nil {
		q = q.Where(rescreen.IDGT(after))
	}
	return q.All(ctx)
}

// Get returns one of the viewer's marketplace's rescreens.
func (r *Rescreens) Get(ctx context.Context, id uuid.UUID) (*ent.Rescreen, error) {
	rs, err := r.db.Client.Rescreen.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, errRescreenNotFound
	}
	return rs, err
}

// RunProgress is a run with its marketplaces' progress summed.
type RunProgress struct {
	Run                                   *ent.RescreenRun
	Total, Done, Skipped, Failed, Matches int
	Rescreens                             []*ent.Rescreen
}

var errRunNotFound = problem.NotFound("rescreen run not found")

// Runs returns rescreen runs, oldest first, paged by id, with their progress (platform
// admins and the CLI).
func (r *Rescreens) Runs(ctx context.Context, after uuid.UUID, limit int) ([]RunProgress, error) {
	sys := sysLists(ctx)
	q := r.db.Client.RescreenRun.Query().Order(ent.Asc(rescreenrun.FieldID)).Limit(limit)
	if after != uuid.Nil {
		q = q.Where(rescreenrun.IDGT(after))
	}
	runs, err := q.All(sys)
	if err != nil || len(runs) == 0 {
		return nil, err
	}
	ids := make([]uuid.UUID, len(runs))
	for i, run := range runs {
		ids[i] = run.ID
	}
	parts, err := r.db.Client.Rescreen.Query().Where(rescreen.RunIDIn(ids...)).Order(ent.Asc(rescreen.FieldID)).All(sys)
	if err != nil {
		return nil, err
	}
	out := make([]RunProgress, len(runs))
	for i, run := range runs {
		out[i].Run = run
		for _, rs := range parts {
			if rs.RunID == run.ID {
				out[i].add(rs)
			}
		}
	}
	return out, nil
}

func (p *RunProgress) add(rs *ent.Rescreen) {
	p.Rescreens = append(p.Rescreens, rs)
	p.Total += rs.Total
	p.Done += rs.Done
	p.Skipped += rs.Skipped
	p.Failed += rs.Failed
	p.Matches += rs.Matches
}

// Run returns one run with its progress.
func (r *Rescreens) Run(ctx context.Context, id uuid.UUID) (RunProgress, error) {
	sys := sysLists(ctx)
	run, err := r.db.Client.RescreenRun.Get(sys, id)
	if ent.IsNotFound(err) {
		return RunProgress{}, errRunNotFound
	}
	if err != nil {
		return RunProgress{}, err
	}
	out := RunProgress{Run: run}
	parts, err := r.db.Client.Rescreen.Query().Where(rescreen.RunID(id)).Order(ent.Asc(rescreen.FieldID)).All(sys)
	if err != nil {
		return RunProgress{}, err
	}
	for _, rs := range parts {
		out.add(rs)
	}
	return out, nil
}

// TypePeriodicRescreen is the scheduled task that starts a periodic rescreen.
const TypePeriodicRescreen = "compliance:rescreen_periodic"

// DefaultRescreenPeriod is how old a subject's last check may grow before a periodic
// rescreen screens it again.
const DefaultRescreenPeriod = 30 * 24 * time.Hour

// StartPeriodic starts a periodic rescreen of every marketplace: every subject whose
// last check is older than period is screened again, even when the lists have not
// changed since (the matcher may have: a new release, or thresholds). It starts nothing
// while another run is pending or running (a list change's rescreen covers the same
// subjects), and answers the run it started, if any. The run and its job commit
// together.
func (r *Rescreens) StartPeriodic(ctx context.Context, period time.Duration) (*ent.RescreenRun, error) {
	if period <= 0 {
		period = DefaultRescreenPeriod
	}
	sys := sysLists(ctx)
	var out *ent.RescreenRun
	err := db.WithTx(sys, r.db.Client, func(tx *ent.Tx) error {
		busy, err := tx.RescreenRun.Query().Where(rescreenrun.StatusIn(rescreenrun.StatusPending, rescreenrun.StatusRunning)).Exist(sys)
		if err != nil || busy {
			return err
		}
		versions := map[string]string{}
		if r.lists != nil {
			if versions, err = r.lists.CurrentVersions(sys, tx); err != nil {
				return err
			}
		}
		before := r.now().Add(-period)
		out, err = tx.RescreenRun.Create().SetReason(fmt.Sprintf("periodic rescreen: subjects last checked before %s",
			before.Format(time.RFC3339))).SetListVersions(versions).SetRefreshBefore(before).Save(sys)
		if err != nil {
			return err
		}
		_, err = jobs.Enqueue(sys, tx, jobs.Task{Type: TypeRescreen, Queue: jobs.QueueLow, Payload: RescreenPayload{RunID: out.ID}})
		return err
	})
	if out != nil {
		r.log.InfoContext(ctx, "periodic rescreen started", "run_id", out.ID, "refresh_before", out.RefreshBefore)
	}
	return out, err
}
