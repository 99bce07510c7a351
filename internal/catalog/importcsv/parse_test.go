package importcsv

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"github.com/manifoldhq/manifold/internal/platform/problem"
)

const minimalHeader = "sku,name,hs_code,country_of_origin,unit\n"

func utf16(t *testing.T, s string, order unicode.Endianness) []byte {
	t.Helper()
	b, err := unicode.UTF16(order, unicode.UseBOM).NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParse_RefusesUnusableFiles(t *testing.T) {
	tests := []struct {
		name     string
		in       []byte
		opts     Options
		reason   error
		contains []string
		line     int
	}{
		{name: "empty file", in: nil, reason: ErrEmpty, contains: []string{"empty"}},
		{name: "only whitespace", in: []byte(" \r\n\n\t"), reason: ErrEmpty},
		{name: "only a BOM", in: []byte("\xEF\xBB\xBF\r\n"), reason: ErrEmpty},
		{name: "header only", in: []byte(minimalHeader), reason: ErrNoRows, contains: []string{"no product rows"}},
		{name: "header and blank rows only", in: []byte(minimalHeader + ",,,,\n\n , ,\n"), reason: ErrNoRows},
		{
			name: "latin-1 bytes without the option", reason: ErrEncoding, line: 3,
			in:       []byte(minimalHeader + "A1,Acid,291521,DE,KGM\nA2,Caf\xe9 arabica,090111,BR,KGM\n"),
			contains: []string{"not UTF-8", "0xE9", "line 3", "byte offset 68", "encoding=windows-1252"},
		},
		{
			name: "invalid UTF-8 after a BOM counts the BOM in the offset", reason: ErrEncoding, line: 1,
			in:       []byte("\xEF\xBB\xBFsku\xff,name"),
			contains: []string{"byte offset 6"},
		},
		{
			name: "UTF-16 without a BOM", reason: ErrEncoding, line: 1,
			in:       []byte("s\x00k\x00u\x00,\x00"),
			contains: []string{"NUL", "UTF-16 without a byte-order mark"},
		},
		{name: "xlsx workbook", in: []byte("PK\x03\x04\x14\x00\x06\x00"), reason: ErrEncoding, contains: []string{"Excel workbook"}},
		{name: "xls workbook", in: []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, reason: ErrEncoding, contains: []string{".xls"}},
		{name: "odd-length UTF-16", in: []byte("\xFF\xFEs\x00k"), reason: ErrEncoding, contains: []string{"odd number of bytes"}},
		{
			name: "semicolon file read with comma", reason: ErrDelimiter, opts: Options{Delimiter: ','},
			in:       []byte("sku;name;hs_code;country_of_origin;unit\nA1;Acid;291521;DE;KGM\n"),
			contains: []string{"wrong delimiter", "delimiter=comma", "semicolon"},
		},
		{
			name: "comma file read with tab", reason: ErrDelimiter, opts: Options{Delimiter: '\t'},
			in:       []byte(minimalHeader + "A1,Acid,291521,DE,KGM\n"),
			contains: []string{"delimiter=tab", "comma"},
		},
		{
			name: "pipe-separated file", reason: ErrDelimiter,
			in:       []byte("sku|name|hs_code|country_of_origin|unit\nA1|Acid|291521|DE|KGM\n"),
			contains: []string{`"|"`},
		},
		{
			name: "no header", reason: ErrHeader, line: 1,
			in:       []byte("A1,Acetic acid,291521,DE,KGM\nA2,Citric acid,291814,CN,KGM\n"),
			contains: []string{"missing header", `"A1"`},
		},
		{
			name: "missing required columns", reason: ErrHeader,
			in:       []byte("sku,name,unit\nA1,Acid,KGM\n"),
			contains: []string{"missing required columns: hs_code, country_of_origin"},
		},
		{
			name: "duplicate columns", reason: ErrHeader,
			in:       []byte("sku,name,hs_code,country_of_origin,unit,NAME\nA1,Acid,291521,DE,KGM,Acid\n"),
			contains: []string{`"NAME" is a duplicate of column 2 "name"`},
		},
		{
			name: "duplicate through an alias", reason: ErrHeader,
			in:       []byte("sku,name,hs_code,country,unit,origin\nA1,Acid,291521,DE,KGM,DE\n"),
			contains: []string{`"origin" is a duplicate of column 4 "country" (both are country_of_origin)`},
		},
		{
			name: "unknown columns", reason: ErrHeader,
			in:       []byte("sku,name,hs_code,country_of_origin,unit,net_weight,colour\nA1,Acid,291521,DE,KGM,5,red\n"),
			contains: []string{`unknown column "net_weight" (did you mean "net_weight_g"?)`, `unknown column "colour"`},
		},
		{
			name: "CoA group beyond 20", reason: ErrHeader,
			in:       []byte(minimalHeader[:len(minimalHeader)-1] + ",coa_21_parameter\nA1,Acid,291521,DE,KGM,Purity\n"),
			contains: []string{"at most 20 CoA groups"},
		},
		{
			name: "CoA values without a parameter column", reason: ErrHeader,
			in:       []byte(minimalHeader[:len(minimalHeader)-1] + ",coa_3_min\nA1,Acid,291521,DE,KGM,5\n"),
			contains: []string{"coa_3 columns need a coa_3_parameter column"},
		},
		{
			name: "unterminated quote in the header", reason: ErrHeader,
			in:       []byte("sku,\"name,hs_code,country_of_origin,unit\nA1,Acid,291521,DE,KGM\n"),
			contains: []string{"cannot read the header"},
		},
		{
			name: "too large", reason: ErrTooLarge, opts: Options{MaxBytes: 64},
			in:       []byte(minimalHeader + strings.Repeat("A1,Acid,291521,DE,KGM\n", 4)),
			contains: []string{"larger than 64 bytes"},
		},
		{
			name: "too many rows", reason: ErrTooManyRows, opts: Options{MaxRows: 3},
			in:       []byte(minimalHeader + "A1,a,1,DE,KGM\nA2,a,1,DE,KGM\nA3,a,1,DE,KGM\nA4,a,1,DE,KGM\n"),
			contains: []string{"more than 3 rows"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse(bytes.NewReader(tt.in), tt.opts)
			if !errors.Is(err, tt.reason) {
				t.Fatalf("Parse = %+v, %v; want %v", f, err, tt.reason)
			}
			for _, s := range tt.contains {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not mention %q", err, s)
				}
			}
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("%v is not a *FileError", err)
			}
			if tt.line != 0 && fe.Line != tt.line {
				t.Errorf("line = %d, want %d", fe.Line, tt.line)
			}
			var pe *problem.Error
			if !errors.As(err, &pe) {
				t.Fatalf("%v does not carry a problem.Error", err)
			}
			wantKind := problem.KindValidation
			if tt.reason == ErrTooLarge || tt.reason == ErrTooManyRows {
				wantKind = problem.KindPayloadTooLarge
			}
			if pe.Kind != wantKind {
				t.Errorf("problem kind = %v, want %v", pe.Kind, wantKind)
			}
		})
	}
}

