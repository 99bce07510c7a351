package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/manifoldhq/manifold/api"
	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/schematype"
	"github.com/manifoldhq/manifold/internal/parties"
	"github.com/manifoldhq/manifold/internal/platform/problem"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// DevMessage is one message the development mailer kept.
type DevMessage struct {
	To      string
	Subject string
	Body    string
	SentAt  time.Time
}

// DevInbox is the development mailer's memory (dev mode only).
type DevInbox interface {
	Messages(to string) []DevMessage
}

// orgDTO maps an organization for the viewer in ctx: payout references and the
// screening note are for its members and operator staff; a member reads the reason of
// a needs_info or reject decision, operator staff every reason.
func orgDTO(ctx context.Context) func(o *ent.Organization) api.Organization {
	staff := parties.OperatorStaff(ctx)
	return func(o *ent.Organization) api.Organization {
		out := api.Organization{
			Id: o.ID, Kind: api.OrganizationKind(o.Kind), LegalName: o.LegalName, Country: o.Country,
			VatNumber: opt(o.VatNumber), Eori: opt(o.Eori), Lei: opt(o.Lei), RegistrationNumber: opt(o.RegistrationNumber),
			OnboardingStatus: api.OrganizationOnboardingStatus(o.OnboardingStatus),
			ScreeningStatus:  api.OrganizationScreeningStatus(o.ScreeningStatus),
			Invited:          o.Invited, InvitedBy: o.InvitedBy, CreatedAt: o.CreatedAt, UpdatedAt: &o.UpdatedAt,
			SubmittedAt: o.SubmittedAt, ScreenedAt: o.ScreenedAt, DecidedAt: o.DecidedAt,
		}
		if len(o.Addresses) > 0 {
			addrs := make([]api.Address, 0, len(o.Addresses))
			for _, a := range o.Addresses {
				kind := api.AddressKind(a.Kind)
				addrs = append(addrs, api.Address{Kind: &kind, Line1: a.Line1, Line2: opt(a.Line2), City: a.City,
					PostalCode: opt(a.PostalCode), Region: opt(a.Region), Country: a.Country, Unlocode: opt(a.UNLOCODE)})
			}
			out.Addresses = &addrs
		}
		if parties.Insider(ctx, o) {
			if len(o.BeneficialOwners) > 0 {
				owners := make([]api.BeneficialOwner, len(o.BeneficialOwners))
				for i, b := range o.BeneficialOwners {
					kind := api.BeneficialOwnerKind(b.Kind)
					owners[i] = api.BeneficialOwner{Name: b.Name, Kind: &kind, Country: opt(b.Country),
						BirthDate: opt(b.BirthDate), SharePct: b.SharePct}
				}
				out.BeneficialOwners = &owners
			}
			out.BankIban, out.StripeAccountId = opt(o.BankIban), opt(o.StripeAccountID)
			if staff || o.OnboardingStatus == "needs_info" || o.OnboardingStatus == "rejected" {
				out.StatusReason = opt(o.StatusReason)
			}
		}
		if staff {
			out.ScreeningNote = opt(o.ScreeningNote)
		}
		return out
	}
}

func (s *Server) ListOrganizations(c echo.Context, p api.ListOrganizationsParams) error {
	kind := ""
	if p.Kind != nil {
		kind = string(*p.Kind)
	}
	return list(c, p.Cursor, p.Limit, func(ctx context.Context, after uuid.UUID, n int) ([]*ent.Organization, error) {
		return s.Parties.List(ctx, parties.ListInput{Kind: kind, After: after, Limit: n})
	}, func(o *ent.Organization) uuid.UUID { return o.ID }, orgDTO(c.Request().Context()))
}

func (s *Server) GetOrganization(c echo.Context, id api.ID) error {
	ctx := c.Request().Context()
	o, err := s.Parties.Get(ctx, id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, orgDTO(ctx)(o))
}

// companyBody is the company data of a request (registration, sign-up).
type companyBody struct {
	LegalName          string                       `json:"legal_name"`
	Country            string                       `json:"country"`
	VATNumber          string                       `json:"vat_number"`
	EORI               string                       `json:"eori"`
	LEI                string                       `json:"lei"`
	RegistrationNumber string                       `json:"registration_number"`
	Addresses          []schematype.Address         `json:"addresses"`
	BankIBAN           string                       `json:"bank_iban"`
	StripeAccountID    string                       `json:"stripe_account_id"`
	BeneficialOwners   []schematype.BeneficialOwner `json:"beneficial_owners"`
}

