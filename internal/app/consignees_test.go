package app_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/manifoldhq/manifold/ent/auditevent"
	"github.com/manifoldhq/manifold/ent/membership"
	"github.com/manifoldhq/manifold/ent/organization"
	enttenant "github.com/manifoldhq/manifold/ent/tenant"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
	"github.com/manifoldhq/manifold/internal/seed"
)

func consigneeBody(name string) map[string]any {
	return map[string]any{
		"name":    name,
		"address": map[string]any{"line1": "Waalhaven Zuidzijde 21", "city": "Rotterdam", "postal_code": "3089 JH", "country": "nl", "unlocode": "nl rtm"},
		"contact": map[string]any{"name": "Sanne de Vries", "email": "dock@example.nl", "phone": "+31 10 000 0000"},
		"end_user": map[string]any{"is_consignee": false, "name": "Delft Polymer Lab B.V.", "industry": "research_and_education",
			"address": map[string]any{"line1": "Mekelweg 2", "city": "Delft", "country": "NL"},
			"end_use": "Polymer characterisation"},
	}
}

// auditCount counts the audit events of action in the tenant slug.
func auditCount(t *testing.T, h *harness, action string) int {
	t.Helper()
	sys := tenant.SystemContext(t.Context(), tenant.SystemTest)
	return h.App.DB.Client.AuditEvent.Query().Where(auditevent.Action(action)).CountX(sys)
}

