package masterdata

import "testing"

func TestUNNumber(t *testing.T) {
	runCodeCases(t, UNNumber, []codeCase{
		{name: "canonical", in: "UN1090", want: "UN1090"},
		{name: "digits only", in: "1090", want: "UN1090"},
		{name: "lower with space", in: "un 1090", want: "UN1090"},
		{name: "hyphen", in: "UN-1263", want: "UN1263"},
		{name: "lowest", in: "0004", want: "UN0004"},
		{name: "highest", in: "UN3599", want: "UN3599"},
		{name: "lithium batteries", in: "UN3481", want: "UN3481"},
		{name: "empty", in: "", wantErr: "un number is required"},
		{name: "three digits", in: "UN109", wantErr: "4 digits"},
		{name: "five digits", in: "10900", wantErr: "4 digits"},
		{name: "letters", in: "UNABCD", wantErr: "4 digits"},
		{name: "prefix only", in: "UN", wantErr: "4 digits"},
		{name: "NA number", in: "NA1993", wantErr: "4 digits"},
		{name: "unassigned 0000", in: "UN0000", wantErr: "between UN0004 and UN3599"},
		{name: "unassigned 0003", in: "0003", wantErr: "between UN0004 and UN3599"},
		{name: "above range", in: "UN3600", wantErr: "between UN0004 and UN3599"},
		{name: "IATA ID number", in: "8000", wantErr: "between UN0004 and UN3599"},
	})
}
