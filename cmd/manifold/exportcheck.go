package main

import (
	"encoding/json"
	"errors"
	"flag"
	"io"
	"strings"

	"github.com/manifoldhq/manifold/internal/compliance/exportcontrol"
	"github.com/manifoldhq/manifold/internal/platform/money"
	"github.com/manifoldhq/manifold/internal/platform/problem"
)

// runExportCheck prints a determination from the embedded reference data; a request
// with invalid fields exits 2 after naming each one.
func runExportCheck(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("export-check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	regime := fs.String("regime", "", "us_ear or eu_dual_use")
	class := fs.String("classification", "", "ECCN (e.g. 3A001.a.1) or EAR99; Annex I code or not_listed")
	dest := fs.String("destination", "", "ISO 3166-1 alpha-2 code, or a region such as UA-43")
	value := fs.Int64("value", -1, "line value in minor units (with --currency)")
	currency := fs.String("currency", "", "ISO 4217 currency of --value")
	var uses stringsFlag
	fs.Var(&uses, "end-use", "nuclear, missile, chemical_biological or military (repeatable)")
	if err := fs.Parse(args); err != nil {
		return exitCode(2)
	}
	req := exportcontrol.Request{Regime: *regime, Classification: *class, Destination: *dest, EndUses: uses}
	if *value >= 0 || *currency != "" {
		req.Value = &money.Money{Amount: *value, Currency: *currency}
	}
	engine, err := exportcontrol.New()
	if err != nil {
		return err
	}
	d, err := engine.Determine(req)
	if err != nil {
		var pe *problem.Error
		if errors.As(err, &pe) && pe.Kind == problem.KindValidation {
			for _, f := range pe.Fields {
				io.WriteString(stderr, "--"+flagOf(f.Field)+": "+f.Message+"\n")
			}
			return exitCode(2)
		}
		return err
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(d)
}

// flagOf names the flag behind a request field's JSON pointer.
func flagOf(pointer string) string {
	switch {
	case pointer == "/value/amount":
		return "value"
	case pointer == "/value/currency":
		return "currency"
	case strings.HasPrefix(pointer, "/end_uses"):
		return "end-use"
	}
	return strings.TrimPrefix(pointer, "/")
}
