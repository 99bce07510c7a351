package lists

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// OFACFiles is one version of an OFAC list in the legacy CSV layout: the
// primary file (sdn.csv or cons_prim.csv) and, optionally, its addresses,
// alternate names and remarks overflow. A file whose Open is nil is absent;
// the snapshot then records that the field it carries is not covered.
// Every ent_num in the secondary files must exist in the primary file, which
// stops files of different dates from being mixed into one version.
type OFACFiles struct {
	Primary   Input // 12 columns
	Addresses Input // 6 columns, optional
	Aliases   Input // 5 columns, optional
	Comments  Input // 2 columns, optional
}

func (f OFACFiles) inputs() []Input {
	var out []Input
	for _, in := range []Input{f.Primary, f.Addresses, f.Aliases, f.Comments} {
		if in.Open != nil {
			out = append(out, in)
		}
	}
	return out
}

// ofacNull reports OFAC's empty-field marker "-0-" (written "-0- ").
func ofacField(s string) string {
	s = strings.TrimSpace(s)
	if s == "-0-" {
		return ""
	}
	return s
}

// readOFACCSV streams the records of one OFAC CSV file into fn.
func readOFACCSV(r io.Reader, name string, cols int, fn func(rec []string, line int) error) error {
	cr := csv.NewReader(newDOSEOFReader(r))
	cr.FieldsPerRecord = cols
	cr.ReuseRecord = true
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return &ParseError{File: name, Line: pe.StartLine, Err: pe.Err}
			}
			return &ParseError{File: name, Err: err}
		}
		line, _ := cr.FieldPos(0)
		if err := fn(rec, line); err != nil {
			return &ParseError{File: name, Line: line, Err: err}
		}
	}
}

