package lists

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// The fuzz targets check that no input panics and that a returned snapshot is
// well-formed. Their seeds run with every `go test`.

func seedFile(f *testing.F, rel string, max int) {
	b, err := os.ReadFile(filepath.Join("testdata", rel))
	if err != nil {
		f.Fatal(err)
	}
	if len(b) > max {
		b = b[:max]
	}
	f.Add(b)
}

func checkSnapshot(t *testing.T, s *Snapshot, err error) {
	if err != nil {
		if s != nil {
			t.Fatal("snapshot returned with an error")
		}
		return
	}
	if s.Len() == 0 || len(s.Hash) != 64 {
		t.Fatalf("bad snapshot %+v", s)
	}
	for i := range s.Entries {
		if s.Entries[i].SourceID == "" || s.Entries[i].Name == "" {
			t.Fatalf("entry without id or name: %+v", s.Entries[i])
		}
	}
}

var fuzzOpts = LoadOptions{Version: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}

func FuzzLoadOFACCSV(f *testing.F) {
	f.Add([]byte(`306,"BANCO NACIONAL DE CUBA",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"a.k.a. 'BNC'."`+"\r\n\x1a"),
		[]byte(`306,199,"Zweierstrasse 35","Zurich CH-8022","Switzerland",-0- `+"\r\n"))
	f.Add([]byte(`4243,"EBANO","vessel","CUBA",-0- ,-0- ,"General Cargo","2595","1865","Panama",-0- ,"Vessel Registration Identification IMO 7406784; f.k.a. 'ANA I'."`+"\r\n"), []byte{})
	f.Add([]byte(`1,"A",-0- ,"X",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"`), []byte(`1,2,"x"`))
	f.Fuzz(func(t *testing.T, prim, add []byte) {
		s, err := LoadOFAC(context.Background(), ListOFACSDN, OFACFiles{Primary: BytesInput("sdn.csv", prim), Addresses: BytesInput("add.csv", add)}, fuzzOpts)
		checkSnapshot(t, s, err)
	})
}

func FuzzLoadCSL(f *testing.F) {
	seedFile(f, "csl/consolidated_2025-06_sample.csv", 4000)
	seedFile(f, "csl/csl_2019-12_oldformat.csv", 4000)
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := LoadCSL(context.Background(), BytesInput("csl.csv", b), fuzzOpts)
		checkSnapshot(t, s, err)
	})
}

func FuzzLoadDPL(f *testing.F) {
	b, err := os.ReadFile("data/us_bis_dpl_2022-09/dpl.txt")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b[:1500])
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := LoadDPL(context.Background(), BytesInput("dpl.txt", b), fuzzOpts)
		checkSnapshot(t, s, err)
	})
}

func FuzzLoadXML(f *testing.F) {
	seedFile(f, "eu/fsf_2024-12-11_excerpt.xml", 1<<20)
	seedFile(f, "uk/uk_sanctions_list_2026-09-02_excerpt.xml", 1<<20)
	f.Add([]byte(`<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:09.554Z"><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>ERIC</FIRST_NAME><INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1960</FROM_YEAR><TO_YEAR>1962</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		ctx := context.Background()
		for _, load := range []func(context.Context, Input, LoadOptions) (*Snapshot, error){LoadUN, LoadEU, LoadUK} {
			s, err := load(ctx, BytesInput("list.xml", b), fuzzOpts)
			checkSnapshot(t, s, err)
		}
	})
}
