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

// Hash without parsing must give the hash the loaders compute: a process decides from
// it whether the shipped versions are already stored.
func TestShippedVersion_HashWithoutParsingIsTheSnapshotHash(t *testing.T) {
	fsys := ShippedFS()
	for _, v := range ShippedVersions() {
		snap, err := v.Load(t.Context(), fsys)
		if err != nil {
			t.Fatal(err)
		}
		h, err := v.Hash(fsys)
		if err != nil {
			t.Fatal(err)
		}
		if h != snap.Hash {
			t.Errorf("%s %s: Hash %s, loaded snapshot %s", v.List, v.Version, h, snap.Hash)
		}
		if v.Format.List() != v.List {
			t.Errorf("%s: format %s is for %s", v.List, v.Format, v.Format.List())
		}
	}
}

func TestArrange_OFACRolesByNameAndOneFileFormats(t *testing.T) {
	in := func(names ...string) []Input {
		var out []Input
		for _, n := range names {
			out = append(out, BytesInput(n, []byte("x")))
		}
		return out
	}
	names := func(ins []Input) string {
		var s []string
		for _, i := range ins {
			s = append(s, i.Name)
		}
		return strings.Join(s, ",")
	}
	tests := []struct {
		name   string
		format Format
		files  []Input
		want   string
		err    string
	}{
		{"ofac any order of secondaries", FormatOFAC, in("sdn.csv", "sdn_comments.csv", "alt.csv", "add.csv"), "sdn.csv,add.csv,alt.csv,sdn_comments.csv", ""},
		{"ofac primary only", FormatOFAC, in("sdn.csv.gz"), "sdn.csv.gz", ""},
		{"ofac unknown file", FormatOFACCons, in("cons_prim.csv", "notes.txt"), "", "cannot tell what notes.txt is"},
		{"ofac two alias files", FormatOFAC, in("sdn.csv", "alt.csv", "alt2.csv"), "", "second file"},
		{"dpl one file", FormatDPL, in("dpl.txt"), "dpl.txt", ""},
		{"un two files", FormatUN, in("a.xml", "b.xml"), "", "takes one file"},
		{"no file", FormatEU, nil, "", "no file"},
		{"unknown format", Format("xls"), in("a"), "", "unknown format"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Arrange(tt.format, tt.files)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil || names(got) != tt.want {
				t.Fatalf("got %s, %v; want %s", names(got), err, tt.want)
			}
		})
	}
}