func TestParse_TooLargeIsRefusedBeforeReading(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "sample.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := Parse(f, Options{MaxBytes: 100}); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
	if off, _ := f.Seek(0, 1); off != 0 {
		t.Errorf("read %d bytes of a file known to be too large", off)
	}
}

func TestParse_AcceptsEncodings(t *testing.T) {
	const text = minimalHeader + "CHEM-1,Café crème,210111,FR,KGM\n"
	cp1252, _ := charmap.Windows1252.NewEncoder().String(text + "CHEM-2,Crème – “brûlée”,210111,FR,KGM\n")
	latin1, _ := charmap.ISO8859_1.NewEncoder().String(text)
	tests := []struct {
		name     string
		in       []byte
		opts     Options
		enc      Encoding
		names    []string
		warnings int
	}{
		{name: "UTF-8", in: []byte(text), enc: EncodingUTF8, names: []string{"Café crème"}},
		{name: "UTF-8 with BOM", in: append([]byte("\xEF\xBB\xBF"), text...), enc: EncodingUTF8, names: []string{"Café crème"}},
		{name: "UTF-16 LE with BOM", in: utf16(t, text, unicode.LittleEndian), enc: EncodingUTF16LE, names: []string{"Café crème"}},
		{name: "UTF-16 BE with BOM", in: utf16(t, text, unicode.BigEndian), enc: EncodingUTF16BE, names: []string{"Café crème"}},
		{name: "BOM wins over a chosen code page", in: utf16(t, text, unicode.LittleEndian), opts: Options{Encoding: EncodingWindows1252}, enc: EncodingUTF16LE, names: []string{"Café crème"}},
		{name: "Windows-1252 when chosen", in: []byte(cp1252), opts: Options{Encoding: EncodingWindows1252}, enc: EncodingWindows1252, names: []string{"Café crème", "Crème – “brûlée”"}},
		{name: "ISO-8859-1 when chosen", in: []byte(latin1), opts: Options{Encoding: EncodingISO88591}, enc: EncodingISO88591, names: []string{"Café crème"}},
		{name: "UTF-8 read as Windows-1252 warns", in: []byte(text), opts: Options{Encoding: EncodingWindows1252}, enc: EncodingWindows1252, names: []string{"CafÃ© crÃ¨me"}, warnings: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse(bytes.NewReader(tt.in), tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if f.Encoding != tt.enc || len(f.Warnings) != tt.warnings || f.ErrorCount != 0 {
				t.Fatalf("encoding %s, warnings %q, errors %v; want %s and %d warnings", f.Encoding, f.Warnings, f.Errors, tt.enc, tt.warnings)
			}
			if len(f.Rows) != len(tt.names) {
				t.Fatalf("rows = %+v", f.Rows)
			}
			for i, n := range tt.names {
				if f.Rows[i].Data.Name != n {
					t.Errorf("row %d name = %q, want %q", i, f.Rows[i].Data.Name, n)
				}
			}
		})
	}
}

