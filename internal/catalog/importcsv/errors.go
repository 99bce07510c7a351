package importcsv

import (
	"errors"
	"fmt"
	"strings"

	"github.com/manifoldhq/manifold/internal/platform/problem"
)

// Reasons a whole file is refused; a *FileError matches one of them with errors.Is.
var (
	ErrEmpty       = errors.New("empty file")
	ErrEncoding    = errors.New("wrong encoding")
	ErrDelimiter   = errors.New("wrong delimiter")
	ErrHeader      = errors.New("bad header")
	ErrNoRows      = errors.New("no rows")
	ErrTooLarge    = errors.New("file too large")
	ErrTooManyRows = errors.New("too many rows")
	// ErrHasErrors: Apply was given a report with row errors and ImportValidRows was off.
	ErrHasErrors = errors.New("report has row errors")
)

// FileError says why a file cannot be imported at all. It matches its Reason with
// errors.Is and a *problem.Error with errors.As (validation, or payload-too-large for
// the size limits), so the HTTP layer renders it without knowing this package.
type FileError struct {
	Reason error // one of the Err* values above
	Line   int   // the line the problem is on; 0 when it is about the whole file
	Detail string
	Fields []problem.FieldError // one per header problem
}

func (e *FileError) Error() string {
	if len(e.Fields) == 0 {
		return e.Detail
	}
	msgs := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		msgs[i] = f.Field + ": " + f.Message
	}
	return e.Detail + ": " + strings.Join(msgs, "; ")
}

func (e *FileError) Unwrap() []error { return []error{e.Reason, e.problem()} }

func (e *FileError) problem() *problem.Error {
	switch e.Reason {
	case ErrTooLarge, ErrTooManyRows:
		return problem.PayloadTooLarge("%s", e.Detail)
	case ErrHasErrors:
		return problem.Unprocessable("%s", e.Detail)
	}
	return problem.Validation(e.Detail, e.Fields...)
}

func fileErr(reason error, line int, format string, args ...any) *FileError {
	return &FileError{Reason: reason, Line: line, Detail: fmt.Sprintf(format, args...)}
}

// RowError is one problem in one row. Column is the header name as written in the file
// ("" when the problem is the whole row, such as a wrong number of values).
type RowError struct {
	Line    int    `json:"line"`
	Column  string `json:"column,omitempty"`
	SKU     string `json:"sku,omitempty"`
	Message string `json:"message"`
}

// Where is "row 7, column hs_code" (or "row 7").
func (e RowError) Where() string {
	if e.Column == "" {
		return fmt.Sprintf("row %d", e.Line)
	}
	return fmt.Sprintf("row %d, column %s", e.Line, e.Column)
}

func (e RowError) Error() string { return e.Where() + ": " + e.Message }

// FieldError is the row error in the API's error shape.
func (e RowError) FieldError() problem.FieldError {
	return problem.FieldError{Field: e.Where(), Message: e.Message}
}

func sizeString(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	if n >= 1<<10 && n%(1<<10) == 0 {
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
