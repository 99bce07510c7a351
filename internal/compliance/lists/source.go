package lists

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
)

// ParseError is a malformed input: the file and the line (CSV) or element
// (XML) that failed. A loader returning a ParseError has produced no snapshot.
type ParseError struct {
	File string
	Line int    // 1-based line, 0 if unknown
	Elem string // XML element path or CSV record description
	Err  error
}

func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString("lists: ")
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	if e.Elem != "" {
		b.WriteString(" (")
		b.WriteString(e.Elem)
		b.WriteString(")")
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *ParseError) Unwrap() error { return e.Err }

// ErrMissingFile reports a required file of a list set that is absent.
var ErrMissingFile = errors.New("required file missing")

// Input is one file of a list version, opened lazily. Name is the file name as
// shipped (with a .gz suffix when compressed; it is decompressed transparently).
type Input struct {
	Name string
	Open func() (io.ReadCloser, error)
}

// FSInput returns an Input reading name from fsys.
func FSInput(fsys fs.FS, name string) Input {
	return Input{Name: name, Open: func() (io.ReadCloser, error) { return fsys.Open(name) }}
}

// BytesInput returns an Input over an in-memory file (tests, fuzzing, uploads).
func BytesInput(name string, data []byte) Input {
	return Input{Name: name, Open: func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(data)), nil
	}}
}

// hashedReader is the decompressed, hashed content stream of an Input.
type hashedReader struct {
	io.Reader
	closers []io.Closer
}

func (h *hashedReader) Close() error {
	var err error
	for i := len(h.closers) - 1; i >= 0; i-- {
		if e := h.closers[i].Close(); e != nil && err == nil {
			err = e
		}
	}
	return err
}

// open opens in, feeding the raw (as shipped) bytes into hash, and returns the
// decompressed stream. hash may be nil.
func (in Input) open(hash io.Writer) (io.ReadCloser, error) {
	if in.Open == nil {
		return nil, &ParseError{File: in.Name, Err: ErrMissingFile}
	}
	rc, err := in.Open()
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, &ParseError{File: in.Name, Err: fmt.Errorf("%w: %v", ErrMissingFile, err)}
		}
		return nil, &ParseError{File: in.Name, Err: err}
	}
	var r io.Reader = rc
	if hash != nil {
		// The file name is part of the hash so that renaming files of a set
		// (e.g. swapping add and alt) changes the version hash.
		fmt.Fprintf(hash, "%s\x00", in.Name)
		r = io.TeeReader(rc, hash)
	}
	h := &hashedReader{closers: []io.Closer{rc}}
	if strings.HasSuffix(in.Name, ".gz") {
		zr, err := gzip.NewReader(bufio.NewReaderSize(r, 64<<10))
		if err != nil {
			rc.Close()
			return nil, &ParseError{File: in.Name, Err: fmt.Errorf("gzip: %w", err)}
		}
		h.closers = append(h.closers, zr)
		r = zr
	}
	h.Reader = r
	return h, nil
}

// drainAndClose reads the rest of r (so the hash covers the whole file even if
// a parser stops early at a trailer) and closes it.
func drainAndClose(r io.ReadCloser) error {
	_, err := io.Copy(io.Discard, r)
	if cerr := r.Close(); err == nil {
		err = cerr
	}
	return err
}

// dosEOFReader drops a trailing DOS end-of-file byte (0x1A) that OFAC appends
// to its CSV files. A 0x1A anywhere else is passed through (and will be
// reported by the CSV parser if it breaks a record).
type dosEOFReader struct{ br *bufio.Reader }

func newDOSEOFReader(r io.Reader) *dosEOFReader {
	return &dosEOFReader{br: bufio.NewReaderSize(r, 64<<10)}
}

func (d *dosEOFReader) Read(p []byte) (int, error) {
	n, err := d.br.Read(p)
	if n > 0 && p[n-1] == 0x1A {
		if _, perr := d.br.Peek(1); perr == io.EOF {
			n--
			if n == 0 {
				return 0, io.EOF
			}
		}
	}
	return n, err
}
