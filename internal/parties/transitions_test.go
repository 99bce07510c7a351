package parties

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/manifoldhq/manifold/ent/schematype"
	"github.com/manifoldhq/manifold/internal/platform/problem"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

func TestNext_TablePerMarketplaceModel(t *testing.T) {
	const ok = problem.Kind(-1)
	type tc struct {
		name          string
		st            State
		ev            Event
		actors        []Actor
		reason        string
		wantStatus    Status
		wantScreening ScreeningStatus
		wantKind      problem.Kind
	}
	st := func(s Status, sc ScreeningStatus, invited bool) State {
		return State{Status: s, Screening: sc, Invited: invited}
	}
	admin, approver, compliance, system := []Actor{ActorOrgAdmin}, []Actor{ActorApprover}, []Actor{ActorCompliance}, []Actor{ActorSystem}

	// Rules every model shares.
	common := []tc{
		{"admin submits a draft", st(StatusDraft, ScreeningNotScreened, false), EventSubmit, admin, "", StatusSubmitted, ScreeningPending, ok},
		{"admin resubmits after needs_info", st(StatusNeedsInfo, ScreeningClear, false), EventSubmit, admin, "", StatusSubmitted, ScreeningPending, ok},
		{"approver cannot submit for the organization", st(StatusDraft, ScreeningNotScreened, false), EventSubmit, approver, "", "", "", problem.KindForbidden},
		{"submitted twice", st(StatusSubmitted, ScreeningPending, false), EventSubmit, admin, "", "", "", problem.KindConflict},
		{"approved cannot be resubmitted", st(StatusApproved, ScreeningClear, false), EventSubmit, admin, "", "", "", problem.KindConflict},
		{"job starts screening", st(StatusSubmitted, ScreeningPending, false), EventStartScreening, system, "", StatusScreening, ScreeningPending, ok},
		{"a person cannot start screening", st(StatusSubmitted, ScreeningPending, false), EventStartScreening, compliance, "", "", "", problem.KindForbidden},
		{"compliance clears", st(StatusScreening, ScreeningPending, false), EventScreeningClear, compliance, "", StatusScreening, ScreeningClear, ok},
		{"system clears", st(StatusScreening, ScreeningPending, true), EventScreeningClear, system, "", StatusScreening, ScreeningClear, ok},
		{"approver is not compliance", st(StatusScreening, ScreeningPending, false), EventScreeningClear, approver, "", "", "", problem.KindForbidden},
		{"clear before screening started", st(StatusSubmitted, ScreeningPending, false), EventScreeningClear, compliance, "", "", "", problem.KindConflict},
		{"potential match needs a reason", st(StatusScreening, ScreeningPending, false), EventScreeningMatch, compliance, " ", "", "", problem.KindValidation},
		{"potential match", st(StatusScreening, ScreeningPending, false), EventScreeningMatch, compliance, "name matches SDN entry 1234", StatusScreening, ScreeningPotentialMatch, ok},
		{"match cleared after review", st(StatusScreening, ScreeningPotentialMatch, false), EventScreeningClear, compliance, "different company", StatusScreening, ScreeningClear, ok},
		{"approve a clear screening", st(StatusScreening, ScreeningClear, false), EventApprove, approver, "", StatusApproved, ScreeningClear, ok},
		{"approve a pending screening", st(StatusScreening, ScreeningPending, false), EventApprove, approver, "", "", "", problem.KindConflict},
		{"approve a potential match", st(StatusScreening, ScreeningPotentialMatch, false), EventApprove, approver, "", "", "", problem.KindConflict},
		{"approve before screening", st(StatusSubmitted, ScreeningPending, false), EventApprove, approver, "", "", "", problem.KindConflict},
		{"approve a draft", st(StatusDraft, ScreeningNotScreened, false), EventApprove, approver, "", "", "", problem.KindConflict},
		{"compliance is not an approver", st(StatusScreening, ScreeningClear, false), EventApprove, compliance, "", "", "", problem.KindForbidden},
		{"the organization cannot approve itself", st(StatusScreening, ScreeningClear, false), EventApprove, admin, "", "", "", problem.KindForbidden},
		{"request info needs a reason", st(StatusScreening, ScreeningClear, false), EventRequestInfo, approver, "", "", "", problem.KindValidation},
		{"request info from screening", st(StatusScreening, ScreeningClear, false), EventRequestInfo, approver, "bank letter unreadable", StatusNeedsInfo, ScreeningClear, ok},
		{"request info from submitted", st(StatusSubmitted, ScreeningPending, false), EventRequestInfo, approver, "missing VAT", StatusNeedsInfo, ScreeningPending, ok},
		{"request info from draft", st(StatusDraft, ScreeningNotScreened, false), EventRequestInfo, approver, "x", "", "", problem.KindConflict},
		{"reject needs a reason", st(StatusScreening, ScreeningClear, false), EventReject, approver, "", "", "", problem.KindValidation},
		{"reject from needs_info", st(StatusNeedsInfo, ScreeningClear, false), EventReject, approver, "no answer in 30 days", StatusRejected, ScreeningClear, ok},
		{"reject an approved organization", st(StatusApproved, ScreeningClear, false), EventReject, approver, "x", "", "", problem.KindConflict},
		{"block needs a reason", st(StatusScreening, ScreeningPotentialMatch, false), EventBlock, compliance, "", "", "", problem.KindValidation},
		{"block a potential match", st(StatusScreening, ScreeningPotentialMatch, false), EventBlock, compliance, "confirmed SDN match", StatusBlocked, ScreeningBlocked, ok},
		{"block an approved organization", st(StatusApproved, ScreeningClear, false), EventBlock, compliance, "listed since", StatusBlocked, ScreeningBlocked, ok},
		{"system blocks", st(StatusScreening, ScreeningPending, false), EventBlock, system, "exact match", StatusBlocked, ScreeningBlocked, ok},
		{"approver cannot block", st(StatusScreening, ScreeningPending, false), EventBlock, approver, "x", "", "", problem.KindForbidden},
		{"blocked is final", st(StatusBlocked, ScreeningBlocked, false), EventBlock, compliance, "again", "", "", problem.KindConflict},
		{"blocked cannot be approved", st(StatusBlocked, ScreeningBlocked, false), EventApprove, approver, "", "", "", problem.KindConflict},
		{"rejected cannot resubmit", st(StatusRejected, ScreeningClear, false), EventSubmit, admin, "", "", "", problem.KindConflict},
		{"reason too long", st(StatusScreening, ScreeningClear, false), EventReject, approver, string(make([]byte, MaxReasonLength+1)), "", "", problem.KindValidation},
		{"unknown event", st(StatusDraft, ScreeningNotScreened, false), Event("publish"), admin, "", "", "", problem.KindValidation},
		{"no capacity at all", st(StatusDraft, ScreeningNotScreened, false), EventSubmit, nil, "", "", "", problem.KindForbidden},
	}
	perModel := map[tenant.Model][]tc{
		tenant.ModelClosedPortal: {
			{"invited organization is approved on clear", st(StatusScreening, ScreeningClear, true), EventAutoApprove, system, "", StatusApproved, ScreeningClear, ok},
			{"a self-registered seller waits for the admin", st(StatusScreening, ScreeningClear, false), EventAutoApprove, system, "", "", "", problem.KindConflict},
			{"no auto approval before a clear screening", st(StatusScreening, ScreeningPotentialMatch, true), EventAutoApprove, system, "", "", "", problem.KindConflict},
			{"only the system approves on invitation", st(StatusScreening, ScreeningClear, true), EventAutoApprove, approver, "", "", "", problem.KindForbidden},
		},
		tenant.ModelCurated: {
			{"no approval on invitation", st(StatusScreening, ScreeningClear, true), EventAutoApprove, system, "", "", "", problem.KindConflict},
		},
		tenant.ModelDistributorLed: {
			{"invited buyers still need the admin", st(StatusScreening, ScreeningClear, true), EventAutoApprove, system, "", "", "", problem.KindConflict},
		},
	}
	for _, model := range tenant.Models {
		for _, tt := range append(slices.Clone(common), perModel[model]...) {
			t.Run(fmt.Sprintf("%s/%s", model, tt.name), func(t *testing.T) {
				tr, err := Next(model, tt.st, tt.ev, tt.actors, tt.reason)
				if tt.wantKind != ok {
					if !problem.Is(err, tt.wantKind) {
						t.Fatalf("want a %v problem, got %v", tt.wantKind, err)
					}
					return
				}
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				got := tr.apply(tt.st)
				if got.Status != tt.wantStatus || got.Screening != tt.wantScreening {
					t.Fatalf("→ %s/%s, want %s/%s", got.Status, got.Screening, tt.wantStatus, tt.wantScreening)
				}
			})
		}
	}
}

