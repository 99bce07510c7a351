package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/compliancecheck"
	"github.com/manifoldhq/manifold/ent/consignee"
	"github.com/manifoldhq/manifold/ent/endusestatement"
	"github.com/manifoldhq/manifold/ent/licence"
	"github.com/manifoldhq/manifold/ent/organization"
	"github.com/manifoldhq/manifold/ent/product"
	"github.com/manifoldhq/manifold/ent/schematype"
	"github.com/manifoldhq/manifold/internal/catalog/masterdata"
	"github.com/manifoldhq/manifold/internal/compliance"
	"github.com/manifoldhq/manifold/internal/parties"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/money"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// orderFixture is a demo marketplace's buyer (the one with an end-use statement), its
// first consignee, and a dual-use and a plain product of one seller.
type orderFixture struct {
	viewer    *tenant.Viewer
	buyer     *ent.Organization
	consignee *ent.Consignee
	dualUse   *ent.Product // CHEM-TEA-99, 1C350
	plain     *ent.Product // CHEM-CIT-ANH, EAR99 / not listed
	seller    *ent.Organization
	currency  string // of the seller's licence's value cap
}

func newOrderFixture(t *testing.T, h *harness, slug string) orderFixture {
	t.Helper()
	ctx := context.Background()
	tn, err := h.App.Tenants.BySlug(ctx, slug)
	if err != nil {
		t.Fatal(err)
	}
	v := &tenant.Viewer{TenantID: tn.ID, TenantSlug: tn.Slug, Model: tenant.Model(tn.Model)}
	vctx := tenant.NewContext(ctx, v)
	c := h.App.DB.Client
	st, err := c.EndUseStatement.Query().Order(endusestatement.ByCreatedAt()).First(vctx)
	if err != nil {
		t.Fatalf("%s: end-use statement: %v", slug, err)
	}
	f := orderFixture{viewer: v}
	if f.buyer, err = c.Organization.Get(vctx, st.HolderID); err != nil {
		t.Fatal(err)
	}
	if f.consignee, err = c.Consignee.Query().Where(consignee.OrganizationID(f.buyer.ID), consignee.Country(f.buyer.Country),
		consignee.EndUserIsConsignee(true)).First(vctx); err != nil {
		t.Fatalf("%s: consignee: %v", slug, err)
	}
	if f.dualUse, err = c.Product.Query().Where(product.Sku("CHEM-TEA-99")).First(vctx); err != nil {
		t.Fatalf("%s: dual-use product: %v", slug, err)
	}
	if f.plain, err = c.Product.Query().Where(product.Sku("CHEM-CIT-ANH"), product.SellerID(f.dualUse.SellerID)).First(vctx); err != nil {
		t.Fatalf("%s: plain product: %v", slug, err)
	}
	if f.seller, err = c.Organization.Get(vctx, f.dualUse.SellerID); err != nil {
		t.Fatal(err)
	}
	lic, err := c.Licence.Query().Where(licence.HolderID(f.seller.ID)).First(vctx)
	if err != nil {
		t.Fatalf("%s: seller licence: %v", slug, err)
	}
	f.currency = lic.ValueCurrency
	return f
}

func (f orderFixture) ctx() context.Context { return tenant.NewContext(context.Background(), f.viewer) }

func (f orderFixture) order(lines ...*ent.Product) compliance.OrderRequest {
	req := compliance.OrderRequest{OrderID: uuid.New(), BuyerID: f.buyer.ID, ConsigneeID: f.consignee.ID}
	for _, p := range lines {
		req.Lines = append(req.Lines, compliance.OrderLine{ID: uuid.New(), ProductID: p.ID,
			Value: &money.Money{Amount: 1_200_000, Currency: f.currency}})
	}
	return req
}

