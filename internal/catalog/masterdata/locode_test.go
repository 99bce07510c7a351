package masterdata

import "testing"

func TestUNLOCODE(t *testing.T) {
	runCodeCases(t, UNLOCODE, []codeCase{
		{name: "compact", in: "DEHAM", want: "DEHAM"},
		{name: "with space", in: "DE HAM", want: "DEHAM"},
		{name: "lower", in: "nlrtm", want: "NLRTM"},
		{name: "digits 2-9", in: "US2NY", want: "US2NY"},
		{name: "Kosovo country part", in: "XK PRN", want: "XKPRN"},
		{name: "empty", in: "", wantErr: "un/locode is required"},
		{name: "too short", in: "DEHA", wantErr: "2-letter country and 3"},
		{name: "too long", in: "DEHAMB", wantErr: "2-letter country and 3"},
		{name: "digit 0 is not used", in: "DEH0M", wantErr: "2-letter country and 3"},
		{name: "digit 1 is not used", in: "DEH1M", wantErr: "2-letter country and 3"},
		{name: "hyphen", in: "DE-HAM", wantErr: "2-letter country and 3"},
		{name: "digit in country", in: "D1HAM", wantErr: "2-letter country and 3"},
		{name: "not a country", in: "EUBRU", wantErr: "valid ISO 3166-1 country"},
		{name: "UK prefix", in: "UKLON", wantErr: "valid ISO 3166-1 country"},
	})
}

func TestParseUNLOCODE_Parts(t *testing.T) {
	l, err := ParseUNLOCODE("de ham")
	if err != nil {
		t.Fatal(err)
	}
	if l.Country() != "DE" || l.Location() != "HAM" || l.String() != "DEHAM" {
		t.Fatalf("parts of %s = %s %s", l, l.Country(), l.Location())
	}
}