func TestConsignees_CRUDValidationAndOwnership(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		const slug = "demo-curated"
		buyer := h.login(slug, "buyer_admin")
		buyerOrg := orgOf(t, h, buyer)
		base := "/api/v1/organizations/" + buyerOrg + "/consignees"
		seeded := len(h.do("GET", base+"?limit=100", buyer, nil).JSON(t)["items"].([]any))
		audits := auditCount(t, h, "consignee.create")

		r := h.do("POST", base, buyer, consigneeBody("Rotterdam Receiving B.V."))
		if r.Status != 201 {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		c := r.JSON(t)
		id := c["id"].(string)
		addr := c["address"].(map[string]any)
		eu := c["end_user"].(map[string]any)
		if addr["country"] != "NL" || addr["unlocode"] != "NLRTM" || c["status"] != "active" || c["screening_status"] != "unscreened" ||
			eu["screening_status"] != "unscreened" || eu["name"] != "Delft Polymer Lab B.V." || eu["country"] != "NL" || c["organization_id"] != buyerOrg {
			t.Fatalf("consignee: %s", r.Body)
		}
		if n := auditCount(t, h, "consignee.create"); n != audits+1 {
			t.Fatalf("audit events %d, want %d", n, audits+1)
		}

		// The consignee is its own end user: name and address are the consignee's.
		self := consigneeBody("Self Use B.V.")
		self["end_user"] = map[string]any{"is_consignee": true, "end_use": "Own production", "industry": "manufacturing"}
		r = h.do("POST", base, buyer, self)
		if r.Status != 201 || r.JSON(t)["end_user"].(map[string]any)["name"] != "Self Use B.V." {
			t.Fatalf("self end user: %d %s", r.Status, r.Body)
		}

		// Every bad field at once, with its pointer; nothing saved.
		before := len(h.do("GET", base+"?limit=100", buyer, nil).JSON(t)["items"].([]any))
		bad := consigneeBody(" ")
		bad["address"] = map[string]any{"line1": "x", "city": "Rotterdam", "country": "NL", "unlocode": "DEHAM"}
		bad["contact"] = map[string]any{"email": "not-an-email", "phone": "call me"}
		bad["end_user"] = map[string]any{"is_consignee": false, "industry": "weapons", "end_use": "",
			"address": map[string]any{"line1": "1 Road", "city": "Nowhere", "country": "XX"}}
		r = h.do("POST", base, buyer, bad)
		if r.Status != 400 || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/problem+json") {
			t.Fatalf("bad consignee: %d %s", r.Status, r.Body)
		}
		got := strings.Join(fieldsOf(t, r), " ")
		for _, f := range []string{"/name", "/address/unlocode", "/contact/email", "/contact/phone", "/end_user/name",
			"/end_user/address/country", "/end_user/end_use", "/end_user/industry"} {
			if !strings.Contains(got, f) {
				t.Errorf("bad consignee: no error for %s in %s", f, r.Body)
			}
		}
		if n := len(h.do("GET", base+"?limit=100", buyer, nil).JSON(t)["items"].([]any)); n != before {
			t.Fatalf("a failing create saved something: %d consignees, want %d", n, before)
		}

		// Pagination.
		page := h.do("GET", base+"?limit=1", buyer, nil).JSON(t)
		if len(page["items"].([]any)) != 1 || page["next_cursor"] == "" {
			t.Fatalf("page: %v", page)
		}
		if n := seeded + 2; before != n {
			t.Fatalf("%d consignees, want %d", before, n)
		}

		// Replace: a new end-user name resets only the end user's screening; archive.
		sys := tenant.SystemContext(t.Context(), tenant.SystemTest)
		h.App.DB.Client.Consignee.UpdateOneID(uuidOf(t, id)).SetScreeningStatus("clear").SetEndUserScreeningStatus("clear").ExecX(sys)
		upd := consigneeBody("Rotterdam Receiving B.V.")
		upd["end_user"].(map[string]any)["name"] = "Leiden Materials Lab"
		upd["status"] = "archived"
		r = h.do("PUT", "/api/v1/consignees/"+id, buyer, upd)
		if r.Status != 200 {
			t.Fatalf("replace: %d %s", r.Status, r.Body)
		}
		c = r.JSON(t)
		if c["status"] != "archived" || c["screening_status"] != "clear" || c["end_user"].(map[string]any)["screening_status"] != "unscreened" {
			t.Fatalf("replaced: %s", r.Body)
		}
		if items := h.do("GET", base+"?status=archived", buyer, nil).JSON(t)["items"].([]any); len(items) != 1 {
			t.Fatalf("archived list: %v", items)
		}

		// Members and operator staff read; a member who is not the admin may not change it.
		for _, role := range []string{"buyer_purchaser", "buyer_approver", "compliance_officer", "ops_agent", "marketplace_admin"} {
			if r := h.do("GET", "/api/v1/consignees/"+id, h.login(slug, role), nil); r.Status != 200 {
				t.Fatalf("%s reads: %d %s", role, r.Status, r.Body)
			}
		}
		if r := h.do("PUT", "/api/v1/consignees/"+id, h.login(slug, "marketplace_admin"), upd); r.Status != 403 {
			t.Fatalf("marketplace admin changes: %d %s", r.Status, r.Body)
		}

		// Another buyer of the marketplace (its admin) gets 404 for the consignee and the list.
		rival := rivalBuyer(t, h, slug)
		for _, p := range []string{base, "/api/v1/consignees/" + id} {
			if r := h.do("GET", p, rival, nil); r.Status != 404 {
				t.Fatalf("rival buyer GET %s: %d %s", p, r.Status, r.Body)
			}
		}
		if r := h.do("PUT", "/api/v1/consignees/"+id, rival, upd); r.Status != 404 {
			t.Fatalf("rival buyer PUT: %d %s", r.Status, r.Body)
		}
		if r := h.do("DELETE", "/api/v1/consignees/"+id, rival, nil); r.Status != 404 {
			t.Fatalf("rival buyer DELETE: %d %s", r.Status, r.Body)
		}
		// A seller's organization has no consignees.
		admin := h.login(slug, "marketplace_admin")
		if r := h.do("GET", "/api/v1/organizations/"+orgOf(t, h, h.login(slug, "seller_admin"))+"/consignees", admin, nil); r.Status != 404 {
			t.Fatalf("consignees of a seller: %d %s", r.Status, r.Body)
		}
		// Other tenants get 404.
		other := h.login("demo-portal", "marketplace_admin")
		if r := h.do("GET", "/api/v1/consignees/"+id, other, nil); r.Status != 404 {
			t.Fatalf("other tenant: %d %s", r.Status, r.Body)
		}
		if r := h.do("GET", base, other, nil); r.Status != 404 {
			t.Fatalf("other tenant lists: %d %s", r.Status, r.Body)
		}
		if r := h.do("DELETE", "/api/v1/consignees/"+id, h.login("demo-portal", "buyer_admin"), nil); r.Status != 404 {
			t.Fatalf("other tenant deletes: %d %s", r.Status, r.Body)
		}

		deletes := auditCount(t, h, "consignee.delete")
		if r := h.do("DELETE", "/api/v1/consignees/"+id, buyer, nil); r.Status != 204 {
			t.Fatalf("delete: %d %s", r.Status, r.Body)
		}
		if r := h.do("GET", "/api/v1/consignees/"+id, buyer, nil); r.Status != 404 {
			t.Fatalf("deleted: %d %s", r.Status, r.Body)
		}
		if auditCount(t, h, "consignee.delete") != deletes+1 || auditCount(t, h, "consignee.update") == 0 {
			t.Fatal("update and delete are not audited")
		}
	})
}