func runOrderChecks(t *testing.T, h *harness, ctx context.Context, req compliance.OrderRequest) *compliance.OrderOutcome {
	t.Helper()
	var out *compliance.OrderOutcome
	err := db.WithTx(ctx, h.App.DB.Client, func(tx *ent.Tx) error {
		var err error
		out, err = h.App.OrderChecks.Run(ctx, tx, req)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func checksOf(out *compliance.OrderOutcome, kind compliancecheck.Kind) []*ent.ComplianceCheck {
	var ks []*ent.ComplianceCheck
	for _, k := range out.Checks {
		if k.Kind == kind {
			ks = append(ks, k)
		}
	}
	return ks
}

func flagCodes(out *compliance.OrderOutcome) []string {
	var codes []string
	for _, k := range checksOf(out, compliancecheck.KindRedFlags) {
		for _, f := range k.Details.Flags {
			codes = append(codes, f.Code)
		}
	}
	return codes
}

// An order in the curated marketplace: parties screened again, each line determined,
// red flags raised; one outcome, and the same answer (with the same checks) when asked
// again, until an officer decides.
func TestOrderChecks_Curated(t *testing.T) {
	eachDialect(t, func(t *testing.T, h *harness) {
		h.App.Checks.SetNames(fakeNames{hash: "v1"})
		f := newOrderFixture(t, h, "demo-curated")
		ctx := f.ctx()

		// A plain product to the buyer's own plant: clear, the parties screened for the
		// order, the line determined.
		plain := runOrderChecks(t, h, ctx, f.order(f.plain))
		if plain.Outcome != compliance.OrderClear {
			t.Fatalf("plain order: %s %q", plain.Outcome, plain.Reasons)
		}
		if got := len(checksOf(plain, compliancecheck.KindSanctions)); got != 2 { // buyer, consignee
			t.Fatalf("curated: %d party screenings, want buyer and consignee", got)
		}
		ec := checksOf(plain, compliancecheck.KindExportControl)
		if len(ec) != 1 || ec[0].Outcome != compliancecheck.OutcomeClear || ec[0].OrderID == nil || len(ec[0].Details.Determinations) == 0 {
			t.Fatalf("plain line: %+v", ec)
		}

		// The dual-use product to the same consignee: the seller's demo licence covers
		// the buyer's country, and the buyer's end-use statement names 1C350.
		du := runOrderChecks(t, h, ctx, f.order(f.dualUse))
		ec = checksOf(du, compliancecheck.KindExportControl)
		if du.Outcome != compliance.OrderClear || len(ec) != 1 {
			b, _ := json.MarshalIndent(ec[0].Details, "", " ")
			t.Fatalf("dual-use line, covered: %s %q seller %s buyer %s\n%s", du.Outcome, du.Reasons, f.seller.Country, f.buyer.Country, b)
		}
		for _, d := range ec[0].Details.Determinations {
			if d.Classification != "1C350" || (d.Outcome != "covered_by_licence" && d.Outcome != "no_licence_required") {
				t.Fatalf("determination: %+v", d)
			}
		}

		// Paid from a third country: a red flag holds the order for review.
		// The payment's country becomes known after the order was checked: the red
		// flags are evaluated again.
		req := f.order(f.dualUse)
		if first := runOrderChecks(t, h, ctx, req); first.Outcome != compliance.OrderClear {
			t.Fatalf("before the payment: %s %q", first.Outcome, first.Reasons)
		}
		req.PaymentCountry = "PA"
		held := runOrderChecks(t, h, ctx, req)
		if held.Outcome != compliance.OrderHold || !strings.Contains(fmt.Sprint(flagCodes(held)), "third_country_payment") {
			t.Fatalf("third-country payment: %s %v %q", held.Outcome, flagCodes(held), held.Reasons)
		}
		again := runOrderChecks(t, h, ctx, req)
		if again.Outcome != compliance.OrderHold || len(again.Checks) != len(held.Checks) {
			t.Fatalf("second run: %s, %d checks (first %d)", again.Outcome, len(again.Checks), len(held.Checks))
		}
		for i := range again.Checks {
			if again.Checks[i].ID != held.Checks[i].ID {
				t.Fatalf("second run made new checks")
			}
		}
		// The officer clears the flag as a false positive: the order is clear.
		flag := checksOf(held, compliancecheck.KindRedFlags)[0]
		officer := h.login("demo-curated", "compliance_officer")
		r := h.do("GET", "/api/v1/compliance/checks/"+flag.ID.String(), officer, nil)
		if r.Status != 200 || !strings.Contains(string(r.Body), `"third_country_payment"`) || r.JSON(t)["order_id"] != req.OrderID.String() {
			t.Fatalf("flag in the queue: %d %s", r.Status, r.Body)
		}
		page := h.do("GET", "/api/v1/compliance/checks?kind=red_flags&status=open&order_id="+req.OrderID.String(), officer, nil)
		if items := page.JSON(t)["items"].([]any); len(items) != 1 || items[0].(map[string]any)["id"] != flag.ID.String() {
			t.Fatalf("queue by kind and order: %s", page.Body)
		}
		if r := h.do("GET", "/api/v1/compliance/checks?kind=export_control&order_id="+req.OrderID.String(), officer, nil); len(r.JSON(t)["items"].([]any)) != 1 {
			t.Fatalf("the order's line checks: %s", r.Body)
		}
		if r := h.do("POST", "/api/v1/compliance/checks/"+flag.ID.String()+"/review", officer,
			map[string]any{"decision": "false_positive", "reason": "Parent company pays from its Panama treasury; verified."}); r.Status != 200 {
			t.Fatalf("review: %d %s", r.Status, r.Body)
		}
		if after := runOrderChecks(t, h, ctx, req); after.Outcome != compliance.OrderClear {
			t.Fatalf("after clearing: %s %q", after.Outcome, after.Reasons)
		}

		// A forwarder as consignee, abroad, with the dual-use product and no end-use
		// statement for its country: flags, and the line needs a licence to China.
		bctx := tenant.NewContext(context.Background(), &tenant.Viewer{TenantID: f.viewer.TenantID, TenantSlug: f.viewer.TenantSlug,
			Model: f.viewer.Model, Grants: []tenant.Grant{{OrganizationID: f.buyer.ID, Role: "buyer_admin"}}})
		fwd, err := h.App.Parties.CreateConsignee(bctx, f.buyer.ID, parties.ConsigneeInput{Name: "Shenzhen Freight Forwarding Co., Ltd.",
			Address: schemaAddress("CN", "Shenzhen", "CNSZX"),
			EndUser: parties.EndUserInput{IsConsignee: true, EndUse: "Onward shipment", Industry: "distribution"}})
		if err != nil {
			t.Fatal(err)
		}
		req = f.order(f.dualUse)
		req.ConsigneeID = fwd.ID
		abroad := runOrderChecks(t, h, ctx, req)
		codes := fmt.Sprint(flagCodes(abroad))
		for _, want := range []string{"destination_differs", "forwarder_consignee", "no_end_use_statement"} {
			if !strings.Contains(codes, want) {
				t.Fatalf("forwarder abroad: flags %s, want %s", codes, want)
			}
		}
		ec = checksOf(abroad, compliancecheck.KindExportControl)
		if abroad.Outcome != compliance.OrderHold || len(ec) != 1 || ec[0].Outcome != compliancecheck.OutcomeLicenceRequired || ec[0].Status != compliancecheck.StatusOpen {
			t.Fatalf("licence to CN: %s %+v", abroad.Outcome, ec)
		}
		var det map[string]any
		if err := json.Unmarshal(ec[0].Details.Determinations[0].Determination, &det); err != nil || det["licence_required"] != true {
			t.Fatalf("determination kept: %v %s", err, ec[0].Details.Determinations[0].Determination)
		}

		// An embargoed destination: prohibited, the order is blocked.
		ir, err := h.App.Parties.CreateConsignee(bctx, f.buyer.ID, parties.ConsigneeInput{Name: "Tehran Coatings Co.",
			Address: schemaAddress("IR", "Tehran", "IRTHR"),
			EndUser: parties.EndUserInput{IsConsignee: true, EndUse: "Coatings", Industry: "chemicals"}})
		if err != nil {
			t.Fatal(err)
		}
		req = f.order(f.dualUse)
		req.ConsigneeID = ir.ID
		if out := runOrderChecks(t, h, ctx, req); out.Outcome != compliance.OrderBlocked {
			t.Fatalf("embargoed destination: %s %q", out.Outcome, out.Reasons)
		}

		// A listed consignee name: the fresh screening holds the order; confirming it
		// blocks it.
		listed, err := h.App.Parties.CreateConsignee(bctx, f.buyer.ID, parties.ConsigneeInput{Name: "Ivanov Trading K.K.",
			Address: schemaAddress(f.buyer.Country, "Osaka", "JPOSA"),
			EndUser: parties.EndUserInput{IsConsignee: true, EndUse: "Resale", Industry: "distribution"}})
		if err != nil {
			t.Fatal(err)
		}
		req = f.order(f.plain)
		req.ConsigneeID = listed.ID
		out := runOrderChecks(t, h, ctx, req)
		var hit *ent.ComplianceCheck
		for _, k := range checksOf(out, compliancecheck.KindSanctions) {
			if k.SubjectType == compliancecheck.SubjectTypeConsignee && k.Status == compliancecheck.StatusOpen {
				hit = k
			}
		}
		if out.Outcome != compliance.OrderHold || hit == nil {
			t.Fatalf("listed consignee: %s %q", out.Outcome, out.Reasons)
		}
		if r := h.do("POST", "/api/v1/compliance/checks/"+hit.ID.String()+"/review", officer,
			map[string]any{"decision": "confirmed", "reason": "Same company as the designated entity."}); r.Status != 200 {
			t.Fatalf("confirm: %d %s", r.Status, r.Body)
		}
		if out := runOrderChecks(t, h, ctx, req); out.Outcome != compliance.OrderBlocked {
			t.Fatalf("after confirming: %s %q", out.Outcome, out.Reasons)
		}

		// Heightened: the buyer's beneficial owners are screened for the order too.
		sys := tenant.SystemContext(context.Background(), tenant.SystemSeeder)
		if err := h.App.DB.Client.Organization.UpdateOneID(f.buyer.ID).SetBeneficialOwners([]schematype.BeneficialOwner{
			{Name: "Sergei Ivanov", Kind: "individual", Country: "RU", SharePct: 30}}).Exec(sys); err != nil {
			t.Fatal(err)
		}
		owned := runOrderChecks(t, h, ctx, f.order(f.plain))
		var owner *ent.ComplianceCheck
		for _, k := range checksOf(owned, compliancecheck.KindSanctions) {
			if k.SubjectName == "Sergei Ivanov" {
				owner = k
			}
		}
		if owner == nil || owner.Status != compliancecheck.StatusOpen || owned.Outcome != compliance.OrderHold {
			t.Fatalf("beneficial owner at order time: %s %q", owned.Outcome, owned.Reasons)
		}

		// A line no regime the engine knows governs (neither a US nor an EU export) is
		// recorded as such, clear.
		var foreign *ent.Product
		for _, p := range h.App.DB.Client.Product.Query().AllX(ctx) {
			s := h.App.DB.Client.Organization.GetX(ctx, p.SellerID)
			if s.Country != "US" && p.CountryOfOrigin != "US" && !masterdata.IsEUMember(s.Country) {
				foreign = p
				break
			}
		}
		if foreign == nil {
			t.Fatal("no demo product from outside the US and the EU")
		}
		nr := checksOf(runOrderChecks(t, h, ctx, f.order(foreign)), compliancecheck.KindExportControl)
		if len(nr) != 1 || !nr[0].Details.NoRegime || nr[0].Outcome != compliancecheck.OutcomeClear || len(nr[0].Details.Determinations) != 0 {
			t.Fatalf("line outside the regimes: %+v", nr)
		}

		// Bad requests change nothing.
		before, _ := h.App.DB.Client.ComplianceCheck.Query().Count(ctx)
		bad := f.order(f.plain)
		bad.ConsigneeID = uuid.New()
		err = db.WithTx(ctx, h.App.DB.Client, func(tx *ent.Tx) error { _, err := h.App.OrderChecks.Run(ctx, tx, bad); return err })
		if err == nil || !strings.Contains(err.Error(), "cannot be checked") {
			t.Fatalf("unknown consignee: %v", err)
		}
		if after, _ := h.App.DB.Client.ComplianceCheck.Query().Count(ctx); after != before {
			t.Fatalf("a bad request wrote %d checks", after-before)
		}
	})
}

// In a closed portal the parties are not screened again at order time: their last
// screening decides, and a party not cleared holds the order.
func TestOrderChecks_ClosedPortalReliesOnScreening(t *testing.T) {
	h := newHarness(t, options{embedded: true})
	h.App.Checks.SetNames(fakeNames{hash: "v1"})
	f := newOrderFixture(t, h, "demo-portal")
	ctx := f.ctx()
	out := runOrderChecks(t, h, ctx, f.order(f.plain))
	if n := len(checksOf(out, compliancecheck.KindSanctions)); n != 0 {
		t.Fatalf("closed portal screened %d parties again", n)
	}
	sys := tenant.SystemContext(context.Background(), tenant.SystemSeeder)
	c := h.App.DB.Client
	// A consignee whose screening waits for review holds the order; cleared, the order
	// is clear.
	if err := c.Consignee.UpdateOneID(f.consignee.ID).SetScreeningStatus(consignee.ScreeningStatusPotentialMatch).Exec(sys); err != nil {
		t.Fatal(err)
	}
	if err := c.Organization.UpdateOneID(f.buyer.ID).SetScreeningStatus(organization.ScreeningStatusClear).Exec(sys); err != nil {
		t.Fatal(err)
	}
	if out := runOrderChecks(t, h, ctx, f.order(f.plain)); out.Outcome != compliance.OrderHold || !strings.Contains(fmt.Sprint(out.Reasons), "potential_match") {
		t.Fatalf("consignee in review: %s %q", out.Outcome, out.Reasons)
	}
	if err := c.Consignee.UpdateOneID(f.consignee.ID).SetScreeningStatus(consignee.ScreeningStatusClear).Exec(sys); err != nil {
		t.Fatal(err)
	}
	if out := runOrderChecks(t, h, ctx, f.order(f.plain)); out.Outcome != compliance.OrderClear {
		t.Fatalf("cleared parties: %s %q", out.Outcome, out.Reasons)
	}
	// A blocked buyer blocks every order.
	if err := c.Organization.UpdateOneID(f.buyer.ID).SetScreeningStatus(organization.ScreeningStatusBlocked).Exec(sys); err != nil {
		t.Fatal(err)
	}
	if out := runOrderChecks(t, h, ctx, f.order(f.plain)); out.Outcome != compliance.OrderBlocked {
		t.Fatalf("blocked buyer: %s %q", out.Outcome, out.Reasons)
	}
}

func schemaAddress(country, city, locode string) schematype.PostalAddress {
	return schematype.PostalAddress{Line1: "1 Harbour Road", City: city, PostalCode: "100000", Country: country, UNLOCODE: locode}
}

// In a distributor-led marketplace the distributor and the consignee are screened for
// the order; the buyer stands on its onboarding screening.
func TestOrderChecks_DistributorLed(t *testing.T) {
	h := newHarness(t, options{postgres: true})
	h.App.Checks.SetNames(fakeNames{hash: "v1"})
	f := newOrderFixture(t, h, "demo-distributor")
	ctx := f.ctx()
	d, err := h.App.DB.Client.Organization.Query().Where(organization.KindEQ(organization.KindDistributor)).First(ctx)
	if err != nil {
		t.Fatal(err)
	}
	req := f.order(f.plain)
	req.DistributorID = &d.ID
	out := runOrderChecks(t, h, ctx, req)
	screened := map[string]bool{}
	for _, k := range checksOf(out, compliancecheck.KindSanctions) {
		screened[k.SubjectName] = true
	}
	if !screened[d.LegalName] || !screened[f.consignee.Name] || screened[f.buyer.LegalName] {
		t.Fatalf("distributor-led screened %v", screened)
	}
	for _, k := range out.Checks {
		if k.OrderID == nil || *k.OrderID != req.OrderID {
			t.Fatalf("check %s not tied to the order", k.ID)
		}
	}
}

// Orders ask through the outbox: the job runs the checks on the compliance queue and
// hands the outcome to the orders service's sink in the same transaction, once.
func TestOrderChecks_Job(t *testing.T) {
	h := newHarness(t, options{postgres: true, runBackground: true})
	h.App.Checks.SetNames(fakeNames{hash: "v1"})
	sink := &recordingSink{}
	h.App.OrderChecks.SetSink(sink)
	f := newOrderFixture(t, h, "demo-curated")
	ctx := f.ctx()
	req := f.order(f.dualUse)
	req.PaymentCountry = "PA"
	if err := db.WithTx(ctx, h.App.DB.Client, func(tx *ent.Tx) error { return h.App.OrderChecks.Enqueue(ctx, tx, req) }); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the order's outcome", func() (bool, string) {
		got := sink.get(req.OrderID)
		return got == compliance.OrderHold, got
	})
	n, err := h.App.DB.Client.ComplianceCheck.Query().Where(compliancecheck.OrderID(req.OrderID)).Count(ctx)
	if err != nil || n != 4 { // buyer, consignee, the line, the red flags
		t.Fatalf("checks of the order: %d %v", n, err)
	}
	bad := f.order(f.plain)
	bad.Lines = nil
	if err := db.WithTx(ctx, h.App.DB.Client, func(tx *ent.Tx) error { return h.App.OrderChecks.Enqueue(ctx, tx, bad) }); err == nil {
		t.Fatal("an order without lines was queued")
	}
}

type recordingSink struct {
	mu  sync.Mutex
	out map[uuid.UUID]string
}

func (s *recordingSink) ApplyComplianceOutcome(_ context.Context, _ *ent.Tx, id uuid.UUID, out *compliance.OrderOutcome) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.out == nil {
		s.out = map[uuid.UUID]string{}
	}
	s.out[id] = out.Outcome
	return nil
}

func (s *recordingSink) get(id uuid.UUID) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.out[id]
}