func (b companyBody) company() parties.Company {
	return parties.Company{
		LegalName: b.LegalName, Country: b.Country, VATNumber: b.VATNumber, EORI: b.EORI, LEI: b.LEI,
		RegistrationNumber: b.RegistrationNumber, Addresses: b.Addresses, BankIBAN: b.BankIBAN, StripeAccountID: b.StripeAccountID,
		BeneficialOwners: b.BeneficialOwners,
	}
}

func (s *Server) RegisterOrganization(c echo.Context) error {
	var req struct {
		Kind string `json:"kind"`
		companyBody
	}
	if err := bind(c, &req); err != nil {
		return err
	}
	ctx := c.Request().Context()
	o, err := s.Parties.Register(ctx, parties.RegisterInput{Kind: req.Kind, Company: req.company()})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, orgDTO(ctx)(o))
}

func (s *Server) UpdateOrganization(c echo.Context, id api.ID) error {
	var req struct {
		LegalName          *string                       `json:"legal_name"`
		Country            *string                       `json:"country"`
		VATNumber          *string                       `json:"vat_number"`
		EORI               *string                       `json:"eori"`
		LEI                *string                       `json:"lei"`
		RegistrationNumber *string                       `json:"registration_number"`
		Addresses          *[]schematype.Address         `json:"addresses"`
		BankIBAN           *string                       `json:"bank_iban"`
		StripeAccountID    *string                       `json:"stripe_account_id"`
		BeneficialOwners   *[]schematype.BeneficialOwner `json:"beneficial_owners"`
	}
	if err := bind(c, &req); err != nil {
		return err
	}
	ctx := c.Request().Context()
	o, err := s.Parties.UpdateCompany(ctx, id, parties.CompanyPatch{
		LegalName: req.LegalName, Country: req.Country, VATNumber: req.VATNumber, EORI: req.EORI, LEI: req.LEI,
		RegistrationNumber: req.RegistrationNumber, Addresses: req.Addresses, BankIBAN: req.BankIBAN,
		StripeAccountID: req.StripeAccountID, BeneficialOwners: req.BeneficialOwners,
	})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, orgDTO(ctx)(o))
}

func (s *Server) GetOnboarding(c echo.Context, id api.ID) error {
	ov, err := s.Parties.Onboarding(c.Request().Context(), id)
	if err != nil {
		return err
	}
	o := ov.Organization
	type reqDoc struct {
		Type     string `json:"type"`
		Label    string `json:"label"`
		Uploaded bool   `json:"uploaded"`
	}
	out := struct {
		OrganizationID  uuid.UUID            `json:"organization_id"`
		Kind            string               `json:"kind"`
		Status          string               `json:"onboarding_status"`
		ScreeningStatus string               `json:"screening_status"`
		Invited         bool                 `json:"invited"`
		StatusReason    string               `json:"status_reason,omitempty"`
		Required        []reqDoc             `json:"required_documents"`
		Missing         []problem.FieldError `json:"missing"`
		Actions         []parties.Event      `json:"actions"`
	}{
		OrganizationID: o.ID, Kind: string(o.Kind), Status: string(o.OnboardingStatus),
		ScreeningStatus: string(o.ScreeningStatus), Invited: o.Invited,
		Required: []reqDoc{}, Missing: []problem.FieldError{}, Actions: ov.Actions,
	}
	if r := orgDTO(c.Request().Context())(o).StatusReason; r != nil {
		out.StatusReason = *r
	}
	for _, d := range ov.Required {
		out.Required = append(out.Required, reqDoc{Type: d.Type, Label: d.Label, Uploaded: d.Uploaded})
	}
	out.Missing = append(out.Missing, ov.Missing...)
	return c.JSON(http.StatusOK, out)
}

func (s *Server) SubmitOrganization(c echo.Context, id api.ID) error {
	ctx := c.Request().Context()
	o, err := s.Parties.Submit(ctx, id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, orgDTO(ctx)(o))
}

func (s *Server) ReviewOrganization(c echo.Context, id api.ID) error {
	var req struct {
		Decision string `json:"decision"`
		Reason   string `json:"reason"`
	}
	if err := bind(c, &req); err != nil {
		return err
	}
	ctx := c.Request().Context()
	o, err := s.Parties.Review(ctx, id, parties.ReviewInput{Decision: req.Decision, Reason: req.Reason})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, orgDTO(ctx)(o))
}

