package parties

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/distributorlink"
	"github.com/manifoldhq/manifold/ent/invitation"
	"github.com/manifoldhq/manifold/ent/organization"
	"github.com/manifoldhq/manifold/ent/predicate"
	"github.com/manifoldhq/manifold/ent/user"
	"github.com/manifoldhq/manifold/internal/catalog/masterdata"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/jobs"
	"github.com/manifoldhq/manifold/internal/platform/problem"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// Mailer sends a message. The development mailer logs it and keeps it for the demo
// inbox; a production transport plugs in behind the same interface.
type Mailer interface {
	Send(ctx context.Context, to, subject, body string) error
}

// InvitationStatus is derived from an invitation's times.
type InvitationStatus string

const (
	InvitationPending  InvitationStatus = "pending" // created, the email not sent yet
	InvitationSent     InvitationStatus = "sent"
	InvitationAccepted InvitationStatus = "accepted"
	InvitationRevoked  InvitationStatus = "revoked"
	InvitationExpired  InvitationStatus = "expired"
)

// StatusOf says where an invitation stands at now.
func StatusOf(i *ent.Invitation, now time.Time) InvitationStatus {
	switch {
	case i.AcceptedAt != nil:
		return InvitationAccepted
	case i.RevokedAt != nil:
		return InvitationRevoked
	case !now.Before(i.ExpiresAt):
		return InvitationExpired
	case i.SentAt == nil:
		return InvitationPending
	}
	return InvitationSent
}

// InviteInput invites a new organization's admin by email.
type InviteInput struct {
	Email     string
	Kind      string
	LegalName string
	Country   string
	// InviterOrgID names the inviting organization when the viewer may invite for
	// several; otherwise it is found from the viewer's memberships.
	InviterOrgID uuid.UUID
}

// Validate normalises the input and reports every invalid field.
func (in *InviteInput) Validate() error {
	var chk masterdata.Check
	in.Email = strings.ToLower(strings.TrimSpace(in.Email))
	if !emailLike(in.Email) {
		chk.Add("/email", "must be an email address")
	}
	if !validKind(in.Kind) {
		chk.Add("/kind", "must be seller, buyer or distributor")
	}
	in.LegalName = strings.Join(strings.Fields(in.LegalName), " ")
	if n := len([]rune(in.LegalName)); n < 2 || n > 300 || !printable(in.LegalName) {
		chk.Add("/legal_name", "is required: 2 to 300 characters")
	}
	in.Country = chk.Country("/country", in.Country)
	return chk.Err("invitation is invalid")
}

// inviters returns the organizations the viewer may invite for: those where one of its
// roles holds organization:invite.
func (s *Service) inviters(ctx context.Context, v *tenant.Viewer) []uuid.UUID {
	var out []uuid.UUID
	for _, g := range v.Grants {
		if slices.Contains(out, g.OrganizationID) {
			continue
		}
		one := &tenant.Viewer{TenantID: v.TenantID, Model: v.Model, Grants: []tenant.Grant{g}}
		if s.allowed(ctx, one, "organization", "invite") {
			out = append(out, g.OrganizationID)
		}
	}
	return out
}

