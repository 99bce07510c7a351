package lists

import (
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

type ukName struct {
	Name1    string `xml:"Name1"`
	Name2    string `xml:"Name2"`
	Name3    string `xml:"Name3"`
	Name4    string `xml:"Name4"`
	Name5    string `xml:"Name5"`
	Name6    string `xml:"Name6"`
	Type     string `xml:"NameType"`
	Strength string `xml:"AliasStrength"`
}

type ukDesignation struct {
	LastUpdated    string   `xml:"LastUpdated"`
	DateDesignated string   `xml:"DateDesignated"`
	UniqueID       string   `xml:"UniqueID"`
	OFSIGroupID    string   `xml:"OFSIGroupID"`
	UNRef          string   `xml:"UNReferenceNumber"`
	Names          []ukName `xml:"Names>Name"`
	NonLatin       []string `xml:"NonLatinNames>NonLatinName>NameNonLatinScript"`
	Titles         []string `xml:"Titles>Title"`
	Regime         string   `xml:"RegimeName"`
	Type           string   `xml:"IndividualEntityShip"`
	Source         string   `xml:"DesignationSource"`
	Sanctions      string   `xml:"SanctionsImposed"`
	OtherInfo      string   `xml:"OtherInformation"`
	Reasons        string   `xml:"UKStatementofReasons"`
	Addresses      []struct {
		L1      string `xml:"AddressLine1"`
		L2      string `xml:"AddressLine2"`
		L3      string `xml:"AddressLine3"`
		L4      string `xml:"AddressLine4"`
		L5      string `xml:"AddressLine5"`
		L6      string `xml:"AddressLine6"`
		Postal  string `xml:"AddressPostalCode"`
		Country string `xml:"AddressCountry"`
	} `xml:"Addresses>Address"`
	DOBs          []string `xml:"IndividualDetails>Individual>DOBs>DOB"`
	Nationalities []string `xml:"IndividualDetails>Individual>Nationalities>Nationality"`
	Genders       []string `xml:"IndividualDetails>Individual>Genders>Gender"`
}

// LoadUK loads the UK Sanctions List XML published by the FCDO (root
// "Designations", one "Designation" per listed person, entity or ship, with
// DateGenerated as dd/mm/yyyy). SourceID is the UK UniqueID (e.g. "AFG0001").
// Written against a trimmed real sample (testdata/uk); ship details are not
// in that sample and are not modelled yet.
func LoadUK(ctx context.Context, in Input, opts LoadOptions) (*Snapshot, error) {
	h := newHash()
	rc, err := in.open(h)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	var (
		entries         []Entry
		version         time.Time
		sawRoot, closed bool
	)
	dec := xml.NewDecoder(rc)
	fail := func(elem string, err error) error {
		line, _ := dec.InputPos()
		return &ParseError{File: in.Name, Line: line, Elem: elem, Err: err}
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fail("", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "Designations":
				sawRoot = true
			case "DateGenerated":
				var s string
				if err := dec.DecodeElement(&s, &t); err != nil {
					return nil, fail("DateGenerated", err)
				}
				if version, err = time.Parse("02/01/2006", strings.TrimSpace(s)); err != nil {
					return nil, fail("DateGenerated", err)
				}
			case "Designation":
				if err := ctx.Err(); err != nil {
					return nil, err
				}
				var r ukDesignation
				if err := dec.DecodeElement(&r, &t); err != nil {
					return nil, fail("Designation", err)
				}
				e, err := r.entry()
				if err != nil {
					return nil, fail("Designation "+r.UniqueID, err)
				}
				entries = append(entries, e)
			}
		case xml.EndElement:
			if t.Name.Local == "Designations" {
				closed = true
			}
		}
	}
	if !sawRoot || !closed {
		return nil, &ParseError{File: in.Name, Elem: "Designations", Err: fmt.Errorf("missing or unterminated root element (truncated file?)")}
	}
	if err := drainAndClose(rc); err != nil {
		return nil, &ParseError{File: in.Name, Err: err}
	}
	return buildSnapshot(ListUK, opts, version, h, []Input{in}, Coverage{Aliases: true, Addresses: true, BirthDates: true, Nationalities: true}, entries)
}