func (s *Server) RecordScreening(c echo.Context, id api.ID) error {
	var req struct {
		Outcome string `json:"outcome"`
		Reason  string `json:"reason"`
	}
	if err := bind(c, &req); err != nil {
		return err
	}
	ctx := c.Request().Context()
	o, err := s.Parties.RecordScreening(ctx, id, parties.ScreeningInput{Outcome: req.Outcome, Reason: req.Reason})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, orgDTO(ctx)(o))
}

func (s *Server) ListOnboardingQueue(c echo.Context, p api.ListOnboardingQueueParams) error {
	in := parties.QueueInput{}
	if p.Stage != nil {
		in.Stage = string(*p.Stage)
	}
	return list(c, p.Cursor, p.Limit, func(ctx context.Context, after uuid.UUID, n int) ([]*ent.Organization, error) {
		in.After, in.Limit = after, n
		return s.Parties.Queue(ctx, in)
	}, func(o *ent.Organization) uuid.UUID { return o.ID }, orgDTO(c.Request().Context()))
}

type documentDTO struct {
	ID             uuid.UUID  `json:"id"`
	OrganizationID uuid.UUID  `json:"organization_id"`
	Type           string     `json:"type"`
	Filename       string     `json:"filename"`
	ContentType    string     `json:"content_type"`
	Size           int64      `json:"size"`
	SHA256         string     `json:"sha256"`
	UploadedBy     *uuid.UUID `json:"uploaded_by,omitempty"`
	CreatedAt      time.Time  `json:"created_at"`
}

func toDocumentDTO(d *ent.OnboardingDocument) documentDTO {
	return documentDTO{ID: d.ID, OrganizationID: d.OrganizationID, Type: d.DocType, Filename: d.Filename,
		ContentType: d.ContentType, Size: d.Size, SHA256: d.Sha256, UploadedBy: d.UploadedBy, CreatedAt: d.CreatedAt}
}

func (s *Server) ListOnboardingDocuments(c echo.Context, id api.ID, p api.ListOnboardingDocumentsParams) error {
	return list(c, p.Cursor, p.Limit, func(ctx context.Context, after uuid.UUID, n int) ([]*ent.OnboardingDocument, error) {
		return s.Parties.Documents(ctx, id, after, n)
	}, func(d *ent.OnboardingDocument) uuid.UUID { return d.ID }, toDocumentDTO)
}

func (s *Server) UploadOnboardingDocument(c echo.Context, id api.ID) error {
	fh, err := c.FormFile("file")
	if err != nil {
		return problem.Validation("the document is invalid", problem.Field("file", "is required: a multipart file part"))
	}
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	d, err := s.Parties.UploadDocument(c.Request().Context(), parties.UploadInput{
		OrganizationID: id, Type: c.FormValue("type"), Filename: fh.Filename,
		ContentType: fh.Header.Get(echo.HeaderContentType), Body: f,
	})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toDocumentDTO(d))
}

func (s *Server) DownloadOnboardingDocument(c echo.Context, id api.ID, documentID api.DocumentID) error {
	rc, d, err := s.Parties.OpenDocument(c.Request().Context(), id, documentID)
	if err != nil {
		return err
	}
	return serveFile(c, rc, file{name: d.Filename, contentType: d.ContentType, size: d.Size, sha256: d.Sha256})
}

func (s *Server) DeleteOnboardingDocument(c echo.Context, id api.ID, documentID api.DocumentID) error {
	if err := s.Parties.DeleteDocument(c.Request().Context(), id, documentID); err != nil {
		return err
	}
	return noContent(c)
}

func registrationDTO(ctx context.Context, r *parties.SignedUp) api.Registration {
	return api.Registration{
		Organization: orgDTO(ctx)(r.Organization),
		User:         api.User{Id: r.User.ID, Email: r.User.Email, Name: r.User.Name},
	}
}

// asMember returns ctx acting as the new admin of a registration, so its answer shows
// what the organization's own members see.
func asMember(ctx context.Context, r *parties.SignedUp) context.Context {
	return tenant.NewContext(ctx, &tenant.Viewer{TenantID: r.Organization.TenantID, UserID: r.User.ID,
		Grants: []tenant.Grant{{OrganizationID: r.Organization.ID, Role: string(r.Organization.Kind) + "_admin"}}})
}

