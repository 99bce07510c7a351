package app_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/manifoldhq/manifold/ent/schematype"
	"github.com/manifoldhq/manifold/internal/compliance"
	"github.com/manifoldhq/manifold/internal/platform/config"
)

// fakeNames matches any name containing "Ivanov" against one fixed list entry.
type fakeNames struct{ hash string }

func (f fakeNames) ScreenName(_ context.Context, q compliance.NameQuery) (compliance.NameResult, error) {
	res := compliance.NameResult{ListVersions: map[string]string{"us_ofac_sdn": "2024-05-03"}}
	if strings.Contains(q.Name, "Ivanov") {
		res.Matches = []schematype.CheckMatch{{List: "us_ofac_sdn", EntityID: "12345", Name: "IVANOV, Petr",
			MatchedName: "IVANOV, Petr", Score: 0.91, Programs: []string{"RUSSIA-EO14024"}, Why: "token ivanov", EntryHash: f.hash}}
	}
	return res, nil
}

// submitSeller signs up a curated seller, uploads its documents and submits it.
func (h *harness) submitSeller(t *testing.T, name, email string) (string, string) {
	t.Helper()
	orgID, tok := h.signUp("demo-curated", "seller", name, email, nil)
	for _, d := range []string{"certificate_of_incorporation", "export_licence", "bank_letter"} {
		if r := h.upload(tok, orgID, d, d+".pdf", "application/pdf", pdf(d)); r.Status != 201 {
			t.Fatalf("upload %s: %d %s", d, r.Status, r.Body)
		}
	}
	if r := h.do("POST", "/api/v1/organizations/"+orgID+"/submit", tok, nil); r.Status != 200 {
		t.Fatalf("submit: %d %s", r.Status, r.Body)
	}
	return orgID, tok
}

