package app_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent/auditevent"
	"github.com/manifoldhq/manifold/ent/invitation"
	"github.com/manifoldhq/manifold/ent/organization"
	"github.com/manifoldhq/manifold/ent/outboxmessage"
	enttenant "github.com/manifoldhq/manifold/ent/tenant"
	"github.com/manifoldhq/manifold/internal/parties"
	"github.com/manifoldhq/manifold/internal/platform/config"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// ownBlobs keeps a harness's blobs (uploaded documents) in the test's temporary
// directory instead of the default ./var.
func ownBlobs(t *testing.T, o options) options {
	o.tweak = func(c *config.Config) { c.DataDir = t.TempDir() }
	return o
}

// eachDialect is each with the harness's blobs in a temporary directory.
func eachDialect(t *testing.T, fn func(t *testing.T, h *harness)) {
	t.Run("postgres", func(t *testing.T) { t.Parallel(); fn(t, newHarness(t, ownBlobs(t, options{postgres: true}))) })
	t.Run("sqlite", func(t *testing.T) { t.Parallel(); fn(t, newHarness(t, ownBlobs(t, options{embedded: true}))) })
}

// eachWithWorker is eachDialect with the worker, relay and fan-out running, for flows
// that go through jobs (screening, invitation emails).
func eachWithWorker(t *testing.T, fn func(t *testing.T, h *harness)) {
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		fn(t, newHarness(t, ownBlobs(t, options{postgres: true, runBackground: true})))
	})
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		fn(t, newHarness(t, ownBlobs(t, options{embedded: true, runBackground: true})))
	})
}

// pdf is a minimal file that sniffs as a PDF.
func pdf(tag string) []byte {
	return []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% " + tag + "\ntrailer << /Root 1 0 R >>\n%%EOF\n")
}

var png = append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0}, 64)...)

// upload posts a multipart onboarding document.
func (h *harness) upload(tok, orgID, docType, filename, contentType string, content []byte) response {
	h.t.Helper()
	return h.postFile("/api/v1/organizations/"+orgID+"/documents", tok, map[string]string{"type": docType},
		filename, contentType, content)
}