// rivalBuyer gives the demo distributor_ops user a buyer_admin membership in a second
// buyer and returns its token.
func rivalBuyer(t *testing.T, h *harness, slug string) string {
	t.Helper()
	return memberOfNew(t, h, slug, organization.KindBuyer, "Rival Trading SARL", "buyer_admin")
}

func TestDistributors_HubsRegionsAndLinks(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		const slug = "demo-distributor"
		dist := h.login(slug, "distributor_admin")
		distOrg := orgOf(t, h, dist)
		admin := h.login(slug, "marketplace_admin")

		// The seed has the distributor's hubs, regions and links to every seller and buyer.
		hubs := h.do("GET", "/api/v1/organizations/"+distOrg+"/hubs", dist, nil).JSON(t)["items"].([]any)
		var codes []string
		for _, x := range hubs {
			codes = append(codes, x.(map[string]any)["unlocode"].(string))
		}
		if !slices.Contains(codes, "AEJEA") || !slices.Contains(codes, "SGSIN") {
			t.Fatalf("seeded hubs: %v", codes)
		}
		links := h.do("GET", "/api/v1/distributor-links?distributor_id="+distOrg, dist, nil).JSON(t)["items"].([]any)
		if len(links) < 6 {
			t.Fatalf("seeded links: %v", links)
		}
		for _, x := range links {
			if l := x.(map[string]any); l["distributor_name"] == "" || l["organization_name"] == "" {
				t.Fatalf("link without names: %v", l)
			}
		}

		// Hub: the UN/LOCODE's country must be the address's; bad capabilities named.
		body := map[string]any{"name": "Doha Logistics Park",
			"address":      map[string]any{"line1": "Street 1, Logistics Park", "city": "Doha", "country": "QA", "unlocode": "AEJEA"},
			"capabilities": []string{"cold_chain", "teleport"}}
		r := h.do("POST", "/api/v1/organizations/"+distOrg+"/hubs", dist, body)
		got := strings.Join(fieldsOf(t, r), " ")
		if r.Status != 400 || !strings.Contains(got, "/address/unlocode") || !strings.Contains(got, "/capabilities/1") {
			t.Fatalf("bad hub: %d %s", r.Status, r.Body)
		}
		delete(body["address"].(map[string]any), "unlocode")
		if r := h.do("POST", "/api/v1/organizations/"+distOrg+"/hubs", dist, body); r.Status != 400 || !strings.Contains(string(r.Body), "/address/unlocode") {
			t.Fatalf("hub without UN/LOCODE: %d %s", r.Status, r.Body)
		}
		body["address"].(map[string]any)["unlocode"] = "qa doh"
		body["capabilities"] = []string{"Cold_Chain", "hazmat"}
		r = h.do("POST", "/api/v1/organizations/"+distOrg+"/hubs", dist, body)
		if r.Status != 201 {
			t.Fatalf("hub: %d %s", r.Status, r.Body)
		}
		hub := r.JSON(t)
		hubID := hub["id"].(string)
		if hub["unlocode"] != "QADOH" || hub["active"] != true || hub["capabilities"].([]any)[0] != "cold_chain" {
			t.Fatalf("hub: %s", r.Body)
		}
		if r := h.do("POST", "/api/v1/organizations/"+distOrg+"/hubs", dist, body); r.Status != 400 || !strings.Contains(string(r.Body), "/name") {
			t.Fatalf("duplicate hub name: %d %s", r.Status, r.Body)
		}

		// Region served from that hub; a hub of another distributor is refused.
		region := map[string]any{"name": "Qatar", "countries": []string{"qa", "QA"}, "hub_id": hubID}
		r = h.do("POST", "/api/v1/organizations/"+distOrg+"/service-regions", dist, region)
		if r.Status != 201 || len(r.JSON(t)["countries"].([]any)) != 1 {
			t.Fatalf("region: %d %s", r.Status, r.Body)
		}
		regionID := r.JSON(t)["id"].(string)
		bad := map[string]any{"name": "Nowhere", "countries": []string{"XX"}}
		if r := h.do("POST", "/api/v1/organizations/"+distOrg+"/service-regions", dist, bad); r.Status != 400 ||
			!strings.Contains(string(r.Body), "/countries/0") {
			t.Fatalf("bad region: %d %s", r.Status, r.Body)
		}
		// The hub serves a region: deleting it is a conflict.
		if r := h.do("DELETE", "/api/v1/hubs/"+hubID, dist, nil); r.Status != 409 {
			t.Fatalf("delete a hub with regions: %d %s", r.Status, r.Body)
		}

		// Linked sellers and buyers read the distributor's hubs and regions; staff read all.
		for _, role := range []string{"seller_ops", "buyer_purchaser", "ops_agent", "distributor_ops"} {
			tok := h.login(slug, role)
			if r := h.do("GET", "/api/v1/hubs/"+hubID, tok, nil); r.Status != 200 {
				t.Fatalf("%s reads the hub: %d %s", role, r.Status, r.Body)
			}
			if r := h.do("GET", "/api/v1/service-regions/"+regionID, tok, nil); r.Status != 200 {
				t.Fatalf("%s reads the region: %d %s", role, r.Status, r.Body)
			}
		}
		// The distributor's ops (not admin) may not change them.
		if r := h.do("PUT", "/api/v1/hubs/"+hubID, h.login(slug, "distributor_ops"), body); r.Status != 403 {
			t.Fatalf("distributor_ops changes: %d %s", r.Status, r.Body)
		}

		// Another distributor's admin gets 404 for the hub, its region and the lists.
		rival := memberOfNew(t, h, slug, organization.KindDistributor, "Rival Logistics FZE", "distributor_admin")
		for _, p := range []string{"/api/v1/hubs/" + hubID, "/api/v1/service-regions/" + regionID,
			"/api/v1/organizations/" + distOrg + "/hubs", "/api/v1/organizations/" + distOrg + "/service-regions"} {
			if r := h.do("GET", p, rival, nil); r.Status != 404 {
				t.Fatalf("rival distributor GET %s: %d %s", p, r.Status, r.Body)
			}
		}
		if r := h.do("PUT", "/api/v1/hubs/"+hubID, rival, body); r.Status != 404 {
			t.Fatalf("rival distributor PUT: %d %s", r.Status, r.Body)
		}
		if r := h.do("DELETE", "/api/v1/service-regions/"+regionID, rival, nil); r.Status != 404 {
			t.Fatalf("rival distributor DELETE: %d %s", r.Status, r.Body)
		}
		// Other tenants get 404.
		other := h.login("demo-curated", "marketplace_admin")
		if r := h.do("GET", "/api/v1/hubs/"+hubID, other, nil); r.Status != 404 {
			t.Fatalf("other tenant: %d %s", r.Status, r.Body)
		}

		// Links: a new seller is not linked, so it cannot read the hubs until the
		// marketplace admin links it.
		sellerTok := memberOfNew(t, h, slug, organization.KindSeller, "Fresh Seller LLC", "seller_ops")
		newSeller := ""
		for _, o := range h.do("GET", "/api/v1/me", sellerTok, nil).JSON(t)["organizations"].([]any) {
			if o.(map[string]any)["legal_name"] == "Fresh Seller LLC" {
				newSeller = o.(map[string]any)["id"].(string)
			}
		}
		if r := h.do("GET", "/api/v1/hubs/"+hubID, sellerTok, nil); r.Status != 404 {
			t.Fatalf("unlinked seller reads a hub: %d %s", r.Status, r.Body)
		}
		link := map[string]any{"distributor_id": distOrg, "organization_id": newSeller}
		if r := h.do("POST", "/api/v1/distributor-links", dist, link); r.Status != 403 {
			t.Fatalf("distributor links itself: %d %s", r.Status, r.Body)
		}
		r = h.do("POST", "/api/v1/distributor-links", admin, link)
		if r.Status != 201 || r.JSON(t)["kind"] != "seller" || r.JSON(t)["status"] != "active" || r.JSON(t)["created_by"] == nil ||
			r.JSON(t)["organization_name"] == "" || r.JSON(t)["distributor_name"] == "" {
			t.Fatalf("link: %d %s", r.Status, r.Body)
		}
		linkID := r.JSON(t)["id"].(string)
		if r := h.do("POST", "/api/v1/distributor-links", admin, link); r.Status != 409 {
			t.Fatalf("duplicate link: %d %s", r.Status, r.Body)
		}
		if r := h.do("GET", "/api/v1/hubs/"+hubID, sellerTok, nil); r.Status != 200 {
			t.Fatalf("linked seller reads a hub: %d %s", r.Status, r.Body)
		}
		if r := h.do("GET", "/api/v1/distributor-links/"+linkID, sellerTok, nil); r.Status != 200 {
			t.Fatalf("linked seller reads its link: %d %s", r.Status, r.Body)
		}
		if r := h.do("GET", "/api/v1/distributor-links/"+linkID, rival, nil); r.Status != 404 {
			t.Fatalf("rival distributor reads the link: %d %s", r.Status, r.Body)
		}
		// Non-distributors and non-parties are field errors; other tenants' orgs 404.
		buyerOrg := orgOf(t, h, h.login(slug, "buyer_admin"))
		r = h.do("POST", "/api/v1/distributor-links", admin, map[string]any{"distributor_id": buyerOrg, "organization_id": distOrg})
		if got := strings.Join(fieldsOf(t, r), " "); r.Status != 400 || !strings.Contains(got, "/distributor_id") || !strings.Contains(got, "/organization_id") {
			t.Fatalf("link a buyer as distributor: %d %s", r.Status, r.Body)
		}
		foreign := orgOf(t, h, h.login("demo-curated", "buyer_admin"))
		if r := h.do("POST", "/api/v1/distributor-links", admin, map[string]any{"distributor_id": distOrg, "organization_id": foreign}); r.Status != 404 {
			t.Fatalf("link another tenant's buyer: %d %s", r.Status, r.Body)
		}
		// End, end again (409), relink (reactivated, 200).
		ends := auditCount(t, h, "distributor_link.end")
		if r := h.do("POST", "/api/v1/distributor-links/"+linkID+"/end", admin, nil); r.Status != 200 || r.JSON(t)["status"] != "ended" {
			t.Fatalf("end: %d %s", r.Status, r.Body)
		}
		if auditCount(t, h, "distributor_link.end") != ends+1 {
			t.Fatal("end not audited")
		}
		if r := h.do("GET", "/api/v1/hubs/"+hubID, sellerTok, nil); r.Status != 404 {
			t.Fatalf("seller reads a hub after the link ended: %d %s", r.Status, r.Body)
		}
		if r := h.do("POST", "/api/v1/distributor-links/"+linkID+"/end", admin, nil); r.Status != 409 {
			t.Fatalf("end twice: %d %s", r.Status, r.Body)
		}
		if r := h.do("POST", "/api/v1/distributor-links", admin, link); r.Status != 200 || r.JSON(t)["id"] != linkID {
			t.Fatalf("relink: %d %s", r.Status, r.Body)
		}

		// A linked distributor reads its buyers' consignees (distributor-led pack).
		cs := h.do("GET", "/api/v1/organizations/"+buyerOrg+"/consignees", h.login(slug, "distributor_ops"), nil)
		if cs.Status != 200 || len(cs.JSON(t)["items"].([]any)) == 0 {
			t.Fatalf("distributor reads linked buyer's consignees: %d %s", cs.Status, cs.Body)
		}
		if r := h.do("GET", "/api/v1/organizations/"+buyerOrg+"/consignees", rival, nil); r.Status != 403 && r.Status != 404 {
			t.Fatalf("unlinked distributor reads consignees: %d %s", r.Status, r.Body)
		}

		// Audit of hub and region changes.
		if auditCount(t, h, "distributor_hub.create") == 0 || auditCount(t, h, "service_region.create") == 0 ||
			auditCount(t, h, "distributor_link.reactivate") != 1 {
			t.Fatal("hub, region and link changes are not audited")
		}
		if r := h.do("DELETE", "/api/v1/service-regions/"+regionID, dist, nil); r.Status != 204 {
			t.Fatalf("delete region: %d %s", r.Status, r.Body)
		}
		if r := h.do("DELETE", "/api/v1/hubs/"+hubID, dist, nil); r.Status != 204 {
			t.Fatalf("delete hub: %d %s", r.Status, r.Body)
		}
	})
}