func TestComplianceChecks_ScreeningReviewQueue(t *testing.T) {
	eachWithWorker(t, func(t *testing.T, h *harness) {
		h.App.Checks.SetNames(fakeNames{hash: "v1"})
		officer := h.login("demo-curated", "compliance_officer")
		admin := h.login("demo-curated", "marketplace_admin")

		// A clean name is screened clear and recorded as a closed check.
		clean, _ := h.submitSeller(t, "Clean Chemicals GmbH", "admin@clean.example")
		eventually(t, "clean screening", func() (bool, string) {
			o := h.org(officer, clean)
			return o["screening_status"] == "clear", o["screening_status"].(string)
		})
		r := h.do("GET", "/api/v1/compliance/checks?subject_id="+clean, officer, nil)
		items := r.JSON(t)["items"].([]any)
		if r.Status != 200 || len(items) != 1 || items[0].(map[string]any)["outcome"] != "clear" ||
			items[0].(map[string]any)["status"] != "closed" || items[0].(map[string]any)["list_versions"].(map[string]any)["us_ofac_sdn"] != "2024-05-03" {
			t.Fatalf("clean check: %d %s", r.Status, r.Body)
		}

		// A matching name lands in the review queue; the organization waits in screening.
		hit, tok := h.submitSeller(t, "Ivanov Trading GmbH", "admin@ivanov.example")
		eventually(t, "potential match", func() (bool, string) {
			o := h.org(officer, hit)
			return o["screening_status"] == "potential_match", o["screening_status"].(string)
		})
		queue := h.do("GET", "/api/v1/compliance/checks?status=open", officer, nil).JSON(t)["items"].([]any)
		if len(queue) != 1 {
			t.Fatalf("queue: %v", queue)
		}
		check := queue[0].(map[string]any)
		id := check["id"].(string)
		if check["subject_id"] != hit || check["matches"].([]any)[0].(map[string]any)["entity_id"] != "12345" {
			t.Fatalf("check: %v", check)
		}
		// Bad reviews change nothing; buyers and other marketplaces cannot see it.
		if r := h.do("POST", "/api/v1/compliance/checks/"+id+"/review", officer, map[string]any{"decision": "maybe", "reason": "x"}); r.Status != 400 {
			t.Fatalf("bad review: %d", r.Status)
		}
		if r := h.do("GET", "/api/v1/compliance/checks/"+id, h.login("demo-curated", "buyer_purchaser"), nil); r.Status != 403 {
			t.Fatalf("buyer reads a check: %d", r.Status)
		}
		if r := h.do("GET", "/api/v1/compliance/checks/"+id, h.login("demo-portal", "compliance_officer"), nil); r.Status != 404 {
			t.Fatalf("another marketplace reads a check: %d", r.Status)
		}

		// False positive: the check closes, the organization is cleared, the match is
		// suppressed for it while the entry is unchanged.
		r = h.do("POST", "/api/v1/compliance/checks/"+id+"/review", officer, map[string]any{
			"decision": "false_positive", "reason": "different person: company founded 2019 in Hamburg"})
		if r.Status != 200 || r.JSON(t)["decision"] != "false_positive" || r.JSON(t)["status"] != "closed" {
			t.Fatalf("review: %d %s", r.Status, r.Body)
		}
		if o := h.org(officer, hit); o["screening_status"] != "clear" {
			t.Fatalf("after false positive: %v", o["screening_status"])
		}
		if r := h.do("POST", "/api/v1/compliance/checks/"+id+"/review", officer, map[string]any{
			"decision": "confirmed", "reason": "changed my mind"}); r.Status != 409 {
			t.Fatalf("second review: %d", r.Status)
		}
		// Sent back and resubmitted: the suppressed match does not return.
		if r := h.do("POST", "/api/v1/organizations/"+hit+"/review", admin, map[string]any{"decision": "request_info", "reason": "add the EORI"}); r.Status != 200 {
			t.Fatalf("request info: %d %s", r.Status, r.Body)
		}
		if r := h.do("POST", "/api/v1/organizations/"+hit+"/submit", tok, nil); r.Status != 200 {
			t.Fatalf("resubmit: %d %s", r.Status, r.Body)
		}
		eventually(t, "rescreen", func() (bool, string) {
			items := h.do("GET", "/api/v1/compliance/checks?subject_id="+hit, officer, nil).JSON(t)["items"].([]any)
			return len(items) == 2, ""
		})
		second := h.do("GET", "/api/v1/compliance/checks?subject_id="+hit, officer, nil).JSON(t)["items"].([]any)[1].(map[string]any)
		if second["outcome"] != "clear" || second["suppressed"] != float64(1) {
			t.Fatalf("rescreen after false positive: %v", second)
		}

		// A changed list entry matches again; confirming it blocks the organization.
		h.App.Checks.SetNames(fakeNames{hash: "v2"})
		other, _ := h.submitSeller(t, "Ivanov Metals GmbH", "admin@ivanov-metals.example")
		var cid string
		eventually(t, "second potential match", func() (bool, string) {
			items := h.do("GET", "/api/v1/compliance/checks?status=open&subject_id="+other, officer, nil).JSON(t)["items"].([]any)
			if len(items) == 1 {
				cid = items[0].(map[string]any)["id"].(string)
			}
			return len(items) == 1, ""
		})
		if r := h.do("POST", "/api/v1/compliance/checks/"+cid+"/review", officer, map[string]any{
			"decision": "confirmed", "reason": "same person: director listed on SDN"}); r.Status != 200 {
			t.Fatalf("confirm: %d %s", r.Status, r.Body)
		}
		if o := h.org(officer, other); o["onboarding_status"] != "blocked" {
			t.Fatalf("after confirm: %v", o["onboarding_status"])
		}
		// Every decision is an audit event and the chain verifies.
		if acts := actions(h.auditOf(cid)); !containsAll(acts, "compliance.check", "compliance.review") {
			t.Fatalf("audit %v", acts)
		}
		if r := h.do("GET", "/api/v1/audit/verify", admin, nil); r.Status != 200 || r.JSON(t)["ok"] != true {
			t.Fatalf("audit chain: %s", r.Body)
		}
	})
}

