package lists

import (
	"sort"
	"testing"
)

func TestCountryCode(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Iran", "IR"}, {"Korea, North", "KP"}, {"Burma", "MM"}, {"Russia", "RU"},
		{"Congo, Democratic Republic of the", "CD"}, {"Democratic Republic of the Congo", "CD"},
		{"Iran (Islamic Republic of)", "IR"}, {"Türkiye", "TR"}, {"IRAQ", "IQ"}, {"Mexico.", "MX"},
		{"Region: Gaza", "PS"}, {"Region: Crimea", "UA"}, {"possibly Palestinian", "PS"}, {"PRC", "CN"},
		{"de", "DE"}, {"Man, Isle of", "IM"}, {"Virgin Islands, British", "VG"},
		{"Atlantis", ""}, {"", ""}, {"ZZ", ""},
	}
	for _, tt := range tests {
		if got, _ := CountryCode(tt.in); got != tt.want {
			t.Errorf("CountryCode(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Every country string in the shipped data and fixtures must map to ISO2 or
// be a known "no country" marker; a new list version with a new spelling
// fails here until the table in country.go learns it.
func TestCountries_ShippedDataAllMapped(t *testing.T) {
	reg := shipped(t)
	snaps := append(loadFixtures(t), reg.All()...)
	snaps = append(snaps, reg.History(ListOFACSDN)...)
	unmapped := map[string]int{}
	total := 0
	for _, s := range snaps {
		for i := range s.Entries {
			for _, c := range entryCountries(&s.Entries[i]) {
				total++
				if c.ISO2 == "" && !isCountryPlaceholder(c.Name) {
					unmapped[string(s.List)+": "+c.Name]++
				}
			}
		}
	}
	if total < 20000 {
		t.Fatalf("only %d country values scanned", total)
	}
	if len(unmapped) > 0 {
		var names []string
		for n := range unmapped {
			names = append(names, n)
		}
		sort.Strings(names)
		t.Errorf("%d unmapped country names: %q", len(names), names)
	}
}