func (r *ukDesignation) entry() (Entry, error) {
	id := strings.TrimSpace(r.UniqueID)
	if id == "" {
		return Entry{}, fmt.Errorf("no UniqueID")
	}
	e := Entry{List: ListUK, SourceID: id, Remarks: strings.TrimSpace(strings.Join(nonEmpty(r.OtherInfo, r.Reasons), "\n"))}
	switch strings.ToLower(strings.TrimSpace(r.Type)) {
	case "individual":
		e.Kind = KindIndividual
	case "entity":
		e.Kind = KindEntity
	case "ship":
		e.Kind = KindVessel
	default:
		return Entry{}, fmt.Errorf("unknown IndividualEntityShip %q", r.Type)
	}
	if reg := strings.TrimSpace(r.Regime); reg != "" {
		e.Programs = []string{reg}
	}
	for _, f := range []Fact{{"OFSI Group ID", r.OFSIGroupID}, {"UN Reference Number", r.UNRef}, {"Designation Source", r.Source}, {"Sanctions Imposed", r.Sanctions}, {"Last Updated", r.LastUpdated}} {
		if v := strings.TrimSpace(f.Value); v != "" {
			e.Other = append(e.Other, Fact{Label: f.Label, Value: v})
		}
	}
	for _, t := range nonEmpty(r.Titles...) {
		e.Other = append(e.Other, Fact{Label: "Title", Value: t})
	}
	if d, ok := parseUKDate(r.DateDesignated); ok {
		e.ListedOn = d
	}
	for _, n := range r.Names {
		given := nonEmpty(n.Name1, n.Name2, n.Name3, n.Name4, n.Name5)
		family := strings.TrimSpace(n.Name6)
		whole := strings.Join(append(append([]string(nil), given...), family), " ")
		whole = strings.TrimSpace(whole)
		if whole == "" {
			continue
		}
		var parts *NameParts
		if e.Kind == KindIndividual && len(given) > 0 {
			parts = &NameParts{Given: given, Family: family}
		}
		if strings.EqualFold(strings.TrimSpace(n.Type), "Primary Name") && e.Name == "" {
			e.Name, e.Parts = whole, parts
			continue
		}
		a := Alias{Name: whole, Parts: parts}
		switch s := strings.ToLower(n.Strength); {
		case strings.HasPrefix(s, "good"):
			a.Quality = QualityStrong
		case strings.HasPrefix(s, "low"):
			a.Quality = QualityWeak
		}
		e.Aliases = append(e.Aliases, a)
	}
	if e.Name == "" && len(e.Aliases) > 0 {
		// A few designations have no "Primary Name" row; promote the first.
		e.Name, e.Parts = e.Aliases[0].Name, e.Aliases[0].Parts
		e.Aliases = e.Aliases[1:]
	}
	if e.Name == "" {
		return Entry{}, fmt.Errorf("no name")
	}
	for _, n := range nonEmpty(r.NonLatin...) {
		e.Aliases = append(e.Aliases, Alias{Name: n, Script: "original"})
	}
	for _, a := range r.Addresses {
		ad := Address{Lines: nonEmpty(a.L1, a.L2, a.L3, a.L4), City: strings.TrimSpace(a.L5), State: strings.TrimSpace(a.L6), Postal: strings.TrimSpace(a.Postal)}
		if c := strings.TrimSpace(a.Country); c != "" {
			ad.Country = NewCountry(c)
		}
		if ad.Lines != nil || ad.City != "" || ad.State != "" || ad.Country.Name != "" {
			e.Addresses = append(e.Addresses, ad)
		}
	}
	for _, d := range nonEmpty(r.DOBs...) {
		if pd, ok := parseUKDate(d); ok {
			e.BirthDates = append(e.BirthDates, pd)
		} else {
			e.Other = append(e.Other, Fact{Label: "DOB", Value: d})
		}
	}
	for _, n := range nonEmpty(r.Nationalities...) {
		e.Nationalities = append(e.Nationalities, NewCountry(n))
	}
	if g := nonEmpty(r.Genders...); len(g) > 0 {
		e.Gender = g[0]
	}
	return e, nil
}

// parseUKDate parses dd/mm/yyyy where the day and month may be the literal
// placeholders "dd" and "mm" (unknown).
func parseUKDate(s string) (PartialDate, bool) {
	s = strings.TrimSpace(s)
	p := strings.Split(s, "/")
	if len(p) != 3 {
		return PartialDate{}, false
	}
	y, ok := year(p[2])
	if !ok {
		return PartialDate{}, false
	}
	d := PartialDate{Year: y, Precision: PrecisionYear, Text: s}
	if m, err := strconv.Atoi(p[1]); err == nil && m >= 1 && m <= 12 {
		d.Month, d.Precision = m, PrecisionMonth
		if day, err := strconv.Atoi(p[0]); err == nil && day >= 1 && day <= 31 {
			d.Day, d.Precision = day, PrecisionDay
		}
	} else if p[1] != "mm" {
		return PartialDate{}, false
	}
	return d, true
}
