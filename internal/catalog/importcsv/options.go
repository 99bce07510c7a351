package importcsv

import (
	"fmt"
	"strings"

	"github.com/manifoldhq/manifold/internal/platform/problem"
)

// Defaults for the zero values of Options.
const (
	DefaultMaxBytes  = 50 << 20
	DefaultMaxRows   = 100_000
	DefaultMaxErrors = 1000
	DefaultBatchSize = 500
)

// Options tune one import. The zero value is ready to use.
type Options struct {
	// Encoding is EncodingAuto (UTF-8, or UTF-16 with a byte-order mark) unless the user
	// chose a legacy code page.
	Encoding Encoding
	// Delimiter is ',', ';' or '\t'; 0 detects it from the header.
	Delimiter rune
	// MaxBytes limits the file size (default 50 MiB).
	MaxBytes int64
	// MaxRows limits the number of data rows (default 100,000).
	MaxRows int
	// MaxErrors limits the row errors listed in a report (default 1000); ErrorCount
	// still counts all of them.
	MaxErrors int
	// BatchSize is the number of rows per existing-product lookup and per Sink call
	// (default 500).
	BatchSize int
	// IgnoreUnknownColumns reports unknown columns as warnings instead of failing.
	IgnoreUnknownColumns bool
	// ImportValidRows lets Apply import the valid rows of a file that has row errors,
	// committing batch by batch.
	ImportValidRows bool
	// Progress, if set, is called with the rows done so far and the total, starting with
	// (0, total) and ending with (total, total); done never decreases.
	Progress func(done, total int)
}

// Validate reports options that cannot work, as a problem.KindValidation error.
func (o Options) Validate() error {
	var f problem.Fields
	switch o.Encoding {
	case EncodingAuto, EncodingUTF8, EncodingWindows1252, EncodingISO88591:
	case EncodingUTF16LE, EncodingUTF16BE:
		f.Add("encoding", "UTF-16 is recognised from its byte-order mark; leave encoding=auto")
	default:
		f.Add("encoding", "unknown encoding %d", int(o.Encoding))
	}
	switch o.Delimiter {
	case 0, ',', ';', '\t':
	default:
		f.Add("delimiter", "%q is not supported; use comma, semicolon or tab", o.Delimiter)
	}
	if o.MaxBytes < 0 || o.MaxRows < 0 || o.MaxErrors < 0 || o.BatchSize < 0 {
		f.Add("limits", "must not be negative")
	}
	return f.Err("import options are invalid")
}

func (o Options) withDefaults() Options {
	if o.MaxBytes == 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.MaxRows == 0 {
		o.MaxRows = DefaultMaxRows
	}
	if o.MaxErrors == 0 {
		o.MaxErrors = DefaultMaxErrors
	}
	if o.BatchSize == 0 {
		o.BatchSize = DefaultBatchSize
	}
	return o
}

func (o Options) progress(done, total int) {
	if o.Progress != nil {
		o.Progress(done, total)
	}
}

// Encoding is the character encoding of a file.
type Encoding int

const (
	EncodingAuto Encoding = iota
	EncodingUTF8
	EncodingUTF16LE
	EncodingUTF16BE
	EncodingWindows1252
	EncodingISO88591
)

var encodingNames = [...]string{"auto", "utf-8", "utf-16le", "utf-16be", "windows-1252", "iso-8859-1"}

func (e Encoding) String() string {
	if e < 0 || int(e) >= len(encodingNames) {
		return fmt.Sprintf("Encoding(%d)", int(e))
	}
	return encodingNames[e]
}

// ParseEncoding reads an encoding option: auto (or empty), utf-8, windows-1252 (cp1252)
// or iso-8859-1 (latin1). UTF-16 needs no option: its byte-order mark is recognised.
func ParseEncoding(s string) (Encoding, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "auto":
		return EncodingAuto, nil
	case "utf-8", "utf8":
		return EncodingUTF8, nil
	case "windows-1252", "cp1252", "win1252":
		return EncodingWindows1252, nil
	case "iso-8859-1", "iso8859-1", "latin1", "latin-1":
		return EncodingISO88591, nil
	}
	return 0, fmt.Errorf("unknown encoding %q: use auto, utf-8, windows-1252 or iso-8859-1", s)
}

// ParseDelimiter reads a delimiter option: auto (or empty, 0), comma, semicolon or tab,
// by name or as the character itself.
func ParseDelimiter(s string) (rune, error) {
	switch strings.ToLower(s) {
	case "", "auto":
		return 0, nil
	case ",", "comma":
		return ',', nil
	case ";", "semicolon":
		return ';', nil
	case "\t", "tab", `\t`:
		return '\t', nil
	}
	return 0, fmt.Errorf("unknown delimiter %q: use auto, comma, semicolon or tab", s)
}

// DelimiterName is the option name of a delimiter ("comma", "semicolon", "tab").
func DelimiterName(d rune) string {
	switch d {
	case ',':
		return "comma"
	case ';':
		return "semicolon"
	case '\t':
		return "tab"
	case 0:
		return "auto"
	}
	return fmt.Sprintf("%q", d)
}
