package compliance

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/compliancecheck"
	"github.com/manifoldhq/manifold/ent/consignee"
	"github.com/manifoldhq/manifold/ent/organization"
	"github.com/manifoldhq/manifold/ent/schematype"
	"github.com/manifoldhq/manifold/ent/screeningsuppression"
	"github.com/manifoldhq/manifold/internal/parties"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/problem"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// NameQuery is one name to screen, with what is known about it.
type NameQuery struct {
	Name      string
	Kind      string // individual, entity, vessel, aircraft; "" unknown
	Country   string // ISO 3166-1 alpha-2; "" unknown
	BirthDate string // YYYY, YYYY-MM or YYYY-MM-DD; "" unknown
}

// NameResult is what a name screener found: the matches above its threshold and the
// list versions it searched.
type NameResult struct {
	Matches      []schematype.CheckMatch
	ListVersions map[string]string
}

// NameScreener matches names against the loaded sanctions lists.
type NameScreener interface {
	ScreenName(ctx context.Context, q NameQuery) (NameResult, error)
}

// Auditor records an audit event in the caller's transaction.
type Auditor interface {
	Record(ctx context.Context, tx *ent.Tx, action, subjectType, subjectID string, before, after any) error
}

// OrgScreening applies a review decision or a rescreen's outcome to the organization,
// in the caller's transaction (internal/parties).
type OrgScreening interface {
	RecordScreeningTx(ctx context.Context, tx *ent.Tx, id uuid.UUID, in parties.ScreeningInput) (*ent.Organization, error)
	ApplyRescreenTx(ctx context.Context, tx *ent.Tx, id uuid.UUID, outcome parties.ScreeningOutcome, detail string) (bool, error)
	ClearRescreenMatchTx(ctx context.Context, tx *ent.Tx, id uuid.UUID, reason string) error
}

// VersionChecker says whether a screening used the current list versions (Lists).
type VersionChecker interface {
	Fresh(ctx context.Context, tx *ent.Tx, used map[string]string) error
}

// Checks records screenings as ComplianceChecks and runs the review queue.
type Checks struct {
	db       *db.DB
	names    atomic.Pointer[namesBox] // empty: no automatic screening (ManualReview)
	versions atomic.Pointer[versionsBox]
	audit    Auditor
	parties  OrgScreening
	log      *slog.Logger
	now      func() time.Time
}

// NewChecks builds the service; names may be nil until lists are loaded.
func NewChecks(d *db.DB, names NameScreener, a Auditor, p OrgScreening, log *slog.Logger) *Checks {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	c := &Checks{db: d, audit: a, parties: p, log: log, now: func() time.Time { return time.Now().UTC() }}
	c.SetNames(names)
	return c
}

type namesBox struct{ NameScreener }

type versionsBox struct{ VersionChecker }

// SetVersions makes every recorded screening check, in its transaction, that it used
// the current stored list versions (ErrStaleLists otherwise), so that no check is
// recorded against a version another process has already replaced.
func (c *Checks) SetVersions(v VersionChecker) {
	if v == nil {
		c.versions.Store(nil)
		return
	}
	c.versions.Store(&versionsBox{v})
}

// SetNames installs the name screener (when the lists finished loading); nil removes it.
func (c *Checks) SetNames(n NameScreener) {
	if n == nil {
		c.names.Store(nil)
		return
	}
	c.names.Store(&namesBox{n})
}

// SetParties installs the organizations' side (built after the checks, which it uses as
// its screener).
func (c *Checks) SetParties(p OrgScreening) { c.parties = p }

const (
	subjectOrganization = compliancecheck.SubjectTypeOrganization
)

