package masterdata

import "testing"

func TestEORI(t *testing.T) {
	runCodeCases(t, EORI, []codeCase{
		{name: "Germany", in: "DE1234567", want: "DE1234567"},
		{name: "Germany 15 characters", in: "DE123456789012345", want: "DE123456789012345"},
		{name: "France with SIREN", in: "fr 123456789 00012", want: "FR12345678900012"},
		{name: "Greece uses GR", in: "GR123456789", want: "GR123456789"},
		{name: "letters allowed in the EU", in: "NL-ABC123456", want: "NLABC123456"},
		{name: "UK", in: "GB123456789000", want: "GB123456789000"},
		{name: "Northern Ireland", in: "xi 123456789000", want: "XI123456789000"},
		{name: "empty", in: "", wantErr: "eori is required"},
		{name: "prefix only", in: "DE", wantErr: "1 to 15 letters or digits"},
		{name: "16 characters after the prefix", in: "DE1234567890123456", wantErr: "1 to 15 letters or digits"},
		{name: "no prefix", in: "123456789", wantErr: "1 to 15 letters or digits"},
		{name: "GB too short", in: "GB123456789", wantErr: "12 digits"},
		{name: "GB with letters", in: "GB12345678900A", wantErr: "12 digits"},
		{name: "XI too long", in: "XI1234567890001", wantErr: "12 digits"},
		{name: "EL is not an EORI prefix", in: "EL123456789", wantErr: "Greece is GR"},
		{name: "Switzerland does not issue EORI", in: "CH123456", wantErr: "EU member state, GB or XI"},
		{name: "US", in: "US123456", wantErr: "EU member state, GB or XI"},
	})
}