// postFile posts a multipart form with fields (empty values left out) and, when content
// is not nil, a "file" part.
func (h *harness) postFile(path, tok string, fields map[string]string, filename, contentType string, content []byte) response {
	h.t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range fields {
		if v != "" {
			_ = w.WriteField(k, v)
		}
	}
	if content != nil {
		hdr := textproto.MIMEHeader{}
		hdr.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename=%q`, filename))
		hdr.Set("Content-Type", contentType)
		part, _ := w.CreatePart(hdr)
		_, _ = part.Write(content)
	}
	_ = w.Close()
	return h.do("POST", path, tok, buf.String(), "Content-Type", w.FormDataContentType())
}

func (h *harness) loginAs(slug, email, password string) string {
	h.t.Helper()
	r := h.do("POST", "/api/v1/auth/login", "", map[string]string{"tenant": slug, "email": email, "password": password})
	if r.Status != http.StatusOK {
		h.t.Fatalf("login %s@%s: %d %s", email, slug, r.Status, r.Body)
	}
	return r.JSON(h.t)["access_token"].(string)
}

// signUp registers a company with its admin and returns the organization id and the
// admin's token.
func (h *harness) signUp(slug, kind, name, email string, extra map[string]any) (string, string) {
	h.t.Helper()
	body := map[string]any{
		"tenant": slug, "kind": kind, "legal_name": name, "country": "DE", "vat_number": "DE136695976",
		"addresses":   []map[string]any{{"line1": "Rheinallee 1", "city": "Mainz", "postal_code": "55116", "country": "DE"}},
		"bank_iban":   "DE89 3704 0044 0532 0130 00",
		"admin_email": email, "admin_password": "correct-horse-battery", "admin_name": "Ada Admin",
	}
	for k, v := range extra {
		body[k] = v
	}
	r := h.do("POST", "/api/v1/registrations", "", body)
	if r.Status != http.StatusCreated {
		h.t.Fatalf("sign up %s in %s: %d %s", kind, slug, r.Status, r.Body)
	}
	org := r.JSON(h.t)["organization"].(map[string]any)
	return org["id"].(string), h.loginAs(slug, email, "correct-horse-battery")
}

func (h *harness) org(tok, id string) map[string]any {
	h.t.Helper()
	r := h.do("GET", "/api/v1/organizations/"+id, tok, nil)
	if r.Status != http.StatusOK {
		h.t.Fatalf("get organization %s: %d %s", id, r.Status, r.Body)
	}
	return r.JSON(h.t)
}

// auditOf returns the audit events of one subject, oldest first, as action → after.
func (h *harness) auditOf(subject string) []map[string]any {
	ctx := tenant.SystemContext(h.t.Context(), tenant.SystemTest)
	evs := h.App.DB.Client.AuditEvent.Query().Where(auditevent.SubjectID(subject)).Order(auditevent.BySeq()).AllX(ctx)
	var out []map[string]any
	for _, e := range evs {
		m := map[string]any{"action": e.Action, "actor": e.Actor}
		if b := jsonMap(e.Before); b != nil {
			m["before"] = b
		}
		if a := jsonMap(e.After); a != nil {
			m["after"] = a
		}
		out = append(out, m)
	}
	return out
}

func jsonMap(b []byte) map[string]any {
	if len(b) == 0 {
		return nil
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil
	}
	return m
}

func actions(evs []map[string]any) []string {
	var out []string
	for _, e := range evs {
		out = append(out, e["action"].(string))
	}
	return out
}

// setState puts an organization into an onboarding state directly (test setup).
func (h *harness) setState(id string, st parties.Status, sc parties.ScreeningStatus, invited bool) {
	ctx := tenant.SystemContext(h.t.Context(), tenant.SystemTest)
	h.App.DB.Client.Organization.UpdateOneID(uuidOf(h.t, id)).
		SetOnboardingStatus(organization.OnboardingStatus(st)).SetScreeningStatus(organization.ScreeningStatus(sc)).
		SetInvited(invited).ExecX(ctx)
}

func (h *harness) orgID(slug, legalName string) string {
	ctx := tenant.SystemContext(h.t.Context(), tenant.SystemTest)
	tn := h.App.DB.Client.Tenant.Query().Where(enttenant.Slug(slug)).OnlyX(ctx)
	return h.App.DB.Client.Organization.Query().
		Where(organization.TenantID(tn.ID), organization.LegalName(legalName)).OnlyX(ctx).ID.String()
}

func TestOnboarding_CuratedSellerFromSignUpToApproval(t *testing.T) {
	eachWithWorker(t, func(t *testing.T, h *harness) {
		const slug = "demo-curated"
		orgID, seller := h.signUp(slug, "seller", "Mosel Feinchemie GmbH", "ada@mosel.example", nil)
		admin := h.login(slug, "marketplace_admin")
		officer := h.login(slug, "compliance_officer")
		buyer := h.login(slug, "buyer_purchaser")

		o := h.org(seller, orgID)
		if o["onboarding_status"] != "draft" || o["screening_status"] != "not_screened" || o["invited"] != false ||
			o["vat_number"] != "DE136695976" || o["bank_iban"] != "DE89370400440532013000" {
			t.Fatalf("registered: %v", o)
		}
		me := h.do("GET", "/api/v1/me", seller, nil).JSON(t)
		if orgs := me["organizations"].([]any); len(orgs) != 1 || orgs[0].(map[string]any)["role"] != "seller_admin" {
			t.Fatalf("me: %v", me)
		}
		if r := h.do("GET", "/api/v1/organizations/"+orgID, buyer, nil); r.Status != 404 {
			t.Fatalf("a buyer sees a draft seller: %d", r.Status)
		}

		// The checklist names the curated seller's documents; submit refuses each one.
		ov := h.do("GET", "/api/v1/organizations/"+orgID+"/onboarding", seller, nil).JSON(t)
		var req []string
		for _, d := range ov["required_documents"].([]any) {
			req = append(req, d.(map[string]any)["type"].(string))
		}
		if !slices.Equal(req, []string{"certificate_of_incorporation", "export_licence", "bank_letter"}) ||
			fmt.Sprint(ov["actions"]) != "[submit]" {
			t.Fatalf("overview: %v", ov)
		}
		r := h.do("POST", "/api/v1/organizations/"+orgID+"/submit", seller, nil)
		if r.Status != 400 {
			t.Fatalf("submit without documents: %d %s", r.Status, r.Body)
		}
		want := []string{"documents.bank_letter", "documents.certificate_of_incorporation", "documents.export_licence"}
		if got := fields(t, r); !slices.Equal(got, want) {
			t.Fatalf("missing %v, want %v", got, want)
		}
		for _, d := range []string{"certificate_of_incorporation", "export_licence", "bank_letter"} {
			if r := h.upload(seller, orgID, d, d+".pdf", "application/pdf", pdf(d)); r.Status != 201 {
				t.Fatalf("upload %s: %d %s", d, r.Status, r.Body)
			}
		}
		if r := h.do("POST", "/api/v1/organizations/"+orgID+"/review", admin, map[string]any{"decision": "approve"}); r.Status != 409 {
			t.Fatalf("approve a draft: %d %s", r.Status, r.Body)
		}
		r = h.do("POST", "/api/v1/organizations/"+orgID+"/submit", seller, nil)
		if r.Status != 200 || r.JSON(t)["onboarding_status"] != "submitted" || r.JSON(t)["screening_status"] != "pending" {
			t.Fatalf("submit: %d %s", r.Status, r.Body)
		}
		if r := h.do("PATCH", "/api/v1/organizations/"+orgID, seller, map[string]any{"legal_name": "Changed GmbH"}); r.Status != 409 {
			t.Fatalf("edit after submit: %d", r.Status)
		}

		// The job moves it to screening; no automatic screening exists yet, so it waits
		// for a compliance officer and says so.
		eventually(t, "screening started", func() (bool, string) {
			o := h.org(officer, orgID)
			return o["onboarding_status"] == "screening", fmt.Sprint(o)
		})
		o = h.org(officer, orgID)
		if o["screening_status"] != "pending" || o["screening_note"] != parties.ManualReviewDetail {
			t.Fatalf("after the job: %v", o)
		}
		if _, leaked := h.org(seller, orgID)["screening_note"]; leaked {
			t.Fatal("the organization reads the screening note")
		}
		q := h.do("GET", "/api/v1/onboarding/queue?stage=screening", officer, nil).JSON(t)["items"].([]any)
		if len(q) != 1 || q[0].(map[string]any)["id"] != orgID {
			t.Fatalf("screening queue: %v", q)
		}
		if r := h.do("GET", "/api/v1/onboarding/queue", seller, nil); r.Status != 403 {
			t.Fatalf("seller reads the queue: %d", r.Status)
		}
		if r := h.do("POST", "/api/v1/organizations/"+orgID+"/review", admin, map[string]any{"decision": "approve"}); r.Status != 409 {
			t.Fatalf("approve while screening is pending: %d %s", r.Status, r.Body)
		}
		// Heightened compliance: the curated marketplace admin does not record screenings.
		if r := h.do("POST", "/api/v1/organizations/"+orgID+"/screening", admin, map[string]any{"outcome": "clear"}); r.Status != 403 {
			t.Fatalf("admin records screening in curated: %d", r.Status)
		}
		if r := h.do("POST", "/api/v1/organizations/"+orgID+"/screening", officer, map[string]any{"outcome": "potential_match"}); r.Status != 400 {
			t.Fatalf("potential match without reason: %d", r.Status)
		}
		r = h.do("POST", "/api/v1/organizations/"+orgID+"/screening", officer, map[string]any{"outcome": "clear"})
		if r.Status != 200 || r.JSON(t)["onboarding_status"] != "screening" || r.JSON(t)["screening_status"] != "clear" {
			t.Fatalf("clear (curated waits for approval): %d %s", r.Status, r.Body)
		}
		q = h.do("GET", "/api/v1/onboarding/queue?stage=approval", admin, nil).JSON(t)["items"].([]any)
		if len(q) != 1 {
			t.Fatalf("approval queue: %v", q)
		}

		// Ask for more information; the seller reads why, fixes and resubmits.
		if r := h.do("POST", "/api/v1/organizations/"+orgID+"/review", admin, map[string]any{"decision": "request_info"}); r.Status != 400 {
			t.Fatalf("request_info without reason: %d", r.Status)
		}
		r = h.do("POST", "/api/v1/organizations/"+orgID+"/review", admin, map[string]any{"decision": "request_info", "reason": "add the EORI number"})
		if r.Status != 200 || r.JSON(t)["onboarding_status"] != "needs_info" {
			t.Fatalf("request_info: %d %s", r.Status, r.Body)
		}
		if o := h.org(seller, orgID); o["status_reason"] != "add the EORI number" {
			t.Fatalf("the seller does not see the reason: %v", o)
		}
		r = h.do("PATCH", "/api/v1/organizations/"+orgID, seller, map[string]any{"eori": "de123456789012345"})
		if r.Status != 200 || r.JSON(t)["eori"] != "DE123456789012345" {
			t.Fatalf("patch in needs_info: %d %s", r.Status, r.Body)
		}
		if r := h.do("POST", "/api/v1/organizations/"+orgID+"/submit", seller, nil); r.Status != 200 {
			t.Fatalf("resubmit: %d %s", r.Status, r.Body)
		}
		eventually(t, "screening again", func() (bool, string) {
			o := h.org(officer, orgID)
			return o["onboarding_status"] == "screening" && o["screening_status"] == "pending", fmt.Sprint(o)
		})
		if r := h.do("POST", "/api/v1/organizations/"+orgID+"/screening", officer, map[string]any{"outcome": "clear", "reason": "no hits"}); r.Status != 200 {
			t.Fatalf("clear: %d %s", r.Status, r.Body)
		}
		r = h.do("POST", "/api/v1/organizations/"+orgID+"/review", admin, map[string]any{"decision": "approve"})
		if r.Status != 200 || r.JSON(t)["onboarding_status"] != "approved" || r.JSON(t)["decided_at"] == nil {
			t.Fatalf("approve: %d %s", r.Status, r.Body)
		}
		if r := h.do("GET", "/api/v1/organizations/"+orgID, buyer, nil); r.Status != 200 {
			t.Fatalf("buyer sees the approved seller: %d", r.Status)
		} else if _, leaked := r.JSON(t)["bank_iban"]; leaked {
			t.Fatal("a buyer reads the seller's IBAN")
		}

		// Every step is audited with before/after status and the reason.
		evs := h.auditOf(orgID)
		wantActions := []string{"organization.register", "organization.submit", "organization.start_screening",
			"organization.screening_pending", "organization.screening_clear", "organization.request_info", "organization.update",
			"organization.submit", "organization.start_screening", "organization.screening_pending",
			"organization.screening_clear", "organization.approve"}
		var got []string
		for _, a := range actions(evs) {
			if a != "organization.document_upload" {
				got = append(got, a)
			}
		}
		if !slices.Equal(got, wantActions) {
			t.Fatalf("audit %v\nwant  %v", got, wantActions)
		}
		for _, e := range evs {
			if e["action"] == "organization.request_info" {
				b, a := e["before"].(map[string]any), e["after"].(map[string]any)
				if b["onboarding_status"] != "screening" || a["onboarding_status"] != "needs_info" || a["reason"] != "add the EORI number" {
					t.Fatalf("request_info audit: %v", e)
				}
			}
			if e["action"] == "organization.start_screening" && e["actor"] != "system:jobs" {
				t.Fatalf("the job's actor: %v", e)
			}
		}
		if r := h.do("GET", "/api/v1/audit/verify", admin, nil); r.Status != 200 || r.JSON(t)["ok"] != true {
			t.Fatalf("audit chain: %s", r.Body)
		}
	})
}

func TestOnboarding_ClosedPortalInvitationIsApprovedOnClearScreening(t *testing.T) {
	eachWithWorker(t, func(t *testing.T, h *harness) {
		const slug = "demo-portal"
		admin := h.login(slug, "marketplace_admin")
		officer := h.login(slug, "compliance_officer")
		operator := h.orgID(slug, "Alpine Portal AG")

		r := h.do("POST", "/api/v1/invitations", admin, map[string]any{
			"email": "Buyer@Lyon-Labs.example", "kind": "buyer", "legal_name": "Lyon Labs SAS", "country": "fr"})
		if r.Status != 201 {
			t.Fatalf("invite: %d %s", r.Status, r.Body)
		}
		inv := r.JSON(t)
		if inv["email"] != "buyer@lyon-labs.example" || inv["inviter_organization_id"] != operator {
			t.Fatalf("invitation: %v", inv)
		}
		if r := h.do("POST", "/api/v1/invitations", admin, map[string]any{
			"email": "buyer@lyon-labs.example", "kind": "buyer", "legal_name": "Lyon Labs SAS", "country": "FR"}); r.Status != 409 {
			t.Fatalf("duplicate open invitation: %d", r.Status)
		}
		token := h.invitationToken("buyer@lyon-labs.example", 1)
		ctx := tenant.SystemContext(t.Context(), tenant.SystemTest)
		// The job mails the token just before it commits the token's hash.
		eventually(t, "the stored hash is the token's", func() (bool, string) {
			row := h.App.DB.Client.Invitation.GetX(ctx, uuidOf(t, inv["id"].(string)))
			sum := sha256.Sum256([]byte(token))
			return row.TokenHash != nil && bytes.Equal(*row.TokenHash, sum[:]), "hash differs"
		})
		list := h.do("GET", "/api/v1/invitations", admin, nil)
		if strings.Contains(string(list.Body), token) || !strings.Contains(string(list.Body), `"status":"sent"`) {
			t.Fatalf("list: %s", list.Body)
		}

		accept := func(tok, pw string) response {
			return h.do("POST", "/api/v1/invitations/accept", "", map[string]any{"tenant": slug, "token": tok, "password": pw, "name": "Léa"})
		}
		if r := h.do("POST", "/api/v1/invitations/accept", "", map[string]any{"tenant": "demo-curated", "token": token, "password": "correct-horse-battery"}); r.Status != 404 {
			t.Fatalf("token in another marketplace: %d", r.Status)
		}
		if r := accept("mfi_"+strings.Repeat("A", 43), "correct-horse-battery"); r.Status != 404 {
			t.Fatalf("unknown token: %d", r.Status)
		}
		if r := accept(token, "short"); r.Status != 400 {
			t.Fatalf("short password: %d %s", r.Status, r.Body)
		}
		r = accept(token, "correct-horse-battery")
		if r.Status != 201 {
			t.Fatalf("accept: %d %s", r.Status, r.Body)
		}
		o := r.JSON(t)["organization"].(map[string]any)
		orgID := o["id"].(string)
		if o["invited"] != true || o["invited_by"] != operator || o["onboarding_status"] != "draft" || o["kind"] != "buyer" || o["country"] != "FR" {
			t.Fatalf("accepted organization: %v", o)
		}
		if r := accept(token, "correct-horse-battery"); r.Status != 409 {
			t.Fatalf("token used twice: %d %s", r.Status, r.Body)
		}

		buyer := h.loginAs(slug, "buyer@lyon-labs.example", "correct-horse-battery")
		if r := h.do("PATCH", "/api/v1/organizations/"+orgID, buyer, map[string]any{
			"vat_number": "FR40303265045",
			"addresses":  []map[string]any{{"kind": "registered", "line1": "1 rue de la République", "city": "Lyon", "country": "FR", "unlocode": "FRLYS"}},
		}); r.Status != 200 {
			t.Fatalf("patch: %d %s", r.Status, r.Body)
		}
		if r := h.upload(buyer, orgID, "certificate_of_incorporation", "kbis.pdf", "application/pdf", pdf("kbis")); r.Status != 201 {
			t.Fatalf("upload: %d %s", r.Status, r.Body)
		}
		if r := h.do("POST", "/api/v1/organizations/"+orgID+"/submit", buyer, nil); r.Status != 200 {
			t.Fatalf("submit: %d %s", r.Status, r.Body)
		}
		eventually(t, "screening", func() (bool, string) {
			o := h.org(officer, orgID)
			return o["onboarding_status"] == "screening", fmt.Sprint(o)
		})
		// The operator invited it: a clear screening approves it.
		r = h.do("POST", "/api/v1/organizations/"+orgID+"/screening", officer, map[string]any{"outcome": "clear"})
		if r.Status != 200 || r.JSON(t)["onboarding_status"] != "approved" || r.JSON(t)["screening_status"] != "clear" {
			t.Fatalf("clear in a closed portal: %d %s", r.Status, r.Body)
		}
		got := actions(h.auditOf(orgID))
		if got[len(got)-2] != "organization.screening_clear" || got[len(got)-1] != "organization.auto_approve" {
			t.Fatalf("audit: %v", got)
		}
		if got := actions(h.auditOf(inv["id"].(string))); !slices.Equal(got, []string{"invitation.create", "invitation.sent", "invitation.accept"}) {
			t.Fatalf("invitation audit: %v", got)
		}
	})
}

// invitationToken waits for the n-th invitation email to addr and returns its token.
func (h *harness) invitationToken(addr string, n int) string {
	h.t.Helper()
	re := regexp.MustCompile(`token=(mfi_[A-Za-z0-9_-]+)`)
	var tok string
	eventually(h.t.(*testing.T), "invitation email", func() (bool, string) {
		msgs := h.App.DevInbox.Messages(addr)
		if len(msgs) < n {
			return false, fmt.Sprint(len(msgs), " messages")
		}
		m := re.FindStringSubmatch(msgs[0].Body)
		if m == nil {
			return false, msgs[0].Body
		}
		tok = m[1]
		// The job mails the token just before it commits the token's hash: wait for it.
		sum := sha256.Sum256([]byte(tok))
		ctx := tenant.SystemContext(h.t.Context(), tenant.SystemTest)
		n, err := h.App.DB.Client.Invitation.Query().Where(invitation.TokenHash(sum[:])).Count(ctx)
		return err == nil && n == 1, "token hash not committed yet"
	})
	return tok
}

func TestInvitations_ResendRevokeExpiryAndWhoMayInvite(t *testing.T) {
	eachWithWorker(t, func(t *testing.T, h *harness) {
		admin := h.login("demo-portal", "marketplace_admin")
		invite := func(tok, email, kind string) (response, string) {
			r := h.do("POST", "/api/v1/invitations", tok, map[string]any{"email": email, "kind": kind, "legal_name": "Invitee " + kind, "country": "GB"})
			if r.Status != 201 {
				return r, ""
			}
			return r, r.JSON(t)["id"].(string)
		}
		accept := func(tok string) response {
			return h.do("POST", "/api/v1/invitations/accept", "", map[string]any{"tenant": "demo-portal", "token": tok, "password": "correct-horse-battery"})
		}

		// Resend rotates the token.
		_, id := invite(admin, "seller@resend.example", "seller")
		first := h.invitationToken("seller@resend.example", 1)
		if r := h.do("POST", "/api/v1/invitations/"+id+"/resend", admin, nil); r.Status != 200 {
			t.Fatalf("resend: %d %s", r.Status, r.Body)
		}
		second := h.invitationToken("seller@resend.example", 2)
		if first == second {
			t.Fatal("resend kept the token")
		}
		if r := accept(first); r.Status != 404 {
			t.Fatalf("the replaced token still works: %d", r.Status)
		}
		if r := accept(second); r.Status != 201 {
			t.Fatalf("the new token: %d %s", r.Status, r.Body)
		}
		if r := h.do("POST", "/api/v1/invitations/"+id+"/resend", admin, nil); r.Status != 409 {
			t.Fatalf("resend an accepted invitation: %d", r.Status)
		}

		// Expired.
		_, id = invite(admin, "buyer@late.example", "buyer")
		late := h.invitationToken("buyer@late.example", 1)
		ctx := tenant.SystemContext(t.Context(), tenant.SystemTest)
		h.App.DB.Client.Invitation.UpdateOneID(uuidOf(t, id)).SetExpiresAt(time.Now().Add(-time.Minute)).ExecX(ctx)
		if r := accept(late); r.Status != 409 || !strings.Contains(string(r.Body), "expired") {
			t.Fatalf("expired token: %d %s", r.Status, r.Body)
		}
		// Revoked.
		_, id = invite(admin, "dist@revoked.example", "distributor")
		revoked := h.invitationToken("dist@revoked.example", 1)
		if r := h.do("DELETE", "/api/v1/invitations/"+id, admin, nil); r.Status != 204 {
			t.Fatalf("revoke: %d", r.Status)
		}
		if r := accept(revoked); r.Status != 409 || !strings.Contains(string(r.Body), "revoked") {
			t.Fatalf("revoked token: %d %s", r.Status, r.Body)
		}
		if n := h.App.DB.Client.Invitation.Query().Where(invitation.AcceptedAtNotNil()).CountX(ctx); n != 1 {
			t.Fatalf("%d invitations accepted, want 1", n)
		}

		// An existing user accepts with its own password and gains the membership.
		_, _ = invite(admin, "buyer_admin@demo-portal.example", "buyer")
		tok := h.invitationToken("buyer_admin@demo-portal.example", 1)
		if r := h.do("POST", "/api/v1/invitations/accept", "", map[string]any{"tenant": "demo-portal", "token": tok, "password": "not-the-password"}); r.Status != 401 {
			t.Fatalf("existing user, wrong password: %d %s", r.Status, r.Body)
		}
		if r := h.do("POST", "/api/v1/invitations/accept", "", map[string]any{"tenant": "demo-portal", "token": tok, "password": "manifold-demo"}); r.Status != 201 {
			t.Fatalf("existing user: %d %s", r.Status, r.Body)
		}

		// Who may invite, per model.
		if r, _ := invite(h.login("demo-curated", "marketplace_admin"), "x@curated.example", "buyer"); r.Status != 403 {
			t.Fatalf("curated admin invites: %d", r.Status)
		}
		if r, _ := invite(h.login("demo-portal", "seller_admin"), "x@portal.example", "buyer"); r.Status != 403 {
			t.Fatalf("seller invites: %d", r.Status)
		}
		dist := h.login("demo-distributor", "distributor_admin")
		if r, _ := invite(dist, "x@seller.example", "seller"); r.Status != 400 {
			t.Fatalf("distributor invites a seller: %d %s", r.Status, r.Body)
		}
		r, id := invite(dist, "buyer@served.example", "buyer")
		if r.Status != 201 {
			t.Fatalf("distributor invites a buyer: %d %s", r.Status, r.Body)
		}
		distOrg := h.orgID("demo-distributor", "Emirates Last Mile Distribution LLC")
		if r.JSON(t)["inviter_organization_id"] != distOrg {
			t.Fatalf("inviter: %v", r.JSON(t))
		}
		tok = h.invitationToken("buyer@served.example", 1)
		r = h.do("POST", "/api/v1/invitations/accept", "", map[string]any{"tenant": "demo-distributor", "token": tok, "password": "correct-horse-battery"})
		if r.Status != 201 || r.JSON(t)["organization"].(map[string]any)["invited_by"] != distOrg {
			t.Fatalf("accept a distributor's invitation: %d %s", r.Status, r.Body)
		}
		// Accepting links the distributor to the buyer it invited.
		served := r.JSON(t)["organization"].(map[string]any)["id"].(string)
		links := h.do("GET", "/api/v1/distributor-links?organization_id="+served, dist, nil).JSON(t)["items"].([]any)
		if len(links) != 1 || links[0].(map[string]any)["distributor_id"] != distOrg || links[0].(map[string]any)["kind"] != "buyer" {
			t.Fatalf("links of the invited buyer: %v", links)
		}
		// The distributor sees its invitations only; the operator of another tenant none.
		if items := h.do("GET", "/api/v1/invitations", dist, nil).JSON(t)["items"].([]any); len(items) != 1 {
			t.Fatalf("distributor's invitations: %v", items)
		}
		if r := h.do("DELETE", "/api/v1/invitations/"+id, admin, nil); r.Status != 404 {
			t.Fatalf("another tenant's invitation: %d", r.Status)
		}
	})
}

func TestRegistration_PerModelValidationAndConflicts(t *testing.T) {
	eachDialect(t, func(t *testing.T, h *harness) {
		body := func(slug, kind, email string) map[string]any {
			return map[string]any{"tenant": slug, "kind": kind, "legal_name": "Acme " + kind, "country": "NL",
				"admin_email": email, "admin_password": "correct-horse-battery"}
		}
		for _, tt := range []struct {
			slug, kind string
			want       int
		}{
			{"demo-curated", "seller", 201}, {"demo-curated", "buyer", 201}, {"demo-curated", "distributor", 201},
			{"demo-portal", "seller", 201}, {"demo-portal", "buyer", 403}, {"demo-portal", "distributor", 403},
			{"demo-distributor", "seller", 201}, {"demo-distributor", "buyer", 403}, {"demo-distributor", "distributor", 403},
			{"no-such-market", "seller", 404},
		} {
			email := fmt.Sprintf("%s-%s@acme.example", tt.slug, tt.kind)
			if r := h.do("POST", "/api/v1/registrations", "", body(tt.slug, tt.kind, email)); r.Status != tt.want {
				t.Errorf("%s signs up in %s: %d, want %d: %s", tt.kind, tt.slug, r.Status, tt.want, r.Body)
			}
		}
		if r := h.do("POST", "/api/v1/registrations", "", body("demo-curated", "buyer", "seller_admin@demo-curated.example")); r.Status != 409 {
			t.Fatalf("existing email: %d %s", r.Status, r.Body)
		}
		bad := body("demo-curated", "seller", "not-an-email")
		bad["legal_name"], bad["country"], bad["vat_number"] = "X", "Neverland", "DE12"
		bad["lei"] = "529900T8BM49AURSDO56"
		bad["addresses"] = []map[string]any{{"line1": "x", "city": " ", "country": "DE", "unlocode": "NLRTM"}}
		r := h.do("POST", "/api/v1/registrations", "", bad)
		if r.Status != 400 {
			t.Fatalf("bad sign-up: %d %s", r.Status, r.Body)
		}
		want := []string{"/addresses/0/city", "/addresses/0/unlocode", "/admin_email", "/country", "/legal_name", "/lei"}
		if got := fields(t, r); !slices.Equal(got, want) {
			t.Fatalf("fields %v\nwant   %v", got, want)
		}
		ctx := tenant.SystemContext(t.Context(), tenant.SystemTest)
		if n := h.App.DB.Client.Organization.Query().Where(organization.LegalName("X")).CountX(ctx); n != 0 {
			t.Fatal("an invalid registration was saved")
		}

		// A logged-in user registers another company and becomes its admin at once.
		seller := h.login("demo-curated", "seller_admin")
		r = h.do("POST", "/api/v1/organizations", seller, map[string]any{"kind": "buyer", "legal_name": "Rhein Einkauf GmbH", "country": "DE"})
		if r.Status != 201 || r.JSON(t)["onboarding_status"] != "draft" {
			t.Fatalf("register: %d %s", r.Status, r.Body)
		}
		newOrg := r.JSON(t)["id"].(string)
		found := false
		for _, o := range h.do("GET", "/api/v1/me", seller, nil).JSON(t)["organizations"].([]any) {
			m := o.(map[string]any)
			found = found || (m["id"] == newOrg && m["role"] == "buyer_admin")
		}
		if !found {
			t.Fatal("the new membership is not in /me")
		}
		// Where buyers are invited, a logged-in seller cannot register one either.
		if r := h.do("POST", "/api/v1/organizations", h.login("demo-portal", "seller_admin"),
			map[string]any{"kind": "buyer", "legal_name": "Side Buyer AG", "country": "CH"}); r.Status != 403 {
			t.Fatalf("register a buyer in a portal: %d %s", r.Status, r.Body)
		}
		if r := h.do("POST", "/api/v1/organizations", h.login("demo-curated", "buyer_purchaser"),
			map[string]any{"kind": "buyer", "legal_name": "Nope", "country": "DE"}); r.Status != 403 {
			t.Fatalf("a purchaser registers: %d", r.Status)
		}
	})
}

func TestRegistration_RateLimitedPerIP(t *testing.T) {
	h := newHarness(t, ownBlobs(t, options{embedded: true}))
	last := 0
	for i := 0; i < 25 && last != 429; i++ {
		r := h.do("POST", "/api/v1/registrations", "", map[string]any{"tenant": "demo-curated", "kind": "seller",
			"legal_name": "X", "country": "DE", "admin_email": fmt.Sprintf("r%d@x.example", i), "admin_password": "correct-horse-battery"})
		last = r.Status
		if last == 429 && (i != 20 || r.Header.Get("Retry-After") == "") {
			t.Fatalf("429 after %d attempts, Retry-After %q", i, r.Header.Get("Retry-After"))
		}
	}
	if last != 429 {
		t.Fatal("sign-ups are not rate limited")
	}
}

func TestOnboardingDocuments_ValidationAndAccess(t *testing.T) {
	eachDialect(t, func(t *testing.T, h *harness) {
		const slug = "demo-curated"
		orgID, seller := h.signUp(slug, "seller", "Saar Pigmente GmbH", "ada@saar.example", nil)
		content := pdf("coi")
		r := h.upload(seller, orgID, "certificate_of_incorporation", `C:\scans\handels"register.pdf`, "application/pdf", content)
		if r.Status != 201 {
			t.Fatalf("upload: %d %s", r.Status, r.Body)
		}
		doc := r.JSON(t)
		sum := sha256.Sum256(content)
		if doc["sha256"] != hex.EncodeToString(sum[:]) || doc["size"].(float64) != float64(len(content)) ||
			doc["filename"] != "handelsregister.pdf" || doc["content_type"] != "application/pdf" {
			t.Fatalf("document: %v", doc)
		}
		docPath := "/api/v1/organizations/" + orgID + "/documents/" + doc["id"].(string)

		for _, tt := range []struct {
			name, typ, ct string
			content       []byte
			want          int
			field         string
		}{
			{"not a pdf", "bank_letter", "application/pdf", []byte("hello, I am text"), 400, "file"},
			{"declared png, is pdf", "bank_letter", "image/png", pdf("x"), 400, "file"},
			{"unsupported type", "bank_letter", "text/html", []byte("<html>"), 400, "file"},
			{"unknown document type", "passport_selfie", "application/pdf", pdf("x"), 400, "type"},
			{"png is fine", "bank_letter", "image/png", png, 201, ""},
			{"octet-stream takes the sniffed type", "export_licence", "application/octet-stream", pdf("lic"), 201, ""},
		} {
			r := h.upload(seller, orgID, tt.typ, "f", tt.ct, tt.content)
			if r.Status != tt.want {
				t.Errorf("%s: %d, want %d: %s", tt.name, r.Status, tt.want, r.Body)
				continue
			}
			if tt.field != "" && !slices.Contains(fields(t, r), tt.field) {
				t.Errorf("%s: fields %v, want %s", tt.name, fields(t, r), tt.field)
			}
		}
		if r := h.upload(seller, orgID, "bank_letter", "", "", nil); r.Status != 400 {
			t.Fatalf("no file: %d %s", r.Status, r.Body)
		}
		big := append(pdf("big"), bytes.Repeat([]byte("0"), 3<<20)...)
		if r := h.upload(seller, orgID, "bank_letter", "big.pdf", "application/pdf", big); r.Status != 413 {
			t.Fatalf("too large: %d", r.Status)
		}

		// Members and operator staff read it; everyone else is told it does not exist.
		for _, tt := range []struct {
			who  string
			tok  string
			want int
		}{
			{"the seller", seller, 200},
			{"compliance", h.login(slug, "compliance_officer"), 200},
			{"ops", h.login(slug, "ops_agent"), 200},
			{"another seller", h.login(slug, "seller_admin"), 404},
			{"a buyer", h.login(slug, "buyer_admin"), 404},
			{"another marketplace's admin", h.login("demo-portal", "marketplace_admin"), 404},
		} {
			r := h.do("GET", docPath+"/content", tt.tok, nil)
			if r.Status != tt.want {
				t.Errorf("%s downloads: %d, want %d", tt.who, r.Status, tt.want)
				continue
			}
			if tt.want == 200 && (!bytes.Equal(r.Body, content) || r.Header.Get("Content-Type") != "application/pdf" ||
				r.Header.Get("ETag") != `"`+doc["sha256"].(string)+`"` || !strings.HasPrefix(r.Header.Get("Content-Disposition"), "attachment")) {
				t.Errorf("%s downloads %d bytes, headers %v", tt.who, len(r.Body), r.Header)
			}
			l := h.do("GET", "/api/v1/organizations/"+orgID+"/documents", tt.tok, nil)
			if l.Status != tt.want {
				t.Errorf("%s lists: %d, want %d", tt.who, l.Status, tt.want)
			}
		}
		if n := len(h.do("GET", "/api/v1/organizations/"+orgID+"/documents", seller, nil).JSON(t)["items"].([]any)); n != 3 {
			t.Fatalf("%d documents, want 3", n)
		}
		if r := h.do("GET", "/api/v1/organizations/"+orgID+"/documents/"+uuid.NewString()+"/content", seller, nil); r.Status != 404 {
			t.Fatalf("unknown document: %d", r.Status)
		}
		// Another seller cannot delete or add; the owner can while draft, not after submit.
		other := h.login(slug, "seller_admin")
		if r := h.do("DELETE", docPath, other, nil); r.Status != 404 {
			t.Fatalf("another seller deletes: %d", r.Status)
		}
		if r := h.upload(other, orgID, "bank_letter", "x.pdf", "application/pdf", pdf("x")); r.Status != 404 {
			t.Fatalf("another seller uploads: %d", r.Status)
		}
		if r := h.do("DELETE", docPath, seller, nil); r.Status != 204 {
			t.Fatalf("delete: %d %s", r.Status, r.Body)
		}
		if r := h.do("GET", docPath+"/content", seller, nil); r.Status != 404 {
			t.Fatalf("deleted document: %d", r.Status)
		}
		h.setState(orgID, parties.StatusSubmitted, parties.ScreeningPending, false)
		if r := h.upload(seller, orgID, "bank_letter", "x.pdf", "application/pdf", pdf("x")); r.Status != 409 {
			t.Fatalf("upload after submit: %d %s", r.Status, r.Body)
		}
	})
}