// Properties that must hold for every combination, so a new row cannot break them
// unnoticed.
func TestNext_Invariants(t *testing.T) {
	allActors := []Actor{ActorOrgAdmin, ActorApprover, ActorCompliance, ActorSystem}
	for _, model := range tenant.Models {
		for _, s := range Statuses {
			for _, sc := range ScreeningStatuses {
				for _, invited := range []bool{false, true} {
					for _, ev := range Events {
						for _, a := range allActors {
							st := State{Status: s, Screening: sc, Invited: invited}
							tr, err := Next(model, st, ev, []Actor{a}, "because")
							if err != nil {
								continue
							}
							name := fmt.Sprintf("%s %v %s by %s", model, st, ev, a)
							if tr.To == StatusApproved && sc != ScreeningClear {
								t.Errorf("%s: approves without a clear screening", name)
							}
							if tr.To == StatusApproved && a == ActorSystem && (model != tenant.ModelClosedPortal || !invited) {
								t.Errorf("%s: the system approves outside a closed portal's invitation", name)
							}
							if s == StatusBlocked {
								t.Errorf("%s: leaves blocked", name)
							}
							if s == StatusRejected && tr.To != StatusBlocked {
								t.Errorf("%s: leaves rejected other than to blocked", name)
							}
							if a == ActorOrgAdmin && tr.To != StatusSubmitted {
								t.Errorf("%s: the organization decides its own review", name)
							}
							if tr.Reason {
								if _, err := Next(model, st, ev, []Actor{a}, ""); !problem.Is(err, problem.KindValidation) {
									t.Errorf("%s: reason-required event accepted without a reason: %v", name, err)
								}
							}
						}
					}
				}
			}
		}
	}
}

