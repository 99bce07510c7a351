package lists

import (
	"regexp"
	"strconv"
	"strings"
)

// Remarks is what ParseOFACRemarks extracts from an OFAC remarks field.
type Remarks struct {
	Aliases       []Alias // a.k.a./f.k.a./n.k.a. fragments; OFAC puts weak aliases here, so they are QualityWeak
	BirthDates    []PartialDate
	BirthPlaces   []Place
	Nationalities []Country
	Citizenships  []Country
	Gender        string
	Documents     []Document
	IMO           string // Vessel Registration Identification IMO
	MMSI          string
	Other         []Fact // recognised but unmodelled fragments, and unrecognised ones with an empty Label
}

// docTypes are the identity/registration document labels OFAC uses, longest
// first so that "Passport" does not shadow "Diplomatic Passport". Fragments
// with another label still become documents when they end in "(Country)".
var docTypes = sortedByLenDesc([]string{
	"Passport", "Diplomatic Passport", "National ID No.", "Cedula No.", "C.U.R.P.", "R.F.C.", "RFC",
	"Tax ID No.", "Registration Number", "Registration ID", "Identification Number",
	"Business Registration Number", "Business Registration Document #", "Commercial Registry Number",
	"Company Number", "UK Company Number", "Government Gazette Number", "Folio Mercantil No.",
	"V.A.T. Number", "License", "C.R. No.", "D.N.I.", "Trade License No.", "Electoral Registry No.",
	"Matricula Mercantil No", "NIT #", "Driver's License No.", "Chamber of Commerce Number",
	"Italian Fiscal Code", "Legal Entity Number", "Central Registration System Number",
	"National Foreign ID Number", "Credencial electoral", "Cartilla de Servicio Militar Nacional",
	"Istanbul Chamber of Comm. No.", "Enterprise Number", "Business Number", "RUC #",
	"Residency Number", "Birth Certificate Number", "I.F.E.", "SSN", "Personal ID Card", "C.U.I.",
	"C.U.I.T.", "C.U.I.P.", "LE Number", "Branch Unit Number", "Turkish Identification Number",
	"Numero de Identidad", "Citizen's Card Number", "Travel Document Number", "Permit Number",
	"Unified Social Credit Code", "Economic Register Number", "Public Security and Immigration No.",
	"Kenyan ID No.", "Stateless Person Passport", "Refugee ID Card", "Afghan Money Service Provider License Number",
	"Serial No.", "Immigration No.", "Pasaporte", "Moroccan Personal ID No.", "Bosnian Personal ID No.",
	"MSB Registration Number", "US FEIN", "Social Security Number", "Aircraft Serial Identification",
})

// factLabels are remark labels kept as Other facts (not documents).
var factLabels = sortedByLenDesc([]string{
	"Linked To:", "Executive Order", "Organization Established Date", "Organization Type:",
	"Aircraft Model", "Aircraft Manufacture Date", "Aircraft Tail Number", "Aircraft Operator",
	"Aircraft Mode S Transponder Code", "Aircraft Construction Number (also called L/N or S/N or F/N)",
	"Digital Currency Address -", "Phone Number", "Email Address", "Website", "Telephone", "Fax",
	"CAATSA Section", "ISIN", "Equity Ticker", "Chinese Commercial Code", "Target Type",
	"Secondary sanctions risk:", "Additional Sanctions Information -",
	"Transactions Prohibited For Persons Owned or Controlled By U.S. Financial Institutions:",
	"Vessel Year of Build", "Other Vessel Call Sign", "Other Vessel Flag", "Other Vessel Type",
	"Vessel Flag", "Vessel Type", "Year of Build", "SWIFT/BIC", "Title", "Listing Information",
	"Nationality of Registration", "IFCA Determination -", "Effective Date (EO 14024 Directive 2):",
	"Effective Date (CMIC):", "Purchase/Sales For Any Listed Security Prohibited:", "Listing Date (CMIC):",
	"Former Sector Sanction Type", "Sector Sanction Type",
})

