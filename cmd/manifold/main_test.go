package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/manifoldhq/manifold/internal/compliance/lists"
	"github.com/manifoldhq/manifold/internal/platform/config"
	_ "github.com/manifoldhq/manifold/internal/platform/db" // registers "sqlite3"
)

// cleanEnv unsets every MANIFOLD_* variable for the test (run reads the process
// environment), so the developer's shell cannot change the outcome.
func cleanEnv(t *testing.T) {
	t.Helper()
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, config.Prefix) {
			t.Setenv(k, "")
		}
	}
	t.Setenv("MANIFOLD_LOG_LEVEL", "error")
}

func runCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return runCmdIn(t, "", args...)
}

func runCmdIn(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errw bytes.Buffer
	code = run(args, strings.NewReader(stdin), &out, &errw)
	return code, out.String(), errw.String()
}

func TestRun_HelpPrintsUsage(t *testing.T) {
	cleanEnv(t)
	for _, args := range [][]string{nil, {"help"}, {"-h"}, {"--help"}} {
		code, out, errOut := runCmd(t, args...)
		if code != 0 || errOut != "" {
			t.Errorf("run(%q) = %d, stderr %q; want 0 and nothing on stderr", args, code, errOut)
		}
		for _, want := range []string{"Usage:", "manifold dev", "manifold serve", "manifold worker", "manifold migrate",
			"manifold seed", "manifold audit verify --tenant SLUG", "manifold config", "--check-config"} {
			if !strings.Contains(out, want) {
				t.Errorf("run(%q): usage lacks %q", args, want)
			}
		}
	}
}

func TestRun_Errors(t *testing.T) {
	tests := []struct {
		name     string
		env      []string
		args     []string
		code     int
		inStderr []string
	}{
		{"unknown command", nil, []string{"frobnicate"}, 2, []string{`unknown command "frobnicate"`, "Usage:"}},
		{"unknown flag", nil, []string{"serve", "--frobnicate"}, 2, []string{"frobnicate"}},
		{"bad log level", []string{"MANIFOLD_LOG_LEVEL", "loud"}, []string{"serve", "--check-config"}, 2,
			[]string{"configuration is invalid", "MANIFOLD_LOG_LEVEL", `"loud"`}},
		{"bad int", []string{"MANIFOLD_JOB_CONCURRENCY", "many"}, []string{"worker", "--check-config"}, 2,
			[]string{"MANIFOLD_JOB_CONCURRENCY"}},
		{"several bad settings at once", []string{"MANIFOLD_ADDR", "nowhere", "MANIFOLD_LOG_FORMAT", "xml"}, []string{"config"}, 2,
			[]string{"MANIFOLD_ADDR", "MANIFOLD_LOG_FORMAT"}},
		{"database password not echoed", []string{"MANIFOLD_DATABASE_URL", "mysql://app:s3cr3t@db/m"}, []string{"serve", "--check-config"}, 2,
			[]string{"MANIFOLD_DATABASE_URL"}},
		{"migrate on sqlite", []string{"MANIFOLD_DATABASE_URL", "sqlite:" + filepath.Join(t.TempDir(), "m.db")}, []string{"migrate"}, 1,
			[]string{"PostgreSQL", "MANIFOLD_DATABASE_URL=postgres://"}},
		{"audit without verify", nil, []string{"audit"}, 1, []string{"usage: manifold audit verify --tenant SLUG"}},
		{"audit other subcommand", nil, []string{"audit", "list"}, 1, []string{"usage: manifold audit verify --tenant SLUG"}},
		{"audit verify without tenant", nil, []string{"audit", "verify"}, 1, []string{"usage: manifold audit verify --tenant SLUG"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cleanEnv(t)
			for i := 0; i+1 < len(tt.env); i += 2 {
				t.Setenv(tt.env[i], tt.env[i+1])
			}
			code, out, errOut := runCmd(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, out, errOut)
			}
			for _, want := range tt.inStderr {
				if !strings.Contains(errOut, want) {
					t.Errorf("stderr lacks %q:\n%s", want, errOut)
				}
			}
			if strings.Contains(out+errOut, "s3cr3t") {
				t.Errorf("output echoes a password:\n%s%s", out, errOut)
			}
		})
	}
}

func TestRun_CheckConfigOK(t *testing.T) {
	cleanEnv(t)
	t.Setenv("MANIFOLD_DATABASE_URL", "postgres://app:s3cr3t@db.invalid/manifold")
	t.Setenv("MANIFOLD_REDIS_URL", "redis://cache.invalid:6379/0")
	for _, cmd := range []string{"serve", "worker", "dev", "seed"} {
		// Nothing is connected to: the check exits before.
		code, out, errOut := runCmd(t, cmd, "--check-config")
		if code != 0 || strings.TrimSpace(out) != "configuration ok" {
			t.Errorf("%s --check-config = %d, %q, stderr %q; want 0 and \"configuration ok\"", cmd, code, out, errOut)
		}
	}
}