func TestScreenings_AdHoc(t *testing.T) {
	h := newHarness(t, options{embedded: true})
	officer := h.login("demo-curated", "compliance_officer")
	screen := func(body map[string]any) response {
		t.Helper()
		return h.do("POST", "/api/v1/screenings", officer, body)
	}
	if r := screen(map[string]any{"name": "Petr Ivanov"}); r.Status != 503 {
		t.Fatalf("before the lists are loaded: %d %s", r.Status, r.Body)
	}
	h.App.Checks.SetNames(fakeNames{hash: "v1"})
	r := screen(map[string]any{"name": "Petr Ivanov", "kind": "individual", "country": "ru", "birth_date": "1970-03"})
	if r.Status != 200 || r.JSON(t)["decision"] != "potential_match" || len(r.JSON(t)["matches"].([]any)) != 1 {
		t.Fatalf("match: %d %s", r.Status, r.Body)
	}
	if r := screen(map[string]any{"name": "Anna Schmidt"}); r.Status != 200 || r.JSON(t)["decision"] != "clear" {
		t.Fatalf("clear: %d %s", r.Status, r.Body)
	}
	for name, c := range map[string]struct {
		body  map[string]any
		field string
	}{
		"empty":            {map[string]any{"name": "   "}, "/name"},
		"too long":         {map[string]any{"name": strings.Repeat("a", 1001)}, "/name"},
		"control":          {map[string]any{"name": "Petr\u0007Ivanov"}, "/name"},
		"only punctuation": {map[string]any{"name": "--- ..."}, "/name"},
		"kind":             {map[string]any{"name": "X", "kind": "ship"}, "/kind"},
		"country":          {map[string]any{"name": "X", "country": "XX"}, "/country"},
		"birth date":       {map[string]any{"name": "X", "birth_date": "1970-13-01"}, "/birth_date"},
		"10 kB":            {map[string]any{"name": strings.Repeat("a", 10_000)}, "/name"},
	} {
		r := screen(c.body)
		if r.Status != 400 || !containsAll(fields(t, r), c.field) {
			t.Errorf("%s: %d %s", name, r.Status, r.Body)
		}
	}
	if r := h.do("POST", "/api/v1/screenings", h.login("demo-curated", "buyer_purchaser"), map[string]any{"name": "X"}); r.Status != 403 {
		t.Fatalf("buyer screens: %d", r.Status)
	}
}