func sortedByLenDesc(s []string) []string {
	out := append([]string(nil), s...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && len(out[j]) > len(out[j-1]); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

var (
	parenCountry = regexp.MustCompile(`\(([^()]+)\)`)
	aliasFrag    = regexp.MustCompile(`^(a\.k\.a\.|f\.k\.a\.|n\.k\.a\.)\s+(.+)$`)
	imoDigits    = regexp.MustCompile(`\b(\d{7})\b`)
)

// ParseOFACRemarks parses the remarks column of OFAC's legacy CSV (sdn.csv,
// cons_prim.csv, after joining the comments overflow). Remarks are
// "; "-separated fragments such as "DOB 10 Dec 1948", "alt. DOB 1936",
// "POB Giza, Egypt", "nationality Iran", "citizen Iran", "Passport 1084010
// (Egypt)", "Gender Male", "a.k.a. 'BILAL'", "Vessel Registration
// Identification IMO 7406784", "Linked To: X". Nothing is dropped: a fragment
// that is not recognised is kept in Other with an empty Label.
func ParseOFACRemarks(s string) Remarks {
	var r Remarks
	s = strings.TrimSpace(s)
	if s == "" || s == "-0-" {
		return r
	}
	for _, frag := range splitRemarks(s) {
		r.add(frag)
	}
	return r
}

// splitRemarks splits on ";" outside single-quoted a.k.a. names.
func splitRemarks(s string) []string {
	var out []string
	start := 0
	inQuote := false
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\'':
			// A quote opens only at the start of a word and closes only at the
			// end of one, so apostrophes inside names ("GAMA'AT") are ignored.
			if !inQuote && (i == 0 || s[i-1] == ' ') {
				inQuote = true
			} else if inQuote && (i+1 == len(s) || s[i+1] == ';' || s[i+1] == '.' || s[i+1] == ' ' || s[i+1] == ',') {
				inQuote = false
			}
		case ';':
			if !inQuote {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	out = append(out, s[start:])
	res := out[:0]
	for _, f := range out {
		f = strings.TrimSpace(f)
		f = strings.TrimSuffix(f, ".")
		f = strings.TrimSpace(f)
		if f != "" {
			res = append(res, f)
		}
	}
	return res
}

func (r *Remarks) add(frag string) {
	body := frag
	if rest, ok := strings.CutPrefix(body, "alt. "); ok {
		body = strings.TrimSpace(rest)
	}
	if m := aliasFrag.FindStringSubmatch(body); m != nil {
		t := AliasAKA
		switch m[1] {
		case "f.k.a.":
			t = AliasFKA
		case "n.k.a.":
			t = AliasNKA
		}
		name := strings.Trim(strings.TrimSpace(m[2]), "'\"")
		if name != "" {
			r.Aliases = append(r.Aliases, Alias{Name: name, Type: t, Quality: QualityWeak})
		}
		return
	}
	if v, ok := cutWord(body, "DOB"); ok {
		if d, ok := ParseOFACDate(v); ok {
			r.BirthDates = append(r.BirthDates, d)
		} else {
			r.Other = append(r.Other, Fact{Label: "DOB", Value: v})
		}
		return
	}
	if v, ok := cutWord(body, "POB"); ok {
		r.BirthPlaces = append(r.BirthPlaces, parsePlace(v))
		return
	}
	if v, ok := cutWord(body, "nationality"); ok {
		r.Nationalities = append(r.Nationalities, NewCountry(v))
		return
	}
	if v, ok := cutWord(body, "citizen"); ok {
		r.Citizenships = append(r.Citizenships, NewCountry(v))
		return
	}
	if v, ok := cutWord(body, "Gender"); ok {
		r.Gender = v
		return
	}
	if v, ok := cutWord(body, "Vessel Registration Identification"); ok {
		if m := imoDigits.FindStringSubmatch(v); m != nil && strings.Contains(v, "IMO") {
			r.IMO = m[1]
		} else {
			r.Documents = append(r.Documents, Document{Type: "Vessel Registration Identification", Number: v})
		}
		return
	}
	if v, ok := cutWord(body, "MMSI"); ok {
		r.MMSI = v
		return
	}
	for _, l := range factLabels {
		if v, ok := cutWord(body, l); ok {
			r.Other = append(r.Other, Fact{Label: strings.TrimRight(l, ":- "), Value: v})
			return
		}
	}
	for _, t := range docTypes {
		if v, ok := cutWord(body, t); ok && v != "" {
			r.Documents = append(r.Documents, parseDocument(t, v))
			return
		}
	}
	// Unlisted document types: "<Label> <number> (<Country>)...".
	if d, ok := genericDocument(body); ok {
		r.Documents = append(r.Documents, d)
		return
	}
	r.Other = append(r.Other, Fact{Value: frag})
}

// cutWord returns the rest of s after prefix when prefix is followed by a
// space or the end of s.
func cutWord(s, prefix string) (string, bool) {
	if !strings.HasPrefix(s, prefix) {
		return "", false
	}
	rest := s[len(prefix):]
	if rest == "" {
		return "", true
	}
	if rest[0] != ' ' && !strings.HasSuffix(prefix, ":") && !strings.HasSuffix(prefix, "-") {
		return "", false
	}
	return strings.TrimSpace(rest), true
}

// parseDocument splits "A1234 (Iran) issued 2010 expires 2020" into number,
// issuing country and note.
func parseDocument(typ, v string) Document {
	d := Document{Type: typ}
	if loc := parenCountry.FindStringSubmatchIndex(v); loc != nil {
		if c, ok := CountryCode(v[loc[2]:loc[3]]); ok {
			d.Number = strings.TrimSpace(v[:loc[0]])
			d.Country = Country{Name: v[loc[2]:loc[3]], ISO2: c}
			d.Note = strings.TrimSpace(v[loc[1]:])
			return d
		}
	}
	d.Number = v
	return d
}

func genericDocument(body string) (Document, bool) {
	loc := parenCountry.FindStringSubmatchIndex(body)
	if loc == nil {
		return Document{}, false
	}
	if _, ok := CountryCode(body[loc[2]:loc[3]]); !ok {
		return Document{}, false
	}
	head := strings.Fields(body[:loc[0]])
	// The number is the last token before the parenthesis; it must contain a digit.
	if len(head) < 2 || !strings.ContainsAny(head[len(head)-1], "0123456789") {
		return Document{}, false
	}
	numStart := len(head) - 1
	for numStart > 1 && strings.ContainsAny(head[numStart-1], "0123456789") {
		numStart--
	}
	typ := strings.Join(head[:numStart], " ")
	return parseDocument(typ, strings.TrimSpace(body[len(strings.Join(head[:numStart], " ")):])), true
}

// parsePlace splits "Nahia, Giza, Egypt" into city and country: the last
// comma-separated part is the country if it maps.
func parsePlace(v string) Place {
	p := Place{Text: v}
	parts := strings.Split(v, ",")
	last := strings.TrimSpace(parts[len(parts)-1])
	if c, ok := CountryCode(last); ok {
		p.Country = Country{Name: last, ISO2: c}
		if len(parts) > 1 {
			p.City = strings.TrimSpace(parts[0])
		}
	} else if len(parts) == 1 {
		p.City = last
	}
	return p
}

var months = map[string]int{
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
	"jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}

// ParseOFACDate parses OFAC date phrases: "10 Dec 1948", "Dec 1965", "1946",
// "circa 1958", "circa 01 Jan 1960", "1960 to 1962", "01 Jan 1970 to 31 Dec
// 1975", "circa 1975-1977".
func ParseOFACDate(s string) (PartialDate, bool) {
	orig := strings.TrimSpace(s)
	s = orig
	circa := false
	if rest, ok := strings.CutPrefix(s, "circa "); ok {
		circa, s = true, strings.TrimSpace(rest)
	}
	var from, to string
	if a, b, ok := strings.Cut(s, " to "); ok {
		from, to = a, b
	} else if a, b, ok := strings.Cut(s, "-"); ok && len(a) == 4 && len(strings.TrimSpace(b)) == 4 {
		from, to = a, b
	} else {
		from = s
	}
	d, ok := parseDMY(from)
	if !ok {
		return PartialDate{}, false
	}
	if to != "" {
		t, ok := parseDMY(to)
		if !ok {
			return PartialDate{}, false
		}
		d.To = &t
	}
	d.Circa = circa
	d.Text = orig
	return d, true
}

// parseDMY parses "10 Dec 1948", "Dec 1948" or "1948".
func parseDMY(s string) (PartialDate, bool) {
	f := strings.Fields(s)
	var d PartialDate
	switch len(f) {
	case 1:
		y, ok := year(f[0])
		if !ok {
			return d, false
		}
		return PartialDate{Year: y, Precision: PrecisionYear}, true
	case 2:
		m, ok := months[strings.ToLower(f[0])]
		y, ok2 := year(f[1])
		if !ok || !ok2 {
			return d, false
		}
		return PartialDate{Year: y, Month: m, Precision: PrecisionMonth}, true
	case 3:
		day, err := strconv.Atoi(f[0])
		m, ok := months[strings.ToLower(f[1])]
		y, ok2 := year(f[2])
		if err != nil || !ok || !ok2 || day < 1 || day > 31 {
			return d, false
		}
		return PartialDate{Year: y, Month: m, Day: day, Precision: PrecisionDay}, true
	}
	return d, false
}

func year(s string) (int, bool) {
	if len(s) != 4 {
		return 0, false
	}
	y, err := strconv.Atoi(s)
	if err != nil || y < 1000 {
		return 0, false
	}
	return y, true
}

// parseISODate parses "2006-01-02", "2006-01" or "2006".
func parseISODate(s string) (PartialDate, bool) {
	s = strings.TrimSpace(s)
	if len(s) >= 10 {
		s = s[:10]
	}
	parts := strings.Split(s, "-")
	y, ok := year(parts[0])
	if !ok {
		return PartialDate{}, false
	}
	d := PartialDate{Year: y, Precision: PrecisionYear, Text: s}
	if len(parts) > 1 {
		m, err := strconv.Atoi(parts[1])
		if err != nil || m < 1 || m > 12 {
			return PartialDate{}, false
		}
		d.Month, d.Precision = m, PrecisionMonth
	}
	if len(parts) > 2 {
		day, err := strconv.Atoi(parts[2])
		if err != nil || day < 1 || day > 31 {
			return PartialDate{}, false
		}
		d.Day, d.Precision = day, PrecisionDay
	}
	return d, true
}