// ScreenOrganization implements parties.Screener: it screens the organization's legal
// name (with its country; an organization is an entity) and records a sanctions check
// in the screening job's transaction. Matches an officer cleared for this organization
// before are dropped while the list entry is unchanged. No match → clear; any match →
// potential_match, for a compliance officer's review.
func (c *Checks) ScreenOrganization(ctx context.Context, tx *ent.Tx, s parties.Subject) (parties.ScreeningResult, error) {
	names := c.names.Load()
	if names == nil {
		return parties.ManualReview{}.ScreenOrganization(ctx, tx, s)
	}
	k, err := c.record(ctx, tx, names, subjectOrganization, s.OrganizationID, orgQuery(s.LegalName, s.Country))
	if err != nil {
		return parties.ScreeningResult{}, err
	}
	// Its beneficial owners, each a check of the organization under the owner's name:
	// a confirmed owner blocks the organization.
	var hits []string
	if len(k.Matches) > 0 {
		hits = append(hits, matchText(k.ID, k.Matches))
	}
	for _, b := range s.BeneficialOwners {
		ok, err := c.record(ctx, tx, names, subjectOrganization, s.OrganizationID, ownerQuery(b))
		if err != nil {
			return parties.ScreeningResult{}, err
		}
		if len(ok.Matches) > 0 {
			hits = append(hits, ownerMatchText(b, ok))
		}
	}
	if len(hits) == 0 {
		detail := fmt.Sprintf("no match on %s (check %s)", versionsText(k.ListVersions), k.ID)
		if n := len(s.BeneficialOwners); n > 0 {
			detail += fmt.Sprintf("; %d beneficial owner(s) screened clear", n)
		}
		return parties.ScreeningResult{Outcome: parties.ScreeningOutcomeClear, Detail: detail}, nil
	}
	return parties.ScreeningResult{Outcome: parties.ScreeningOutcomePotentialMatch, Detail: strings.Join(hits, "; ")}, nil
}

// orgQuery screens an organization's legal name: an entity in its country.
func orgQuery(legalName, country string) NameQuery {
	return NameQuery{Name: legalName, Kind: "entity", Country: country}
}

// ownerMatchText describes a beneficial owner's check with matches.
func ownerMatchText(b schematype.BeneficialOwner, k *ent.ComplianceCheck) string {
	return "beneficial owner " + b.Name + ": " + matchText(k.ID, k.Matches)
}

// ownerQuery screens a beneficial owner: an individual with its nationality and birth
// date, or a company with its country.
func ownerQuery(b schematype.BeneficialOwner) NameQuery {
	return NameQuery{Name: b.Name, Kind: b.Kind, Country: b.Country, BirthDate: b.BirthDate}
}

// record screens q for a subject and records the sanctions check with its audit event
// in tx: matches an officer cleared for the subject are dropped (and counted) while
// the entry is unchanged; any remaining match makes it an open potential match.
func (c *Checks) record(ctx context.Context, tx *ent.Tx, names *namesBox, st compliancecheck.SubjectType, id uuid.UUID, q NameQuery) (*ent.ComplianceCheck, error) {
	return c.recordFor(ctx, tx, names, st, id, q, nil)
}

// recordFor is record for an order's check when order is set.
func (c *Checks) recordFor(ctx context.Context, tx *ent.Tx, names *namesBox, st compliancecheck.SubjectType, id uuid.UUID, q NameQuery, order *uuid.UUID) (*ent.ComplianceCheck, error) {
	res, err := c.screen(ctx, tx, names, q)
	if err != nil {
		return nil, err
	}
	return c.save(ctx, tx, st, id, q, res, order)
}

// screen screens q and makes sure the result used the current list versions.
func (c *Checks) screen(ctx context.Context, tx *ent.Tx, names *namesBox, q NameQuery) (NameResult, error) {
	res, err := names.ScreenName(ctx, q)
	if err != nil {
		return NameResult{}, err
	}
	if v := c.versions.Load(); v != nil {
		if err := v.Fresh(ctx, tx, res.ListVersions); err != nil {
			return NameResult{}, err
		}
	}
	return res, nil
}