func TestRequiredDocuments_DefaultsAndTenantOverride(t *testing.T) {
	tests := []struct {
		name     string
		model    tenant.Model
		settings map[string]any
		kind     string
		want     []string
	}{
		{"curated seller", tenant.ModelCurated, nil, "seller", []string{DocCertificateOfIncorporation, DocExportLicence, DocBankLetter}},
		{"curated buyer", tenant.ModelCurated, nil, "buyer", []string{DocCertificateOfIncorporation, DocEndUseStatement}},
		{"portal seller", tenant.ModelClosedPortal, nil, "seller", []string{DocCertificateOfIncorporation, DocBankLetter}},
		{"portal buyer", tenant.ModelClosedPortal, nil, "buyer", []string{DocCertificateOfIncorporation}},
		{"distributor-led distributor", tenant.ModelDistributorLed, nil, "distributor", []string{DocCertificateOfIncorporation, DocBankLetter}},
		{"operator needs nothing", tenant.ModelCurated, nil, "operator", nil},
		{"tenant override", tenant.ModelCurated, map[string]any{"onboarding": map[string]any{"required_documents": map[string]any{
			"seller": []any{"certificate_of_incorporation", "haccp_certificate", "Bad Type", 7, "haccp_certificate"}}}},
			"seller", []string{DocCertificateOfIncorporation, "haccp_certificate"}},
		{"override to none", tenant.ModelCurated, map[string]any{"onboarding": map[string]any{"required_documents": map[string]any{
			"buyer": []any{}}}}, "buyer", []string{}},
		{"override of another kind keeps the default", tenant.ModelCurated, map[string]any{"onboarding": map[string]any{"required_documents": map[string]any{
			"buyer": []any{}}}}, "seller", []string{DocCertificateOfIncorporation, DocExportLicence, DocBankLetter}},
		{"malformed settings keep the default", tenant.ModelClosedPortal, map[string]any{"onboarding": "yes"}, "buyer", []string{DocCertificateOfIncorporation}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := RequiredDocuments(tt.model, tt.settings, tt.kind)
			if !slices.Equal(got, tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
		})
	}
	custom := map[string]any{"onboarding": map[string]any{"required_documents": map[string]any{"seller": []any{"haccp_certificate"}}}}
	if !uploadable(tenant.ModelCurated, custom, "seller", "haccp_certificate") || uploadable(tenant.ModelCurated, custom, "buyer", "haccp_certificate") {
		t.Fatal("a tenant's own type is uploadable for the kinds that need it only")
	}
	if !uploadable(tenant.ModelCurated, nil, "buyer", DocOther) {
		t.Fatal("known types are always uploadable")
	}
}

