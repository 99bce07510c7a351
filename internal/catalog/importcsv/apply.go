package importcsv

import (
	"context"
	"errors"
	"fmt"
)

// Sink writes planned rows. The lead implements it over ent: Begin opens a transaction
// (an *ent.Tx already has Commit and Rollback).
type Sink interface {
	Begin(ctx context.Context) (SinkTx, error)
}

// SinkTx is one database transaction of an import.
type SinkTx interface {
	// UpsertBatch creates or updates the seller's products by SKU with the rows' data, in
	// file order. It must upsert by SKU (lock the batch's SKUs, insert the missing ones,
	// update the rest), not trust the report's action: a product may have been created or
	// changed since the dry run. Rows are valid, normalised and unique by SKU.
	UpsertBatch(ctx context.Context, rows []Row) error
	Commit() error
	Rollback() error
}

// ApplyResult counts what Apply wrote (and committed).
type ApplyResult struct {
	Created int `json:"created"`
	Updated int `json:"updated"`
	Skipped int `json:"skipped"` // error rows left out (ImportValidRows)
}

// Apply writes the create and update rows of a report through sink, in batches of
// opts.BatchSize, checking ctx before each batch and calling opts.Progress after each.
// Unchanged rows are not written.
//
// With opts.ImportValidRows false, a report with row errors is refused (ErrHasErrors)
// and every batch goes into one transaction, committed after the last: the file is
// imported completely or not at all, whatever happens. With ImportValidRows true, error
// rows are skipped and each batch is its own transaction; on cancellation or failure the
// result counts the batches committed so far and is returned with the error.
func Apply(ctx context.Context, rep *Report, opts Options, sink Sink) (*ApplyResult, error) {
	if rep == nil || sink == nil {
		return nil, errors.New("importcsv: Apply needs a report and a sink")
	}
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	opts = opts.withDefaults()
	if rep.HasErrors() && !opts.ImportValidRows {
		return nil, fileErr(ErrHasErrors, 0,
			"the file has %d row(s) with errors; fix them and import again, or choose to import the valid rows only", rep.Counts.Error)
	}
	var (
		rows    []Row
		actions []Action
		res     = &ApplyResult{Skipped: rep.Counts.Error}
	)
	for _, r := range rep.Rows {
		if (r.Action == ActionCreate || r.Action == ActionUpdate) && r.Data != nil {
			rows = append(rows, Row{Line: r.Line, SKU: r.SKU, Data: *r.Data})
			actions = append(actions, r.Action)
		}
	}
	total := len(rows)
	opts.progress(0, total)
	if total == 0 {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		return res, nil
	}
	count := func(from, to int, into *ApplyResult) {
		for _, a := range actions[from:to] {
			if a == ActionCreate {
				into.Created++
			} else {
				into.Updated++
			}
		}
	}

	if !opts.ImportValidRows {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		tx, err := sink.Begin(ctx)
		if err != nil {
			return nil, fmt.Errorf("begin import: %w", err)
		}
		var pending ApplyResult
		for from := 0; from < total; from += opts.BatchSize {
			to := min(from+opts.BatchSize, total)
			if err := ctx.Err(); err != nil {
				return nil, rollback(tx, err)
			}
			if err := tx.UpsertBatch(ctx, rows[from:to]); err != nil {
				return nil, rollback(tx, fmt.Errorf("import rows %d to %d: %w", rows[from].Line, rows[to-1].Line, err))
			}
			count(from, to, &pending)
			opts.progress(to, total)
		}
		// A cancellation after the last batch still wins: nothing is committed.
		if err := ctx.Err(); err != nil {
			return nil, rollback(tx, err)
		}
		if err := tx.Commit(); err != nil {
			return nil, fmt.Errorf("commit import: %w", err)
		}
		res.Created, res.Updated = pending.Created, pending.Updated
		return res, nil
	}

	for from := 0; from < total; from += opts.BatchSize {
		to := min(from+opts.BatchSize, total)
		if err := ctx.Err(); err != nil {
			return res, err
		}
		tx, err := sink.Begin(ctx)
		if err != nil {
			return res, fmt.Errorf("begin import batch: %w", err)
		}
		if err := tx.UpsertBatch(ctx, rows[from:to]); err != nil {
			return res, rollback(tx, fmt.Errorf("import rows %d to %d: %w", rows[from].Line, rows[to-1].Line, err))
		}
		if err := tx.Commit(); err != nil {
			return res, fmt.Errorf("commit rows %d to %d: %w", rows[from].Line, rows[to-1].Line, err)
		}
		count(from, to, res)
		opts.progress(to, total)
	}
	return res, nil
}

func rollback(tx SinkTx, err error) error {
	if rerr := tx.Rollback(); rerr != nil {
		return fmt.Errorf("%w (rollback: %v)", err, rerr)
	}
	return err
}
