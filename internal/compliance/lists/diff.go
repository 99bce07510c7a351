package lists

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Field names used in Change.Fields.
const (
	FieldName          = "name"
	FieldKind          = "kind"
	FieldAliases       = "aliases"
	FieldPrograms      = "programs"
	FieldBirthDates    = "birth_dates"
	FieldNationalities = "countries" // nationalities and citizenships
	FieldAddresses     = "address_countries"
)

// Change is an entry present in both versions whose screening-relevant data
// differs.
type Change struct {
	ID       string
	Old, New *Entry
	Fields   []FieldChange
}

// FieldChange summarises one changed field.
type FieldChange struct {
	Field   string
	Added   []string // values only in the new version
	Removed []string // values only in the old version
}

func (f FieldChange) String() string {
	var b strings.Builder
	b.WriteString(f.Field)
	if len(f.Added) > 0 {
		fmt.Fprintf(&b, " +%q", f.Added)
	}
	if len(f.Removed) > 0 {
		fmt.Fprintf(&b, " -%q", f.Removed)
	}
	return b.String()
}

// DiffResult is what changed between two versions of one list.
type DiffResult struct {
	List     ListID
	From, To string // Version() of each side
	Added    []*Entry
	Removed  []*Entry
	Changed  []Change
	// NotCompared lists fields left out because one side's source does not
	// carry them (e.g. aliases when one OFAC version has no alt.csv).
	NotCompared []string
}

// Diff compares two versions of the same list. Entries are matched by
// SourceID. "Changed" means the primary name, kind, aliases, programs, birth
// dates, nationalities/citizenships or address countries differ; remarks and
// other free text are ignored since they do not affect screening. Fields that
// either snapshot's Coverage marks as absent are not compared and are listed
// in NotCompared.
func Diff(old, cur *Snapshot) (*DiffResult, error) {
	if old.List != cur.List {
		return nil, fmt.Errorf("lists: cannot diff %s against %s", old.List, cur.List)
	}
	res := &DiffResult{List: old.List, From: old.Version(), To: cur.Version()}
	both := func(a, b bool) bool { return a && b }
	cmpAliases := both(old.Coverage.Aliases, cur.Coverage.Aliases)
	cmpDOB := both(old.Coverage.BirthDates, cur.Coverage.BirthDates)
	cmpNat := both(old.Coverage.Nationalities, cur.Coverage.Nationalities)
	cmpAddr := both(old.Coverage.Addresses, cur.Coverage.Addresses)
	for f, ok := range map[string]bool{FieldAliases: cmpAliases, FieldBirthDates: cmpDOB, FieldNationalities: cmpNat, FieldAddresses: cmpAddr} {
		if !ok {
			res.NotCompared = append(res.NotCompared, f)
		}
	}
	sort.Strings(res.NotCompared)

	for i := range cur.Entries {
		n := &cur.Entries[i]
		o, ok := old.Lookup(n.SourceID)
		if !ok {
			res.Added = append(res.Added, n)
			continue
		}
		var fc []FieldChange
		add := func(field string, a, b []string) {
			if c, ok := setDiff(field, a, b); ok {
				fc = append(fc, c)
			}
		}
		add(FieldName, []string{o.Name}, []string{n.Name})
		add(FieldKind, []string{o.Kind.String()}, []string{n.Kind.String()})
		if cmpAliases {
			add(FieldAliases, aliasNames(o), aliasNames(n))
		}
		add(FieldPrograms, o.Programs, n.Programs)
		if cmpDOB {
			add(FieldBirthDates, dates(o.BirthDates), dates(n.BirthDates))
		}
		if cmpNat {
			add(FieldNationalities, nationCodes(o), nationCodes(n))
		}
		if cmpAddr {
			add(FieldAddresses, addrCodes(o), addrCodes(n))
		}
		if len(fc) > 0 {
			res.Changed = append(res.Changed, Change{ID: n.SourceID, Old: o, New: n, Fields: fc})
		}
	}
	for i := range old.Entries {
		o := &old.Entries[i]
		if _, ok := cur.Lookup(o.SourceID); !ok {
			res.Removed = append(res.Removed, o)
		}
	}
	return res, nil
}

// Summary counts the changed entries per field.
func (d *DiffResult) Summary() map[string]int {
	out := map[string]int{}
	for _, c := range d.Changed {
		for _, f := range c.Fields {
			out[f.Field]++
		}
	}
	return out
}

func setDiff(field string, a, b []string) (FieldChange, bool) {
	as, bs := uniqSorted(a), uniqSorted(b)
	if slices.Equal(as, bs) {
		return FieldChange{}, false
	}
	c := FieldChange{Field: field}
	for _, v := range bs {
		if _, found := slices.BinarySearch(as, v); !found {
			c.Added = append(c.Added, v)
		}
	}
	for _, v := range as {
		if _, found := slices.BinarySearch(bs, v); !found {
			c.Removed = append(c.Removed, v)
		}
	}
	return c, true
}

func uniqSorted(s []string) []string {
	out := make([]string, 0, len(s))
	for _, v := range s {
		if v != "" {
			out = append(out, v)
		}
	}
	sort.Strings(out)
	return slices.Compact(out)
}

func aliasNames(e *Entry) []string {
	out := make([]string, 0, len(e.Aliases))
	for _, a := range e.Aliases {
		out = append(out, a.Type.String()+":"+a.Name)
	}
	return out
}

func dates(ds []PartialDate) []string {
	out := make([]string, 0, len(ds))
	for _, d := range ds {
		out = append(out, d.String())
	}
	return out
}

func nationCodes(e *Entry) []string {
	var out []string
	for _, c := range append(append([]Country(nil), e.Nationalities...), e.Citizenships...) {
		out = append(out, countryOrName(c))
	}
	return out
}

func addrCodes(e *Entry) []string {
	var out []string
	for _, a := range e.Addresses {
		out = append(out, countryOrName(a.Country))
	}
	return out
}

func countryOrName(c Country) string {
	if c.ISO2 != "" {
		return c.ISO2
	}
	return c.Name
}
