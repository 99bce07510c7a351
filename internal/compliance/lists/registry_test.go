package lists

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"io/fs"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

func TestRegistry_AtomicSwapUnderConcurrentReaders(t *testing.T) {
	v1, v2 := sdnVersion(t, "2021-07-07"), sdnVersion(t, "2024-05-03")
	reg := NewRegistry(4)
	if _, err := reg.Publish(v1); err != nil {
		t.Fatal(err)
	}
	var stop atomic.Bool
	var wg sync.WaitGroup
	var reads atomic.Int64
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				s, ok := reg.Current(ListOFACSDN)
				if !ok {
					t.Error("list vanished")
					return
				}
				// A reader sees exactly one complete version.
				if n := s.Len(); n != 8976 && n != 14965 {
					t.Errorf("half-loaded snapshot: %d entries", n)
					return
				}
				if e, ok := s.Lookup(s.Entries[len(s.Entries)-1].SourceID); !ok || e.List != ListOFACSDN {
					t.Error("lookup inconsistent")
					return
				}
				reads.Add(1)
			}
		}()
	}
	for i := 0; i < 200 || reads.Load() < 2000; i++ {
		// Alternate by republishing: the older version is recorded but not made
		// current again, so flip through a fresh registry state each time.
		if i%2 == 0 {
			if _, err := reg.Publish(v2); err != nil {
				t.Fatal(err)
			}
		} else {
			reg.mu.Lock()
			m := map[ListID]*Snapshot{ListOFACSDN: v1}
			reg.cur.Store(&m)
			reg.mu.Unlock()
		}
	}
	stop.Store(true)
	wg.Wait()
	if reads.Load() == 0 {
		t.Fatal("no reads")
	}
}

func TestRegistry_PublishRules(t *testing.T) {
	v1, v2 := sdnVersion(t, "2021-07-07"), sdnVersion(t, "2024-05-03")
	reg := NewRegistry(0)
	if ok, _ := reg.Publish(v2); !ok {
		t.Fatal("first publish must become current")
	}
	if ok, _ := reg.Publish(v2); ok {
		t.Error("same hash must be a no-op")
	}
	if ok, _ := reg.Publish(v1); ok {
		t.Error("an older version must not roll the list back")
	}
	if cur, _ := reg.Current(ListOFACSDN); cur != v2 {
		t.Error("current changed")
	}
	if h := reg.History(ListOFACSDN); len(h) != 2 || h[0] != v1 {
		t.Errorf("history %v", h)
	}
	if s, ok := reg.Version(ListOFACSDN, v1.Hash[:10]); !ok || s != v1 {
		t.Error("lookup by hash prefix")
	}
	if _, err := reg.Publish(&Snapshot{List: ListUN}); err == nil {
		t.Error("empty snapshot must be refused")
	}
	// Retain drops what the caller no longer needs, never the current version.
	reg.Retain(ListOFACSDN, func(*Snapshot) bool { return false })
	if h := reg.History(ListOFACSDN); len(h) != 1 || h[0] != v2 {
		t.Errorf("history after Retain: %v", h)
	}
	if _, ok := reg.Version(ListOFACSDN, v1.Hash); ok {
		t.Error("a dropped version is still found")
	}
}