// save records a screening's result as the subject's sanctions check, with its audit
// event, in tx.
func (c *Checks) save(ctx context.Context, tx *ent.Tx, st compliancecheck.SubjectType, id uuid.UUID, q NameQuery, res NameResult, order *uuid.UUID) (*ent.ComplianceCheck, error) {
	matches, suppressed, err := c.unsuppressed(ctx, tx, st, id, res.Matches)
	if err != nil {
		return nil, err
	}
	outcome, status := compliancecheck.OutcomeClear, compliancecheck.StatusClosed
	if len(matches) > 0 {
		outcome, status = compliancecheck.OutcomePotentialMatch, compliancecheck.StatusOpen
	}
	k, err := tx.ComplianceCheck.Create().SetSubjectType(st).SetSubjectID(id).SetSubjectName(q.Name).
		SetSubjectCountry(q.Country).SetSubjectKind(q.Kind).SetSubjectBirthDate(q.BirthDate).SetKind(compliancecheck.KindSanctions).SetListVersions(nonNil(res.ListVersions)).
		SetMatches(matches).SetSuppressed(suppressed).SetOutcome(outcome).SetStatus(status).SetNillableOrderID(order).Save(ctx)
	if err != nil {
		return nil, err
	}
	return k, c.audit.Record(ctx, tx, "compliance.check", "compliance_check", k.ID.String(), nil, map[string]any{
		"subject_type": st, "subject_id": id, "name": q.Name, "outcome": outcome, "matches": len(matches),
		"suppressed": suppressed, "list_versions": k.ListVersions, "order_id": order,
	})
}

func nonNil(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

func versionsText(v map[string]string) string {
	if len(v) == 0 {
		return "the loaded lists"
	}
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k+" "+v[k])
	}
	slices.Sort(keys)
	return strings.Join(keys, ", ")
}

func matchText(id uuid.UUID, ms []schematype.CheckMatch) string {
	var b strings.Builder
	fmt.Fprintf(&b, "potential match for review (check %s): ", id)
	for i, m := range ms {
		if i == 3 {
			fmt.Fprintf(&b, "; and %d more", len(ms)-3)
			break
		}
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "%s %s %q (matched %q, score %.2f)", m.List, m.EntityID, m.Name, m.MatchedName, m.Score)
	}
	return b.String()
}

// unsuppressed drops matches an officer cleared for the subject while the entry is
// unchanged, and counts them.
func (c *Checks) unsuppressed(ctx context.Context, tx *ent.Tx, st compliancecheck.SubjectType, id uuid.UUID, ms []schematype.CheckMatch) ([]schematype.CheckMatch, int, error) {
	out := []schematype.CheckMatch{}
	if len(ms) == 0 {
		return out, 0, nil
	}
	sups, err := tx.ScreeningSuppression.Query().Where(
		screeningsuppression.SubjectTypeEQ(screeningsuppression.SubjectType(st)), screeningsuppression.SubjectID(id)).All(ctx)
	if err != nil {
		return nil, 0, err
	}
	n := 0
	for _, m := range ms {
		if slices.ContainsFunc(sups, func(s *ent.ScreeningSuppression) bool {
			return s.List == m.List && s.EntityID == m.EntityID && s.EntryHash == m.EntryHash
		}) {
			n++
			continue
		}
		out = append(out, m)
	}
	return out, n, nil
}

// ListInput filters the review queue.
type ListInput struct {
	Status    string // open, closed or "" (all)
	Kind      string // sanctions, export_control, red_flags or "" (all)
	SubjectID uuid.UUID
	OrderID   uuid.UUID
	After     uuid.UUID
	Limit     int
}

