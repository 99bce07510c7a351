package lists

import (
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"
)

type unAlias struct {
	Quality string `xml:"QUALITY"`
	Name    string `xml:"ALIAS_NAME"`
}

type unAddress struct {
	Street  string `xml:"STREET"`
	City    string `xml:"CITY"`
	State   string `xml:"STATE_PROVINCE"`
	Zip     string `xml:"ZIP_CODE"`
	Country string `xml:"COUNTRY"`
	Note    string `xml:"NOTE"`
}

type unDOB struct {
	Type     string `xml:"TYPE_OF_DATE"`
	Date     string `xml:"DATE"`
	Year     string `xml:"YEAR"`
	FromYear string `xml:"FROM_YEAR"`
	ToYear   string `xml:"TO_YEAR"`
	Note     string `xml:"NOTE"`
}

type unPOB struct {
	City    string `xml:"CITY"`
	State   string `xml:"STATE_PROVINCE"`
	Country string `xml:"COUNTRY"`
}

type unDoc struct {
	Type           string `xml:"TYPE_OF_DOCUMENT"`
	Type2          string `xml:"TYPE_OF_DOCUMENT2"`
	Number         string `xml:"NUMBER"`
	IssuingCountry string `xml:"ISSUING_COUNTRY"`
	CountryOfIssue string `xml:"COUNTRY_OF_ISSUE"`
	DateOfIssue    string `xml:"DATE_OF_ISSUE"`
	CityOfIssue    string `xml:"CITY_OF_ISSUE"`
	Note           string `xml:"NOTE"`
}

// unRecord is one INDIVIDUAL or ENTITY of the UN consolidated list
// (https://www.un.org/sc/resources/sc-sanctions.xsd).
type unRecord struct {
	DataID       string      `xml:"DATAID"`
	First        string      `xml:"FIRST_NAME"`
	Second       string      `xml:"SECOND_NAME"`
	Third        string      `xml:"THIRD_NAME"`
	Fourth       string      `xml:"FOURTH_NAME"`
	ListType     string      `xml:"UN_LIST_TYPE"`
	Reference    string      `xml:"REFERENCE_NUMBER"`
	ListedOn     string      `xml:"LISTED_ON"`
	Gender       string      `xml:"GENDER"`
	Comments     string      `xml:"COMMENTS1"`
	OriginalName string      `xml:"NAME_ORIGINAL_SCRIPT"`
	Designation  []string    `xml:"DESIGNATION>VALUE"`
	Titles       []string    `xml:"TITLE>VALUE"`
	Nationality  []string    `xml:"NATIONALITY>VALUE"`
	IndAliases   []unAlias   `xml:"INDIVIDUAL_ALIAS"`
	EntAliases   []unAlias   `xml:"ENTITY_ALIAS"`
	IndAddresses []unAddress `xml:"INDIVIDUAL_ADDRESS"`
	EntAddresses []unAddress `xml:"ENTITY_ADDRESS"`
	DOBs         []unDOB     `xml:"INDIVIDUAL_DATE_OF_BIRTH"`
	POBs         []unPOB     `xml:"INDIVIDUAL_PLACE_OF_BIRTH"`
	Docs         []unDoc     `xml:"INDIVIDUAL_DOCUMENT"`
}

// LoadUN loads the UN Security Council Consolidated List XML. The version
// date is the root's dateGenerated attribute.
func LoadUN(ctx context.Context, in Input, opts LoadOptions) (*Snapshot, error) {
	h := newHash()
	rc, err := in.open(h)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	var (
		entries  []Entry
		version  time.Time
		sawRoot  bool
		complete bool
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
			case "CONSOLIDATED_LIST":
				sawRoot = true
				for _, a := range t.Attr {
					if a.Name.Local == "dateGenerated" {
						version, err = time.Parse(time.RFC3339, a.Value)
						if err != nil {
							return nil, fail("CONSOLIDATED_LIST@dateGenerated", err)
						}
					}
				}
			case "INDIVIDUAL", "ENTITY":
				if err := ctx.Err(); err != nil {
					return nil, err
				}
				var r unRecord
				if err := dec.DecodeElement(&r, &t); err != nil {
					return nil, fail(t.Name.Local, err)
				}
				e, err := r.entry(t.Name.Local == "INDIVIDUAL")
				if err != nil {
					return nil, fail(t.Name.Local+" "+r.DataID, err)
				}
				entries = append(entries, e)
			}
		case xml.EndElement:
			if t.Name.Local == "CONSOLIDATED_LIST" {
				complete = true
			}
		}
	}
	if !sawRoot || !complete {
		return nil, &ParseError{File: in.Name, Elem: "CONSOLIDATED_LIST", Err: fmt.Errorf("missing or unterminated root element (truncated file?)")}
	}
	if err := drainAndClose(rc); err != nil {
		return nil, &ParseError{File: in.Name, Err: err}
	}
	return buildSnapshot(ListUN, opts, version, h, []Input{in}, Coverage{Aliases: true, Addresses: true, Documents: true, BirthDates: true, Nationalities: true}, entries)
}

