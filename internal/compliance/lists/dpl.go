package lists

import (
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"
)

var dplHeader = []string{"Name", "Street_Address", "City", "State", "Country", "Postal_Code",
	"Effective_Date", "Expiration_Date", "Standard_Order", "Last_Update", "Action", "FR_Citation"}

// legalForm detects company names in lists that do not type their entries
// (the DPL). Only unambiguous corporate suffixes are used; anything else stays
// KindUnknown rather than being guessed to be a person.
var legalForm = regexp.MustCompile(`(?i)\b(LTD|LIMITED|INC|INCORPORATED|CORP|CORPORATION|CO|COMPANY|LLC|L\.L\.C|GMBH|S\.A|SA|SRL|S\.R\.L|B\.V|BV|AG|PLC|LLP|ENTERPRISES?|INDUSTRIES|INTERNATIONAL|TRADING|GROUP|ELECTRONICS|TECHNOLOG(Y|IES)|SYSTEMS|SERVICES)\b\.?`)

// LoadDPL loads the BIS Denied Persons List (tab-separated, every field
// double-quoted, header row). The DPL has no entry ids: SourceID is a hash of
// name, street and city, so an unchanged listing keeps its id across versions.
// The version date is the newest Last_Update not after today (the source
// contains a "3017-08-22" typo).
func LoadDPL(ctx context.Context, in Input, opts LoadOptions) (*Snapshot, error) {
	h := newHash()
	rc, err := in.open(h)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	cr := csv.NewReader(rc)
	cr.Comma = '\t'
	cr.FieldsPerRecord = len(dplHeader)
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err != nil {
		return nil, csvErr(in.Name, err)
	}
	for i, want := range dplHeader {
		if strings.TrimSpace(head[i]) != want {
			return nil, &ParseError{File: in.Name, Line: 1, Err: fmt.Errorf("header column %d is %q, want %q", i+1, head[i], want)}
		}
	}
	today := opts.now()
	var (
		entries []Entry
		newest  time.Time
		seen    = map[string]int{}
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
		f := func(i int) string { return strings.TrimSpace(rec[i]) }
		name := f(0)
		if name == "" {
			return nil, &ParseError{File: in.Name, Line: line, Err: errors.New("empty Name")}
		}
		sum := sha256.Sum256([]byte(strings.ToUpper(name + "\x00" + f(1) + "\x00" + f(2))))
		id := hex.EncodeToString(sum[:8])
		if n := seen[id]; n > 0 {
			id = fmt.Sprintf("%s-%d", id, n+1)
		}
		seen[id[:16]]++
		e := Entry{List: ListBISDPL, SourceID: id, Name: name, Kind: KindUnknown, Programs: []string{"DPL"}}
		if legalForm.MatchString(name) {
			e.Kind = KindEntity
		}
		a := Address{City: f(2), State: f(3), Postal: f(5)}
		if s := f(1); s != "" {
			a.Lines = []string{s}
		}
		if c := f(4); c != "" {
			if _, isCountry := CountryCode(c); !isCountry && usStates[c] && a.State == "" {
				// A few rows have the US state shifted into Country.
				a.State, c = c, "US"
			}
			a.Country = NewCountry(c)
		}
		if a.Lines != nil || a.City != "" || a.Country.Name != "" {
			e.Addresses = []Address{a}
		}
		if t, err := time.Parse("01/02/2006", f(6)); err == nil {
			e.ListedOn = PartialDate{Year: t.Year(), Month: int(t.Month()), Day: t.Day(), Precision: PrecisionDay, Text: f(6)}
		}
		for i, label := range map[int]string{7: "Expiration Date", 8: "Standard Order", 9: "Last Update", 10: "Action", 11: "FR Citation"} {
			if v := f(i); v != "" {
				e.Other = append(e.Other, Fact{Label: label, Value: v})
			}
		}
		sortFacts(e.Other)
		if t, err := time.Parse(time.DateOnly, f(9)); err == nil && !t.After(today) && t.After(newest) {
			newest = t
		}
		entries = append(entries, e)
	}
	if err := drainAndClose(rc); err != nil {
		return nil, &ParseError{File: in.Name, Err: err}
	}
	return buildSnapshot(ListBISDPL, opts, newest, h, []Input{in}, Coverage{Addresses: true}, entries)
}

// usStates are US state codes that are not ISO country codes; used to
// repair rows whose state sits in the Country column.
var usStates = map[string]bool{"NM": true, "NY": true, "TX": true, "FL": true, "NJ": true, "OH": true,
	"OK": true, "OR": true, "UT": true, "WA": true, "WI": true, "WY": true, "WV": true, "IA": true, "ND": true,
	"SD": true, "NH": true, "NV": true, "MI": true, "KS": true, "HI": true, "IL": true, "AZ": true,
	"CT": true, "DC": true, "VT": true, "RI": true}

func sortFacts(f []Fact) {
	for i := 1; i < len(f); i++ {
		for j := i; j > 0 && f[j].Label < f[j-1].Label; j-- {
			f[j], f[j-1] = f[j-1], f[j]
		}
	}
}

func csvErr(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &ParseError{File: name, Line: pe.StartLine, Err: pe.Err}
	}
	if err == io.EOF {
		return &ParseError{File: name, Err: errors.New("empty file")}
	}
	return &ParseError{File: name, Err: err}
}
