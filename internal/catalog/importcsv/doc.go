// Package importcsv reads a seller's product CSV and plans its import: it decodes and
// checks the file, turns every row into catalog master data or row errors, and compares
// each row with the seller's existing products (a dry-run report). Apply then hands the
// planned rows to a Sink in batches; running it as a job and writing to the database
// are the caller's part.
//
// # Flow
//
//	rep, err := importcsv.Plan(ctx, file, opts, validate, lookup) // dry run, nothing is written
//	if err != nil { ... }                                       // a *FileError: the file as a whole is unusable
//	res, err := importcsv.Apply(ctx, rep, opts, sink)            // refuses a report with errors unless opts.ImportValidRows
//
// # The file
//
//   - Encoding: UTF-8 with or without a byte-order mark, UTF-16 LE/BE with a byte-order
//     mark, and Windows-1252 or ISO-8859-1 only when asked for (Options.Encoding). Without
//     that option, bytes that are not UTF-8 are a file error naming the first bad line and
//     byte offset: guessing a legacy code page silently corrupts accented names. A byte-order
//     mark always wins over the option. NUL characters (UTF-16 without a BOM, binary files)
//     and Excel workbooks (.xlsx/.xls) are recognised and refused with a hint.
//   - Delimiter: comma, semicolon or tab, detected from the header (the candidate that
//     yields the most known column names) unless Options.Delimiter is set; Excel's
//     "sep=;" first line is honoured. A header that reads as one column while another
//     delimiter would give the import columns is a "wrong delimiter" error.
//   - Limits: Options.MaxBytes (50 MiB) is checked before parsing (from Size or Stat when
//     the reader has one, otherwise after reading at most MaxBytes+1 bytes); Options.MaxRows
//     (100,000 data rows) is checked in a counting pass before any row is validated. The
//     file is held in memory while it is planned (its bytes and their decoded text).
//   - encoding/csv with LazyQuotes off. A malformed quote or a row whose number of values
//     differs from the header is a row error with its line number; the rest of the file
//     is still checked. Blank lines and rows whose cells are all empty (spreadsheet
//     artefacts) are skipped.
//
// Line numbers are 1-based lines of the file where a row starts (the header is line 1),
// which is the spreadsheet row number unless a cell spans several lines.
//
// # The header
//
// Required: sku, name, hs_code, country_of_origin, unit. Optional: description,
// eu_classification, us_classification, net_weight_g, gross_weight_g, length_mm,
// width_mm, height_mm, hazmat_un_number, shelf_life_days, packaging_type,
// packaging_description, packaging_net_qty, packaging_per_pallet, and certificate-of-
// analysis groups coa_N_parameter, coa_N_method, coa_N_unit, coa_N_min, coa_N_max,
// coa_N_text for N = 1 … 20. Names are matched case-insensitively after trimming, with
// spaces and hyphens read as underscores; a few aliases are accepted (country, origin →
// country_of_origin; hs, hts → hs_code; uom → unit; see aliases in header.go).
//
// Unknown columns are an error by default, listed with a "did you mean" hint: a
// misspelt optional column ("net_weight" for net_weight_g) would otherwise drop data
// without anyone noticing. Options.IgnoreUnknownColumns turns them into report warnings.
// Columns without a name (trailing delimiters) are ignored, but a value under one is a
// row error. Duplicate columns (also through aliases), missing required columns and CoA
// values without their coa_N_parameter column are errors; all header problems are
// reported at once.
//
// # Rows
//
// Cells are trimmed. Integer columns take plain whole numbers only ("1,5", "1.000" and
// "12 kg" are refused with the reason); negative values are refused. Decimal columns
// (packaging_net_qty, coa_N_min, coa_N_max) need a decimal point, not a comma. A SKU is
// 1 to 64 characters without spaces, as in the API; a SKU seen earlier in the file is an
// error on every later row, naming the first row. The master data is then checked by the
// Validator (the same rules as the API), whose JSON-pointer field errors are mapped back to
// the CSV column as written in the header.
//
// Upsert by SKU with partial columns: a column that is absent from the file keeps the
// existing product's value (an empty cell in a present column clears it). If any coa_*
// column is present, the file's groups replace the whole specification; likewise the
// packaging_* columns replace the packaging fields they name. A row whose merged,
// normalised data equals the existing product is "unchanged" and is never sent to the
// Sink, so re-importing a file changes nothing.
//
// # Transactions (what the Sink must do)
//
// Apply batches rows (Options.BatchSize, 500) and calls Sink.Begin for a transaction:
//
//   - ImportValidRows false: one transaction for the whole file. Every batch is written in
//     it and it is committed after the last batch; an error, a cancellation or a crash
//     rolls everything back, so a file is imported completely or not at all. Apply refuses
//     a report that has row errors.
//   - ImportValidRows true: one transaction per batch, committed before the next. Error
//     rows are skipped; a cancellation or failure stops after the last committed batch and
//     Apply returns what was committed.
//
// For 10,000 rows (target < 30 s) one transaction is right: 20 batches, each one SELECT of
// the batch's SKUs (FOR UPDATE), one bulk INSERT for new products and their revisions,
// and per-row UPDATEs for changed ones, is a few seconds on PostgreSQL; row locks are
// held only on that seller's changed products. One transaction per row would be slower
// and would leave half a file behind on failure.
package importcsv