func TestRun_ConfigPrintsEveryVariable(t *testing.T) {
	cleanEnv(t)
	code, out, errOut := runCmd(t, "config")
	if code != 0 {
		t.Fatalf("config = %d, stderr %s", code, errOut)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	rows := config.Describe()
	if len(lines) != len(rows) {
		t.Errorf("%d lines for %d settings:\n%s", len(lines), len(rows), out)
	}
	for i, row := range rows {
		if i < len(lines) && (!strings.HasPrefix(lines[i], row[0]+" ") || !strings.Contains(lines[i], row[2])) {
			t.Errorf("line %d %q, want %s and its description", i, lines[i], row[0])
		}
	}
}

type report struct {
	OK            bool  `json:"ok"`
	EventsChecked int64 `json:"events_checked"`
	Problem       *struct {
		Seq  int64  `json:"seq"`
		Kind string `json:"kind"`
	} `json:"problem"`
}

func TestRun_SeedThenAuditVerify(t *testing.T) {
	cleanEnv(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "manifold.db")
	t.Setenv("MANIFOLD_DATABASE_URL", "sqlite:"+path)
	t.Setenv("MANIFOLD_DATA_DIR", dir)
	t.Setenv("MANIFOLD_REDIS_URL", "") // embedded Redis

	verify := func(t *testing.T, slug string) (int, report, string) {
		t.Helper()
		code, out, errOut := runCmd(t, "audit", "verify", "--tenant", slug)
		var rep report
		if code == 0 || code == 3 {
			if err := json.Unmarshal([]byte(out), &rep); err != nil {
				t.Fatalf("audit verify output is not a JSON report: %v\n%s", err, out)
			}
		}
		return code, rep, errOut
	}

	code, out, errOut := runCmd(t, "seed")
	if code != 0 || !strings.Contains(out, "demo marketplaces seeded") || !strings.Contains(out, "buyer_admin@demo-curated.example") {
		t.Fatalf("seed = %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	if code, out, _ := runCmd(t, "seed"); code != 0 || !strings.Contains(out, "already present") {
		t.Errorf("second seed = %d, %q", code, out)
	}
	for _, slug := range []string{"demo-curated", "demo-portal", "demo-distributor"} {
		code, rep, errOut := verify(t, slug)
		if code != 0 || !rep.OK || rep.EventsChecked == 0 || rep.Problem != nil {
			t.Errorf("audit verify %s = %d, %+v; want 0 and ok\nstderr: %s", slug, code, rep, errOut)
		}
	}
	if code, _, errOut := verify(t, "no-such-market"); code != 1 || !strings.Contains(errOut, "no-such-market") {
		t.Errorf("audit verify of an unknown tenant = %d, %q", code, errOut)
	}

	// Tamper with one event of demo-curated behind the application's back.
	raw, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	res, err := raw.ExecContext(t.Context(), `UPDATE audit_events SET action = 'tenant.nothing_to_see'
		WHERE seq = 1 AND tenant_id = (SELECT id FROM tenants WHERE slug = 'demo-curated')`)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		t.Fatalf("tampered with %d rows, want 1", n)
	}
	if err := raw.Close(); err != nil {
		t.Fatal(err)
	}

	code, rep, errOut := verify(t, "demo-curated")
	if code != 3 || rep.OK || rep.Problem == nil || rep.Problem.Kind != "edited" || rep.Problem.Seq != 1 {
		t.Errorf("audit verify after tampering = %d, %+v (problem %+v); want 3 and an edited event 1\nstderr: %s", code, rep, rep.Problem, errOut)
	}
	if code, rep, _ := verify(t, "demo-portal"); code != 0 || !rep.OK {
		t.Errorf("another tenant's chain = %d, %+v; want intact", code, rep)
	}
}

func TestAdminCreate_AddsAPlatformAdminWhoCanLogIn(t *testing.T) {
	cleanEnv(t)
	t.Setenv("MANIFOLD_DATABASE_URL", "sqlite:"+filepath.Join(t.TempDir(), "admin.db"))
	code, out, errOut := runCmdIn(t, "a-long-operator-password\n", "admin", "create", "--email", "Ops@Example.com")
	if code != 0 || !strings.Contains(out, "ops@example.com") {
		t.Fatalf("admin create = %d, %q, %q", code, out, errOut)
	}
	code, _, errOut = runCmdIn(t, "a-long-operator-password\n", "admin", "create", "--email", "ops@example.com")
	if code == 0 || !strings.Contains(errOut, "already exists") {
		t.Fatalf("duplicate admin = %d, %q", code, errOut)
	}
	code, _, errOut = runCmdIn(t, "short\n", "admin", "create", "--email", "x@example.com")
	if code == 0 || !strings.Contains(errOut, "12 characters") {
		t.Fatalf("short password = %d, %q", code, errOut)
	}
}

func TestRun_ExportCheckIsOffline(t *testing.T) {
	cleanEnv(t)
	code, out, errOut := runCmd(t, "export-check", "--regime", "us_ear", "--classification", "EAR99", "--destination", "cu")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var d struct {
		LicenceRequired bool   `json:"licence_required"`
		Destination     string `json:"destination"`
		Reasons         []struct {
			Code, Citation string
		} `json:"reasons"`
	}
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if !d.LicenceRequired || d.Destination != "CU" || len(d.Reasons) == 0 || d.Reasons[0].Citation == "" {
		t.Fatalf("EAR99 to Cuba: %+v", d)
	}
	code, _, errOut = runCmd(t, "export-check", "--regime", "us_ear", "--classification", "3Z", "--destination", "XX",
		"--value", "100", "--currency", "EURO")
	if code != 2 {
		t.Fatalf("bad input exit %d", code)
	}
	for _, f := range []string{"--classification:", "--destination:", "--currency:"} {
		if !strings.Contains(errOut, f) {
			t.Errorf("stderr does not name %s:\n%s", f, errOut)
		}
	}
}

// listsEnv points the lists commands at a fresh SQLite database.
func listsEnv(t *testing.T) {
	cleanEnv(t)
	dir := t.TempDir()
	t.Setenv("MANIFOLD_DATA_DIR", dir)
	t.Setenv("MANIFOLD_DATABASE_URL", "sqlite:"+filepath.Join(dir, "m.db"))
}

type listsStatusJSON struct {
	Lists []struct {
		List    string
		Current struct {
			Version, Status, Origin string
			Entries                 int
		}
		Versions []struct{ Version, Status string }
	}
	Rescreens []struct {
		ID, Status string
	}
}

func statusOf(t *testing.T) listsStatusJSON {
	t.Helper()
	code, out, errOut := runCmd(t, "lists", "status")
	if code != 0 {
		t.Fatalf("status: %d %s", code, errOut)
	}
	var st listsStatusJSON
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatalf("status: %v\n%s", err, out)
	}
	return st
}