// A bad file never produces a snapshot, so the registry keeps the previous
// version.
func TestBadInput_RejectedWholeAndPreviousVersionStays(t *testing.T) {
	ctx := t.Context()
	reg := shipped(t)
	unBefore, _ := reg.Current(ListUN)
	unXML := func() []byte {
		f, err := ShippedFS().Open("un_2026-02-27/un_consolidated.xml.gz")
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		zr, _ := gzip.NewReader(f)
		b, _ := io.ReadAll(zr)
		return b
	}()
	sdnLine := `36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ` + "\r\n"
	tests := []struct {
		name    string
		load    func() (*Snapshot, error)
		wantErr string
		line    int
	}{
		{"truncated UN XML", func() (*Snapshot, error) {
			return LoadUN(ctx, BytesInput("un.xml", unXML[:len(unXML)/2]), LoadOptions{})
		}, "unexpected EOF", 0},
		{"UN XML cut after a record", func() (*Snapshot, error) {
			cut := bytes.Index(unXML, []byte("</INDIVIDUAL>")) + len("</INDIVIDUAL>")
			return LoadUN(ctx, BytesInput("un.xml", unXML[:cut]), LoadOptions{})
		}, "unexpected EOF", 41},
		{"XML that is not the UN list", func() (*Snapshot, error) {
			return LoadUN(ctx, BytesInput("un.xml", []byte(`<export><INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>X</FIRST_NAME></INDIVIDUAL></export>`)), LoadOptions{})
		}, "missing or unterminated root", 0},
		{"OFAC row with wrong column count", func() (*Snapshot, error) {
			return LoadOFAC(ctx, ListOFACSDN, OFACFiles{Primary: BytesInput("sdn.csv", []byte(sdnLine+`37,"SHORT ROW",-0- `+"\r\n"))}, LoadOptions{Version: day("2024-01-01")})
		}, "wrong number of fields", 2},
		{"OFAC alias of unknown entity (files of different dates)", func() (*Snapshot, error) {
			return LoadOFAC(ctx, ListOFACSDN, OFACFiles{
				Primary: BytesInput("sdn.csv", []byte(sdnLine)),
				Aliases: BytesInput("alt.csv", []byte(`36,12,"aka","AERO-CARIBBEAN",-0- `+"\r\n"+`99999,13,"aka","GHOST",-0- `+"\r\n")),
			}, LoadOptions{Version: day("2024-01-01")})
		}, `ent_num "99999" is not in the primary file`, 2},
		{"missing OFAC file", func() (*Snapshot, error) {
			return LoadOFAC(ctx, ListOFACSDN, OFACFiles{Primary: FSInput(ShippedFS(), "us_ofac_sdn_2024-05/nope.csv")}, LoadOptions{Version: day("2024-01-01")})
		}, "required file missing", 0},
		{"DPL with wrong header", func() (*Snapshot, error) {
			return LoadDPL(ctx, BytesInput("dpl.txt", []byte(strings.Repeat("\"x\"\t", 11)+"\"x\"\n")), LoadOptions{})
		}, "header column 1", 1},
		{"empty CSL", func() (*Snapshot, error) {
			return LoadCSL(ctx, BytesInput("csl.csv", nil), LoadOptions{})
		}, "empty file", 0},
		{"CSL with unknown layout", func() (*Snapshot, error) {
			return LoadCSL(ctx, BytesInput("csl.csv", []byte("a,b,c\n1,2,3\n")), LoadOptions{})
		}, "unknown CSL layout", 1},
		{"EU file without entities", func() (*Snapshot, error) {
			return LoadEU(ctx, BytesInput("eu.xml", []byte(`<export generationDate="2024-12-11T21:24:35.826+01:00"></export>`)), LoadOptions{})
		}, "list has no entries", 0},
		{"OFAC without version date", func() (*Snapshot, error) {
			return LoadOFAC(ctx, ListOFACSDN, OFACFiles{Primary: BytesInput("sdn.csv", []byte(sdnLine))}, LoadOptions{})
		}, "Version is required", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := tt.load()
			if err == nil || s != nil {
				t.Fatalf("want error, got snapshot %v", s)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %q does not mention %q", err, tt.wantErr)
			}
			var pe *ParseError
			if tt.line > 0 && (!errors.As(err, &pe) || pe.Line != tt.line) {
				t.Errorf("want line %d in %v", tt.line, err)
			}
		})
	}
	if cur, _ := reg.Current(ListUN); cur != unBefore {
		t.Error("registry changed after failed loads")
	}
	if !errors.Is(func() error {
		_, err := LoadUN(ctx, FSInput(ShippedFS(), "missing.xml"), LoadOptions{})
		return err
	}(), ErrMissingFile) {
		t.Error("missing file must wrap ErrMissingFile")
	}
	_ = fs.ErrNotExist
}

func TestDOSEOFReader(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"a,b\r\n\x1a", "a,b\r\n"}, {"a\x1ab", "a\x1ab"}, {"\x1a", ""}, {"", ""},
	} {
		got, _ := io.ReadAll(newDOSEOFReader(strings.NewReader(tt.in)))
		if string(got) != tt.want {
			t.Errorf("%q -> %q, want %q", tt.in, got, tt.want)
		}
	}
}
