// Package lists loads the official sanctions and denied-party lists into one
// normalised model (Entry), keeps each list as an immutable, versioned Snapshot
// with a content hash, swaps snapshots atomically in a Registry and diffs two
// versions of a list. It is pure Go with no I/O beyond reading the list files;
// the matching engine builds its indexes on top of the Entry model.
package lists

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ListID names a list (not a version of it). Versions of one list share the ID.
type ListID string

// The lists Manifold knows how to load.
const (
	ListOFACSDN  ListID = "us_ofac_sdn"  // OFAC Specially Designated Nationals
	ListOFACCons ListID = "us_ofac_cons" // OFAC consolidated non-SDN lists (SSI, NS-PLC, CMIC, ...)
	ListUN       ListID = "un_sc"        // UN Security Council Consolidated List
	ListBISDPL   ListID = "us_bis_dpl"   // BIS Denied Persons List
	ListCSL      ListID = "us_csl"       // trade.gov Consolidated Screening List
	ListEU       ListID = "eu_fsf"       // EU consolidated financial sanctions (FSF XML)
	ListUK       ListID = "uk_fcdo"      // UK Sanctions List (FCDO XML)
)

// Kind is what a list entry designates.
type Kind uint8

// Entry kinds. KindUnknown is used only where the source gives no type and
// nothing can be inferred (the DPL, for instance, mixes people and companies
// without saying which).
const (
	KindUnknown Kind = iota
	KindIndividual
	KindEntity
	KindVessel
	KindAircraft
)

