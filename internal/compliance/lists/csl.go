package lists

import (
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// cslColumns is the 28-column trade.gov CSL layout (2019); the current layout
// prepends "_id" (29 columns). The layout is detected by the header.
var cslColumns = []string{"source", "entity_number", "type", "programs", "name", "title", "addresses",
	"federal_register_notice", "start_date", "end_date", "standard_order", "license_requirement",
	"license_policy", "call_sign", "vessel_type", "gross_tonnage", "gross_registered_tonnage",
	"vessel_flag", "vessel_owner", "remarks", "source_list_url", "alt_names", "citizenships",
	"dates_of_birth", "nationalities", "places_of_birth", "source_information_url", "ids"}

// LoadCSL loads the trade.gov Consolidated Screening List CSV, either layout.
// The CSL merges eleven US lists; each entry keeps its source list in an
// Other fact "Source". SourceID is the CSL "_id" (current layout) or, in the
// old layout, the source's entity_number, else a hash of source and name.
// The version date is opts.Version or the newest start_date not after today.
func LoadCSL(ctx context.Context, in Input, opts LoadOptions) (*Snapshot, error) {
	h := newHash()
	rc, err := in.open(h)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	cr := csv.NewReader(rc)
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err != nil {
		return nil, csvErr(in.Name, err)
	}
	offset := 0
	switch {
	case len(head) == len(cslColumns)+1 && head[0] == "_id":
		offset = 1
	case len(head) == len(cslColumns):
	default:
		return nil, &ParseError{File: in.Name, Line: 1, Err: fmt.Errorf("unknown CSL layout: %d columns, first %q", len(head), head[0])}
	}
	for i, want := range cslColumns {
		if strings.TrimSpace(strings.TrimPrefix(head[i+offset], "\ufeff")) != want {
			return nil, &ParseError{File: in.Name, Line: 1, Err: fmt.Errorf("header column %d is %q, want %q", i+offset+1, head[i+offset], want)}
		}
	}
	cr.FieldsPerRecord = len(head)
	col := map[string]int{}
	for i, c := range cslColumns {
		col[c] = i + offset
	}
	today := opts.now()
	var (
		entries []Entry
		newest  time.Time
		seen    = map[string]bool{}
	)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvErr(in.Name, err)
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		line, _ := cr.FieldPos(0)
		f := func(c string) string { return strings.TrimSpace(rec[col[c]]) }
		e, err := cslEntry(f, offset == 1)
		if err != nil {
			return nil, &ParseError{File: in.Name, Line: line, Err: err}
		}
		if offset == 1 {
			e.SourceID = strings.TrimSpace(rec[0])
		}
		if e.SourceID == "" {
			sum := sha256.Sum256([]byte(f("source") + "\x00" + e.Name + "\x00" + f("addresses")))
			e.SourceID = hex.EncodeToString(sum[:8])
		}
		if seen[e.SourceID] {
			return nil, &ParseError{File: in.Name, Line: line, Err: fmt.Errorf("duplicate id %q", e.SourceID)}
		}
		seen[e.SourceID] = true
		if t, err := time.Parse(time.DateOnly, f("start_date")); err == nil && !t.After(today) && t.After(newest) {
			newest = t
		}
		entries = append(entries, e)
	}
	if err := drainAndClose(rc); err != nil {
		return nil, &ParseError{File: in.Name, Err: err}
	}
	return buildSnapshot(ListCSL, opts, newest, h, []Input{in}, Coverage{Aliases: true, Addresses: true, Documents: true, BirthDates: true, Nationalities: true}, entries)
}