// memberOfNew adds an approved organization of kind with a new user holding role in it
// (and nothing else), and returns that user's token.
func memberOfNew(t *testing.T, h *harness, slug string, kind organization.Kind, name, role string) string {
	t.Helper()
	orgID := newOrg(t, h, slug, kind, name)
	sys := tenant.SystemContext(t.Context(), tenant.SystemTest)
	tn := h.App.DB.Client.Tenant.Query().Where(enttenant.Slug(slug)).OnlyX(sys)
	tctx := tenant.NewContext(t.Context(), &tenant.Viewer{TenantID: tn.ID, System: tenant.SystemTest})
	hash, err := h.App.Identity.SetPassword(seed.DemoPassword)
	if err != nil {
		t.Fatal(err)
	}
	email := strings.ToLower(strings.ReplaceAll(name, " ", "-")) + "@" + slug + ".example"
	u := h.App.DB.Client.User.Create().SetEmail(email).SetName(name).SetPasswordHash(hash).SaveX(tctx)
	h.App.DB.Client.Membership.Create().SetUserID(u.ID).SetOrganizationID(orgID).SetRole(membership.Role(role)).ExecX(tctx)
	r := h.do("POST", "/api/v1/auth/login", "", map[string]string{"tenant": slug, "email": email, "password": seed.DemoPassword})
	if r.Status != 200 {
		t.Fatalf("login %s: %d %s", email, r.Status, r.Body)
	}
	return r.JSON(t)["access_token"].(string)
}