// Who may fire which event over HTTP, per marketplace model: the policy packs give the
// capacities, the table the transitions.
func TestOnboarding_DecisionsPerModelOverHTTP(t *testing.T) {
	eachDialect(t, func(t *testing.T, h *harness) {
		tests := []struct {
			slug, role, path string
			body             map[string]any
			from             parties.ScreeningStatus
			want             int
			wantStatus       string
		}{
			{"demo-curated", "marketplace_admin", "review", map[string]any{"decision": "approve"}, parties.ScreeningClear, 200, "approved"},
			{"demo-curated", "compliance_officer", "review", map[string]any{"decision": "approve"}, parties.ScreeningClear, 200, "approved"},
			{"demo-curated", "ops_agent", "review", map[string]any{"decision": "approve"}, parties.ScreeningClear, 403, ""},
			{"demo-curated", "marketplace_admin", "screening", map[string]any{"outcome": "blocked", "reason": "x"}, parties.ScreeningPending, 403, ""},
			{"demo-curated", "compliance_officer", "screening", map[string]any{"outcome": "blocked", "reason": "SDN match"}, parties.ScreeningPending, 200, "blocked"},
			{"demo-portal", "marketplace_admin", "review", map[string]any{"decision": "reject", "reason": "no"}, parties.ScreeningClear, 200, "rejected"},
			{"demo-portal", "compliance_officer", "review", map[string]any{"decision": "approve"}, parties.ScreeningClear, 403, ""},
			{"demo-portal", "marketplace_admin", "screening", map[string]any{"outcome": "clear"}, parties.ScreeningPending, 200, "screening"},
			{"demo-distributor", "marketplace_admin", "review", map[string]any{"decision": "approve"}, parties.ScreeningClear, 200, "approved"},
			{"demo-distributor", "marketplace_admin", "review", map[string]any{"decision": "approve"}, parties.ScreeningPotentialMatch, 409, ""},
			{"demo-distributor", "compliance_officer", "screening", map[string]any{"outcome": "potential_match", "reason": "similar name"}, parties.ScreeningPending, 200, "screening"},
			{"demo-distributor", "distributor_admin", "review", map[string]any{"decision": "approve"}, parties.ScreeningClear, 403, ""},
			{"demo-distributor", "seller_admin", "screening", map[string]any{"outcome": "clear"}, parties.ScreeningPending, 403, ""},
		}
		for i, tt := range tests {
			orgID, _ := h.signUp(tt.slug, "seller", fmt.Sprintf("Case %d GmbH", i), fmt.Sprintf("case%d@x.example", i), nil)
			h.setState(orgID, parties.StatusScreening, tt.from, false)
			r := h.do("POST", "/api/v1/organizations/"+orgID+"/"+tt.path, h.login(tt.slug, tt.role), tt.body)
			if r.Status != tt.want || (tt.wantStatus != "" && r.JSON(t)["onboarding_status"] != tt.wantStatus) {
				t.Errorf("%s %s %s %v from %s: %d %s", tt.slug, tt.role, tt.path, tt.body, tt.from, r.Status, r.Body)
			}
		}
	})
}