func splitMulti(s string) []string {
	if s == "" {
		return nil
	}
	var out []string
	for _, p := range strings.Split(s, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func cslEntry(f func(string) string, current bool) (Entry, error) {
	e := Entry{List: ListCSL, Name: f("name"), Title: f("title"), Remarks: f("remarks")}
	if e.Name == "" {
		return e, errors.New("empty name")
	}
	if !current {
		e.SourceID = f("entity_number")
	}
	switch strings.ToLower(f("type")) {
	case "individual":
		e.Kind = KindIndividual
	case "entity":
		e.Kind = KindEntity
	case "vessel":
		e.Kind = KindVessel
	case "aircraft":
		e.Kind = KindAircraft
	case "":
		e.Kind = KindUnknown
	default:
		return e, fmt.Errorf("unknown type %q", f("type"))
	}
	if e.Kind == KindIndividual && strings.Contains(e.Name, ",") {
		e.Parts = splitSurnameGiven(e.Name)
	}
	e.Programs = splitMulti(f("programs"))
	if s := f("source"); s != "" {
		e.Other = append(e.Other, Fact{Label: "Source", Value: s})
	}
	for _, a := range splitMulti(f("alt_names")) {
		e.Aliases = append(e.Aliases, Alias{Name: a})
	}
	for _, a := range splitMulti(f("addresses")) {
		parts := strings.Split(a, ",")
		ad := Address{}
		last := strings.TrimSpace(parts[len(parts)-1])
		if len(parts) > 1 {
			if c, ok := CountryCode(last); ok && len(last) == 2 {
				ad.Country = Country{Name: last, ISO2: c}
				parts = parts[:len(parts)-1]
			}
		}
		ad.Lines = []string{strings.TrimSpace(strings.Join(parts, ","))}
		e.Addresses = append(e.Addresses, ad)
	}
	for _, c := range splitMulti(f("citizenships")) {
		e.Citizenships = append(e.Citizenships, NewCountry(c))
	}
	for _, c := range splitMulti(f("nationalities")) {
		e.Nationalities = append(e.Nationalities, NewCountry(c))
	}
	for _, d := range splitMulti(f("dates_of_birth")) {
		if pd, ok := parseISODate(d); ok {
			e.BirthDates = append(e.BirthDates, pd)
		} else if pd, ok := ParseOFACDate(d); ok {
			e.BirthDates = append(e.BirthDates, pd)
		} else {
			e.Other = append(e.Other, Fact{Label: "DOB", Value: d})
		}
	}
	for _, p := range splitMulti(f("places_of_birth")) {
		e.BirthPlaces = append(e.BirthPlaces, parsePlace(p))
	}
	v := Vessel{CallSign: f("call_sign"), Type: f("vessel_type"), Tonnage: f("gross_tonnage"), GRT: f("gross_registered_tonnage"), Owner: f("vessel_owner")}
	if fl := f("vessel_flag"); fl != "" {
		v.Flag = NewCountry(fl)
	}
	for _, id := range splitMulti(f("ids")) {
		d, ok := cslID(id, current)
		if !ok {
			e.Other = append(e.Other, Fact{Value: id})
			continue
		}
		if strings.Contains(d.Type, "Vessel Registration Identification") && strings.HasPrefix(d.Number, "IMO ") {
			v.IMO = strings.TrimPrefix(d.Number, "IMO ")
			continue
		}
		if d.Type == "Gender" {
			e.Gender = d.Number
			continue
		}
		e.Documents = append(e.Documents, d)
	}
	if v != (Vessel{}) || e.Kind == KindVessel || e.Kind == KindAircraft {
		e.Vessel = &v
	}
	if d, ok := parseISODate(f("start_date")); ok {
		e.ListedOn = d
	}
	return e, nil
}

// cslID parses one "ids" value: "Type, Number, CC" in the current layout,
// "CC, Number, Type" in the old one (country may be missing).
func cslID(s string, current bool) (Document, bool) {
	parts := strings.Split(s, ", ")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	if len(parts) < 2 {
		return Document{}, false
	}
	if current {
		d := Document{Type: strings.TrimSuffix(parts[0], ":"), Number: parts[1]}
		if len(parts) > 2 {
			if c, ok := CountryCode(parts[2]); ok && len(parts[2]) == 2 {
				d.Country = Country{Name: parts[2], ISO2: c}
			} else {
				d.Note = strings.Join(parts[2:], ", ")
			}
		}
		return d, true
	}
	if len(parts) == 3 {
		d := Document{Type: strings.TrimSuffix(parts[2], ":"), Number: parts[1]}
		if c, ok := CountryCode(parts[0]); ok && len(parts[0]) == 2 {
			d.Country = Country{Name: parts[0], ISO2: c}
		}
		return d, true
	}
	// "IMO 8898831, Vessel Registration Identification" (no country).
	return Document{Type: strings.TrimSuffix(parts[len(parts)-1], ":"), Number: strings.Join(parts[:len(parts)-1], ", ")}, true
}
