package importcsv

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
)

// WriteText prints the report for the CLI: the summary, warnings, errors and the
// planned action of every row.
func (r *Report) WriteText(w io.Writer) error {
	c := r.Counts
	b := &strings.Builder{}
	fmt.Fprintf(b, "Import preview: %d rows: %d to create, %d to update, %d unchanged, %d with errors\n",
		c.Rows, c.Create, c.Update, c.Unchanged, c.Error)
	fmt.Fprintf(b, "Encoding %s, delimiter %s, %d columns\n", r.Encoding, r.Delimiter, len(r.Columns))
	for _, s := range r.Warnings {
		fmt.Fprintf(b, "Warning: %s\n", s)
	}
	if r.ErrorCount > 0 {
		fmt.Fprintf(b, "\nErrors (%d", r.ErrorCount)
		if len(r.Errors) < r.ErrorCount {
			fmt.Fprintf(b, ", first %d shown", len(r.Errors))
		}
		b.WriteString("):\n")
		for _, e := range r.Errors {
			fmt.Fprintf(b, "  %s: %s\n", e.Where(), e.Message)
		}
	}
	b.WriteString("\nRows:\n")
	tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
	for _, row := range r.Rows {
		detail := ""
		if len(row.Changes) > 0 {
			detail = strings.Join(row.Changes, ", ")
		}
		fmt.Fprintf(tw, "  row %d\t%s\t%s\t%s\n", row.Line, row.SKU, row.Action, detail)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	lines := strings.SplitAfter(b.String(), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \n")
		if strings.HasSuffix(l, "\n") {
			lines[i] += "\n"
		}
	}
	_, err := io.WriteString(w, strings.Join(lines, ""))
	return err
}

// WriteErrorsCSV writes the listed row errors as a CSV (row, column, sku, message) the
// seller can open next to the file.
func (r *Report) WriteErrorsCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"row", "column", "sku", "message"}); err != nil {
		return err
	}
	for _, e := range r.Errors {
		if err := cw.Write([]string{strconv.Itoa(e.Line), e.Column, csvSafe(e.SKU), e.Message}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvSafe keeps a spreadsheet from reading a value the seller typed as a formula.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
