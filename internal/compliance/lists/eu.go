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

type euNameAlias struct {
	First    string `xml:"firstName,attr"`
	Middle   string `xml:"middleName,attr"`
	Last     string `xml:"lastName,attr"`
	Whole    string `xml:"wholeName,attr"`
	Gender   string `xml:"gender,attr"`
	Title    string `xml:"title,attr"`
	Function string `xml:"function,attr"`
	Language string `xml:"nameLanguage,attr"`
	Strong   string `xml:"strong,attr"`
}

type euCountry struct {
	ISO2 string `xml:"countryIso2Code,attr"`
	Desc string `xml:"countryDescription,attr"`
}

func (c euCountry) country() Country {
	if c.ISO2 == "" && c.Desc == "" {
		return Country{}
	}
	out := Country{Name: c.Desc}
	if out.Name == "" {
		out.Name = c.ISO2
	}
	if code, ok := CountryCode(c.ISO2); ok {
		out.ISO2 = code
	} else if code, ok := CountryCode(c.Desc); ok {
		out.ISO2 = code
	}
	return out
}

type euBirthdate struct {
	euCountry
	Circa     string `xml:"circa,attr"`
	Birthdate string `xml:"birthdate,attr"`
	Day       string `xml:"dayOfMonth,attr"`
	Month     string `xml:"monthOfYear,attr"`
	Year      string `xml:"year,attr"`
	YearFrom  string `xml:"yearRangeFrom,attr"`
	YearTo    string `xml:"yearRangeTo,attr"`
	City      string `xml:"city,attr"`
	Place     string `xml:"place,attr"`
	Region    string `xml:"region,attr"`
}

type euAddress struct {
	euCountry
	Street string `xml:"street,attr"`
	City   string `xml:"city,attr"`
	Zip    string `xml:"zipCode,attr"`
	Region string `xml:"region,attr"`
	Place  string `xml:"place,attr"`
	POBox  string `xml:"poBox,attr"`
}

type euIdentification struct {
	euCountry
	Number   string   `xml:"number,attr"`
	Latin    string   `xml:"latinNumber,attr"`
	TypeCode string   `xml:"identificationTypeCode,attr"`
	TypeDesc string   `xml:"identificationTypeDescription,attr"`
	Remarks  []string `xml:"remark"`
}

type euEntity struct {
	LogicalID   string   `xml:"logicalId,attr"`
	EURef       string   `xml:"euReferenceNumber,attr"`
	UNID        string   `xml:"unitedNationId,attr"`
	Designation string   `xml:"designationDate,attr"`
	Remarks     []string `xml:"remark"`
	Regulations []struct {
		Programme string `xml:"programme,attr"`
		Published string `xml:"publicationDate,attr"`
	} `xml:"regulation"`
	SubjectType struct {
		Code           string `xml:"code,attr"`
		Classification string `xml:"classificationCode,attr"`
	} `xml:"subjectType"`
	Names       []euNameAlias      `xml:"nameAlias"`
	Citizenship []euCountry        `xml:"citizenship"`
	Birthdates  []euBirthdate      `xml:"birthdate"`
	Addresses   []euAddress        `xml:"address"`
	IDs         []euIdentification `xml:"identification"`
}

// LoadEU loads the EU consolidated financial sanctions list (FSF XML,
// namespace http://eu.europa.ec/fpi/fsd/export, root "export"). The version
// date is the root's generationDate. The EU does not mark a primary name: the
// first nameAlias is used, as the EU's own web views do.
func LoadEU(ctx context.Context, in Input, opts LoadOptions) (*Snapshot, error) {
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
			case "export":
				sawRoot = true
				for _, a := range t.Attr {
					if a.Name.Local == "generationDate" {
						if version, err = time.Parse(time.RFC3339, a.Value); err != nil {
							return nil, fail("export@generationDate", err)
						}
					}
				}
			case "sanctionEntity":
				if err := ctx.Err(); err != nil {
					return nil, err
				}
				var r euEntity
				if err := dec.DecodeElement(&r, &t); err != nil {
					return nil, fail("sanctionEntity", err)
				}
				e, err := r.entry()
				if err != nil {
					return nil, fail("sanctionEntity "+r.LogicalID, err)
				}
				entries = append(entries, e)
			}
		case xml.EndElement:
			if t.Name.Local == "export" {
				closed = true
			}
		}
	}
	if !sawRoot || !closed {
		return nil, &ParseError{File: in.Name, Elem: "export", Err: fmt.Errorf("missing or unterminated root element (truncated file?)")}
	}
	if err := drainAndClose(rc); err != nil {
		return nil, &ParseError{File: in.Name, Err: err}
	}
	return buildSnapshot(ListEU, opts, version, h, []Input{in}, Coverage{Aliases: true, Addresses: true, Documents: true, BirthDates: true, Nationalities: true}, entries)
}