func (r *unRecord) entry(individual bool) (Entry, error) {
	id := strings.TrimSpace(r.DataID)
	if id == "" {
		return Entry{}, fmt.Errorf("no DATAID")
	}
	e := Entry{List: ListUN, SourceID: id, Kind: KindEntity, Gender: strings.TrimSpace(r.Gender), Remarks: strings.TrimSpace(r.Comments)}
	given := nonEmpty(r.First, r.Second, r.Third, r.Fourth)
	if len(given) == 0 {
		return Entry{}, fmt.Errorf("no FIRST_NAME")
	}
	e.Name = strings.Join(given, " ")
	if individual {
		e.Kind = KindIndividual
		e.Parts = &NameParts{Given: given}
	}
	if lt := strings.TrimSpace(r.ListType); lt != "" {
		e.Programs = []string{lt}
	}
	if ref := strings.TrimSpace(r.Reference); ref != "" {
		e.Other = append(e.Other, Fact{Label: "Reference Number", Value: ref})
	}
	e.Title = strings.Join(nonEmpty(r.Designation...), "; ")
	for _, t := range nonEmpty(r.Titles...) {
		e.Other = append(e.Other, Fact{Label: "Title", Value: t})
	}
	if d, ok := parseISODate(r.ListedOn); ok {
		e.ListedOn = d
	}
	for _, n := range nonEmpty(r.Nationality...) {
		e.Nationalities = append(e.Nationalities, NewCountry(n))
	}
	if on := strings.TrimSpace(r.OriginalName); on != "" {
		e.Aliases = append(e.Aliases, Alias{Name: on, Quality: QualityStrong, Script: "original"})
	}
	for _, a := range append(r.IndAliases, r.EntAliases...) {
		name := strings.TrimSpace(a.Name)
		if name == "" {
			continue
		}
		al := Alias{Name: name}
		switch strings.TrimSpace(a.Quality) {
		case "Good", "a.k.a.":
			al.Quality = QualityStrong
		case "Low":
			al.Quality = QualityWeak
		case "f.k.a.":
			al.Type, al.Quality = AliasFKA, QualityStrong
		}
		e.Aliases = append(e.Aliases, al)
	}
	for _, a := range append(r.IndAddresses, r.EntAddresses...) {
		ad := Address{City: strings.TrimSpace(a.City), State: strings.TrimSpace(a.State), Postal: strings.TrimSpace(a.Zip), Note: strings.TrimSpace(a.Note)}
		if s := strings.TrimSpace(a.Street); s != "" {
			ad.Lines = []string{s}
		}
		if c := strings.TrimSpace(a.Country); c != "" {
			ad.Country = NewCountry(c)
		}
		if ad.Lines != nil || ad.City != "" || ad.State != "" || ad.Country.Name != "" {
			e.Addresses = append(e.Addresses, ad)
		}
	}
	for _, d := range r.DOBs {
		if pd, ok := d.date(); ok {
			e.BirthDates = append(e.BirthDates, pd)
		} else if n := strings.TrimSpace(d.Note); n != "" {
			e.Other = append(e.Other, Fact{Label: "DOB", Value: n}) // e.g. "30-35 years old"
		}
	}
	for _, p := range r.POBs {
		pl := Place{City: strings.TrimSpace(p.City)}
		if c := strings.TrimSpace(p.Country); c != "" {
			pl.Country = NewCountry(c)
		}
		pl.Text = strings.Join(nonEmpty(p.City, p.State, p.Country), ", ")
		if pl.Text != "" {
			e.BirthPlaces = append(e.BirthPlaces, pl)
		}
	}
	for _, d := range r.Docs {
		num := strings.TrimSpace(d.Number)
		typ := strings.Join(nonEmpty(d.Type, d.Type2), " / ")
		if num == "" && typ == "" {
			continue
		}
		doc := Document{Type: typ, Number: num, Note: strings.Join(nonEmpty(d.DateOfIssue, d.CityOfIssue, d.Note), "; ")}
		if c := strings.TrimSpace(d.IssuingCountry); c != "" {
			doc.Country = NewCountry(c)
		} else if c := strings.TrimSpace(d.CountryOfIssue); c != "" {
			doc.Country = NewCountry(c)
		}
		e.Documents = append(e.Documents, doc)
	}
	return e, nil
}

func (d unDOB) date() (PartialDate, bool) {
	var pd PartialDate
	var ok bool
	switch {
	case strings.TrimSpace(d.Date) != "":
		pd, ok = parseISODate(d.Date)
	case strings.TrimSpace(d.Year) != "":
		pd, ok = parseISODate(d.Year)
	case strings.TrimSpace(d.FromYear) != "":
		pd, ok = parseISODate(d.FromYear)
		if ok {
			if to, ok2 := parseISODate(d.ToYear); ok2 {
				pd.To = &to
			}
		}
	}
	if !ok {
		return PartialDate{}, false
	}
	pd.Circa = strings.EqualFold(strings.TrimSpace(d.Type), "APPROXIMATELY")
	pd.Text = strings.Join(nonEmpty(d.Type, d.Date, d.Year, d.FromYear, d.ToYear, d.Note), " ")
	return pd, true
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
