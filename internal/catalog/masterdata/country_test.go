package masterdata

import "testing"

func TestCountry(t *testing.T) {
	runCodeCases(t, Country, []codeCase{
		{name: "upper", in: "DE", want: "DE"},
		{name: "lower with spaces", in: " de ", want: "DE"},
		{name: "mixed case", in: "gB", want: "GB"},
		{name: "Kosovo is accepted", in: "XK", want: "XK"},
		{name: "Greece", in: "gr", want: "GR"},
		{name: "Antarctica", in: "AQ", want: "AQ"},
		{name: "Aland", in: "AX", want: "AX"},
		{name: "empty", in: "", wantErr: "country is required"},
		{name: "three letters", in: "DEU", wantErr: "two-letter"},
		{name: "numeric", in: "276", wantErr: "two-letter"},
		{name: "name", in: "Germany", wantErr: "two-letter"},
		{name: "EU is not a country", in: "EU", wantErr: "EU is a union"},
		{name: "UK is not ISO", in: "uk", wantErr: "GB, not UK"},
		{name: "EL is a VAT prefix", in: "EL", wantErr: "Greece is GR"},
		{name: "United Nations", in: "UN", wantErr: "assigned ISO 3166-1"},
		{name: "Eurozone", in: "EZ", wantErr: "assigned ISO 3166-1"},
		{name: "Canary Islands", in: "IC", wantErr: "assigned ISO 3166-1"},
		{name: "Ceuta and Melilla", in: "EA", wantErr: "assigned ISO 3166-1"},
		{name: "Ascension", in: "AC", wantErr: "assigned ISO 3166-1"},
		{name: "Tristan da Cunha", in: "TA", wantErr: "assigned ISO 3166-1"},
		{name: "Netherlands Antilles (withdrawn)", in: "AN", wantErr: "assigned ISO 3166-1"},
		{name: "Yugoslavia (withdrawn)", in: "YU", wantErr: "assigned ISO 3166-1"},
		{name: "Burma alias", in: "BU", wantErr: "assigned ISO 3166-1"},
		{name: "East Germany", in: "DD", wantErr: "assigned ISO 3166-1"},
		{name: "Northern Ireland is not a country", in: "XI", wantErr: "assigned ISO 3166-1"},
		{name: "unknown region", in: "ZZ", wantErr: "assigned ISO 3166-1"},
		{name: "user-assigned", in: "QM", wantErr: "assigned ISO 3166-1"},
		{name: "dotless i", in: "ıT", wantErr: "two-letter"},
	})
}

func TestCountries_AreTheISOListPlusKosovo(t *testing.T) {
	// ISO 3166-1 has 249 officially assigned alpha-2 codes; XK makes 250. A change
	// here means x/text's CLDR data moved: review it before updating the number.
	all := Countries()
	if len(all) != 250 {
		t.Fatalf("Countries() has %d codes, want 250", len(all))
	}
	for _, c := range all {
		if got, err := Country(c); err != nil || got != c {
			t.Fatalf("Country(%q) = %q, %v", c, got, err)
		}
	}
}

func TestCountryName(t *testing.T) {
	for code, want := range map[string]string{"DE": "Germany", "XK": "Kosovo", "GR": "Greece", "EU": "", "de": ""} {
		if got := CountryName(code); got != want {
			t.Errorf("CountryName(%q) = %q, want %q", code, got, want)
		}
	}
}