func (r *euEntity) entry() (Entry, error) {
	if r.LogicalID == "" {
		return Entry{}, fmt.Errorf("no logicalId")
	}
	e := Entry{List: ListEU, SourceID: r.LogicalID, Kind: KindEntity, Remarks: strings.Join(nonEmpty(r.Remarks...), "\n")}
	switch {
	case r.SubjectType.Code == "person" || r.SubjectType.Classification == "P":
		e.Kind = KindIndividual
	case r.SubjectType.Code == "enterprise" || r.SubjectType.Classification == "E":
		e.Kind = KindEntity
	case r.SubjectType.Code == "":
		return Entry{}, fmt.Errorf("no subjectType")
	}
	seenProg := map[string]bool{}
	for _, reg := range r.Regulations {
		if p := strings.TrimSpace(reg.Programme); p != "" && !seenProg[p] {
			seenProg[p] = true
			e.Programs = append(e.Programs, p)
		}
	}
	if r.EURef != "" {
		e.Other = append(e.Other, Fact{Label: "EU Reference Number", Value: r.EURef})
	}
	if r.UNID != "" {
		e.Other = append(e.Other, Fact{Label: "UN ID", Value: r.UNID})
	}
	if d, ok := parseISODate(r.Designation); ok {
		e.ListedOn = d
	}
	for _, n := range r.Names {
		whole := strings.TrimSpace(n.Whole)
		if whole == "" {
			whole = strings.Join(nonEmpty(n.First, n.Middle, n.Last), " ")
		}
		if whole == "" {
			continue
		}
		var parts *NameParts
		if n.First != "" || n.Middle != "" || n.Last != "" {
			parts = &NameParts{Given: nonEmpty(n.First, n.Middle), Family: strings.TrimSpace(n.Last)}
		}
		if e.Name == "" {
			e.Name, e.Parts = whole, parts
			if e.Kind == KindIndividual && n.Gender != "" {
				e.Gender = map[string]string{"M": "Male", "F": "Female"}[n.Gender]
			}
			e.Title = strings.TrimSpace(n.Function)
			continue
		}
		a := Alias{Name: whole, Parts: parts, Language: strings.ToUpper(strings.TrimSpace(n.Language)), Quality: QualityStrong}
		if n.Strong == "false" {
			a.Quality = QualityWeak
		}
		e.Aliases = append(e.Aliases, a)
	}
	if e.Name == "" {
		return Entry{}, fmt.Errorf("no nameAlias with a name")
	}
	for _, c := range r.Citizenship {
		if cc := c.country(); cc.Name != "" && !isCountryPlaceholder(cc.Name) {
			e.Citizenships = append(e.Citizenships, cc)
		}
	}
	for _, b := range r.Birthdates {
		if d, ok := b.date(); ok {
			e.BirthDates = append(e.BirthDates, d)
		}
		p := Place{City: strings.TrimSpace(b.City)}
		if cc := b.country(); cc.Name != "" && !isCountryPlaceholder(cc.Name) {
			p.Country = cc
		}
		p.Text = strings.Join(nonEmpty(b.City, b.Place, b.Region, p.Country.Name), ", ")
		if p.Text != "" {
			e.BirthPlaces = append(e.BirthPlaces, p)
		}
	}
	for _, a := range r.Addresses {
		ad := Address{City: strings.TrimSpace(a.City), Postal: strings.TrimSpace(a.Zip), State: strings.TrimSpace(a.Region)}
		ad.Lines = nonEmpty(a.Street, a.POBox, a.Place)
		if cc := a.country(); cc.Name != "" && !isCountryPlaceholder(cc.Name) {
			ad.Country = cc
		}
		if ad.Lines != nil || ad.City != "" || ad.Country.Name != "" {
			e.Addresses = append(e.Addresses, ad)
		}
	}
	for _, id := range r.IDs {
		num := strings.TrimSpace(id.Number)
		if num == "" {
			num = strings.TrimSpace(id.Latin)
		}
		if num == "" {
			continue
		}
		d := Document{Type: strings.TrimSpace(id.TypeDesc), Number: num, Note: strings.Join(nonEmpty(id.Remarks...), "; ")}
		if d.Type == "" {
			d.Type = id.TypeCode
		}
		if cc := id.country(); cc.Name != "" && !isCountryPlaceholder(cc.Name) {
			d.Country = cc
		}
		e.Documents = append(e.Documents, d)
	}
	return e, nil
}

func (b euBirthdate) date() (PartialDate, bool) {
	var d PartialDate
	var ok bool
	switch {
	case b.Birthdate != "":
		d, ok = parseISODate(b.Birthdate)
	case b.Year != "":
		d, ok = parseISODate(b.Year)
		if ok && b.Month != "" {
			if m, err := strconv.Atoi(b.Month); err == nil && m >= 1 && m <= 12 {
				d.Month, d.Precision = m, PrecisionMonth
			}
		}
	case b.YearFrom != "":
		d, ok = parseISODate(b.YearFrom)
		if to, ok2 := parseISODate(b.YearTo); ok && ok2 {
			d.To = &to
		}
	}
	if !ok {
		return PartialDate{}, false
	}
	d.Circa = b.Circa == "true"
	d.Text = strings.Join(nonEmpty(b.Birthdate, b.Year, b.YearFrom, b.YearTo), " ")
	return d, true
}
