package app_test

import (
	"context"
	"errors"
	"fmt"
	"github.com/google/uuid"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/compliancecheck"
	"github.com/manifoldhq/manifold/ent/consignee"
	"github.com/manifoldhq/manifold/ent/organization"
	"github.com/manifoldhq/manifold/ent/rescreen"
	"github.com/manifoldhq/manifold/internal/compliance"
	"github.com/manifoldhq/manifold/internal/compliance/lists"
	"github.com/manifoldhq/manifold/internal/platform/config"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// dplFile is a BIS Denied Persons List file listing names (in Germany), each last
// updated on date; the file's version date is the newest update.
func dplFile(date string, names ...string) []byte {
	var b strings.Builder
	b.WriteString("\"Name\"\t\"Street_Address\"\t\"City\"\t\"State\"\t\"Country\"\t\"Postal_Code\"\t\"Effective_Date\"\t\"Expiration_Date\"\t\"Standard_Order\"\t\"Last_Update\"\t\"Action\"\t\"FR_Citation\"\n")
	for i, n := range names {
		fmt.Fprintf(&b, "%q\t\"%d Hafenstrasse\"\t\"HAMBURG\"\t\"\"\t\"DE\"\t\"20095\"\t\"01/10/2021\"\t\"01/10/2031\"\t\"Y\"\t%q\t\"F.R. NOTICE ADDED\"\t\"86 F.R. %d\"\n",
			n, i+1, date, 100+i)
	}
	return []byte(b.String())
}

// The test lists: version 1 is "shipped"; version 2 lists a company the demo data and
// the tests register.
var (
	listV1 = dplFile("2022-01-10", "PETROV METALS LLC", "SOKOLOV HOLDINGS LTD")
	listV2 = dplFile("2022-02-01", "PETROV METALS LLC", "SOKOLOV HOLDINGS LTD", "IVANOV TRADING GMBH")
)

// useTestLists makes the harness's lists the small DPL above instead of the shipped data
// and loads them (screening against the lists, small batches, fast polling).
func useTestLists(t *testing.T, h *harness) {
	t.Helper()
	h.App.Lists.UseShipped(fstest.MapFS{"dpl.txt": {Data: listV1}}, []lists.ShippedVersion{
		{List: lists.ListBISDPL, Format: lists.FormatDPL, Files: []string{"dpl.txt"}, Source: "test DPL v1"}})
	if err := h.App.LoadSanctionsLists(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func listsConfig(c *config.Config) {
	c.Screening = "lists"
	c.RescreenBatch = 2
	c.ListsPoll = 100 * time.Millisecond
	c.ShutdownTimeout = time.Second
}

// startWorker runs the app's worker (jobs, relay, scheduler) until the returned stop is
// called or the test ends.
func startWorker(t *testing.T, h *harness) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = h.App.RunWorker(ctx) }()
	var once sync.Once
	stop = func() { once.Do(func() { cancel(); <-done }) }
	t.Cleanup(stop)
	return stop
}

func sys(t *testing.T) context.Context { return tenant.SystemContext(t.Context(), tenant.SystemTest) }

// waitScreened waits until the demo consignees' own screening jobs ran.
func waitScreened(t *testing.T, h *harness) {
	eventually(t, "the demo consignees' screenings", func() (bool, string) {
		n := h.App.DB.Client.Consignee.Query().Where(consignee.Or(consignee.ScreeningStatusEQ(consignee.ScreeningStatusUnscreened),
			consignee.EndUserScreeningStatusEQ(consignee.EndUserScreeningStatusUnscreened))).CountX(sys(t))
		return n == 0, fmt.Sprint(n, " unscreened")
	})
}

func load(t *testing.T, h *harness, data []byte) *compliance.StoreResult {
	t.Helper()
	res, err := h.App.Lists.Load(t.Context(), compliance.LoadInput{Format: "dpl", Files: []compliance.LoadFile{{Name: "dpl.txt", Data: data}},
		Source: "test DPL", LoadedBy: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func label(v *ent.SanctionsListVersion) string {
	return v.VersionDate.Format(time.DateOnly) + "#" + v.ContentHash[:12]
}

// checksOn returns, per subject, the sanctions checks recorded against a DPL version.
func checksOn(t *testing.T, h *harness, version string) map[string]int {
	out := map[string]int{}
	for _, k := range h.App.DB.Client.ComplianceCheck.Query().Where(compliancecheck.KindEQ(compliancecheck.KindSanctions)).AllX(sys(t)) {
		if k.ListVersions["us_bis_dpl"] == version && k.SubjectID != nil {
			out[string(k.SubjectType)+" "+k.SubjectID.String()]++
		}
	}
	return out
}

func eachLists(t *testing.T, fn func(t *testing.T, h *harness)) {
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		fn(t, newHarness(t, options{postgres: true, tweak: listsConfig}))
	})
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		fn(t, newHarness(t, options{tweak: listsConfig}))
	})
}

