package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/internal/app"
	"github.com/manifoldhq/manifold/internal/compliance"
	"github.com/manifoldhq/manifold/internal/compliance/lists"
	"github.com/manifoldhq/manifold/internal/platform/config"
)

// stringsFlag collects repeated flags.
type stringsFlag []string

func (s *stringsFlag) String() string     { return strings.Join(*s, ",") }
func (s *stringsFlag) Set(v string) error { *s = append(*s, v); return nil }

const listsUsage = "usage: manifold lists status | diff --list L [--from REF] [--to REF] | " +
	"load --format F --file PATH... [--version YYYY-MM-DD] [--source TEXT] [--wait] | rescreens [--id RUN] [--wait]"

// runLists serves `manifold lists status|diff|load|rescreens` on the stored list versions
// of the configured database (the shipped data is recorded first if it is not yet).
func runLists(ctx context.Context, cfg *config.Config, log *slog.Logger, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New(listsUsage)
	}
	sub, rest := args[0], args[1:]
	fs := flag.NewFlagSet("lists "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	list := fs.String("list", "", "list id, e.g. us_ofac_sdn (diff)")
	from := fs.String("from", "", "version: date, hash prefix or version (diff; default: the one before --to)")
	to := fs.String("to", "", "version (diff; default: the current one)")
	format := fs.String("format", "", "ofac, ofac_cons, un, dpl, csl, eu or uk (load)")
	version := fs.String("version", "", "version date YYYY-MM-DD for formats without one (load)")
	source := fs.String("source", "", "where the files come from, shown with the version (load)")
	wait := fs.Bool("wait", false, "print the rescreen's progress until it is done (load, rescreens)")
	runID := fs.String("id", "", "rescreen run id (rescreens; default: the latest runs)")
	var files stringsFlag
	fs.Var(&files, "file", "input file, repeated (load; OFAC: sdn/cons_prim first, then add, alt, comments files by name)")
	if err := fs.Parse(rest); err != nil {
		return exitCode(2)
	}
	switch sub {
	case "status", "diff", "load", "rescreens":
	default:
		return fmt.Errorf("lists: unknown subcommand %q (status, diff, load, rescreens)", sub)
	}
	if sub == "diff" && *list == "" {
		return errors.New("lists diff: --list is required (see `manifold lists status`)")
	}
	// Read the files before opening the database; Load parses them (a bad file fails
	// whole) before it writes anything.
	var in compliance.LoadInput
	if sub == "load" {
		var err error
		if in, err = loadInput(*format, files, *version, *source); err != nil {
			return err
		}
	}
	a, cleanup, err := build(ctx, cfg, log, !cfg.Postgres())
	if err != nil {
		return err
	}
	defer cleanup()
	if _, err := a.Lists.RecordShipped(ctx); err != nil {
		return err
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	switch sub {
	case "status":
		return listsStatus(ctx, a, enc)
	case "diff":
		d, err := a.Lists.Diff(ctx, *list, *from, *to)
		if err != nil {
			return err
		}
		return enc.Encode(diffReport(d))
	case "load":
		return listsLoad(ctx, a, in, *wait, enc, stderr)
	}
	return listsRescreens(ctx, a, *runID, *wait, enc, stderr)
}

// loadInput reads the files of a load.
func loadInput(format string, files []string, version, source string) (compliance.LoadInput, error) {
	if len(files) == 0 {
		return compliance.LoadInput{}, errors.New("lists load: at least one --file is required")
	}
	if _, err := lists.ParseFormat(format); err != nil {
		return compliance.LoadInput{}, fmt.Errorf("lists load: --format: %w", err)
	}
	if source == "" {
		source = "manifold lists load: " + strings.Join(files, ", ")
	}
	in := compliance.LoadInput{Format: format, Version: version, Source: source, LoadedBy: loadedBy()}
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			return compliance.LoadInput{}, fmt.Errorf("lists load: %w", err)
		}
		in.Files = append(in.Files, compliance.LoadFile{Name: filepath.Base(p), Data: b})
	}
	return in, nil
}

// loadedBy names the operator: the OS user and host running the command.
func loadedBy() string {
	user := os.Getenv("USER")
	if user == "" {
		user = "unknown"
	}
	host, _ := os.Hostname()
	return "manifold lists load (" + user + "@" + host + ")"
}

