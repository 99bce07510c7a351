package lists

import (
	"reflect"
	"testing"
)

// Real remark strings from the shipped OFAC files.
func TestParseOFACRemarks(t *testing.T) {
	eg := Country{Name: "Egypt", ISO2: "EG"}
	tests := []struct {
		name string
		in   string
		want Remarks
	}{
		{"dob pob passport alt passport", "DOB 19 Jun 1951; POB Giza, Egypt; Passport 1084010 (Egypt); alt. Passport 19820215; Operational and Military Leader of JIHAD GROUP.",
			Remarks{
				BirthDates:  []PartialDate{{Year: 1951, Month: 6, Day: 19, Precision: PrecisionDay, Text: "19 Jun 1951"}},
				BirthPlaces: []Place{{Text: "Giza, Egypt", City: "Giza", Country: eg}},
				Documents:   []Document{{Type: "Passport", Number: "1084010", Country: eg}, {Type: "Passport", Number: "19820215"}},
				Other:       []Fact{{Value: "Operational and Military Leader of JIHAD GROUP"}},
			}},
		{"nationality gender", "DOB 19 Apr 1947; POB Nahia, Giza, Egypt; nationality Egypt; Gender Male.",
			Remarks{
				BirthDates:    []PartialDate{{Year: 1947, Month: 4, Day: 19, Precision: PrecisionDay, Text: "19 Apr 1947"}},
				BirthPlaces:   []Place{{Text: "Nahia, Giza, Egypt", City: "Nahia", Country: eg}},
				Nationalities: []Country{eg},
				Gender:        "Male",
			}},
		{"year-only and alt dob", "DOB 1938; alt. DOB 1936; POB Najf Al Ashraf (Najaf), Iraq",
			Remarks{
				BirthDates:  []PartialDate{{Year: 1938, Precision: PrecisionYear, Text: "1938"}, {Year: 1936, Precision: PrecisionYear, Text: "1936"}},
				BirthPlaces: []Place{{Text: "Najf Al Ashraf (Najaf), Iraq", City: "Najf Al Ashraf (Najaf)", Country: Country{Name: "Iraq", ISO2: "IQ"}}},
			}},
		{"vessel imo and former names", "Vessel Registration Identification IMO 7406784; f.k.a. 'ANA I'; f.k.a. 'SAND SWAN'.",
			Remarks{IMO: "7406784", Aliases: []Alias{{Name: "ANA I", Type: AliasFKA, Quality: QualityWeak}, {Name: "SAND SWAN", Type: AliasFKA, Quality: QualityWeak}}}},
		{"weak aka with apostrophe-free quotes", "a.k.a. 'BNC'.", Remarks{Aliases: []Alias{{Name: "BNC", Quality: QualityWeak}}}},
		{"apostrophe inside a name does not split", "Chief Ideological Figure of ISLAMIC GAMA'AT; a.k.a. 'ABU KHAMZA'",
			Remarks{Aliases: []Alias{{Name: "ABU KHAMZA", Quality: QualityWeak}}, Other: []Fact{{Value: "Chief Ideological Figure of ISLAMIC GAMA'AT"}}}},
		{"citizen, national id with country, circa and range dobs", "DOB circa 1958; alt. DOB 1960 to 1962; citizen Iran; National ID No. 0012345678 (Iran)",
			Remarks{
				BirthDates: []PartialDate{
					{Year: 1958, Precision: PrecisionYear, Circa: true, Text: "circa 1958"},
					{Year: 1960, Precision: PrecisionYear, To: &PartialDate{Year: 1962, Precision: PrecisionYear}, Text: "1960 to 1962"},
				},
				Citizenships: []Country{{Name: "Iran", ISO2: "IR"}},
				Documents:    []Document{{Type: "National ID No.", Number: "0012345678", Country: Country{Name: "Iran", ISO2: "IR"}}},
			}},
		{"korea north, linked to, mmsi", "nationality Korea, North; Linked To: KOREA MINING DEVELOPMENT TRADING CORPORATION; MMSI 445115000",
			Remarks{Nationalities: []Country{{Name: "Korea, North", ISO2: "KP"}}, MMSI: "445115000",
				Other: []Fact{{Label: "Linked To", Value: "KOREA MINING DEVELOPMENT TRADING CORPORATION"}}}},
		{"unlisted document type with country", "Matricula Mercantil No 123456 (Colombia); Cedula No. 79283164 (Colombia)",
			Remarks{Documents: []Document{
				{Type: "Matricula Mercantil No", Number: "123456", Country: Country{Name: "Colombia", ISO2: "CO"}},
				{Type: "Cedula No.", Number: "79283164", Country: Country{Name: "Colombia", ISO2: "CO"}},
			}}},
		{"passport with issue note", "Passport A1234567 (Burma) issued 01 Jan 2010 expires 31 Dec 2020",
			Remarks{Documents: []Document{{Type: "Passport", Number: "A1234567", Country: Country{Name: "Burma", ISO2: "MM"}, Note: "issued 01 Jan 2010 expires 31 Dec 2020"}}}},
		{"month-year dob and day range", "DOB Dec 1965; alt. DOB 01 Jan 1970 to 31 Dec 1975",
			Remarks{BirthDates: []PartialDate{
				{Year: 1965, Month: 12, Precision: PrecisionMonth, Text: "Dec 1965"},
				{Year: 1970, Month: 1, Day: 1, Precision: PrecisionDay, To: &PartialDate{Year: 1975, Month: 12, Day: 31, Precision: PrecisionDay}, Text: "01 Jan 1970 to 31 Dec 1975"},
			}}},
		{"empty marker", "-0- ", Remarks{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ParseOFACRemarks(tt.in)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParseOFACRemarks(%q)\n got %+v\nwant %+v", tt.in, got, tt.want)
			}
		})
	}
}

// Every DOB fragment in the shipped SDN files parses into a date.
func TestParseOFACRemarks_AllShippedDOBsParse(t *testing.T) {
	for _, v := range shipped(t).History(ListOFACSDN) {
		for i := range v.Entries {
			for _, f := range v.Entries[i].Other {
				if f.Label == "DOB" {
					t.Errorf("%s %s: unparsed DOB %q", v.Version(), v.Entries[i].SourceID, f.Value)
				}
			}
		}
	}
}

func FuzzParseOFACRemarks(f *testing.F) {
	for _, s := range []string{
		"DOB 19 Jun 1951; POB Giza, Egypt; Passport 1084010 (Egypt); alt. Passport 19820215",
		"a.k.a. 'BNC'.", "Vessel Registration Identification IMO 7406784; f.k.a. 'ANA I'",
		"DOB circa 1975-1977; nationality Korea, North", "'", ";;;", "DOB 99 Foo 12345", "alt. ",
		"Passport (Iran)", "X 1 (Iran) (Iraq)",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := ParseOFACRemarks(s)
		for _, d := range r.BirthDates {
			if d.Precision == PrecisionNone || d.Year < 1000 || d.Month > 12 || d.Day > 31 {
				t.Fatalf("bad date %+v from %q", d, s)
			}
		}
	})
}