// A new list version is stored, becomes current and rescreens every marketplace through
// the checks: the newly listed company gets an open check and its approved organization
// a potential match; every other subject is screened once against the new version;
// officers and platform admins follow the progress; a false positive clears it again.
func TestRescreen_ListLoadRescreensEveryMarketplace(t *testing.T) {
	eachLists(t, func(t *testing.T, h *harness) {
		useTestLists(t, h)
		startWorker(t, h)
		officer := h.login("demo-curated", "compliance_officer")
		admin := h.login("demo-curated", "marketplace_admin")
		// Registered and approved while the company is not listed.
		ivanov, _ := h.submitSeller(t, "Ivanov Trading GmbH", "admin@ivanov.example")
		eventually(t, "clear screening", func() (bool, string) {
			o := h.org(officer, ivanov)
			return o["screening_status"] == "clear", fmt.Sprint(o["screening_status"])
		})
		if r := h.do("POST", "/api/v1/organizations/"+ivanov+"/review", admin, map[string]any{"decision": "approve"}); r.Status != 200 {
			t.Fatalf("approve: %d %s", r.Status, r.Body)
		}
		// In another marketplace, a buyer ships to a consignee whose end user is the company.
		buyer := h.login("demo-portal", "buyer_admin")
		body := consigneeBody("Rotterdam Polymer Warehouse B.V.")
		eu := body["end_user"].(map[string]any)
		eu["name"], eu["address"] = "Ivanov Trading GmbH", map[string]any{"line1": "Hafenstrasse 1", "city": "Hamburg", "country": "DE"}
		r := h.do("POST", "/api/v1/organizations/"+orgOf(t, h, buyer)+"/consignees", buyer, body)
		if r.Status != 201 {
			t.Fatalf("consignee: %d %s", r.Status, r.Body)
		}
		consigneeURL := "/api/v1/consignees/" + r.JSON(t)["id"].(string)
		waitScreened(t, h)
		if c := h.do("GET", consigneeURL, buyer, nil).JSON(t); c["screening_status"] != "clear" || c["end_user"].(map[string]any)["screening_status"] != "clear" {
			t.Fatalf("consignee before the list change: %v", c)
		}
		versions := h.App.DB.Client.SanctionsListVersion.Query().CountX(sys(t))

		// A truncated file is rejected whole, naming the line; nothing changes.
		_, err := h.App.Lists.Load(t.Context(), compliance.LoadInput{Format: "dpl",
			Files: []compliance.LoadFile{{Name: "dpl.txt", Data: listV2[:len(listV2)-20]}}})
		var pe *lists.ParseError
		if !errors.As(err, &pe) || pe.File != "dpl.txt" || pe.Line != 4 {
			t.Fatalf("truncated file: %v", err)
		}
		if n := h.App.DB.Client.SanctionsListVersion.Query().CountX(sys(t)); n != versions {
			t.Fatalf("%d versions after a rejected load, %d before", n, versions)
		}
		if n := h.App.DB.Client.RescreenRun.Query().CountX(sys(t)); n != 0 {
			t.Fatalf("%d rescreen runs after a rejected load", n)
		}

		res := load(t, h, listV2)
		if !res.Current || res.Existing || res.Previous == nil || res.Run == nil {
			t.Fatalf("load: %+v", res)
		}
		v2 := label(res.Version)
		var run map[string]any
		root := h.login("platform", "platform_admin")
		eventually(t, "the rescreen run", func() (bool, string) {
			r := h.do("GET", "/api/v1/platform/rescreens/"+res.Run.ID.String(), root, nil)
			run = r.JSON(t)
			return r.Status == 200 && run["status"] == "done", string(r.Body)
		})
		total := int(run["total"].(float64))
		if run["tenants_total"] != float64(3) || run["tenants_done"] != float64(3) || len(run["tenants"].([]any)) != 3 ||
			run["matches"] != float64(2) || run["failed"] != float64(0) || total == 0 ||
			int(run["done"].(float64)+run["skipped"].(float64)) != total || run["list_versions"].(map[string]any)["us_bis_dpl"] != v2 {
			t.Fatalf("run: %v", run)
		}
		// Every rescreened subject has exactly one check against the new version.
		got := checksOn(t, h, v2)
		for s, n := range got {
			if n != 1 {
				t.Errorf("%s screened %d times against %s", s, n, v2)
			}
		}
		if len(got) != int(run["done"].(float64)) {
			t.Errorf("%d subjects with a check against %s, the run says %v done", len(got), v2, run["done"])
		}
		// The newly listed company: an open check, and a potential match on its approved
		// organization.
		o := h.org(officer, ivanov)
		if o["onboarding_status"] != "approved" || o["screening_status"] != "potential_match" {
			t.Fatalf("listed company after the rescreen: %v / %v", o["onboarding_status"], o["screening_status"])
		}
		open := h.do("GET", "/api/v1/compliance/checks?status=open&subject_id="+ivanov, officer, nil).JSON(t)["items"].([]any)
		if len(open) != 1 || open[0].(map[string]any)["list_versions"].(map[string]any)["us_bis_dpl"] != v2 {
			t.Fatalf("open checks: %v", open)
		}
		// The consignee stays clear; its end user is a potential match.
		if c := h.do("GET", consigneeURL, buyer, nil).JSON(t); c["screening_status"] != "clear" || c["end_user"].(map[string]any)["screening_status"] != "potential_match" {
			t.Fatalf("consignee after the list change: %v", c)
		}

		// Officers see their marketplace's rescreen; others neither see nor read it.
		page := h.do("GET", "/api/v1/compliance/rescreens", officer, nil).JSON(t)["items"].([]any)
		if len(page) != 1 {
			t.Fatalf("rescreens: %v", page)
		}
		mine := page[0].(map[string]any)
		if mine["status"] != "done" || mine["matches"] != float64(1) || mine["run_id"] != res.Run.ID.String() ||
			mine["total"] != mine["done"].(float64)+mine["skipped"].(float64)+mine["failed"].(float64) {
			t.Fatalf("rescreen: %v", mine)
		}
		if r := h.do("GET", "/api/v1/compliance/rescreens/"+mine["id"].(string), officer, nil); r.Status != 200 || r.JSON(t)["phase"] != "done" {
			t.Fatalf("get rescreen: %d %s", r.Status, r.Body)
		}
		if r := h.do("GET", "/api/v1/compliance/rescreens/"+mine["id"].(string), h.login("demo-portal", "compliance_officer"), nil); r.Status != 404 {
			t.Fatalf("another marketplace reads the rescreen: %d", r.Status)
		}
		if r := h.do("GET", "/api/v1/compliance/rescreens", h.login("demo-curated", "buyer_purchaser"), nil); r.Status != 403 {
			t.Fatalf("a buyer lists rescreens: %d", r.Status)
		}
		if r := h.do("GET", "/api/v1/platform/rescreens", officer, nil); r.Status != 403 {
			t.Fatalf("an officer lists platform runs: %d", r.Status)
		}
		if r := h.do("GET", "/api/v1/platform/rescreens?limit=1", root, nil); r.Status != 200 || len(r.JSON(t)["items"].([]any)) != 1 {
			t.Fatalf("platform runs: %d %s", r.Status, r.Body)
		}

		// A false positive clears the approved organization again and is suppressed.
		cid := open[0].(map[string]any)["id"].(string)
		if r := h.do("POST", "/api/v1/compliance/checks/"+cid+"/review", officer, map[string]any{
			"decision": "false_positive", "reason": "different company: Hamburg register HRB 1"}); r.Status != 200 {
			t.Fatalf("review: %d %s", r.Status, r.Body)
		}
		if o := h.org(officer, ivanov); o["onboarding_status"] != "approved" || o["screening_status"] != "clear" {
			t.Fatalf("after the false positive: %v / %v", o["onboarding_status"], o["screening_status"])
		}
		if acts := actions(h.auditOf(ivanov)); !containsAll(acts, "organization.rescreen_potential_match", "organization.rescreen_cleared") {
			t.Fatalf("audit: %v", acts)
		}

		// An older version is kept for diffs but neither becomes current nor rescreens.
		old := load(t, h, dplFile("2021-12-01", "PETROV METALS LLC"))
		if old.Current || old.Run != nil {
			t.Fatalf("older version: current %v, run %v", old.Current, old.Run)
		}
		if d, err := h.App.Lists.Diff(t.Context(), "us_bis_dpl", "", ""); err != nil || len(d.Added) != 1 || d.Added[0].Name != "IVANOV TRADING GMBH" {
			t.Fatalf("diff current vs previous: %+v %v", d, err)
		}
	})
}

