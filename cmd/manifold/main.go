// Command manifold is the one binary of Manifold: API server, worker, migrations,
// demo seed and the all-in-one dev mode. See `manifold help`.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/manifoldhq/manifold/internal/platform/config"
	"github.com/manifoldhq/manifold/internal/platform/logx"
	"github.com/manifoldhq/manifold/internal/platform/problem"
)

const usage = `manifold: curated B2B export marketplaces.

Usage:
  manifold dev          everything in one process on embedded defaults (make run)
  manifold serve        HTTP API and frontend (PostgreSQL + Redis from config)
  manifold worker       background jobs, outbox relay, periodic scheduler
  manifold migrate      apply migrations/ to PostgreSQL
  manifold migrate-gen  generate the next migration from ent/schema (developers)
  manifold seed         load the demo marketplaces
  manifold audit verify --tenant SLUG   verify a tenant's audit hash chain
  manifold admin create --email EMAIL   add a platform admin (password from
                        MANIFOLD_ADMIN_PASSWORD or the first line of stdin)
  manifold import --tenant SLUG --seller-email EMAIL --file products.csv
                        [--dry-run] [--import-valid-rows] [--encoding E] [--delimiter D]
                        plan (and unless --dry-run apply) a product CSV as that seller
                        user, with a progress line on stderr and the report on stdout
  manifold export-check --regime us_ear|eu_dual_use --classification X --destination CC
                        [--value MINOR_UNITS --currency CUR] [--end-use U]...
                        print the export-control determination as JSON (offline)
  manifold reindex [--tenant SLUG]
                        rebuild the catalog search index of one marketplace or of all
  manifold screen "NAME"... | --file names.csv|names.jsonl [--model M]
                        screen names against the shipped sanctions lists (JSON lines, offline)
  manifold lists status print the stored sanctions list versions (current and past, with
                        hash, date, counts, source) and the latest rescreens
  manifold lists diff --list L [--from REF] [--to REF]
                        what changed between two stored versions of a list (JSON; REF is
                        a date, a hash prefix or a version)
  manifold lists load --format F --file PATH... [--version YYYY-MM-DD] [--wait]
                        store a new list version (a bad file is rejected whole), make it
                        current and rescreen every marketplace; --wait prints the progress
  manifold lists rescreens [--id RUN] [--wait]
                        rescreen runs and their progress
  manifold config       print the configuration table (env, default, meaning)

Flags for every command:
  --check-config        validate the configuration and exit

Configuration comes from MANIFOLD_* environment variables (see README.md).
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stdout, usage)
		return 0
	}
	cmd, rest := args[0], args[1:]
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	checkOnly := fs.Bool("check-config", false, "validate the configuration and exit")
	tenantSlug := fs.String("tenant", "", "tenant slug (audit verify, import, reindex)")
	email := fs.String("email", "", "email (admin create)")
	name := fs.String("name", "Platform admin", "display name (admin create)")
	sellerEmail := fs.String("seller-email", "", "the seller user the import acts as (import)")
	file := fs.String("file", "", "CSV file (import)")
	dryRun := fs.Bool("dry-run", false, "plan only, write nothing (import)")
	validRows := fs.Bool("import-valid-rows", false, "import the valid rows of a file with row errors (import)")
	encoding := fs.String("encoding", "auto", "auto, utf-8, windows-1252 or iso-8859-1 (import)")
	delimiter := fs.String("delimiter", "auto", "auto, comma, semicolon or tab (import)")
	var sub string
	if (cmd == "audit" || cmd == "admin") && len(rest) > 0 {
		sub, rest = rest[0], rest[1:]
	}
	if cmd == "migrate-gen" {
		// migrate-gen parses its own flags.
		return exit(stderr, migrateGen(rest, stdout))
	}
	if cmd == "screen" {
		// Offline: the lists shipped in the binary, no configuration needed.
		return exit(stderr, runScreen(context.Background(), rest, stdin, stdout, stderr))
	}
	var listArgs []string
	if cmd == "lists" {
		// lists parses its own subcommand and flags; it needs the configuration for the
		// database that stores the list versions.
		listArgs, rest = rest, nil
	}
	if cmd == "export-check" {
		// Offline: the embedded reference data only, no configuration needed.
		return exit(stderr, runExportCheck(rest, stdout, stderr))
	}
	if err := fs.Parse(rest); err != nil {
		return 2
	}
	cfg, err := config.Load(os.Getenv)
	if err == nil {
		err = cfg.Validate()
	}
	if err != nil {
		fmt.Fprintf(stderr, "configuration is invalid:\n%v\n", err)
		return 2
	}
	if *checkOnly {
		fmt.Fprintln(stdout, "configuration ok")
		return 0
	}
	log := logx.New(cfg.LogLevel, cfg.LogFormat, stderr)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	switch cmd {
	case "dev":
		err = runDev(ctx, cfg, log, stdout)
	case "serve":
		err = runServe(ctx, cfg, log)
	case "worker":
		err = runWorker(ctx, cfg, log)
	case "migrate":
		err = runMigrate(ctx, cfg, stdout)
	case "seed":
		err = runSeed(ctx, cfg, log, stdout)
	case "audit":
		if sub != "verify" {
			err = errors.New("usage: manifold audit verify --tenant SLUG")
			break
		}
		err = runAuditVerify(ctx, cfg, log, *tenantSlug, stdout)
	case "admin":
		if sub != "create" {
			err = errors.New("usage: manifold admin create --email EMAIL [--name NAME]")
			break
		}
		err = runAdminCreate(ctx, cfg, log, *email, *name, stdin, stdout)
	case "import":
		err = runImport(ctx, cfg, log, importArgs{tenant: *tenantSlug, email: *sellerEmail, file: *file, dryRun: *dryRun,
			validRows: *validRows, encoding: *encoding, delimiter: *delimiter}, stdout, stderr)
	case "reindex":
		err = runReindex(ctx, cfg, log, *tenantSlug, stdout, stderr)
	case "lists":
		err = runLists(ctx, cfg, log, listArgs, stdout, stderr)
	case "config":
		for _, row := range config.Describe() {
			fmt.Fprintf(stdout, "%-32s %-28q %s\n", row[0], row[1], row[2])
		}
	default:
		fmt.Fprintf(stderr, "unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	return exit(stderr, err)
}

func exit(stderr io.Writer, err error) int {
	if err == nil || errors.Is(err, context.Canceled) {
		return 0
	}
	var ec interface{ ExitCode() int }
	if !errors.As(err, &ec) {
		fmt.Fprintln(stderr, "error:", err)
	}
	var pe *problem.Error
	if errors.As(err, &pe) {
		for _, f := range pe.Fields {
			fmt.Fprintf(stderr, "  %s: %s\n", f.Field, f.Message)
		}
	}
	if errors.As(err, &ec) {
		return ec.ExitCode()
	}
	return 1
}