// Invite creates an invitation and enqueues its email. The operator invites sellers,
// buyers and distributors; a distributor (approved, in a marketplace whose policy lets
// distributors invite) invites buyers, who are then linked to it. The token is made and
// mailed by the job; only its hash is stored.
func (s *Service) Invite(ctx context.Context, in InviteInput) (*ent.Invitation, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	v := tenant.FromContext(ctx)
	mine := s.inviters(ctx, v)
	switch {
	case len(mine) == 0:
		return nil, problem.Forbidden("you may not invite organizations")
	case in.InviterOrgID == uuid.Nil && len(mine) > 1:
		return nil, problem.Validation("invitation is invalid",
			problem.Field("/inviter_organization_id", "is required: you invite for %d organizations", len(mine)))
	case in.InviterOrgID == uuid.Nil:
		in.InviterOrgID = mine[0]
	case !slices.Contains(mine, in.InviterOrgID):
		return nil, problem.Forbidden("you do not invite for that organization")
	}
	var out *ent.Invitation
	err := db.WithTx(ctx, s.db.Client, func(tx *ent.Tx) error {
		inviter, err := tx.Organization.Get(ctx, in.InviterOrgID)
		if err != nil {
			return err
		}
		switch inviter.Kind {
		case organization.KindOperator:
		case organization.KindDistributor:
			if in.Kind != "buyer" {
				return problem.Validation("invitation is invalid", problem.Field("/kind", "a distributor invites buyers only"))
			}
			if inviter.OnboardingStatus != organization.OnboardingStatusApproved {
				return problem.Conflict("a distributor invites buyers once it is approved")
			}
		default:
			return problem.Forbidden("only the operator and distributors invite organizations")
		}
		now := s.now()
		dup, err := tx.Invitation.Query().Where(invitation.Email(in.Email), invitation.KindEQ(invitation.Kind(in.Kind)),
			invitation.AcceptedAtIsNil(), invitation.RevokedAtIsNil(), invitation.ExpiresAtGT(now)).Exist(ctx)
		if err != nil {
			return err
		}
		if dup {
			return problem.Conflict("%s already has an open invitation as a %s: resend it instead", in.Email, in.Kind)
		}
		c := tx.Invitation.Create().SetEmail(in.Email).SetKind(invitation.Kind(in.Kind)).SetLegalName(in.LegalName).
			SetCountry(in.Country).SetInviterOrgID(inviter.ID).SetExpiresAt(now.Add(s.cfg.InvitationTTL))
		if v.UserID != uuid.Nil {
			c.SetInvitedByUser(v.UserID)
		}
		if out, err = c.Save(ctx); err != nil {
			return err
		}
		if _, err := jobs.Enqueue(ctx, tx, jobs.Task{Type: TypeSendInvitation, Payload: InvitationPayload{InvitationID: out.ID}}); err != nil {
			return err
		}
		return s.deps.Audit.Record(ctx, tx, "invitation.create", "invitation", out.ID.String(), nil, map[string]any{
			"email": in.Email, "kind": in.Kind, "legal_name": in.LegalName, "country": in.Country, "inviter_org_id": inviter.ID,
		})
	})
	return out, err
}

// invitationScope restricts invitations to those the viewer manages: all for operator
// staff, its own organizations' otherwise.
func invitationScope(v *tenant.Viewer) predicate.Invitation {
	if operatorSide(v) {
		return invitation.IDNEQ(uuid.Nil)
	}
	return invitation.InviterOrgIDIn(v.OrganizationIDs()...)
}

// Invitations returns a page of the invitations the viewer manages, ordered by id.
func (s *Service) Invitations(ctx context.Context, after uuid.UUID, limit int) ([]*ent.Invitation, error) {
	q := s.db.Client.Invitation.Query().Where(invitationScope(tenant.FromContext(ctx))).
		Order(ent.Asc(invitation.FieldID)).Limit(limit)
	if after != uuid.Nil {
		q = q.Where(invitation.IDGT(after))
	}
	return q.All(ctx)
}

var errInvitationNotFound = problem.NotFound("invitation not found")

func (s *Service) lockInvitation(ctx context.Context, tx *ent.Tx, id uuid.UUID) (*ent.Invitation, error) {
	i, err := db.ForUpdate(s.db.Dialect, tx.Invitation.Query().
		Where(invitation.ID(id), invitationScope(tenant.FromContext(ctx)))).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, errInvitationNotFound
	}
	return i, err
}

// Resend mails an open invitation again with a new token (the old one stops working
// when the email goes out) and a new expiry.
func (s *Service) Resend(ctx context.Context, id uuid.UUID) (*ent.Invitation, error) {
	var out *ent.Invitation
	err := db.WithTx(ctx, s.db.Client, func(tx *ent.Tx) error {
		i, err := s.lockInvitation(ctx, tx, id)
		if err != nil {
			return err
		}
		if st := StatusOf(i, s.now()); st == InvitationAccepted || st == InvitationRevoked {
			return problem.Conflict("the invitation is %s", st)
		}
		if out, err = tx.Invitation.UpdateOne(i).SetExpiresAt(s.now().Add(s.cfg.InvitationTTL)).Save(ctx); err != nil {
			return err
		}
		if _, err := jobs.Enqueue(ctx, tx, jobs.Task{Type: TypeSendInvitation, Payload: InvitationPayload{InvitationID: i.ID}}); err != nil {
			return err
		}
		return s.deps.Audit.Record(ctx, tx, "invitation.resend", "invitation", i.ID.String(),
			map[string]any{"expires_at": i.ExpiresAt}, map[string]any{"expires_at": out.ExpiresAt})
	})
	return out, err
}

// Revoke withdraws an invitation not yet accepted; its token stops working at once.
func (s *Service) Revoke(ctx context.Context, id uuid.UUID) error {
	return db.WithTx(ctx, s.db.Client, func(tx *ent.Tx) error {
		i, err := s.lockInvitation(ctx, tx, id)
		if err != nil {
			return err
		}
		switch StatusOf(i, s.now()) {
		case InvitationAccepted:
			return problem.Conflict("the invitation was accepted")
		case InvitationRevoked:
			return nil
		}
		if err := tx.Invitation.UpdateOne(i).SetRevokedAt(s.now()).Exec(ctx); err != nil {
			return err
		}
		return s.deps.Audit.Record(ctx, tx, "invitation.revoke", "invitation", i.ID.String(), nil, map[string]any{"email": i.Email})
	})
}

