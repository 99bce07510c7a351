package masterdata

import "testing"

func TestHSCode(t *testing.T) {
	runCodeCases(t, HSCode, []codeCase{
		{name: "six digits", in: "291521", want: "291521"},
		{name: "dotted subheading", in: "2915.21", want: "291521"},
		{name: "dotted ten-digit line", in: "8471.30.0100", want: "8471300100"},
		{name: "spaces and hyphen", in: " 8471 30-01 ", want: "84713001"},
		{name: "eight-digit CN code", in: "29152100", want: "29152100"},
		{name: "nine digits (Japan)", in: "847130010", want: "847130010"},
		{name: "chapter 01", in: "0101.21", want: "010121"},
		{name: "chapter 97", in: "9701.21", want: "970121"},
		{name: "non-breaking space", in: "2915\u00a021", want: "291521"},
		{name: "empty", in: "", wantErr: "hs code is required"},
		{name: "blank", in: "  . ", wantErr: "hs code is required"},
		{name: "too short", in: "2915.2", wantErr: "6 to 10 digits"},
		{name: "too long", in: "8471.30.0100.1", wantErr: "6 to 10 digits"},
		{name: "letters", in: "2915AB", wantErr: "only digits"},
		{name: "full-width digits", in: "２９１５２１", wantErr: "only digits"},
		{name: "chapter 00", in: "001234", wantErr: "between 01 and 97"},
		{name: "chapter 98", in: "9801.00", wantErr: "between 01 and 97"},
		{name: "chapter 99", in: "990312", wantErr: "between 01 and 97"},
		{name: "reserved chapter 77", in: "7701.00", wantErr: "77 is reserved"},
	})
}

func TestParseHS_Parts(t *testing.T) {
	h, err := ParseHS("8471.30.0100")
	if err != nil {
		t.Fatal(err)
	}
	if h.Chapter() != "84" || h.Heading() != "8471" || h.Subheading() != "847130" || h.String() != "8471300100" {
		t.Fatalf("parts of %s = %s %s %s", h, h.Chapter(), h.Heading(), h.Subheading())
	}
	if !HSPattern.MatchString(string(h)) {
		t.Fatalf("%s does not match HSPattern", h)
	}
}