// List returns checks oldest first (the review order), paged by id.
func (c *Checks) List(ctx context.Context, in ListInput) ([]*ent.ComplianceCheck, error) {
	q := c.db.Client.ComplianceCheck.Query().Order(ent.Asc(compliancecheck.FieldID)).Limit(in.Limit)
	switch in.Status {
	case "":
	case "open", "closed":
		q = q.Where(compliancecheck.StatusEQ(compliancecheck.Status(in.Status)))
	default:
		return nil, problem.Validation("invalid filter", problem.Field("/status", "must be open or closed"))
	}
	if in.Kind != "" {
		if compliancecheck.KindValidator(compliancecheck.Kind(in.Kind)) != nil {
			return nil, problem.Validation("invalid filter", problem.Field("/kind", "must be sanctions, export_control or red_flags"))
		}
		q = q.Where(compliancecheck.KindEQ(compliancecheck.Kind(in.Kind)))
	}
	if in.SubjectID != uuid.Nil {
		q = q.Where(compliancecheck.SubjectID(in.SubjectID))
	}
	if in.OrderID != uuid.Nil {
		q = q.Where(compliancecheck.OrderID(in.OrderID))
	}
	if in.After != uuid.Nil {
		q = q.Where(compliancecheck.IDGT(in.After))
	}
	return q.All(ctx)
}

var errCheckNotFound = problem.NotFound("compliance check not found")

// Get returns one check.
func (c *Checks) Get(ctx context.Context, id uuid.UUID) (*ent.ComplianceCheck, error) {
	k, err := c.db.Client.ComplianceCheck.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, errCheckNotFound
	}
	return k, err
}

// Decisions a reviewer may take.
const (
	DecisionFalsePositive = "false_positive"
	DecisionConfirmed     = "confirmed"
)

// ReviewInput is a compliance officer's decision on an open check.
type ReviewInput struct {
	Decision string
	Reason   string
}

// Validate reports every invalid field.
func (in *ReviewInput) Validate() error {
	var f problem.Fields
	in.Decision = strings.TrimSpace(in.Decision)
	in.Reason = strings.TrimSpace(in.Reason)
	if in.Decision != DecisionFalsePositive && in.Decision != DecisionConfirmed {
		f.Add("/decision", "must be false_positive or confirmed")
	}
	if len([]rune(in.Reason)) < 3 {
		f.Add("/reason", "is required: say why (at least 3 characters)")
	}
	if len([]rune(in.Reason)) > 2000 {
		f.Add("/reason", "must be at most 2000 characters")
	}
	return f.Err("the review is invalid")
}

// Review closes an open check with the officer's decision, in one transaction with its
// audit event and its consequence for the subject:
//   - false_positive: every match of the check is suppressed for the subject while the
//     list entry is unchanged, and an organization still in screening is cleared (its
//     onboarding continues: approval, or auto-approval of an invited one in a closed
//     portal);
//   - confirmed: the subject is blocked (an organization's onboarding ends blocked; an
//     approved one is blocked too).
//
// A closed check is a 409: a decision is never overwritten (screen again instead).
func (c *Checks) Review(ctx context.Context, id uuid.UUID, in ReviewInput) (*ent.ComplianceCheck, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	v := tenant.FromContext(ctx)
	var out *ent.ComplianceCheck
	err := db.WithTx(ctx, c.db.Client, func(tx *ent.Tx) error {
		k, err := db.ForUpdate(c.db.Dialect, tx.ComplianceCheck.Query().Where(compliancecheck.ID(id))).Only(ctx)
		if ent.IsNotFound(err) {
			return errCheckNotFound
		}
		if err != nil {
			return err
		}
		if k.Status != compliancecheck.StatusOpen {
			return problem.Conflict("the check was already reviewed (%s); screen the subject again for a new check", k.Decision)
		}
		u := tx.ComplianceCheck.UpdateOne(k).SetStatus(compliancecheck.StatusClosed).
			SetDecision(compliancecheck.Decision(in.Decision)).SetReviewedAt(c.now()).SetReviewReason(in.Reason)
		if v.UserID != uuid.Nil {
			u.SetReviewedBy(v.UserID)
		}
		if out, err = u.Save(ctx); err != nil {
			return err
		}
		if in.Decision == DecisionFalsePositive && k.SubjectID != nil {
			for _, m := range k.Matches {
				sc := tx.ScreeningSuppression.Create().
					SetSubjectType(screeningsuppression.SubjectType(k.SubjectType)).SetSubjectID(*k.SubjectID).
					SetList(m.List).SetEntityID(m.EntityID).SetEntryHash(m.EntryHash).SetCheckID(k.ID).SetReason(in.Reason)
				if v.UserID != uuid.Nil {
					sc.SetClearedBy(v.UserID)
				}
				if err := sc.OnConflict().DoNothing().Exec(ctx); err != nil && !isNoRows(err) {
					return err
				}
			}
		}
		if err := c.audit.Record(ctx, tx, "compliance.review", "compliance_check", k.ID.String(),
			map[string]any{"status": k.Status, "outcome": k.Outcome},
			map[string]any{"status": out.Status, "decision": in.Decision, "reason": in.Reason,
				"subject_type": k.SubjectType, "subject_id": k.SubjectID, "matches": len(k.Matches)}); err != nil {
			return err
		}
		if k.SubjectID == nil {
			return nil
		}
		switch k.SubjectType {
		case subjectOrganization:
			return c.applyToOrganization(ctx, tx, *k.SubjectID, in, k.ID)
		case compliancecheck.SubjectTypeConsignee, compliancecheck.SubjectTypeEndUser:
			return c.applyToConsignee(ctx, tx, *k.SubjectID, k.SubjectType, in)
		}
		return nil
	})
	return out, err
}