func TestParse_Delimiters(t *testing.T) {
	tests := []struct {
		name string
		in   string
		opts Options
		want rune
	}{
		{name: "comma", in: minimalHeader + "A1,Acid,291521,DE,KGM\n", want: ','},
		{name: "semicolon", in: "sku;name;hs_code;country_of_origin;unit\nA1;Acid, glacial;291521;DE;KGM\n", want: ';'},
		{name: "tab", in: "sku\tname\ths_code\tcountry_of_origin\tunit\nA1\tAcid, glacial\t291521\tDE\tKGM\n", want: '\t'},
		{name: "tab with empty cells", in: "sku\tname\tdescription\ths_code\tcountry_of_origin\tunit\nA1\tAcid\t\t291521\tDE\tKGM\n", want: '\t'},
		{name: "semicolon chosen", in: "sku;name;hs_code;country_of_origin;unit\nA1;Acid;291521;DE;KGM\n", opts: Options{Delimiter: ';'}, want: ';'},
		{name: "Excel sep line", in: "sep=;\r\nsku;name;hs_code;country_of_origin;unit\r\nA1;Acid;291521;DE;KGM\r\n", want: ';'},
		{name: "names with commas do not fool detection", in: "sku;name;hs_code;country_of_origin;unit\nA1;Acid, glacial, 99.8%, 25 kg, jerrican;291521;DE;KGM\n", want: ';'},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse(strings.NewReader(tt.in), tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if f.Delimiter != tt.want || len(f.Rows) != 1 || f.ErrorCount != 0 {
				t.Fatalf("delimiter %q, rows %+v, errors %v", f.Delimiter, f.Rows, f.Errors)
			}
			if r := f.Rows[0]; r.SKU != "A1" || r.Data.HSCode != "291521" || r.Data.Unit != "KGM" {
				t.Errorf("row = %+v", r)
			}
		})
	}
}