func TestOnboarding_AnotherTenantOrOrganizationIs404(t *testing.T) {
	eachDialect(t, func(t *testing.T, h *harness) {
		orgID, owner := h.signUp("demo-curated", "seller", "Eifel Chemie GmbH", "ada@eifel.example", nil)
		if r := h.upload(owner, orgID, "bank_letter", "b.pdf", "application/pdf", pdf("b")); r.Status != 201 {
			t.Fatalf("upload: %d", r.Status)
		}
		foreignAdmin := h.login("demo-portal", "marketplace_admin")
		foreignOfficer := h.login("demo-portal", "compliance_officer")
		otherSeller := h.login("demo-curated", "seller_admin")
		base := "/api/v1/organizations/" + orgID
		for _, tt := range []struct {
			tok, method, path string
			body              any
		}{
			{foreignAdmin, "GET", base, nil},
			{foreignAdmin, "GET", base + "/onboarding", nil},
			{foreignAdmin, "PATCH", base, map[string]any{"legal_name": "evil"}},
			{foreignAdmin, "GET", base + "/documents", nil},
			{foreignAdmin, "POST", base + "/review", map[string]any{"decision": "reject", "reason": "x"}},
			{foreignOfficer, "POST", base + "/screening", map[string]any{"outcome": "blocked", "reason": "x"}},
			{otherSeller, "GET", base, nil},
			{otherSeller, "GET", base + "/onboarding", nil},
			{otherSeller, "PATCH", base, map[string]any{"legal_name": "evil"}},
			{otherSeller, "POST", base + "/submit", nil},
			{otherSeller, "GET", base + "/documents", nil},
		} {
			if r := h.do(tt.method, tt.path, tt.tok, tt.body); r.Status != 404 {
				t.Errorf("%s %s: %d, want 404: %s", tt.method, tt.path, r.Status, r.Body)
			}
		}
		if items := h.do("GET", "/api/v1/onboarding/queue", foreignAdmin, nil).JSON(t)["items"].([]any); len(items) != 0 {
			t.Fatalf("another tenant's queue lists %v", items)
		}
		if o := h.org(owner, orgID); o["legal_name"] != "Eifel Chemie GmbH" || o["onboarding_status"] != "draft" {
			t.Fatalf("changed by others: %v", o)
		}
	})
}