func TestCompanyValidate_NormalisesAndListsEveryField(t *testing.T) {
	c := Company{
		LegalName: "  Rhein   Spezialchemie GmbH ", Country: "de", VATNumber: "DE 136.695.976", EORI: "de123456789012345",
		LEI: "529900T8BM49AURSDO55", BankIBAN: "DE89 3704 0044 0532 0130 00",
		Addresses: []schematype.Address{{Line1: " Rheinallee 1 ", City: "Mainz", Country: "de", UNLOCODE: "DE MAI"}},
	}
	if err := c.Validate(""); err != nil {
		t.Fatal(err)
	}
	if c.LegalName != "Rhein Spezialchemie GmbH" || c.Country != "DE" || c.VATNumber != "DE136695976" ||
		c.BankIBAN != "DE89370400440532013000" || c.Addresses[0].Kind != AddressRegistered || c.Addresses[0].UNLOCODE != "DEMAI" {
		t.Fatalf("not normalised: %+v", c)
	}
	bad := Company{
		LegalName: "X", Country: "ZZ", EORI: "12", LEI: "529900T8BM49AURSDO56", BankIBAN: "DE00 0000", StripeAccountID: "cus_123",
		Addresses: []schematype.Address{
			{Kind: "moon", City: "", Country: "FR", UNLOCODE: "DEHAM"},
			{Kind: "registered", Line1: "a", City: "b", Country: "FR"},
			{Kind: "registered", Line1: "a", City: "b", Country: "FR"},
		},
	}
	err := bad.Validate("")
	var got []string
	var pe *problem.Error
	if !errors.As(err, &pe) {
		t.Fatalf("want a validation problem, got %v", err)
	}
	for _, f := range pe.Fields {
		got = append(got, f.Field)
	}
	want := []string{"/legal_name", "/country", "/eori", "/lei", "/bank_iban", "/stripe_account_id",
		"/addresses/0/kind", "/addresses/0/line1", "/addresses/0/city", "/addresses/0/unlocode", "/addresses/2/kind"}
	if !slices.Equal(got, want) {
		t.Fatalf("fields %v\nwant   %v", got, want)
	}
	// Outside the EU and the UK a tax number is kept in compact form.
	ch := Company{LegalName: "Zurich Instruments Lab AG", Country: "CH", VATNumber: "CHE-123.456.789"}
	if err := ch.Validate(""); err != nil || ch.VATNumber != "CHE123456789" {
		t.Fatalf("swiss UID: %v %q", err, ch.VATNumber)
	}
}