// parseOFAC reads an OFAC legacy CSV set. hash receives the raw bytes of each
// file in order.
func parseOFAC(ctx context.Context, list ListID, files OFACFiles, hash io.Writer) ([]Entry, Coverage, error) {
	cov := Coverage{Aliases: true, Addresses: files.Addresses.Open != nil, Documents: true, BirthDates: true, Nationalities: true}
	if files.Aliases.Open == nil {
		cov.Aliases = false // only the weak a.k.a. fragments of the remarks are left
	}
	var entries []Entry
	index := map[string]int{}
	remarks := map[string]*strings.Builder{}

	open := func(in Input) (io.ReadCloser, error) { return in.open(hash) }
	run := func(in Input, cols int, fn func(rec []string, line int) error) error {
		if in.Open == nil {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		rc, err := open(in)
		if err != nil {
			return err
		}
		if err := readOFACCSV(rc, in.Name, cols, fn); err != nil {
			rc.Close()
			return err
		}
		return drainAndClose(rc)
	}
	lookup := func(id string) (*Entry, error) {
		i, ok := index[id]
		if !ok {
			return nil, fmt.Errorf("ent_num %q is not in the primary file (files of different versions?)", id)
		}
		return &entries[i], nil
	}

	if files.Primary.Open == nil {
		return nil, cov, &ParseError{File: "primary", Err: ErrMissingFile}
	}
	err := run(files.Primary, 12, func(rec []string, _ int) error {
		id := ofacField(rec[0])
		if id == "" || !isDigits(id) {
			return fmt.Errorf("ent_num %q is not a number", rec[0])
		}
		if _, dup := index[id]; dup {
			return fmt.Errorf("duplicate ent_num %s", id)
		}
		name := ofacField(rec[1])
		if name == "" {
			return fmt.Errorf("ent_num %s has no name", id)
		}
		e := Entry{List: list, SourceID: id, Name: name, Title: ofacField(rec[4])}
		switch strings.ToLower(ofacField(rec[2])) {
		case "individual":
			e.Kind = KindIndividual
			e.Parts = splitSurnameGiven(name)
		case "vessel":
			e.Kind = KindVessel
		case "aircraft":
			e.Kind = KindAircraft
		case "":
			e.Kind = KindEntity
		default:
			return fmt.Errorf("unknown SDN type %q", rec[2])
		}
		e.Programs = splitOFACPrograms(ofacField(rec[3]))
		v := Vessel{CallSign: ofacField(rec[5]), Type: ofacField(rec[6]), Tonnage: ofacField(rec[7]),
			GRT: ofacField(rec[8]), Owner: ofacField(rec[10])}
		if f := ofacField(rec[9]); f != "" {
			v.Flag = NewCountry(f)
		}
		if v != (Vessel{}) || e.Kind == KindVessel || e.Kind == KindAircraft {
			e.Vessel = &v
		}
		if rm := ofacField(rec[11]); rm != "" {
			b := &strings.Builder{}
			b.WriteString(rm)
			remarks[id] = b
		}
		index[id] = len(entries)
		entries = append(entries, e)
		return nil
	})
	if err != nil {
		return nil, cov, err
	}
	err = run(files.Addresses, 6, func(rec []string, _ int) error {
		e, err := lookup(ofacField(rec[0]))
		if err != nil {
			return err
		}
		a := Address{City: ofacField(rec[3]), Note: ofacField(rec[5])}
		if l := ofacField(rec[2]); l != "" {
			a.Lines = []string{l}
		}
		if c := ofacField(rec[4]); c != "" {
			a.Country = NewCountry(c)
		}
		if a.Lines != nil || a.City != "" || a.Country.Name != "" {
			e.Addresses = append(e.Addresses, a)
		}
		return nil
	})
	if err != nil {
		return nil, cov, err
	}
	err = run(files.Aliases, 5, func(rec []string, _ int) error {
		e, err := lookup(ofacField(rec[0]))
		if err != nil {
			return err
		}
		a := Alias{Name: ofacField(rec[3]), Quality: QualityStrong}
		if a.Name == "" {
			return fmt.Errorf("alias %s of ent_num %s has no name", rec[1], rec[0])
		}
		switch strings.ToLower(ofacField(rec[2])) {
		case "aka", "":
			a.Type = AliasAKA
		case "fka":
			a.Type = AliasFKA
		case "nka":
			a.Type = AliasNKA
		default:
			return fmt.Errorf("unknown alias type %q", rec[2])
		}
		if e.Kind == KindIndividual {
			a.Parts = splitSurnameGiven(a.Name)
		}
		e.Aliases = append(e.Aliases, a)
		return nil
	})
	if err != nil {
		return nil, cov, err
	}
	err = run(files.Comments, 2, func(rec []string, _ int) error {
		id := ofacField(rec[0])
		if _, err := lookup(id); err != nil {
			return err
		}
		b := remarks[id]
		if b == nil {
			b = &strings.Builder{}
			remarks[id] = b
		}
		// The overflow continues the remarks mid-word: concatenate as is.
		b.WriteString(strings.TrimRight(rec[1], " "))
		return nil
	})
	if err != nil {
		return nil, cov, err
	}
	for id, b := range remarks {
		e := &entries[index[id]]
		e.Remarks = b.String()
		applyRemarks(e, ParseOFACRemarks(e.Remarks))
	}
	return entries, cov, nil
}

func applyRemarks(e *Entry, r Remarks) {
	for _, a := range r.Aliases {
		if e.Kind == KindIndividual {
			a.Parts = splitSurnameGiven(a.Name)
		}
		e.Aliases = append(e.Aliases, a)
	}
	e.BirthDates = append(e.BirthDates, r.BirthDates...)
	e.BirthPlaces = append(e.BirthPlaces, r.BirthPlaces...)
	e.Nationalities = append(e.Nationalities, r.Nationalities...)
	e.Citizenships = append(e.Citizenships, r.Citizenships...)
	if r.Gender != "" {
		e.Gender = r.Gender
	}
	e.Documents = append(e.Documents, r.Documents...)
	e.Other = append(e.Other, r.Other...)
	if r.IMO != "" || r.MMSI != "" {
		if e.Vessel == nil {
			e.Vessel = &Vessel{}
		}
		e.Vessel.IMO, e.Vessel.MMSI = r.IMO, r.MMSI
	}
	if e.Kind == KindAircraft && e.Vessel != nil && e.Vessel.Type == "" {
		for _, f := range r.Other {
			if f.Label == "Aircraft Model" {
				e.Vessel.Type = f.Value
				break
			}
		}
	}
}

// splitSurnameGiven splits OFAC's "SURNAME, Given Names" order. Names without
// a comma are returned as a single family-less given list.
func splitSurnameGiven(name string) *NameParts {
	fam, given, ok := strings.Cut(name, ",")
	if !ok {
		return &NameParts{Given: strings.Fields(name)}
	}
	return &NameParts{Family: strings.TrimSpace(fam), Given: strings.Fields(given)}
}

// splitOFACPrograms splits "SDGT] [IFSR" (the legacy CSV's rendering of
// several programs) into its parts.
func splitOFACPrograms(s string) []string {
	if s == "" {
		return nil
	}
	var out []string
	for _, p := range strings.Split(s, "] [") {
		p = strings.Trim(strings.TrimSpace(p), "[]")
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