// crashingNames screens through the real screener until after calls screenings, then
// hangs like a stuck or dying worker until its job is cancelled.
type crashingNames struct {
	compliance.NameScreener
	after   int64
	calls   atomic.Int64
	blocked chan struct{}
	once    sync.Once
}

func (c *crashingNames) ScreenName(ctx context.Context, q compliance.NameQuery) (compliance.NameResult, error) {
	if c.calls.Add(1) > c.after {
		c.once.Do(func() { close(c.blocked) })
		<-ctx.Done()
		return compliance.NameResult{}, ctx.Err()
	}
	return c.NameScreener.ScreenName(ctx, q)
}

// A worker dies in the middle of a rescreen batch: the batch's checks roll back with it,
// the committed batches stay, and another worker resumes after the last committed batch
// and finishes, each subject screened exactly once against the new version.
func TestRescreen_ResumesAfterAWorkerCrash(t *testing.T) {
	for _, pg := range []bool{true, false} {
		name := map[bool]string{true: "postgres", false: "sqlite"}[pg]
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			crashTweak := func(c *config.Config) { listsConfig(c); c.JobConcurrency = 1 }
			a := newHarness(t, options{postgres: pg, tweak: crashTweak})
			useTestLists(t, a)
			stopA := startWorker(t, a)
			waitScreened(t, a)
			crash := &crashingNames{NameScreener: a.App.Lists.Screener(), after: 3, blocked: make(chan struct{})}
			a.App.Checks.SetNames(crash)

			res := load(t, a, listV2)
			v2 := label(res.Version)
			select {
			case <-crash.blocked:
			case <-time.After(30 * time.Second):
				t.Fatal("the rescreen never reached the crash")
			}
			stopA() // the worker goes away mid-batch; asynq puts its task back on the queue
			parts := a.App.DB.Client.Rescreen.Query().AllX(sys(t))
			committed := 0
			for _, rs := range parts {
				if rs.Status == rescreen.StatusDone {
					t.Fatalf("a rescreen finished before the crash: %+v", rs)
				}
				committed += rs.Done
			}
			if committed != 2 || len(checksOn(t, a, v2)) != 2 {
				t.Fatalf("before the crash: %d subjects done, %d checks against %s (want the first batch of 2)", committed, len(checksOn(t, a, v2)), v2)
			}

			// Another worker on the same database and Redis picks the work up.
			b := newHarness(t, options{databaseURL: a.App.Cfg.DatabaseURL, redisURL: a.App.Cfg.RedisURL, skipSeed: true, tweak: listsConfig})
			useTestLists(t, b)
			startWorker(t, b)
			eventually(t, "the run to finish", func() (bool, string) {
				p, err := b.App.Rescreens.Run(t.Context(), res.Run.ID)
				return err == nil && p.Run.Status == "done", fmt.Sprintf("%v %+v", err, p.Run)
			})
			p, err := b.App.Rescreens.Run(t.Context(), res.Run.ID)
			if err != nil {
				t.Fatal(err)
			}
			got := checksOn(t, b, v2)
			for s, n := range got {
				if n != 1 {
					t.Errorf("%s screened %d times against %s", s, n, v2)
				}
			}
			if len(got) != p.Done || p.Done != p.Total || p.Skipped != 0 || p.Failed != 0 || p.Matches != 0 {
				t.Fatalf("after the resume: %d subjects checked; run %+v", len(got), p)
			}
			// Everything the rescreen covers got its check: every organization in screening
			// or approved (but the operator) and every screened consignee.
			want := b.App.DB.Client.Organization.Query().Where(organization.KindNEQ(organization.KindOperator),
				organization.OnboardingStatusIn(organization.OnboardingStatusScreening, organization.OnboardingStatusApproved)).CountX(sys(t)) +
				b.App.DB.Client.Consignee.Query().CountX(sys(t)) +
				b.App.DB.Client.Consignee.Query().Where(consignee.EndUserIsConsignee(false)).CountX(sys(t))
			if p.Done != want {
				t.Fatalf("%d subjects rescreened, %d in scope", p.Done, want)
			}
		})
	}
}