type versionJSON struct {
	Version  string         `json:"version"`
	Date     string         `json:"date"`
	Hash     string         `json:"sha256"`
	Status   string         `json:"status"`
	Origin   string         `json:"origin"`
	Format   string         `json:"format"`
	Entries  int            `json:"entries"`
	Counts   map[string]int `json:"counts"`
	Coverage any            `json:"coverage"`
	Files    []string       `json:"files"`
	Source   string         `json:"source"`
	LoadedAt time.Time      `json:"loaded_at"`
	LoadedBy string         `json:"loaded_by"`
}

func versionOf(v *ent.SanctionsListVersion) versionJSON {
	date := v.VersionDate.Format(time.DateOnly)
	return versionJSON{Version: v.List + "@" + date + "#" + v.ContentHash[:12], Date: date, Hash: v.ContentHash,
		Status: string(v.Status), Origin: string(v.Origin), Format: v.Format, Entries: v.Entries, Counts: v.Counts,
		Coverage: v.Coverage, Files: v.FileNames, Source: v.Source, LoadedAt: v.CreatedAt, LoadedBy: v.LoadedBy}
}

func listsStatus(ctx context.Context, a *app.App, enc *json.Encoder) error {
	vs, err := a.Lists.Versions(ctx, "")
	if err != nil {
		return err
	}
	type row struct {
		List     string        `json:"list"`
		Current  *versionJSON  `json:"current"`
		Versions []versionJSON `json:"versions"`
	}
	out := struct {
		Lists     []*row    `json:"lists"`
		Rescreens []runJSON `json:"rescreens"`
	}{Lists: []*row{}, Rescreens: []runJSON{}}
	byList := map[string]*row{}
	for _, v := range vs {
		r := byList[v.List]
		if r == nil {
			r = &row{List: v.List}
			byList[v.List] = r
			out.Lists = append(out.Lists, r)
		}
		j := versionOf(v)
		r.Versions = append(r.Versions, j)
		if j.Status == "current" {
			r.Current = &j
		}
	}
	runs, err := latestRuns(ctx, a, 5)
	if err != nil {
		return err
	}
	for _, r := range runs {
		out.Rescreens = append(out.Rescreens, runOf(r))
	}
	return enc.Encode(out)
}

// latestRuns returns the newest n rescreen runs, oldest first.
func latestRuns(ctx context.Context, a *app.App, n int) ([]compliance.RunProgress, error) {
	var all []compliance.RunProgress
	after := uuid.Nil
	for {
		page, err := a.Rescreens.Runs(ctx, after, 200)
		if err != nil {
			return nil, err
		}
		all = append(all, page...)
		if len(page) < 200 {
			break
		}
		after = page[len(page)-1].Run.ID
	}
	if len(all) > n {
		all = all[len(all)-n:]
	}
	return all, nil
}

type runJSON struct {
	ID           uuid.UUID         `json:"id"`
	Reason       string            `json:"reason"`
	ListVersions map[string]string `json:"list_versions"`
	Status       string            `json:"status"`
	Tenants      string            `json:"tenants"`
	Total        int               `json:"total"`
	Done         int               `json:"done"`
	Skipped      int               `json:"skipped"`
	Failed       int               `json:"failed"`
	Matches      int               `json:"matches"`
	CreatedAt    time.Time         `json:"created_at"`
	FinishedAt   *time.Time        `json:"finished_at,omitempty"`
}

func runOf(p compliance.RunProgress) runJSON {
	r := p.Run
	return runJSON{ID: r.ID, Reason: r.Reason, ListVersions: r.ListVersions, Status: string(r.Status),
		Tenants: fmt.Sprintf("%d/%d", r.TenantsDone, r.TenantsTotal), Total: p.Total, Done: p.Done, Skipped: p.Skipped,
		Failed: p.Failed, Matches: p.Matches, CreatedAt: r.CreatedAt, FinishedAt: r.FinishedAt}
}