// TypeSendInvitation mails an invitation with a fresh token.
const TypeSendInvitation = "parties:send_invitation"

// InvitationPayload names the invitation to mail.
type InvitationPayload struct {
	InvitationID uuid.UUID `json:"invitation_id"`
}

// Validate refuses a payload without an invitation.
func (p InvitationPayload) Validate() error {
	if p.InvitationID == uuid.Nil {
		return errors.New("invitation_id is required")
	}
	return nil
}

// tokenPrefix marks invitation tokens (session tokens are mfs_, API keys mfk_).
const tokenPrefix = "mfi_"

func newToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return tokenPrefix + base64.RawURLEncoding.EncodeToString(b)
}

func hashToken(tok string) []byte {
	h := sha256.Sum256([]byte(tok))
	return h[:]
}

// HandleSendInvitation is the invitation email job. It makes the token, stores its
// hash and sends the email in one transaction with the outbox row's completion: a
// redelivered job sends nothing. If the mailer fails, nothing is stored and the job is
// retried with a new token; if the commit fails after the send, the retry mails a new
// token and the first one never works (erring on the side of a second email). An
// invitation accepted or revoked meanwhile is not mailed.
func (s *Service) HandleSendInvitation(m Mailer) func(ctx context.Context, p InvitationPayload) error {
	return func(ctx context.Context, p InvitationPayload) error {
		return db.WithTx(ctx, s.db.Client, func(tx *ent.Tx) error {
			first, err := jobs.Complete(ctx, tx)
			if err != nil || !first {
				return err
			}
			i, err := db.ForUpdate(s.db.Dialect, tx.Invitation.Query().Where(invitation.ID(p.InvitationID))).Only(ctx)
			if ent.IsNotFound(err) {
				return nil
			}
			if err != nil {
				return err
			}
			now := s.now()
			if st := StatusOf(i, now); st != InvitationPending && st != InvitationSent {
				s.log.InfoContext(ctx, "invitation not mailed", "invitation_id", i.ID, "status", st)
				return nil
			}
			t, err := tx.Tenant.Get(ctx, i.TenantID)
			if err != nil {
				return err
			}
			inviter, err := tx.Organization.Get(ctx, i.InviterOrgID)
			if err != nil {
				return err
			}
			tok := newToken()
			if err := tx.Invitation.UpdateOne(i).SetTokenHash(hashToken(tok)).SetSentAt(now).Exec(ctx); err != nil {
				return err
			}
			subject := fmt.Sprintf("%s invites %s to %s", inviter.LegalName, i.LegalName, t.Name)
			body := fmt.Sprintf("%s invites %s to join the marketplace %s as a %s.\n\n"+
				"Accept in Manifold at /invitations/accept?tenant=%s&token=%s\n"+
				"or with POST /api/v1/invitations/accept {\"tenant\": %q, \"token\": %q, \"password\": \"<at least 12 characters>\"}.\n\n"+
				"The invitation works once and expires on %s UTC. If you already have an account in %s, use its password.",
				inviter.LegalName, i.LegalName, t.Name, i.Kind, t.Slug, tok, t.Slug, tok,
				i.ExpiresAt.UTC().Format("2006-01-02 15:04"), t.Name)
			if err := m.Send(ctx, i.Email, subject, body); err != nil {
				return fmt.Errorf("send invitation %s: %w", i.ID, err)
			}
			return s.deps.Audit.Record(ctx, tx, "invitation.sent", "invitation", i.ID.String(), nil,
				map[string]any{"to": i.Email, "expires_at": i.ExpiresAt})
		})
	}
}

// AcceptInput accepts an invitation with its token.
type AcceptInput struct {
	Tenant   string
	Token    string
	Password string
	Name     string
	IP       string
}

// Validate checks the input's shape.
func (in *AcceptInput) Validate() error {
	var f problem.Fields
	in.Tenant = strings.ToLower(strings.TrimSpace(in.Tenant))
	in.Token = strings.TrimSpace(in.Token)
	in.Name = strings.Join(strings.Fields(in.Name), " ")
	if in.Tenant == "" {
		f.Add("/tenant", "is required")
	}
	if !strings.HasPrefix(in.Token, tokenPrefix) || len(in.Token) > 100 {
		f.Add("/token", "is not an invitation token")
	}
	if in.Password == "" {
		f.Add("/password", "is required")
	}
	if len([]rune(in.Name)) > 200 || !printable(in.Name) {
		f.Add("/name", "must be at most 200 printable characters")
	}
	return f.Err("acceptance is invalid")
}

