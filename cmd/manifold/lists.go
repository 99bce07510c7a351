package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/manifoldhq/manifold/internal/compliance/lists"
)

// stringsFlag collects repeated flags.
type stringsFlag []string

func (s *stringsFlag) String() string     { return strings.Join(*s, ",") }
func (s *stringsFlag) Set(v string) error { *s = append(*s, v); return nil }

// runLists serves `manifold lists status|diff|load` on the lists shipped in the binary
// (offline, no configuration needed).
func runLists(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New("usage: manifold lists status | diff --list L [--from REF] [--to REF] | load --format F --file PATH... [--version YYYY-MM-DD]")
	}
	sub, rest := args[0], args[1:]
	fs := flag.NewFlagSet("lists "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	list := fs.String("list", "", "list id, e.g. us_ofac_sdn (diff)")
	from := fs.String("from", "", "version: date, hash prefix or full version (diff; default: the one before --to)")
	to := fs.String("to", "", "version (diff; default: the current one)")
	format := fs.String("format", "", "ofac, ofac_cons, un, dpl, csl, eu or uk (load)")
	version := fs.String("version", "", "version date YYYY-MM-DD for formats without one (load)")
	var files stringsFlag
	fs.Var(&files, "file", "input file (load; OFAC: sdn/cons_prim first, then add, alt, comments files by name)")
	if err := fs.Parse(rest); err != nil {
		return exitCode(2)
	}
	start := time.Now()
	reg, err := lists.LoadShipped(ctx)
	if err != nil {
		return fmt.Errorf("load the shipped lists: %w", err)
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	switch sub {
	case "status":
		type row struct {
			List     string         `json:"list"`
			Version  string         `json:"version"`
			Date     string         `json:"date"`
			Hash     string         `json:"sha256"`
			Entries  int            `json:"entries"`
			Counts   map[string]int `json:"counts"`
			Source   string         `json:"source"`
			Versions []string       `json:"versions"`
		}
		var out struct {
			Lists    []row  `json:"lists"`
			LoadTime string `json:"load_time"`
		}
		for _, s := range reg.All() {
			r := row{List: string(s.List), Version: s.Version(), Date: s.VersionDate.Format(time.DateOnly), Hash: s.Hash,
				Entries: s.Len(), Counts: map[string]int{}, Source: s.Source}
			for k, n := range s.Counts {
				r.Counts[k.String()] = n
			}
			for _, h := range reg.History(s.List) {
				r.Versions = append(r.Versions, h.Version())
			}
			out.Lists = append(out.Lists, r)
		}
		out.LoadTime = time.Since(start).Round(time.Millisecond).String()
		return enc.Encode(out)
	case "diff":
		if *list == "" {
			return errors.New("lists diff: --list is required (see `manifold lists status`)")
		}
		id := lists.ListID(*list)
		hist := reg.History(id)
		if len(hist) == 0 {
			return fmt.Errorf("lists diff: no list %q", *list)
		}
		newer, ok := hist[len(hist)-1], true
		if *to != "" {
			if newer, ok = reg.Version(id, *to); !ok {
				return fmt.Errorf("lists diff: no version %q of %s", *to, *list)
			}
		}
		var older *lists.Snapshot
		if *from != "" {
			if older, ok = reg.Version(id, *from); !ok {
				return fmt.Errorf("lists diff: no version %q of %s", *from, *list)
			}
		} else {
			for _, h := range hist {
				if h.VersionDate.Before(newer.VersionDate) {
					older = h
				}
			}
			if older == nil {
				return fmt.Errorf("lists diff: %s has no version before %s", *list, newer.Version())
			}
		}
		d, err := lists.Diff(older, newer)
		if err != nil {
			return err
		}
		return enc.Encode(diffReport(d))
	case "load":
		snap, err := loadFiles(ctx, *format, files, *version)
		if err != nil {
			return err
		}
		out := map[string]any{"version": snap.Version(), "entries": snap.Len(), "sha256": snap.Hash,
			"note": "validated; the server screens against the lists shipped in the binary until list versions are stored"}
		if cur, ok := reg.Current(snap.List); ok {
			if d, err := lists.Diff(cur, snap); err == nil {
				out["against_shipped"] = diffReport(d)
			}
		}
		return enc.Encode(out)
	}
	return fmt.Errorf("lists: unknown subcommand %q (status, diff, load)", sub)
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

// loadFiles parses list files from disk with the loader of format; nothing is half
// loaded: a bad file fails the whole load with its line or element.
func loadFiles(ctx context.Context, format string, files []string, version string) (*lists.Snapshot, error) {
	if len(files) == 0 {
		return nil, errors.New("lists load: at least one --file is required")
	}
	opts := lists.LoadOptions{Source: "manifold lists load: " + strings.Join(files, ", ")}
	if version != "" {
		v, err := time.Parse(time.DateOnly, version)
		if err != nil {
			return nil, fmt.Errorf("lists load: --version %q: want YYYY-MM-DD", version)
		}
		opts.Version = v
	}
	in := func(path string) lists.Input {
		return lists.Input{Name: filepath.Base(path), Open: func() (io.ReadCloser, error) { return os.Open(path) }}
	}
	switch format {
	case "ofac", "ofac_cons":
		var f lists.OFACFiles
		for i, p := range files {
			base := strings.ToLower(filepath.Base(p))
			switch {
			case i == 0:
				f.Primary = in(p)
			case strings.Contains(base, "add"):
				f.Addresses = in(p)
			case strings.Contains(base, "alt"):
				f.Aliases = in(p)
			case strings.Contains(base, "comments"):
				f.Comments = in(p)
			default:
				return nil, fmt.Errorf("lists load: cannot tell what %s is (want add, alt or comments in the name)", p)
			}
		}
		id := lists.ListOFACSDN
		if format == "ofac_cons" {
			id = lists.ListOFACCons
		}
		return lists.LoadOFAC(ctx, id, f, opts)
	case "un":
		return lists.LoadUN(ctx, in(files[0]), opts)
	case "dpl":
		return lists.LoadDPL(ctx, in(files[0]), opts)
	case "csl":
		return lists.LoadCSL(ctx, in(files[0]), opts)
	case "eu":
		return lists.LoadEU(ctx, in(files[0]), opts)
	case "uk":
		return lists.LoadUK(ctx, in(files[0]), opts)
	}
	return nil, fmt.Errorf("lists load: --format %q: want ofac, ofac_cons, un, dpl, csl, eu or uk", format)
}
