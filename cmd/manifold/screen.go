package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/manifoldhq/manifold/ent/schematype"
	"github.com/manifoldhq/manifold/internal/compliance"
	"github.com/manifoldhq/manifold/internal/compliance/lists"
	"github.com/manifoldhq/manifold/internal/compliance/screen"
	"github.com/manifoldhq/manifold/internal/platform/problem"
)

// screenLine is one output line: the endpoint's answer plus the input, or the input
// and why it is invalid.
type screenLine struct {
	Input compliance.ScreeningRequest `json:"input"`
	*compliance.ScreeningResponse
	Error string `json:"error,omitempty"`
}

// runScreen screens names offline against the lists shipped in the binary: the
// arguments, or a CSV (header with name; kind, country, birth_date optional) or JSON
// lines file; one JSON object per input, in input order. An invalid input gets an
// "error" line and the command exits 1 at the end.
func runScreen(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("screen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	file := fs.String("file", "", "CSV or JSON lines file of names (- for stdin)")
	model := fs.String("model", "closed_portal", "threshold of closed_portal, curated or distributor_led")
	kind := fs.String("kind", "", "individual, entity, vessel or aircraft (names from arguments)")
	country := fs.String("country", "", "ISO 3166-1 alpha-2 (names from arguments)")
	if err := fs.Parse(args); err != nil {
		return exitCode(2)
	}
	m, err := screen.ParseModel(*model)
	if err != nil {
		return fmt.Errorf("--model: %w", err)
	}
	var inputs []compliance.ScreeningRequest
	switch {
	case *file != "":
		r := stdin
		if *file != "-" {
			f, err := os.Open(*file)
			if err != nil {
				return err
			}
			defer f.Close()
			r = f
		}
		if inputs, err = readScreenInputs(r); err != nil {
			return fmt.Errorf("%s: %w", *file, err)
		}
	case fs.NArg() > 0:
		for _, n := range fs.Args() {
			inputs = append(inputs, compliance.ScreeningRequest{Name: n, Kind: *kind, Country: *country})
		}
	default:
		return errors.New(`usage: manifold screen "NAME"... | manifold screen --file names.csv|names.jsonl`)
	}
	reg, err := lists.LoadShipped(ctx)
	if err != nil {
		return err
	}
	ls, err := compliance.NewListScreener(ctx, reg)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(stdout)
	defer w.Flush()
	enc := json.NewEncoder(w)
	failed := 0
	for _, in := range inputs {
		line := screenLine{Input: in}
		q := in
		err := q.Validate()
		var res compliance.NameResult
		if err == nil {
			res, err = ls.ScreenAt(ctx, compliance.NameQuery(q), screen.DefaultThreshold(m))
		}
		if err != nil {
			var pe *problem.Error
			if errors.As(err, &pe) && len(pe.Fields) > 0 {
				line.Error = pe.Fields[0].Field + ": " + pe.Fields[0].Message
			} else {
				line.Error = err.Error()
			}
			failed++
		} else {
			out := &compliance.ScreeningResponse{Decision: compliance.DecisionClear, Matches: res.Matches, ListVersions: res.ListVersions}
			if out.Matches == nil {
				out.Matches = []schematype.CheckMatch{}
			}
			if len(res.Matches) > 0 {
				out.Decision = compliance.DecisionPotentialMatch
			}
			line.ScreeningResponse = out
		}
		if err := enc.Encode(line); err != nil {
			return err
		}
	}
	if failed > 0 {
		w.Flush()
		fmt.Fprintf(stderr, "%d of %d inputs were invalid\n", failed, len(inputs))
		return exitCode(1)
	}
	return nil
}

// readScreenInputs reads JSON lines (first non-blank byte '{') or a CSV with a header
// naming the columns (name required).
func readScreenInputs(r io.Reader) ([]compliance.ScreeningRequest, error) {
	b, err := io.ReadAll(io.LimitReader(r, 64<<20))
	if err != nil {
		return nil, err
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	var out []compliance.ScreeningRequest
	if t := bytes.TrimSpace(b); len(t) > 0 && t[0] == '{' {
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		for n := 1; ; n++ {
			var in compliance.ScreeningRequest
			if err := dec.Decode(&in); errors.Is(err, io.EOF) {
				return out, nil
			} else if err != nil {
				return nil, fmt.Errorf("JSON line %d: %w", n, err)
			}
			out = append(out, in)
		}
	}
	cr := csv.NewReader(bytes.NewReader(b))
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("CSV header: %w", err)
	}
	col := map[string]int{}
	for i, h := range head {
		h = strings.ToLower(strings.TrimSpace(h))
		if !slices.Contains([]string{"name", "kind", "country", "birth_date"}, h) {
			return nil, fmt.Errorf("CSV header: unknown column %q (name, kind, country, birth_date)", h)
		}
		col[h] = i
	}
	if _, ok := col["name"]; !ok {
		return nil, errors.New("CSV header: a name column is required")
	}
	get := func(rec []string, k string) string {
		if i, ok := col[k]; ok && i < len(rec) {
			return rec[i]
		}
		return ""
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		out = append(out, compliance.ScreeningRequest{Name: get(rec, "name"), Kind: get(rec, "kind"),
			Country: get(rec, "country"), BirthDate: get(rec, "birth_date")})
	}
}
