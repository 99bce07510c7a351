package lists

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"sort"
	"time"
)

// Coverage says which kinds of data a snapshot's source carries, so that a
// diff between versions with different file sets (e.g. the 2024-05 SDN file
// that has no alt.csv) does not report every alias as removed.
type Coverage struct {
	Aliases       bool // strong aliases (OFAC alt.csv, UN/EU/UK alias records)
	Addresses     bool
	Documents     bool
	BirthDates    bool
	Nationalities bool
}

// Snapshot is one immutable, loaded version of a list. Never modify a
// Snapshot or its Entries after it is built: the Registry shares it between
// readers without copying.
type Snapshot struct {
	List        ListID
	Source      string    // human description: publisher, file names, provenance
	VersionDate time.Time // publication date of this version (UTC midnight)
	Hash        string    // hex SHA-256 over the input files (name, NUL, raw bytes as shipped, in load order)
	Files       []string  // input file names in hash order
	Coverage    Coverage
	Counts      map[Kind]int
	Entries     []Entry // sorted by SourceID (numeric ids numerically)
	LoadedAt    time.Time

	byID map[string]int
}

// Version identifies the snapshot: list, date and a short content hash.
func (s *Snapshot) Version() string {
	return fmt.Sprintf("%s@%s#%s", s.List, s.VersionDate.Format(time.DateOnly), s.Hash[:12])
}

// Len is the number of entries.
func (s *Snapshot) Len() int { return len(s.Entries) }

// Lookup returns the entry with the given source id.
func (s *Snapshot) Lookup(id string) (*Entry, bool) {
	i, ok := s.byID[id]
	if !ok {
		return nil, false
	}
	return &s.Entries[i], true
}

// LoadOptions are the caller-supplied facts about a version.
type LoadOptions struct {
	// Version is the version date when the files do not carry one (OFAC legacy
	// CSV, the CSL); for formats that carry a date it overrides it if set.
	Version time.Time
	// Source describes where the files came from (shown to operators).
	Source string
	// Now is the clock used to reject impossible future dates (default time.Now).
	Now func() time.Time
}

func (o LoadOptions) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

// ErrEmpty is returned for a list file with no entries: a truncated download
// must not replace a good version.
var ErrEmpty = errors.New("list has no entries")

func newHash() hash.Hash { return sha256.New() }

func buildSnapshot(list ListID, opts LoadOptions, version time.Time, h hash.Hash, files []Input, cov Coverage, entries []Entry) (*Snapshot, error) {
	if len(entries) == 0 {
		name := ""
		if len(files) > 0 {
			name = files[0].Name
		}
		return nil, &ParseError{File: name, Err: ErrEmpty}
	}
	if !opts.Version.IsZero() {
		version = opts.Version
	}
	if version.IsZero() {
		return nil, fmt.Errorf("lists: %s: no version date in the files and none given", list)
	}
	sort.Slice(entries, func(i, j int) bool { return idLess(entries[i].SourceID, entries[j].SourceID) })
	s := &Snapshot{
		List:        list,
		Source:      opts.Source,
		VersionDate: time.Date(version.Year(), version.Month(), version.Day(), 0, 0, 0, 0, time.UTC),
		Hash:        hex.EncodeToString(h.Sum(nil)),
		Coverage:    cov,
		Counts:      map[Kind]int{},
		Entries:     entries,
		LoadedAt:    opts.now().UTC(),
		byID:        make(map[string]int, len(entries)),
	}
	for _, f := range files {
		s.Files = append(s.Files, f.Name)
	}
	for i := range entries {
		id := entries[i].SourceID
		if _, dup := s.byID[id]; dup {
			return nil, fmt.Errorf("lists: %s: duplicate entry id %q", list, id)
		}
		s.byID[id] = i
		s.Counts[entries[i].Kind]++
	}
	return s, nil
}

// idLess orders numeric ids numerically and everything else bytewise.
func idLess(a, b string) bool {
	if isDigits(a) && isDigits(b) && len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

// LoadOFAC loads one version of an OFAC list (SDN or consolidated non-SDN) in
// the legacy CSV layout. The files carry no date, so opts.Version is required.
func LoadOFAC(ctx context.Context, list ListID, files OFACFiles, opts LoadOptions) (*Snapshot, error) {
	if opts.Version.IsZero() {
		return nil, fmt.Errorf("lists: %s: OFAC CSV files carry no date; LoadOptions.Version is required", list)
	}
	h := newHash()
	entries, cov, err := parseOFAC(ctx, list, files, h)
	if err != nil {
		return nil, err
	}
	return buildSnapshot(list, opts, opts.Version, h, files.inputs(), cov, entries)
}