// applyToOrganization carries a decision over to the organization's onboarding.
func (c *Checks) applyToOrganization(ctx context.Context, tx *ent.Tx, orgID uuid.UUID, in ReviewInput, checkID uuid.UUID) error {
	o, err := tx.Organization.Get(ctx, orgID)
	if ent.IsNotFound(err) {
		return nil // the organization is gone; the decision stands on the check
	}
	if err != nil {
		return err
	}
	reason := fmt.Sprintf("%s (compliance check %s)", in.Reason, checkID)
	switch {
	case in.Decision == DecisionConfirmed && o.OnboardingStatus != organization.OnboardingStatusBlocked:
		_, err = c.parties.RecordScreeningTx(ctx, tx, orgID, parties.ScreeningInput{Outcome: parties.OutcomeBlocked, Reason: reason})
	case in.Decision == DecisionFalsePositive && o.OnboardingStatus == organization.OnboardingStatusScreening:
		_, err = c.parties.RecordScreeningTx(ctx, tx, orgID, parties.ScreeningInput{Outcome: parties.OutcomeClear, Reason: reason})
	case in.Decision == DecisionFalsePositive && o.OnboardingStatus == organization.OnboardingStatusApproved:
		// A rescreen raised a potential match on an approved organization.
		err = c.parties.ClearRescreenMatchTx(ctx, tx, orgID, reason)
	}
	return err
}

// applyToConsignee sets the reviewed subject's screening status: clear after a false
// positive (if the screening had found the potential match), blocked when confirmed.
func (c *Checks) applyToConsignee(ctx context.Context, tx *ent.Tx, id uuid.UUID, st compliancecheck.SubjectType, in ReviewInput) error {
	k, err := db.ForUpdate(c.db.Dialect, tx.Consignee.Query().Where(consignee.ID(id))).Only(ctx)
	if ent.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	status := "blocked"
	if in.Decision == DecisionFalsePositive {
		status = "clear"
	}
	u := tx.Consignee.UpdateOne(k)
	if st == compliancecheck.SubjectTypeConsignee {
		if in.Decision == DecisionFalsePositive && k.ScreeningStatus != consignee.ScreeningStatusPotentialMatch {
			return nil
		}
		u.SetScreeningStatus(consignee.ScreeningStatus(status))
		if k.EndUserIsConsignee {
			u.SetEndUserScreeningStatus(consignee.EndUserScreeningStatus(status))
		}
	} else {
		if in.Decision == DecisionFalsePositive && k.EndUserScreeningStatus != consignee.EndUserScreeningStatusPotentialMatch {
			return nil
		}
		u.SetEndUserScreeningStatus(consignee.EndUserScreeningStatus(status))
	}
	return u.Exec(ctx)
}

// isNoRows: ent's OnConflict().DoNothing().Exec reports sql.ErrNoRows when the row
// existed.
func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
