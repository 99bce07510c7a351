package compliance

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"sync"

	"github.com/manifoldhq/manifold/ent/schematype"
	"github.com/manifoldhq/manifold/internal/compliance/lists"
)

// Bounds of the entry a check keeps: enough to decide, not the whole record.
const (
	maxEntryAliases   = 25
	maxEntryAddresses = 8
	maxEntryDocuments = 12
	maxEntryItems     = 8 // birth dates, places, nationalities, citizenships
	maxEntryRemarks   = 1500
	entryCacheLimit   = 20000
)

// entryInfo is what a match carries about its entry: the content hash suppressions are
// keyed on and the reviewer's view.
type entryInfo struct {
	hash  string
	entry *schematype.ListEntry
}

type entryKey struct {
	snap *lists.Snapshot
	id   string
}

// entryCache computes each entry's hash and view once per snapshot: screening the same
// names again (rescreens, repeated parties) would otherwise marshal and hash the entry
// every time. Snapshots are immutable, so a key never goes stale; the map is dropped
// whole when it grows past its limit.
type entryCache struct {
	mu sync.Mutex
	m  map[entryKey]entryInfo
}

// get answers the entry in the version that matched (the index in use may trail the
// registry for the moment a rebuild takes), else in the current version.
func (c *entryCache) get(reg *lists.Registry, list lists.ListID, version, id string) entryInfo {
	snap, ok := reg.Version(list, version)
	if !ok {
		if snap, ok = reg.Current(list); !ok {
			return entryInfo{hash: "unknown"}
		}
	}
	k := entryKey{snap, id}
	c.mu.Lock()
	info, ok := c.m[k]
	c.mu.Unlock()
	if ok {
		return info
	}
	info = entryInfo{hash: "unknown"}
	if e, found := snap.Lookup(id); found {
		info.entry = listEntry(e)
		if b, err := json.Marshal(e); err == nil {
			sum := sha256.Sum256(b)
			info.hash = hex.EncodeToString(sum[:16])
		}
	}
	c.mu.Lock()
	if c.m == nil || len(c.m) >= entryCacheLimit {
		c.m = make(map[entryKey]entryInfo)
	}
	c.m[k] = info
	c.mu.Unlock()
	return info
}

// listEntry renders an entry for review.
func listEntry(e *lists.Entry) *schematype.ListEntry {
	out := &schematype.ListEntry{Kind: e.Kind.String(), Title: e.Title, Gender: e.Gender}
	cut := false
	for i, a := range e.Aliases {
		if i == maxEntryAliases {
			cut = true
			break
		}
		out.Aliases = append(out.Aliases, schematype.EntryAlias{Name: a.Name, Type: a.Type.String(), Quality: a.Quality.String(), Script: a.Script})
	}
	for i, d := range e.BirthDates {
		if i == maxEntryItems {
			cut = true
			break
		}
		out.BirthDates = append(out.BirthDates, dateText(d))
	}
	for i, p := range e.BirthPlaces {
		if i == maxEntryItems {
			cut = true
			break
		}
		out.BirthPlaces = append(out.BirthPlaces, placeText(p))
	}
	var c1, c2 bool
	out.Nationalities, c1 = countries(e.Nationalities)
	out.Citizenships, c2 = countries(e.Citizenships)
	cut = cut || c1 || c2
	for i, a := range e.Addresses {
		if i == maxEntryAddresses {
			cut = true
			break
		}
		if s := addressText(a); s != "" {
			out.Addresses = append(out.Addresses, s)
		}
	}
	for i, d := range e.Documents {
		if i == maxEntryDocuments {
			cut = true
			break
		}
		out.Documents = append(out.Documents, schematype.EntryDocument{Type: d.Type, Number: d.Number, Country: countryText(d.Country), Note: d.Note})
	}
	if v := e.Vessel; v != nil {
		out.Vessel = &schematype.EntryVessel{IMO: v.IMO, MMSI: v.MMSI, CallSign: v.CallSign, Type: v.Type,
			Flag: countryText(v.Flag), Owner: v.Owner, Tonnage: v.Tonnage}
	}
	if !e.ListedOn.IsZero() {
		out.ListedOn = dateText(e.ListedOn)
	}
	out.Remarks = e.Remarks
	if r := []rune(e.Remarks); len(r) > maxEntryRemarks {
		out.Remarks, cut = string(r[:maxEntryRemarks])+"…", true
	}
	out.Truncated = cut
	return out
}

func dateText(d lists.PartialDate) string {
	if d.Text != "" {
		return d.Text
	}
	return d.String()
}

func countryText(c lists.Country) string {
	if c.ISO2 != "" {
		return c.ISO2
	}
	return c.Name
}

func countries(cs []lists.Country) ([]string, bool) {
	var out []string
	for i, c := range cs {
		if i == maxEntryItems {
			return out, true
		}
		if s := countryText(c); s != "" {
			out = append(out, s)
		}
	}
	return out, false
}

func placeText(p lists.Place) string {
	if p.Text != "" {
		return p.Text
	}
	return joinNonEmpty(", ", p.City, countryText(p.Country))
}

func addressText(a lists.Address) string {
	parts := append([]string{}, a.Lines...)
	parts = append(parts, a.City, a.State, a.Postal, a.Country.Name)
	s := joinNonEmpty(", ", parts...)
	if a.Note != "" {
		s = joinNonEmpty(" ", s, "("+a.Note+")")
	}
	return s
}

func joinNonEmpty(sep string, parts ...string) string {
	var keep []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, sep)
}
