package masterdata

import "testing"

func TestLEI(t *testing.T) {
	runCodeCases(t, LEI, []codeCase{
		{name: "GLEIF", in: "506700GE1G29325QX363", want: "506700GE1G29325QX363"},
		{name: "Deutsche Boerse", in: "529900T8BM49AURSDO55", want: "529900T8BM49AURSDO55"},
		{name: "lower with spaces", in: "hwupkr0mpou8fgxbt394", want: "HWUPKR0MPOU8FGXBT394"},
		{name: "grouped", in: "5493 001K JTII GC8Y 1R12", want: "5493001KJTIIGC8Y1R12"},
		{name: "empty", in: "", wantErr: "lei is required"},
		{name: "19 characters", in: "506700GE1G29325QX36", wantErr: "18 letters or digits"},
		{name: "letter check digits", in: "506700GE1G29325QX3AB", wantErr: "18 letters or digits"},
		{name: "punctuation", in: "506700GE1G29325QX3_3", wantErr: "18 letters or digits"},
		{name: "wrong check digits", in: "506700GE1G29325QX364", wantErr: "check digits are wrong"},
		{name: "transposed characters", in: "506700GE1G29325XQ363", wantErr: "check digits are wrong"},
	})
}