func TestDevInbox_OnlyInDevMode(t *testing.T) {
	dev := newHarness(t, ownBlobs(t, options{embedded: true, runBackground: true}))
	admin := dev.login("demo-portal", "marketplace_admin")
	if r := dev.do("POST", "/api/v1/invitations", admin, map[string]any{"email": "inbox@x.example", "kind": "buyer", "legal_name": "Inbox Ltd", "country": "GB"}); r.Status != 201 {
		t.Fatalf("invite: %d", r.Status)
	}
	eventually(t, "the inbox shows the invitation", func() (bool, string) {
		r := dev.do("GET", "/api/v1/dev/inbox?to=inbox@x.example", "", nil)
		return r.Status == 200 && strings.Contains(string(r.Body), "token=mfi_"), string(r.Body)
	})
	prod := newHarness(t, ownBlobs(t, options{postgres: true, skipSeed: true}))
	if r := prod.do("GET", "/api/v1/dev/inbox", "", nil); r.Status != 404 {
		t.Fatalf("inbox outside dev mode: %d", r.Status)
	}
}

// A screening job that arrives after an approver already decided does nothing, and its
// outbox row is still completed (so it is never redelivered).
func TestScreeningJob_LeavesAnOrganizationDecidedMeanwhileAlone(t *testing.T) {
	eachDialect(t, func(t *testing.T, h *harness) {
		orgID, seller := h.signUp("demo-portal", "seller", "Bern Präzision AG", "ada@bern.example",
			map[string]any{"country": "CH", "vat_number": "CHE-116.281.710"})
		for _, d := range []string{"certificate_of_incorporation", "bank_letter"} {
			if r := h.upload(seller, orgID, d, d+".pdf", "application/pdf", pdf(d)); r.Status != 201 {
				t.Fatalf("upload: %d %s", r.Status, r.Body)
			}
		}
		if r := h.do("POST", "/api/v1/organizations/"+orgID+"/submit", seller, nil); r.Status != 200 {
			t.Fatalf("submit: %d %s", r.Status, r.Body)
		}
		admin := h.login("demo-portal", "marketplace_admin")
		if r := h.do("POST", "/api/v1/organizations/"+orgID+"/review", admin,
			map[string]any{"decision": "request_info", "reason": "which bank?"}); r.Status != 200 {
			t.Fatalf("request_info: %d %s", r.Status, r.Body)
		}
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan struct{})
		go func() { defer close(done); _ = h.App.RunWorker(ctx) }()
		t.Cleanup(func() { cancel(); <-done })
		sys := tenant.SystemContext(t.Context(), tenant.SystemTest)
		eventually(t, "the screening job ran", func() (bool, string) {
			n := h.App.DB.Client.OutboxMessage.Query().
				Where(outboxmessage.TaskType(parties.TypeScreen), outboxmessage.DoneAtIsNil()).CountX(sys)
			return n == 0, fmt.Sprint(n, " not done")
		})
		if o := h.org(admin, orgID); o["onboarding_status"] != "needs_info" {
			t.Fatalf("the late job changed the organization: %v", o)
		}
		if got := actions(h.auditOf(orgID)); slices.Contains(got, "organization.start_screening") {
			t.Fatalf("audit: %v", got)
		}
	})
}