var kindNames = [...]string{"unknown", "individual", "entity", "vessel", "aircraft"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// ParseKind is the inverse of Kind.String.
func ParseKind(s string) (Kind, error) {
	for i, n := range kindNames {
		if strings.EqualFold(s, n) {
			return Kind(i), nil
		}
	}
	return KindUnknown, fmt.Errorf("lists: unknown kind %q", s)
}

// Entry is one designated party, normalised across all list formats. Strings
// are kept as published (original case and script); normalisation for
// matching (case folding, transliteration, token order) is the matcher's job.
// Slices are nil when the source says nothing; country codes are ISO 3166-1
// alpha-2 and empty when a country name could not be mapped (the original text
// is always kept beside it).
type Entry struct {
	List     ListID // list the entry belongs to
	SourceID string // the source's own stable id: OFAC ent_num, UN DATAID, EU logicalId, UK UniqueID; for the DPL a hash of name and address
	Kind     Kind

	// Name is the primary name as published. OFAC and the UK list write
	// individuals as "SURNAME, Given Names"; UN and EU give parts separately
	// (see Parts) and Name is then the parts joined in the source's order.
	Name    string
	Parts   *NameParts // structured parts of the primary name where the source gives them
	Aliases []Alias
	Title   string // OFAC title / position (not an honorific); UN DESIGNATION joined by "; "

	Programs []string // sanction programmes or regimes, e.g. "SDGT", "IRAN-EO13902", "DRC", "TERR"

	Addresses     []Address
	Nationalities []Country // nationality statements
	Citizenships  []Country // citizenship statements (OFAC "citizen", EU citizenship)
	BirthDates    []PartialDate
	BirthPlaces   []Place
	Gender        string // "Male", "Female" where stated
	Documents     []Document
	Vessel        *Vessel // vessel or aircraft details

	ListedOn PartialDate // designation date where the source gives it
	Remarks  string      // free text as published (OFAC remarks incl. comments overflow, UN COMMENTS1, ...)
	// Other holds remark fragments the parser recognised as structured but
	// has no field for (e.g. "Linked To: X", "Email Address x"), keyed by label.
	Other []Fact
}

// Key is the identity of an entry across versions of its list.
func (e *Entry) Key() string { return e.SourceID }

// AllNames returns the primary name followed by every alias name.
func (e *Entry) AllNames() []string {
	out := make([]string, 0, 1+len(e.Aliases))
	out = append(out, e.Name)
	for _, a := range e.Aliases {
		out = append(out, a.Name)
	}
	return out
}

// Countries returns the distinct ISO2 codes of nationalities, citizenships,
// address countries and birth-place countries, in that order of priority.
func (e *Entry) Countries() []string {
	seen := map[string]bool{}
	var out []string
	add := func(c string) {
		if c != "" && !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	for _, c := range e.Nationalities {
		add(c.ISO2)
	}
	for _, c := range e.Citizenships {
		add(c.ISO2)
	}
	for _, a := range e.Addresses {
		add(a.Country.ISO2)
	}
	for _, p := range e.BirthPlaces {
		add(p.Country.ISO2)
	}
	return out
}

// AliasType is the relation of an alias to the primary name.
type AliasType uint8

// Alias types. OFAC distinguishes aka/fka/nka; UN, EU and UK mostly say "alias".
const (
	AliasAKA AliasType = iota // also known as
	AliasFKA                  // formerly known as
	AliasNKA                  // now known as
)

func (t AliasType) String() string {
	switch t {
	case AliasFKA:
		return "fka"
	case AliasNKA:
		return "nka"
	default:
		return "aka"
	}
}

// AliasQuality is how reliable the source says an alias is. OFAC marks "weak"
// aliases in alt.csv remarks (a.k.a. fragments in remarks are strong); the UN
// marks "Good" / "Low"; the EU has strong="true|false".
type AliasQuality uint8

// Alias qualities. Weak aliases are typically short nicknames; the matcher
// should require extra evidence (country, DOB) before alerting on them alone.
const (
	QualityUnspecified AliasQuality = iota
	QualityStrong
	QualityWeak
)

func (q AliasQuality) String() string {
	switch q {
	case QualityStrong:
		return "strong"
	case QualityWeak:
		return "weak"
	default:
		return ""
	}
}

// Alias is another name of the entry.
type Alias struct {
	Name     string
	Type     AliasType
	Quality  AliasQuality
	Parts    *NameParts // where the source gives parts for the alias
	Script   string     // "original" for UN NAME_ORIGINAL_SCRIPT / UK non-Latin names; else empty
	Language string     // EU nameLanguage (ISO 639-1, upper case) where given
}

// NameParts is a structured person name. UN gives FIRST_NAME..FOURTH_NAME
// (Given holds them in order); EU gives first/middle/last; the UK gives Name1..Name5
// as given names and Name6 as the family name; OFAC individuals are split on the
// first comma ("SURNAME, Given").
type NameParts struct {
	Given  []string // given names in source order (UN FIRST..FOURTH_NAME, EU first+middle, UK Name1..Name5)
	Family string   // family name where the source identifies it (OFAC before the comma, EU lastName, UK Name6)
}

// Country is a country as written by the source plus its ISO2 code ("" if
// unmapped or not a country, e.g. "Region: Gaza").
type Country struct {
	Name string
	ISO2 string
}

// Address is a postal address. Lines are as published; City may include a
// state/province and postal code when the source fuses them (OFAC's
// "city/state/postal" column is kept in City, with Postal extracted only when
// the source has its own field).
type Address struct {
	Lines   []string
	City    string
	State   string
	Postal  string
	Country Country
	Note    string
}

// Place is a place of birth.
type Place struct {
	Text    string // as published, e.g. "Giza, Egypt"
	City    string
	Country Country
}

// Precision says how much of a PartialDate is known.
type Precision uint8

// Date precisions.
const (
	PrecisionNone Precision = iota
	PrecisionYear
	PrecisionMonth
	PrecisionDay
)

// PartialDate is a date that may be known only to the year or month, possibly
// approximate ("circa") and possibly a range (From..To, both inclusive). A zero
// PartialDate means "no date".
type PartialDate struct {
	Year, Month, Day int       // Month and Day 0 when unknown
	Precision        Precision // of the start (or only) date
	Circa            bool      // the source says "circa" / "approximately"
	To               *PartialDate
	Text             string // original text, for display and audit
}

// IsZero reports whether no date is set.
func (d PartialDate) IsZero() bool { return d.Precision == PrecisionNone }

func (d PartialDate) String() string {
	var s string
	switch d.Precision {
	case PrecisionYear:
		s = fmt.Sprintf("%04d", d.Year)
	case PrecisionMonth:
		s = fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	case PrecisionDay:
		s = fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
	default:
		return ""
	}
	if d.Circa {
		s = "~" + s
	}
	if d.To != nil {
		s += ".." + d.To.String()
	}
	return s
}

// Time returns the first day the date can denote (UTC).
func (d PartialDate) Time() time.Time {
	m, day := d.Month, d.Day
	if m == 0 {
		m = 1
	}
	if day == 0 {
		day = 1
	}
	return time.Date(d.Year, time.Month(m), day, 0, 0, 0, 0, time.UTC)
}

// Bounds returns the first and last year the date (or range) can denote.
// "circa" widens the bounds by two years on each side.
func (d PartialDate) Bounds() (lo, hi int) {
	lo, hi = d.Year, d.Year
	if d.To != nil {
		hi = d.To.Year
	}
	if d.Circa {
		lo, hi = lo-2, hi+2
	}
	return lo, hi
}

// Document is an identity or registration document.
type Document struct {
	Type    string // as published, e.g. "Passport", "National ID No.", "Cedula No.", "passport" (EU code)
	Number  string
	Country Country // issuing country where given
	Note    string  // issue/expiry dates and other details as published
}

// Vessel holds the vessel or aircraft details.
type Vessel struct {
	CallSign string
	Type     string // vessel type, or aircraft model
	Flag     Country
	Owner    string
	Tonnage  string
	GRT      string
	IMO      string // IMO number (7 digits) for vessels
	MMSI     string
}

// Fact is a labelled remark fragment with no dedicated field.
type Fact struct {
	Label string
	Value string
}
