package lists

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

var (
	shippedOnce sync.Once
	shippedReg  *Registry
	shippedErr  error
)

// shipped loads the shipped data once per test binary.
func shipped(t testing.TB) *Registry {
	t.Helper()
	shippedOnce.Do(func() { shippedReg, shippedErr = LoadShipped(t.Context()) })
	if shippedErr != nil {
		t.Fatal(shippedErr)
	}
	return shippedReg
}

func sdnVersion(t testing.TB, date string) *Snapshot {
	t.Helper()
	s, ok := shipped(t).Version(ListOFACSDN, date)
	if !ok {
		t.Fatalf("no SDN version %s", date)
	}
	return s
}

func fixture(t testing.TB, rel string) Input {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", rel))
	if err != nil {
		t.Fatal(err)
	}
	return BytesInput(filepath.Base(rel), b)
}

func mustEntry(t testing.TB, s *Snapshot, id string) *Entry {
	t.Helper()
	e, ok := s.Lookup(id)
	if !ok {
		t.Fatalf("%s: entry %s not found", s.Version(), id)
	}
	return e
}

func loadFixtures(t testing.TB) []*Snapshot {
	t.Helper()
	ctx := t.Context()
	var out []*Snapshot
	for _, l := range []func() (*Snapshot, error){
		func() (*Snapshot, error) {
			return LoadCSL(ctx, fixture(t, "csl/consolidated_2025-06_sample.csv"), LoadOptions{Version: day("2025-06-25")})
		},
		func() (*Snapshot, error) {
			return LoadCSL(ctx, fixture(t, "csl/csl_2019-12_oldformat.csv"), LoadOptions{Version: day("2019-12-03")})
		},
		func() (*Snapshot, error) {
			return LoadEU(ctx, fixture(t, "eu/fsf_2018-12-21_excerpt.xml"), LoadOptions{})
		},
		func() (*Snapshot, error) {
			return LoadEU(ctx, fixture(t, "eu/fsf_2024-12-11_excerpt.xml"), LoadOptions{})
		},
		func() (*Snapshot, error) {
			return LoadUK(ctx, fixture(t, "uk/uk_sanctions_list_2026-09-02_excerpt.xml"), LoadOptions{})
		},
	} {
		s, err := l()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}