// A version loaded through one process is picked up by another running one, which
// swaps its index without a restart; until it has, it refuses to record checks against
// the superseded version.
func TestLists_AnotherProcessPicksUpTheNewVersion(t *testing.T) {
	a := newHarness(t, options{postgres: true, tweak: listsConfig})
	useTestLists(t, a)
	b := newHarness(t, options{databaseURL: a.App.Cfg.DatabaseURL, redisURL: a.App.Cfg.RedisURL, skipSeed: true, tweak: listsConfig})
	useTestLists(t, b)
	q := compliance.NameQuery{Name: "Ivanov Trading GmbH", Kind: "entity", Country: "DE"}
	if r, err := b.App.Names.ScreenName(t.Context(), q); err != nil || len(r.Matches) != 0 {
		t.Fatalf("before the load: %+v %v", r, err)
	}
	res := load(t, a, listV2)
	v2 := label(res.Version)

	// Process b has not synced yet: a check it would record against the old version is
	// refused (the job is retried once it has caught up).
	r, err := b.App.Names.ScreenName(t.Context(), q)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := b.App.DB.Client.Tx(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	err = b.App.Lists.Fresh(t.Context(), tx, r.ListVersions)
	_ = tx.Rollback()
	if !errors.Is(err, compliance.ErrStaleLists) {
		t.Fatalf("fresh check against the old version: %v", err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { _ = b.App.Lists.Run(ctx, 100*time.Millisecond) }()
	eventually(t, "process b to load the new version", func() (bool, string) {
		r, err := b.App.Names.ScreenName(t.Context(), q)
		return err == nil && len(r.Matches) == 1 && r.ListVersions["us_bis_dpl"] == v2, fmt.Sprintf("%+v %v", r, err)
	})
}

// The periodic rescreen screens again every subject whose last check is older than the
// period, even against the same list versions; a younger check is skipped, and a run
// waiting or running keeps a second one from starting.
func TestRescreen_Periodic(t *testing.T) {
	h := newHarness(t, options{postgres: true, tweak: listsConfig})
	useTestLists(t, h)
	startWorker(t, h)
	waitScreened(t, h)

	// A run waiting or running keeps a periodic one from starting.
	waiting := h.App.DB.Client.RescreenRun.Create().SetReason("a list change").SetListVersions(map[string]string{}).SaveX(sys(t))
	if again, err := h.App.Rescreens.StartPeriodic(t.Context(), time.Hour); err != nil || again != nil {
		t.Fatalf("periodic run while another waits: %v %+v", err, again)
	}
	h.App.DB.Client.RescreenRun.UpdateOne(waiting).SetStatus("done").ExecX(sys(t))

	waitRun := func(id uuid.UUID) compliance.RunProgress {
		var p compliance.RunProgress
		var err error
		eventually(t, "periodic run done", func() (bool, string) {
			p, err = h.App.Rescreens.Run(sys(t), id)
			return err == nil && p.Run.Status == "done", fmt.Sprintf("%+v %v", p, err)
		})
		return p
	}
	start := func(period time.Duration) compliance.RunProgress {
		run, err := h.App.Rescreens.StartPeriodic(t.Context(), period)
		if err != nil || run == nil || run.RefreshBefore == nil {
			t.Fatalf("periodic run: %v %+v", err, run)
		}
		return waitRun(run.ID)
	}
	// The first run screens the subjects without a check against the current versions
	// (the seeded demo organizations); a second one within the period screens nothing
	// again.
	start(time.Hour)
	if p := start(time.Hour); p.Done != 0 || p.Skipped == 0 {
		t.Fatalf("young checks screened again: done %d, skipped %d", p.Done, p.Skipped)
	}
	v1 := checksOn(t, h, label(h.App.DB.Client.SanctionsListVersion.Query().OnlyX(sys(t))))
	if len(v1) == 0 {
		t.Fatal("nothing screened against the test list")
	}

	// Every check is older than a period that ends now: each subject once more.
	p := start(time.Nanosecond)
	after := checksOn(t, h, label(h.App.DB.Client.SanctionsListVersion.Query().OnlyX(sys(t))))
	for subject, n := range v1 {
		if after[subject] != n+1 {
			t.Fatalf("%s: %d checks, want %d (run %+v)", subject, after[subject], n+1, p)
		}
	}
	if p.Done < len(v1) {
		t.Fatalf("progress: %+v, %d subjects", p, len(v1))
	}
}
