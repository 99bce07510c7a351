package lists

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"strings"
	"testing"
)

// The README of /work/shared/data gives these counts.
func TestLoadShipped_CountsMatchREADME(t *testing.T) {
	tests := []struct {
		list    ListID
		version string
		total   int
		counts  map[Kind]int
	}{
		{ListOFACSDN, "2021-07-07", 8976, map[Kind]int{KindIndividual: 4620, KindVessel: 406, KindAircraft: 277, KindEntity: 3673}},
		{ListOFACSDN, "2024-05-03", 14965, map[Kind]int{KindIndividual: 6854, KindVessel: 851, KindAircraft: 376, KindEntity: 6884}},
		{ListOFACCons, "2025-12-19", 442, nil},
		{ListUN, "2026-02-27", 1003, map[Kind]int{KindIndividual: 730, KindEntity: 273}},
		{ListBISDPL, "2022-09-02", 581, nil},
	}
	reg := shipped(t)
	for _, tt := range tests {
		t.Run(string(tt.list)+"@"+tt.version, func(t *testing.T) {
			s, ok := reg.Version(tt.list, tt.version)
			if !ok {
				t.Fatalf("version not loaded; history: %v", reg.History(tt.list))
			}
			if s.Len() != tt.total {
				t.Errorf("entries = %d, want %d", s.Len(), tt.total)
			}
			for k, n := range tt.counts {
				if s.Counts[k] != n {
					t.Errorf("%s = %d, want %d", k, s.Counts[k], n)
				}
			}
			if len(s.Hash) != 64 {
				t.Errorf("hash %q", s.Hash)
			}
			for i := 1; i < len(s.Entries); i++ {
				if !idLess(s.Entries[i-1].SourceID, s.Entries[i].SourceID) {
					t.Fatalf("entries not sorted at %d: %s, %s", i, s.Entries[i-1].SourceID, s.Entries[i].SourceID)
				}
			}
		})
	}
}

func TestLoadShipped_NewestSDNIsCurrentOlderInHistory(t *testing.T) {
	reg := shipped(t)
	cur, _ := reg.Current(ListOFACSDN)
	if got := cur.VersionDate.Format("2006-01-02"); got != "2024-05-03" {
		t.Fatalf("current SDN = %s", got)
	}
	if cur.Coverage.Aliases || cur.Coverage.Addresses {
		t.Errorf("2024-05 SDN has no alt/add files, coverage must say so: %+v", cur.Coverage)
	}
	if h := reg.History(ListOFACSDN); len(h) != 2 {
		t.Fatalf("history = %d versions", len(h))
	}
	if len(reg.All()) != 4 {
		t.Errorf("current lists = %d, want 4", len(reg.All()))
	}
}

// The SHA256SUMS shipped beside the data must match the embedded bytes.
func TestShippedData_SHA256SUMS(t *testing.T) {
	fsys := ShippedFS()
	sums, err := fs.ReadFile(fsys, "SHA256SUMS")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, line := range strings.Split(strings.TrimSpace(string(sums)), "\n") {
		want, name, ok := strings.Cut(line, "  ")
		if !ok {
			t.Fatalf("bad line %q", line)
		}
		f, err := fsys.Open(strings.TrimPrefix(name, "./"))
		if err != nil {
			t.Fatal(err)
		}
		h := sha256.New()
		if _, err := io.Copy(h, f); err != nil {
			t.Fatal(err)
		}
		f.Close()
		if got := hex.EncodeToString(h.Sum(nil)); got != want {
			t.Errorf("%s: sha256 %s, SHA256SUMS says %s", name, got, want)
		}
		n++
	}
	if n != 11 {
		t.Errorf("SHA256SUMS lists %d files, want 11", n)
	}
}
