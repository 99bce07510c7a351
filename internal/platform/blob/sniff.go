package blob

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"path"
	"strings"
	"unicode"
)

// CleanFilename keeps the base name of what a client sent, without control characters
// or quotes, at most 255 bytes; it is shown back and used in Content-Disposition, never
// as a path.
func CleanFilename(s string) string {
	s = path.Base(strings.ReplaceAll(s, `\`, "/"))
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '"' || r == '/' {
			return -1
		}
		return r
	}, strings.TrimSpace(s))
	if s == "." || s == "" {
		return ""
	}
	for len(s) > 255 {
		r := []rune(s)
		s = string(r[:len(r)-1])
	}
	return s
}

// ErrEmpty is an upload without content.
var ErrEmpty = errors.New("empty upload")

// ErrUploadTooLarge is returned by a Sniffed body once it has read more than its maximum.
var ErrUploadTooLarge = errors.New("upload too large")

// Sniffed is an upload whose content type was read from its first bytes.
type Sniffed struct {
	ContentType string    // http.DetectContentType of the first 512 bytes, without parameters
	Body        io.Reader // the whole content; fails with ErrUploadTooLarge past the maximum
}

// Sniff reads the head of r to detect its content type (the bytes, not what a client
// declared) and returns a body that replays them and fails once more than max bytes
// were read, so a store writing it keeps nothing of an oversized upload.
func Sniff(r io.Reader, max int64) (Sniffed, error) {
	head := make([]byte, 512)
	n, err := io.ReadFull(r, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return Sniffed{}, err
	}
	if n == 0 {
		return Sniffed{}, ErrEmpty
	}
	head = head[:n]
	return Sniffed{
		ContentType: strings.Split(http.DetectContentType(head), ";")[0],
		Body:        LimitReader(io.MultiReader(bytes.NewReader(head), r), max),
	}, nil
}

// LimitReader reads r and fails with ErrUploadTooLarge once more than max bytes were
// read, so a store writing it keeps nothing of an oversized upload.
func LimitReader(r io.Reader, max int64) io.Reader { return &limitReader{r: r, max: max} }

type limitReader struct {
	r   io.Reader
	n   int64
	max int64
}

func (l *limitReader) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	l.n += int64(n)
	if l.n > l.max {
		return n, ErrUploadTooLarge
	}
	return n, err
}
