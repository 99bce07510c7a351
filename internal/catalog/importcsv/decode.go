package importcsv

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// readLimited reads the whole file, refusing it as soon as it is known to exceed limit.
func readLimited(r io.Reader, limit int64) ([]byte, error) {
	tooLarge := func() error {
		return fileErr(ErrTooLarge, 0, "the file is larger than %s; split it into smaller files", sizeString(limit))
	}
	// Uploads and files usually know their size: refuse before reading anything.
	switch s := r.(type) {
	case interface{ Size() int64 }:
		if s.Size() > limit {
			return nil, tooLarge()
		}
	case interface{ Stat() (fs.FileInfo, error) }:
		if fi, err := s.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() > limit {
			return nil, tooLarge()
		}
	}
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read file: %w", err)
	}
	if int64(len(b)) > limit {
		return nil, tooLarge()
	}
	return b, nil
}

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

const hintSaveUTF8 = "save it as UTF-8 (in Excel: Save As › CSV UTF-8)"

// decode turns the file into UTF-8 text. It returns the encoding used and warnings.
func decode(b []byte, want Encoding) (string, Encoding, []string, error) {
	if len(bytes.TrimSpace(b)) == 0 {
		return "", want, nil, fileErr(ErrEmpty, 0, "the file is empty")
	}
	switch {
	case bytes.HasPrefix(b, []byte("PK\x03\x04")):
		return "", want, nil, fileErr(ErrEncoding, 0, "this is an Excel workbook (.xlsx) or another zip file, not CSV; %s", hintSaveUTF8)
	case bytes.HasPrefix(b, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return "", want, nil, fileErr(ErrEncoding, 0, "this is an Excel 97-2003 workbook (.xls), not CSV; %s", hintSaveUTF8)
	}

	var (
		text     string
		enc      Encoding
		warnings []string
		offset   int // bytes removed before text starts, for error offsets
	)
	switch {
	case bytes.HasPrefix(b, bomUTF8):
		enc, offset = EncodingUTF8, len(bomUTF8)
		if err := checkUTF8(b[offset:], offset); err != nil {
			return "", enc, nil, err
		}
		text = string(b[offset:])
	case bytes.HasPrefix(b, bomUTF16LE), bytes.HasPrefix(b, bomUTF16BE):
		enc = EncodingUTF16LE
		var order unicode.Endianness = unicode.LittleEndian
		if b[0] == 0xFE {
			enc, order = EncodingUTF16BE, unicode.BigEndian
		}
		body := b[2:]
		if len(body)%2 != 0 {
			return "", enc, nil, fileErr(ErrEncoding, 0, "the file starts with a UTF-16 byte-order mark but has an odd number of bytes; it is damaged or not UTF-16; %s", hintSaveUTF8)
		}
		out, err := unicode.UTF16(order, unicode.IgnoreBOM).NewDecoder().Bytes(body)
		if err != nil {
			return "", enc, nil, fileErr(ErrEncoding, 0, "the file is not valid %s: %v; %s", enc, err, hintSaveUTF8)
		}
		text = string(out)
	case want == EncodingWindows1252 || want == EncodingISO88591:
		enc = want
		var cm encoding.Encoding = charmap.Windows1252
		if want == EncodingISO88591 {
			cm = charmap.ISO8859_1
		}
		out, err := cm.NewDecoder().Bytes(b)
		if err != nil {
			return "", enc, nil, fileErr(ErrEncoding, 0, "the file is not valid %s: %v", enc, err)
		}
		if utf8.Valid(b) && hasNonASCII(b) {
			warnings = append(warnings, fmt.Sprintf("the file is valid UTF-8 but was read as %s as requested; check accented letters, or import it with encoding=auto", enc))
		}
		text = string(out)
	default:
		enc = EncodingUTF8
		if err := checkUTF8(b, 0); err != nil {
			return "", enc, nil, err
		}
		text = string(b)
	}
	if i := strings.IndexByte(text, 0); i >= 0 {
		return "", enc, nil, fileErr(ErrEncoding, lineAt(text, i),
			"the file contains NUL characters (first on line %d): it is probably UTF-16 without a byte-order mark, or not a text file; %s", lineAt(text, i), hintSaveUTF8)
	}
	if strings.TrimSpace(text) == "" {
		return "", enc, nil, fileErr(ErrEmpty, 0, "the file is empty")
	}
	return text, enc, warnings, nil
}

// checkUTF8 names the first invalid byte: its line and its offset in the file.
func checkUTF8(b []byte, offset int) error {
	if utf8.Valid(b) {
		return nil
	}
	i := 0
	for i < len(b) {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			break
		}
		i += n
	}
	line := 1 + bytes.Count(b[:i], []byte{'\n'})
	return fileErr(ErrEncoding, line,
		"the file is not UTF-8: invalid byte 0x%02X on line %d (byte offset %d); save it as UTF-8 or choose encoding=windows-1252",
		b[i], line, offset+i)
}

func lineAt(s string, i int) int { return 1 + strings.Count(s[:i], "\n") }

func hasNonASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return true
		}
	}
	return false
}