func (s *Server) SignUp(c echo.Context) error {
	var req struct {
		Tenant        string `json:"tenant"`
		Kind          string `json:"kind"`
		AdminEmail    string `json:"admin_email"`
		AdminPassword string `json:"admin_password"`
		AdminName     string `json:"admin_name"`
		companyBody
	}
	if err := bind(c, &req); err != nil {
		return err
	}
	ctx := c.Request().Context()
	r, err := s.Parties.SignUp(ctx, parties.SignUpInput{
		Tenant: req.Tenant, Kind: req.Kind, Company: req.company(),
		AdminEmail: req.AdminEmail, AdminPassword: req.AdminPassword, AdminName: req.AdminName, IP: c.RealIP(),
	})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, registrationDTO(asMember(ctx, r), r))
}

type invitationDTO struct {
	ID             uuid.UUID  `json:"id"`
	Email          string     `json:"email"`
	Kind           string     `json:"kind"`
	LegalName      string     `json:"legal_name"`
	Country        string     `json:"country"`
	InviterOrgID   uuid.UUID  `json:"inviter_organization_id"`
	Status         string     `json:"status"`
	ExpiresAt      time.Time  `json:"expires_at"`
	SentAt         *time.Time `json:"sent_at,omitempty"`
	AcceptedAt     *time.Time `json:"accepted_at,omitempty"`
	RevokedAt      *time.Time `json:"revoked_at,omitempty"`
	OrganizationID *uuid.UUID `json:"organization_id,omitempty"`
	CreatedAt      time.Time  `json:"created_at"`
}

func toInvitationDTO(i *ent.Invitation) invitationDTO {
	return invitationDTO{
		ID: i.ID, Email: i.Email, Kind: string(i.Kind), LegalName: i.LegalName, Country: i.Country,
		InviterOrgID: i.InviterOrgID, Status: string(parties.StatusOf(i, time.Now())), ExpiresAt: i.ExpiresAt,
		SentAt: i.SentAt, AcceptedAt: i.AcceptedAt, RevokedAt: i.RevokedAt, OrganizationID: i.OrganizationID,
		CreatedAt: i.CreatedAt,
	}
}

func (s *Server) ListInvitations(c echo.Context, p api.ListInvitationsParams) error {
	return list(c, p.Cursor, p.Limit, s.Parties.Invitations,
		func(i *ent.Invitation) uuid.UUID { return i.ID }, toInvitationDTO)
}

func (s *Server) CreateInvitation(c echo.Context) error {
	var req struct {
		Email        string    `json:"email"`
		Kind         string    `json:"kind"`
		LegalName    string    `json:"legal_name"`
		Country      string    `json:"country"`
		InviterOrgID uuid.UUID `json:"inviter_organization_id"`
	}
	if err := bind(c, &req); err != nil {
		return err
	}
	i, err := s.Parties.Invite(c.Request().Context(), parties.InviteInput{
		Email: req.Email, Kind: req.Kind, LegalName: req.LegalName, Country: req.Country, InviterOrgID: req.InviterOrgID,
	})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toInvitationDTO(i))
}

func (s *Server) ResendInvitation(c echo.Context, id api.ID) error {
	i, err := s.Parties.Resend(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toInvitationDTO(i))
}

func (s *Server) RevokeInvitation(c echo.Context, id api.ID) error {
	if err := s.Parties.Revoke(c.Request().Context(), id); err != nil {
		return err
	}
	return noContent(c)
}

func (s *Server) AcceptInvitation(c echo.Context) error {
	var req struct {
		Tenant   string `json:"tenant"`
		Token    string `json:"token"`
		Password string `json:"password"`
		Name     string `json:"name"`
	}
	if err := bind(c, &req); err != nil {
		return err
	}
	ctx := c.Request().Context()
	r, err := s.Parties.Accept(ctx, parties.AcceptInput{
		Tenant: req.Tenant, Token: req.Token, Password: req.Password, Name: req.Name, IP: c.RealIP(),
	})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, registrationDTO(asMember(ctx, r), r))
}

func (s *Server) DevInbox(c echo.Context, p api.DevInboxParams) error {
	if s.Inbox == nil {
		return problem.NotFound("the dev inbox exists only in dev mode")
	}
	to := ""
	if p.To != nil {
		to = *p.To
	}
	type msg struct {
		To      string    `json:"to"`
		Subject string    `json:"subject"`
		Body    string    `json:"body"`
		SentAt  time.Time `json:"sent_at"`
	}
	out := struct {
		Items []msg `json:"items"`
	}{Items: []msg{}}
	for _, m := range s.Inbox.Messages(to) {
		out.Items = append(out.Items, msg(m))
	}
	return c.JSON(http.StatusOK, out)
}