// Accept turns an invitation into an organization (draft, invited, linked to its
// inviter), a user with the given password and the <kind>_admin membership, in one
// transaction; the invitation is then used up. If the email already has an account in
// the marketplace, the password must be that account's and the membership is added to
// it. Public, so rate limited per client IP; an unknown token is not found, a used,
// revoked or expired one a conflict.
func (s *Service) Accept(ctx context.Context, in AcceptInput) (*SignedUp, error) {
	if err := s.deps.Throttle.Throttle(ctx, "accept:"+in.IP, s.cfg.PublicPerIP); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	t, tctx, err := s.publicTenant(ctx, in.Tenant)
	if errors.Is(err, errNoMarketplace) {
		return nil, errInvitationNotFound
	}
	if err != nil {
		return nil, err
	}
	out := &SignedUp{}
	existing := false
	err = db.WithTx(tctx, s.db.Client, func(tx *ent.Tx) error {
		i, err := db.ForUpdate(s.db.Dialect, tx.Invitation.Query().Where(invitation.TokenHash(hashToken(in.Token)))).Only(tctx)
		if ent.IsNotFound(err) {
			return errInvitationNotFound
		}
		if err != nil {
			return err
		}
		switch st := StatusOf(i, s.now()); st {
		case InvitationAccepted:
			return problem.Conflict("the invitation was already used")
		case InvitationRevoked, InvitationExpired:
			return problem.Conflict("the invitation is %s: ask for a new one", st)
		}
		u, err := tx.User.Query().Where(user.Email(i.Email)).Only(tctx)
		switch {
		case ent.IsNotFound(err):
			if len(in.Password) < 12 {
				return problem.Validation("acceptance is invalid", problem.Field("/password", "must be at least 12 characters"))
			}
			hash, err := s.deps.Passwords.SetPassword(in.Password)
			if err != nil {
				return err
			}
			if u, err = tx.User.Create().SetEmail(i.Email).SetName(in.Name).SetPasswordHash(hash).Save(tctx); err != nil {
				return err
			}
		case err != nil:
			return err
		default:
			existing = true
			ok, err := s.deps.Passwords.CheckPassword(in.Password, u.PasswordHash)
			if err != nil || !ok || u.Disabled {
				return problem.Unauthorized("an account with this email exists: give its password to accept")
			}
		}
		out.User = u
		uctx := asUser(tctx, u.ID)
		inviter := i.InviterOrgID
		c := Company{LegalName: i.LegalName, Country: i.Country}
		if out.Organization, err = s.createOrg(uctx, tx, string(i.Kind), c, u.ID, true, &inviter); err != nil {
			return err
		}
		if err := tx.Invitation.UpdateOne(i).SetAcceptedAt(s.now()).SetOrganizationID(out.Organization.ID).Exec(uctx); err != nil {
			return err
		}
		if err := s.linkInvitee(uctx, tx, i, out.Organization); err != nil {
			return err
		}
		return s.deps.Audit.Record(uctx, tx, "invitation.accept", "invitation", i.ID.String(), nil,
			map[string]any{"organization_id": out.Organization.ID, "user_id": u.ID, "existing_user": existing})
	})
	if err != nil {
		return nil, err
	}
	if existing {
		s.deps.Revoker.RevokeCached(ctx, out.User.ID, uuid.Nil, uuid.Nil)
	}
	s.log.InfoContext(ctx, "invitation accepted", "tenant_id", t.ID, "organization_id", out.Organization.ID)
	return out, nil
}

// linkInvitee links a distributor to the seller or buyer it invited: a distributor
// invites the parties it serves (distributor-led), so accepting creates the link the
// operator would otherwise make by hand.
func (s *Service) linkInvitee(ctx context.Context, tx *ent.Tx, i *ent.Invitation, o *ent.Organization) error {
	if o.Kind != organization.KindSeller && o.Kind != organization.KindBuyer {
		return nil
	}
	inviter, err := tx.Organization.Get(ctx, i.InviterOrgID)
	if err != nil || inviter.Kind != organization.KindDistributor {
		return err
	}
	l, err := tx.DistributorLink.Create().SetDistributorID(inviter.ID).SetOrganizationID(o.ID).
		SetKind(distributorlink.Kind(o.Kind)).SetNillableCreatedBy(i.InvitedByUser).Save(ctx)
	if err != nil {
		return err
	}
	return s.deps.Audit.Record(ctx, tx, "distributor_link.create", "distributor_link", l.ID.String(), nil, linkAudit(l))
}
