package compliance

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/manifoldhq/manifold/internal/compliance/lists"
)

func TestListEntry_RendersAndCuts(t *testing.T) {
	e := &lists.Entry{
		Kind: lists.KindVessel, Name: "OCEAN STAR",
		Vessel:     &lists.Vessel{IMO: "9123456", Flag: lists.Country{Name: "Iran", ISO2: "IR"}, CallSign: "EPAB"},
		Addresses:  []lists.Address{{Lines: []string{"1 Port Road"}, City: "Bandar Abbas", Country: lists.Country{Name: "Iran", ISO2: "IR"}}, {}},
		Documents:  []lists.Document{{Type: "IMO", Number: "9123456"}},
		BirthDates: []lists.PartialDate{{Year: 1970, Precision: lists.PrecisionYear, Text: "circa 1970", Circa: true}},
		Remarks:    strings.Repeat("x", maxEntryRemarks+10),
	}
	for i := range maxEntryAliases + 3 {
		e.Aliases = append(e.Aliases, lists.Alias{Name: fmt.Sprintf("STAR %d", i), Type: lists.AliasFKA, Quality: lists.QualityWeak})
	}
	got := listEntry(e)
	if got.Kind != "vessel" || got.Vessel == nil || got.Vessel.IMO != "9123456" || got.Vessel.Flag != "IR" {
		t.Fatalf("vessel: %+v", got.Vessel)
	}
	if len(got.Aliases) != maxEntryAliases || got.Aliases[0].Type != "fka" || got.Aliases[0].Quality != "weak" || !got.Truncated {
		t.Fatalf("aliases cut at %d (truncated %v): %+v", len(got.Aliases), got.Truncated, got.Aliases[:1])
	}
	if len(got.Addresses) != 1 || got.Addresses[0] != "1 Port Road, Bandar Abbas, Iran" {
		t.Fatalf("addresses (the empty one dropped): %q", got.Addresses)
	}
	if len(got.BirthDates) != 1 || got.BirthDates[0] != "circa 1970" {
		t.Fatalf("birth dates as published: %q", got.BirthDates)
	}
	if !strings.HasSuffix(got.Remarks, "…") || len([]rune(got.Remarks)) != maxEntryRemarks+1 {
		t.Fatalf("remarks not cut: %d runes", len([]rune(got.Remarks)))
	}
	small := listEntry(&lists.Entry{Kind: lists.KindEntity, Aliases: []lists.Alias{{Name: "A"}}})
	if small.Truncated {
		t.Fatal("a short entry is marked truncated")
	}
}

func TestEntryCache_SameSnapshotOnce(t *testing.T) {
	reg := lists.NewRegistry(2)
	snap, err := lists.LoadEU(t.Context(), lists.FSInput(os.DirFS("lists/testdata/eu"), "fsf_2024-12-11_excerpt.xml"), lists.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := reg.Publish(snap); err != nil {
		t.Fatal(err)
	}
	id := snap.Entries[0].SourceID
	var c entryCache
	a := c.get(reg, lists.ListEU, "", id)
	b := c.get(reg, lists.ListEU, "", id)
	if a.entry == nil || a.entry != b.entry || len(a.hash) != 32 {
		t.Fatalf("cache: %+v %+v", a, b)
	}
	if miss := c.get(reg, lists.ListEU, "", "nope"); miss.hash != "unknown" || miss.entry != nil {
		t.Fatalf("unknown entry: %+v", miss)
	}
	if other := c.get(reg, lists.ListUN, "", id); other.hash != "unknown" {
		t.Fatalf("list not loaded: %+v", other)
	}
}