func TestRun_ListsStatusDiffLoad(t *testing.T) {
	listsEnv(t)
	// A fresh database: the shipped data is recorded as versions.
	st := statusOf(t)
	if len(st.Lists) != 4 || len(st.Rescreens) != 0 {
		t.Fatalf("status: %+v", st)
	}
	current := map[string]string{}
	for _, l := range st.Lists {
		current[l.List] = l.Current.Version
		if l.Current.Origin != "shipped" || l.Current.Entries == 0 {
			t.Errorf("%s: %+v", l.List, l.Current)
		}
		if l.List == "us_ofac_sdn" && (len(l.Versions) != 2 || l.Versions[0].Status != "superseded") {
			t.Errorf("SDN versions: %+v", l.Versions)
		}
	}
	code, out, errOut := runCmd(t, "lists", "diff", "--list", "us_ofac_sdn")
	if code != 0 {
		t.Fatalf("diff: %d %s", code, errOut)
	}
	var d struct {
		From, To string
		Counts   map[string]int
	}
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(d.From, "us_ofac_sdn@2021-07-07") || !strings.HasPrefix(d.To, "us_ofac_sdn@2024-05-03") ||
		d.Counts["added"] != 6870 || d.Counts["removed"] != 881 || d.Counts["changed"] != 188 {
		t.Fatalf("diff 2021-07 → 2024-05: %+v", d)
	}

	// A malformed file is rejected whole, naming the line, and changes nothing.
	bad := filepath.Join(t.TempDir(), "dpl.txt")
	if err := os.WriteFile(bad, []byte("x\ty\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = runCmd(t, "lists", "load", "--format", "dpl", "--file", bad)
	if code == 0 || !strings.Contains(errOut, "dpl.txt:1") {
		t.Fatalf("a malformed file: exit %d, %s", code, errOut)
	}
	if after := statusOf(t); !reflect.DeepEqual(after, st) {
		t.Fatalf("the malformed load changed the status:\n%+v\n%+v", st, after)
	}

	// A new DPL version (one more listing, a later update) becomes current and queues a
	// rescreen; loading it again changes nothing.
	shipped, err := fs.ReadFile(lists.ShippedFS(), "us_bis_dpl_2022-09/dpl.txt")
	if err != nil {
		t.Fatal(err)
	}
	row := "\"IVANOV TRADING GMBH\"\t\"1 MAIN STREET\"\t\"HAMBURG\"\t\"\"\t\"DE\"\t\"20095\"\t\"09/09/2022\"\t\"09/09/2032\"\t\"Y\"\t\"2022-09-09\"\t\"F.R. NOTICE ADDED\"\t\"87 F.R. 1 9/9/2022\"\n"
	good := filepath.Join(t.TempDir(), "dpl.txt")
	if err := os.WriteFile(good, append(shipped, row...), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = runCmd(t, "lists", "load", "--format", "dpl", "--file", good)
	if code != 0 {
		t.Fatalf("load: %d %s", code, errOut)
	}
	var ld struct {
		Current  bool
		Version  struct{ Version string }
		Previous struct{ Version string }
		Changes  struct{ Counts map[string]int }
		Rescreen string
	}
	if err := json.Unmarshal([]byte(out), &ld); err != nil {
		t.Fatal(err)
	}
	if !ld.Current || !strings.HasPrefix(ld.Version.Version, "us_bis_dpl@2022-09-09#") || ld.Previous.Version != current["us_bis_dpl"] ||
		ld.Changes.Counts["added"] != 1 || ld.Rescreen == "" {
		t.Fatalf("load: %s", out)
	}
	st = statusOf(t)
	if len(st.Rescreens) != 1 || st.Rescreens[0].ID != ld.Rescreen || st.Rescreens[0].Status != "pending" {
		t.Fatalf("rescreens after the load: %+v", st.Rescreens)
	}
	for _, l := range st.Lists {
		if l.List == "us_bis_dpl" && (l.Current.Version != ld.Version.Version || len(l.Versions) != 2) {
			t.Fatalf("DPL after the load: %+v", l)
		}
	}
	if code, out, _ := runCmd(t, "lists", "load", "--format", "dpl", "--file", good); code != 0 || !strings.Contains(out, `"already_stored": true`) {
		t.Fatalf("loading the same file again: %d %s", code, out)
	}
	code, out, errOut = runCmd(t, "lists", "diff", "--list", "us_bis_dpl", "--from", "2022-09-02")
	if code != 0 || !strings.Contains(out, "IVANOV TRADING GMBH") {
		t.Fatalf("diff of the stored versions: %d %s %s", code, out, errOut)
	}
	if code, out, _ := runCmd(t, "lists", "rescreens", "--id", ld.Rescreen); code != 0 || !strings.Contains(out, `"status": "pending"`) {
		t.Fatalf("rescreens --id: %d %s", code, out)
	}
	if code, _, _ := runCmd(t, "lists", "diff"); code == 0 {
		t.Fatal("diff without --list succeeded")
	}
}

func TestRun_ScreenIsOfflineAndKeepsInputOrder(t *testing.T) {
	cleanEnv(t)
	f := filepath.Join(t.TempDir(), "names.csv")
	if err := os.WriteFile(f, []byte("name,country,kind\nAEROCARIBBEAN AIRLINES,,entity\nRhein Spezialchemie GmbH,DE,entity\n,,\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCmd(t, "screen", "--file", f)
	if code != 1 || !strings.Contains(errOut, "1 of 3 inputs were invalid") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines:\n%s", len(lines), out)
	}
	var got []struct {
		Input    struct{ Name string }
		Decision string
		Matches  []struct {
			List     string `json:"list"`
			EntityID string `json:"entity_id"`
		}
		Error string
	}
	for _, l := range lines {
		var x = struct {
			Input    struct{ Name string }
			Decision string
			Matches  []struct {
				List     string `json:"list"`
				EntityID string `json:"entity_id"`
			}
			Error string
		}{}
		if err := json.Unmarshal([]byte(l), &x); err != nil {
			t.Fatal(err)
		}
		got = append(got, x)
	}
	if got[0].Input.Name != "AEROCARIBBEAN AIRLINES" || got[0].Decision != "potential_match" || got[0].Matches[0].EntityID != "36" {
		t.Fatalf("listed name: %+v", got[0])
	}
	if got[1].Decision != "clear" || got[2].Error == "" {
		t.Fatalf("clean and invalid lines: %+v %+v", got[1], got[2])
	}
	if code, out, _ := runCmd(t, "screen", "Ayman al Zawahiri"); code != 0 || !strings.Contains(out, `"potential_match"`) {
		t.Fatalf("a name argument: %d %s", code, out)
	}
}