// Consignees and their end users are screened by a job queued with every change that
// leaves one unscreened; a potential match is reviewed like any other check.
func TestComplianceChecks_ConsigneeAndEndUserScreening(t *testing.T) {
	eachWithWorker(t, func(t *testing.T, h *harness) {
		h.App.Checks.SetNames(fakeNames{hash: "v1"})
		buyer := h.login("demo-curated", "buyer_admin")
		officer := h.login("demo-curated", "compliance_officer")
		base := "/api/v1/organizations/" + orgOf(t, h, buyer) + "/consignees"
		body := consigneeBody("Rotterdam Receiving B.V.")
		body["end_user"].(map[string]any)["name"] = "Ivanov Polymer Lab B.V."
		r := h.do("POST", base, buyer, body)
		if r.Status != 201 || r.JSON(t)["screening_status"] != "unscreened" {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		id := r.JSON(t)["id"].(string)
		get := func() map[string]any { return h.do("GET", "/api/v1/consignees/"+id, buyer, nil).JSON(t) }
		eventually(t, "screening", func() (bool, string) {
			c := get()
			return c["screening_status"] == "clear" && c["end_user"].(map[string]any)["screening_status"] == "potential_match", fmt.Sprint(c)
		})
		items := h.do("GET", "/api/v1/compliance/checks?subject_id="+id, officer, nil).JSON(t)["items"].([]any)
		if len(items) != 2 {
			t.Fatalf("checks: %v", items)
		}
		var open string
		for _, it := range items {
			m := it.(map[string]any)
			if m["status"] == "open" {
				open = m["id"].(string)
				if m["subject_type"] != "end_user" || m["subject_name"] != "Ivanov Polymer Lab B.V." {
					t.Fatalf("open check: %v", m)
				}
			}
		}
		if r := h.do("POST", "/api/v1/compliance/checks/"+open+"/review", officer, map[string]any{
			"decision": "confirmed", "reason": "the listed lab"}); r.Status != 200 {
			t.Fatalf("confirm: %d %s", r.Status, r.Body)
		}
		if c := get(); c["end_user"].(map[string]any)["screening_status"] != "blocked" || c["screening_status"] != "clear" {
			t.Fatalf("after confirm: %v", c)
		}
		// A new end user is screened again; an unchanged consignee is not.
		body["end_user"].(map[string]any)["name"] = "Delft Polymer Lab B.V."
		if r := h.do("PUT", "/api/v1/consignees/"+id, buyer, body); r.Status != 200 {
			t.Fatalf("replace: %d %s", r.Status, r.Body)
		}
		eventually(t, "rescreen of the end user", func() (bool, string) {
			c := get()
			return c["end_user"].(map[string]any)["screening_status"] == "clear", fmt.Sprint(c)
		})
		if n := len(h.do("GET", "/api/v1/compliance/checks?subject_id="+id, officer, nil).JSON(t)["items"].([]any)); n != 3 {
			t.Fatalf("%d checks after the end user changed", n)
		}
	})
}

// With the lists shipped in the binary: an ad hoc screening finds a listed name in
// natural order, a clean name is clear, and a seller registering under a listed
// company's name lands in the review queue.
func TestScreening_AgainstShippedLists(t *testing.T) {
	h := newHarness(t, options{embedded: true, runBackground: true, tweak: func(c *config.Config) { c.Screening = "lists" }})
	if err := h.App.LoadSanctionsLists(context.Background()); err != nil {
		t.Fatal(err)
	}
	officer := h.login("demo-curated", "compliance_officer")
	r := h.do("POST", "/api/v1/screenings", officer, map[string]any{"name": "Ayman al Zawahiri", "kind": "individual"})
	if r.Status != 200 || r.JSON(t)["decision"] != "potential_match" {
		t.Fatalf("listed name: %d %s", r.Status, r.Body)
	}
	var sdn map[string]any
	for _, x := range r.JSON(t)["matches"].([]any) {
		if m := x.(map[string]any); m["list"] == "us_ofac_sdn" && m["entity_id"] == "2676" {
			sdn = m
		}
	}
	if sdn == nil || sdn["why"] == "" || len(sdn["entry_hash"].(string)) != 32 || sdn["score"].(float64) < 0.86 {
		t.Fatalf("no SDN 2676 match: %s", r.Body)
	}
	// The entry as screened, for the reviewer: SDN 2676 is an individual born in 1951
	// in Giza, Egypt.
	if e, _ := sdn["entry"].(map[string]any); e == nil || e["kind"] != "individual" ||
		!strings.Contains(fmt.Sprint(e["birth_dates"]), "1951") || !strings.Contains(fmt.Sprint(e["birth_places"]), "Giza") {
		t.Fatalf("SDN 2676 entry: %v", sdn["entry"])
	}
	if v := r.JSON(t)["list_versions"].(map[string]any)["us_ofac_sdn"]; !strings.HasPrefix(v.(string), "2024-05-03") {
		t.Fatalf("list versions: %v", r.JSON(t)["list_versions"])
	}
	if r := h.do("POST", "/api/v1/screenings", officer, map[string]any{"name": "Rhein Spezialchemie GmbH", "country": "DE"}); r.Status != 200 || r.JSON(t)["decision"] != "clear" {
		t.Fatalf("clean name: %d %s", r.Status, r.Body)
	}
	org, _ := h.submitSeller(t, "Banco Nacional de Cuba S.A.", "admin@bnc.example")
	eventually(t, "potential match", func() (bool, string) {
		o := h.org(officer, org)
		return o["screening_status"] == "potential_match", fmt.Sprint(o["screening_status"])
	})
	// The queue lists the check without the entries; its detail shows each match's
	// entry beside the party.
	page := h.do("GET", "/api/v1/compliance/checks?status=open&subject_id="+org, officer, nil)
	items := page.JSON(t)["items"].([]any)
	if page.Status != 200 || len(items) != 1 {
		t.Fatalf("queue: %d %s", page.Status, page.Body)
	}
	check := items[0].(map[string]any)
	for _, m := range check["matches"].([]any) {
		if _, has := m.(map[string]any)["entry"]; has {
			t.Fatalf("list carries entries: %s", page.Body)
		}
	}
	detail := h.do("GET", "/api/v1/compliance/checks/"+check["id"].(string), officer, nil)
	var bnc map[string]any
	for _, x := range detail.JSON(t)["matches"].([]any) {
		if m := x.(map[string]any); m["name"] == "BANCO NACIONAL DE CUBA" {
			bnc = m
		}
	}
	if bnc == nil {
		t.Fatalf("no match on BANCO NACIONAL DE CUBA: %s", detail.Body)
	}
	if e, _ := bnc["entry"].(map[string]any); e == nil || e["kind"] != "entity" || !strings.Contains(fmt.Sprint(e["aliases"]), "BNC") {
		t.Fatalf("entry beside the party: %v", bnc["entry"])
	}
}

// Beneficial owners are declared with the company and screened with it: a listed owner
// puts the organization in the review queue under the owner's name; owners are shown to
// the organization's members and operator staff only.
func TestComplianceChecks_BeneficialOwners(t *testing.T) {
	eachWithWorker(t, func(t *testing.T, h *harness) {
		h.App.Checks.SetNames(fakeNames{hash: "v1"})
		officer := h.login("demo-curated", "compliance_officer")
		owners := []map[string]any{
			{"name": "Anna Keller", "country": "DE", "birth_date": "1971-04-02", "share_pct": 60},
			{"name": "Petr Ivanov", "country": "RU", "birth_date": "1965", "share_pct": 40},
		}
		orgID, tok := h.signUp("demo-curated", "seller", "Keller Feinchemie GmbH", "admin@keller.example", map[string]any{"beneficial_owners": owners})
		if o := h.org(tok, orgID); fmt.Sprint(o["beneficial_owners"]) == "<nil>" || len(o["beneficial_owners"].([]any)) != 2 {
			t.Fatalf("owners as registered: %v", o["beneficial_owners"])
		}
		bad := h.do("PATCH", "/api/v1/organizations/"+orgID, tok, map[string]any{"beneficial_owners": []map[string]any{
			{"name": "Anna Keller", "share_pct": 70}, {"name": "Jon Berg", "kind": "entity", "birth_date": "1980", "share_pct": 40}}})
		if bad.Status != 400 || !strings.Contains(string(bad.Body), "/beneficial_owners/1/birth_date") || !strings.Contains(string(bad.Body), "more than 100") {
			t.Fatalf("bad owners: %d %s", bad.Status, bad.Body)
		}
		for _, d := range []string{"certificate_of_incorporation", "export_licence", "bank_letter"} {
			if r := h.upload(tok, orgID, d, d+".pdf", "application/pdf", pdf(d)); r.Status != 201 {
				t.Fatalf("upload %s: %d %s", d, r.Status, r.Body)
			}
		}
		if r := h.do("POST", "/api/v1/organizations/"+orgID+"/submit", tok, nil); r.Status != 200 {
			t.Fatalf("submit: %d %s", r.Status, r.Body)
		}
		eventually(t, "owner's potential match", func() (bool, string) {
			o := h.org(officer, orgID)
			return o["screening_status"] == "potential_match", fmt.Sprint(o["screening_status"])
		})
		r := h.do("GET", "/api/v1/compliance/checks?subject_id="+orgID, officer, nil)
		names := map[string]string{}
		for _, x := range r.JSON(t)["items"].([]any) {
			k := x.(map[string]any)
			names[k["subject_name"].(string)] = k["outcome"].(string)
			// What was screened with the name is kept with the check.
			if k["subject_name"] == "Petr Ivanov" && (k["subject_kind"] != "individual" || k["subject_birth_date"] != "1965" || k["subject_country"] != "RU") {
				t.Fatalf("owner as screened: %v", k)
			}
			if k["subject_name"] == "Keller Feinchemie GmbH" && k["subject_kind"] != "entity" {
				t.Fatalf("organization as screened: %v", k)
			}
		}
		if names["Keller Feinchemie GmbH"] != "clear" || names["Anna Keller"] != "clear" || names["Petr Ivanov"] != "potential_match" {
			t.Fatalf("checks of the organization and its owners: %v", names)
		}
		if o := h.org(officer, orgID); o["beneficial_owners"] == nil {
			t.Fatalf("operator staff see no owners")
		}
		buyer := h.login("demo-curated", "buyer_admin")
		if r := h.do("GET", "/api/v1/organizations/"+orgID, buyer, nil); r.Status == 200 && r.JSON(t)["beneficial_owners"] != nil {
			t.Fatalf("an outsider sees the owners: %s", r.Body)
		}
	})
}