func listsLoad(ctx context.Context, a *app.App, in compliance.LoadInput, wait bool, enc *json.Encoder, stderr io.Writer) error {
	res, err := a.Lists.Load(ctx, in)
	if err != nil {
		return err
	}
	out := map[string]any{"version": versionOf(res.Version), "current": res.Current, "already_stored": res.Existing}
	switch {
	case res.Existing:
		out["note"] = "this content is stored already: nothing changed"
	case !res.Current:
		out["note"] = "stored; an older version than the current one: it does not replace it (see `manifold lists diff`)"
	case res.Previous != nil:
		out["previous"] = versionOf(res.Previous)
		old, err := a.Lists.Snapshot(ctx, res.Previous)
		if err == nil {
			if d, err := lists.Diff(old, res.Snapshot); err == nil {
				rep := diffReport(d)
				out["changes"] = map[string]any{"counts": rep.Counts, "changed_fields": rep.Fields, "not_compared": rep.NotCompared,
					"details": "manifold lists diff --list " + string(d.List)}
			}
		}
	}
	if res.Run != nil {
		out["rescreen"] = res.Run.ID
	}
	if err := enc.Encode(out); err != nil {
		return err
	}
	if wait && res.Run != nil {
		return waitRun(ctx, a, res.Run.ID, stderr)
	}
	return nil
}

func listsRescreens(ctx context.Context, a *app.App, id string, wait bool, enc *json.Encoder, stderr io.Writer) error {
	if id == "" {
		runs, err := latestRuns(ctx, a, 20)
		if err != nil {
			return err
		}
		out := []runJSON{}
		for _, r := range runs {
			out = append(out, runOf(r))
		}
		if err := enc.Encode(out); err != nil || !wait || len(runs) == 0 {
			return err
		}
		return waitRun(ctx, a, runs[len(runs)-1].Run.ID, stderr)
	}
	rid, err := uuid.Parse(id)
	if err != nil {
		return fmt.Errorf("lists rescreens: --id %q is not a run id", id)
	}
	if wait {
		if err := waitRun(ctx, a, rid, stderr); err != nil {
			return err
		}
	}
	p, err := a.Rescreens.Run(ctx, rid)
	if err != nil {
		return err
	}
	return enc.Encode(runOf(p))
}

// waitRun prints a run's progress on stderr every second until it is done.
func waitRun(ctx context.Context, a *app.App, id uuid.UUID, stderr io.Writer) error {
	start := time.Now()
	hinted := false
	for {
		p, err := a.Rescreens.Run(ctx, id)
		if err != nil {
			return err
		}
		fmt.Fprintf(stderr, "\rrescreen %s: %s, marketplaces %d/%d, subjects %d/%d (screened %d, skipped %d, failed %d), new matches %d   ",
			id.String()[:8], p.Run.Status, p.Run.TenantsDone, p.Run.TenantsTotal, p.Done+p.Skipped+p.Failed, p.Total,
			p.Done, p.Skipped, p.Failed, p.Matches)
		if p.Run.Status == "done" {
			fmt.Fprintln(stderr)
			return nil
		}
		if !hinted && p.Run.Status == "pending" && time.Since(start) > 10*time.Second {
			fmt.Fprintln(stderr, "\nthe rescreen waits for a worker: `manifold worker` (or `manifold dev`) must be running on this database")
			hinted = true
		}
		select {
		case <-ctx.Done():
			fmt.Fprintln(stderr)
			return ctx.Err()
		case <-time.After(time.Second):
		}
	}
}

type diffJSON struct {
	List        string         `json:"list"`
	From        string         `json:"from"`
	To          string         `json:"to"`
	Counts      map[string]int `json:"counts"`
	Fields      map[string]int `json:"changed_fields"`
	Added       []string       `json:"added"`
	Removed     []string       `json:"removed"`
	Changed     []string       `json:"changed"`
	NotCompared []string       `json:"not_compared"`
}

// diffReport lists entries as "id name" (changes with their field summary).
func diffReport(d *lists.DiffResult) diffJSON {
	out := diffJSON{List: string(d.List), From: d.From, To: d.To, Fields: d.Summary(),
		Counts: map[string]int{"added": len(d.Added), "removed": len(d.Removed), "changed": len(d.Changed)},
		Added:  []string{}, Removed: []string{}, Changed: []string{}, NotCompared: d.NotCompared}
	for _, e := range d.Added {
		out.Added = append(out.Added, e.SourceID+" "+e.Name)
	}
	for _, e := range d.Removed {
		out.Removed = append(out.Removed, e.SourceID+" "+e.Name)
	}
	for _, c := range d.Changed {
		var fs []string
		for _, f := range c.Fields {
			fs = append(fs, f.String())
		}
		out.Changed = append(out.Changed, c.ID+" "+c.New.Name+": "+strings.Join(fs, "; "))
	}
	if out.NotCompared == nil {
		out.NotCompared = []string{}
	}
	return out
}