func TestParse_HeaderIsForgiving(t *testing.T) {
	in := " SKU ,Product Name,HS,Country,UOM,Net-Weight_G,COA_1_Parameter,coa_1_text,Colour,\n" +
		"A1,Acid,291521,DE,KGM,25000,Appearance,Clear liquid,red,\n"
	f, err := Parse(strings.NewReader(in), Options{IgnoreUnknownColumns: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"sku", "name", "hs_code", "country_of_origin", "unit", "net_weight_g", "coa_1_parameter", "coa_1_text"}
	if strings.Join(f.Columns, ",") != strings.Join(want, ",") {
		t.Errorf("columns = %v, want %v", f.Columns, want)
	}
	if len(f.Warnings) != 1 || !strings.Contains(f.Warnings[0], `"Colour"`) {
		t.Errorf("warnings = %q", f.Warnings)
	}
	if len(f.Rows) != 1 {
		t.Fatalf("rows %+v errors %v", f.Rows, f.Errors)
	}
	d := f.Rows[0].Data
	if d.CountryOfOrigin != "DE" || *d.NetWeightG != 25000 || len(d.CoASpec) != 1 || d.CoASpec[0].Text != "Clear liquid" {
		t.Errorf("data = %+v", d)
	}
}

func TestParse_RowErrors(t *testing.T) {
	type want struct {
		line   int
		column string
		msg    string
	}
	tests := []struct {
		name   string
		header string
		rows   string
		want   []want
		valid  int
	}{
		{
			name: "ragged rows", header: minimalHeader,
			rows: "A1,Acid,291521,DE\nA2,Acid,291521,DE,KGM,extra\nA3,Acid,291521,DE,KGM\n",
			want: []want{{2, "", "the row has 4 values but the header has 5 columns"}, {3, "", "the row has 6 values"}}, valid: 1,
		},
		{
			name: "bad integers", header: "sku,name,hs_code,country_of_origin,unit,net_weight_g,length_mm,shelf_life_days,packaging_per_pallet\n",
			rows: "A1,Acid,291521,DE,KGM,\"1,5\",1.000,12 days,-4\nA2,Acid,291521,DE,KGM,99999999999999999999,3000000000,abc,40\n",
			want: []want{
				{2, "net_weight_g", `must be a whole number without decimal or thousands separators, got "1,5"`},
				{2, "length_mm", `got "1.000"`},
				{2, "shelf_life_days", `must be a whole number only (no units or spaces), got "12 days"`},
				{2, "packaging_per_pallet", `must not be negative`},
				{3, "net_weight_g", "is too large"},
				{3, "length_mm", "is too large"},
				{3, "shelf_life_days", `must be a whole number, got "abc"`},
			},
		},
		{
			name: "decimal comma", header: "sku,name,hs_code,country_of_origin,unit,packaging_net_qty,coa_1_parameter,coa_1_min\n",
			rows: "A1,Acid,291521,DE,KGM,\"2,5\",Purity,\"99,5\"\n",
			want: []want{{2, "packaging_net_qty", `use a point as the decimal separator: "2.5", not "2,5"`}, {2, "coa_1_min", `"99.5"`}},
		},
		{
			name: "duplicate SKUs name the first row", header: minimalHeader,
			rows: "A1,Acid,291521,DE,KGM\nA2,Base,281511,DE,KGM\nA1,Acid again,291521,DE,KGM\nA1,Acid thrice,291521,DE,KGM\n",
			want: []want{{4, "sku", `duplicate SKU "A1": already on row 2`}, {5, "sku", "already on row 2"}}, valid: 2,
		},
		{
			name: "missing and malformed SKUs", header: minimalHeader,
			rows: ",Acid,291521,DE,KGM\nA 1,Acid,291521,DE,KGM\n" + strings.Repeat("X", 65) + ",Acid,291521,DE,KGM\n",
			want: []want{{2, "sku", "is required"}, {3, "sku", "without spaces"}, {4, "sku", "1 to 64 characters"}},
		},
		{
			name: "quotes", header: minimalHeader,
			rows: "A1,5\" drum,291521,DE,KGM\nA2,\"Acid\"x,291521,DE,KGM\nA3,Acid,291521,DE,KGM\n",
			want: []want{{2, "", "put the whole value in quotes"}, {3, "", "extra or missing"}}, valid: 1,
		},
		{
			name: "value under a column without a name", header: "sku,name,hs_code,country_of_origin,unit,,\n",
			rows: "A1,Acid,291521,DE,KGM,,\nA2,Acid,291521,DE,KGM,,oops\n",
			want: []want{{3, "column 7", "no header name"}}, valid: 1,
		},
		{
			name: "line numbers count blank lines and multi-line cells", header: minimalHeader,
			rows: "\nA1,\"Acid\nglacial\",291521,DE,KGM\n,,,,\nA2,Acid,291521,DE\n",
			want: []want{{6, "", "4 values"}}, valid: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse(strings.NewReader(tt.header+tt.rows), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(f.Errors) != len(tt.want) || f.ErrorCount != len(tt.want) {
				t.Fatalf("errors = %v, want %d", f.Errors, len(tt.want))
			}
			for i, w := range tt.want {
				e := f.Errors[i]
				if e.Line != w.line || e.Column != w.column || !strings.Contains(e.Message, w.msg) {
					t.Errorf("error %d = %+v, want %+v", i, e, w)
				}
			}
			if len(f.Rows) != tt.valid {
				t.Errorf("valid rows = %+v, want %d", f.Rows, tt.valid)
			}
		})
	}
}

func TestParse_LineNumbersFollowTheFile(t *testing.T) {
	in := "sep=,\n\n" + minimalHeader + "A1,\"Acid\nglacial\",291521,DE,KGM\n\nA2,Acid,291521,DE,KGM"
	f, err := Parse(strings.NewReader(in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Rows) != 2 || f.Rows[0].Line != 4 || f.Rows[1].Line != 7 || f.Rows[0].Data.Name != "Acid\nglacial" {
		t.Fatalf("rows = %+v", f.Rows)
	}
}

func TestParse_ErrorListIsCapped(t *testing.T) {
	in := minimalHeader + strings.Repeat("A 1,Acid,291521,DE\n", 50)
	f, err := Parse(strings.NewReader(in), Options{MaxErrors: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Errors) != 10 || f.ErrorCount != 100 || f.Total != 50 {
		t.Fatalf("errors %d, count %d, total %d", len(f.Errors), f.ErrorCount, f.Total)
	}
}

func TestOptions_Validate(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		ok   bool
	}{
		{"zero", Options{}, true},
		{"windows-1252 and tab", Options{Encoding: EncodingWindows1252, Delimiter: '\t'}, true},
		{"utf-16 as an option", Options{Encoding: EncodingUTF16LE}, false},
		{"pipe delimiter", Options{Delimiter: '|'}, false},
		{"negative limit", Options{MaxRows: -1}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.opts.Validate()
			if (err == nil) != tt.ok || (err != nil && !problem.Is(err, problem.KindValidation)) {
				t.Fatalf("Validate = %v, want ok=%v", err, tt.ok)
			}
		})
	}
}

func TestParseEncodingAndDelimiter(t *testing.T) {
	encs := map[string]Encoding{"": EncodingAuto, "AUTO": EncodingAuto, "utf8": EncodingUTF8, "cp1252": EncodingWindows1252, "Windows-1252": EncodingWindows1252, "latin1": EncodingISO88591}
	for in, want := range encs {
		if got, err := ParseEncoding(in); err != nil || got != want {
			t.Errorf("ParseEncoding(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if _, err := ParseEncoding("utf-16"); err == nil {
		t.Error("ParseEncoding(utf-16) accepted an option UTF-16 does not need")
	}
	for e := EncodingAuto; e <= EncodingISO88591; e++ {
		if e == EncodingUTF16LE || e == EncodingUTF16BE {
			continue
		}
		if got, err := ParseEncoding(e.String()); err != nil || got != e {
			t.Errorf("ParseEncoding(%s) = %v, %v", e, got, err)
		}
	}
	delims := map[string]rune{"": 0, "auto": 0, ",": ',', "comma": ',', "Semicolon": ';', "tab": '\t', "\t": '\t', `\t`: '\t'}
	for in, want := range delims {
		if got, err := ParseDelimiter(in); err != nil || got != want {
			t.Errorf("ParseDelimiter(%q) = %q, %v; want %q", in, got, err, want)
		}
		if got, _ := ParseDelimiter(DelimiterName(want)); got != want {
			t.Errorf("DelimiterName(%q) does not parse back", want)
		}
	}
	if _, err := ParseDelimiter("|"); err == nil {
		t.Error("ParseDelimiter accepted a pipe")
	}
}
