package importjob

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/productimport"
	"github.com/manifoldhq/manifold/ent/schematype"
	"github.com/manifoldhq/manifold/internal/catalog"
	"github.com/manifoldhq/manifold/internal/catalog/importcsv"
	"github.com/manifoldhq/manifold/internal/platform/blob"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/jobs"
	"github.com/manifoldhq/manifold/internal/platform/problem"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// ProgressFunc receives every progress step of a running phase (the CLI draws its bar
// with it); the row keeps a throttled copy.
type ProgressFunc func(schematype.ImportProgress)

// HandlePlan runs the dry run of an uploaded import (task catalog:import_plan).
func (s *Service) HandlePlan(ctx context.Context, p Payload) error {
	_, _, err := s.RunPlan(ctx, p.ImportID, nil)
	return err
}

// HandleApply writes an import whose apply was requested (task catalog:import_apply).
func (s *Service) HandleApply(ctx context.Context, p Payload) error {
	_, err := s.runApply(ctx, p.ImportID, nil)
	return err
}

// errDuplicate: another run already finished this job; roll back and stop quietly.
var errDuplicate = errors.New("import job already completed")

// finish commits the final state of a phase; inside a job it also completes the outbox
// row in the same transaction, so a redelivered job changes nothing.
func (s *Service) finish(ctx context.Context, tx *ent.Tx, fn func(tx *ent.Tx) error) error {
	if _, ok := jobs.OutboxID(ctx); ok {
		first, err := jobs.Complete(ctx, tx)
		if err != nil {
			return err
		}
		if !first {
			return errDuplicate
		}
	}
	return fn(tx)
}

func (s *Service) finishTx(ctx context.Context, fn func(tx *ent.Tx) error) error {
	err := db.WithTx(ctx, s.db.Client, func(tx *ent.Tx) error { return s.finish(ctx, tx, fn) })
	if errors.Is(err, errDuplicate) {
		return nil
	}
	return err
}

// fail records why an import cannot go on (a file error, lost rights); the job is done.
func (s *Service) fail(ctx context.Context, imp *ent.ProductImport, from Status, cause error) error {
	s.log.InfoContext(ctx, "product import failed", "import_id", imp.ID, "err", cause)
	return s.finishTx(ctx, func(tx *ent.Tx) error {
		_, err := tx.ProductImport.Update().Where(productimport.ID(imp.ID), productimport.StatusEQ(productimport.Status(from))).
			SetStatus(productimport.StatusFailed).SetError(errorMessage(cause)).SetFinishedAt(s.now()).Save(ctx)
		return err
	})
}

// tracker reports progress: to the caller's func at every step, to the row at most every
// ProgressEvery, and checks between batches whether the import was cancelled.
type tracker struct {
	s       *Service
	ctx     context.Context
	id      uuid.UUID
	phase   string
	persist bool
	on      ProgressFunc
	cancel  context.CancelFunc
	last    time.Time
}

func (t *tracker) progress(done, total int) {
	p := schematype.ImportProgress{Phase: t.phase, Done: done, Total: total}
	if t.on != nil {
		t.on(p)
	}
	st, err := t.s.db.Client.ProductImport.Query().Where(productimport.ID(t.id)).Select(productimport.FieldStatus).String(t.ctx)
	if err == nil && st == string(StatusCancelled) {
		t.cancel()
		return
	}
	if !t.persist || (time.Since(t.last) < ProgressEvery && done != total && done != 0) {
		return
	}
	t.last = time.Now()
	err = t.s.db.Client.ProductImport.Update().
		Where(productimport.ID(t.id), productimport.StatusIn(productimport.StatusPlanning, productimport.StatusApplying)).
		SetProgress(p).Exec(t.ctx)
	if err != nil {
		t.s.log.WarnContext(t.ctx, "import progress not saved", "import_id", t.id, "err", err)
	}
}

// cancelled reports whether the import was cancelled meanwhile.
func (s *Service) cancelled(ctx context.Context, id uuid.UUID) bool {
	st, err := s.db.Client.ProductImport.Query().Where(productimport.ID(id)).Select(productimport.FieldStatus).String(ctx)
	return err == nil && st == string(StatusCancelled)
}

// plan reads the import's file and plans it as the uploading seller user.
func (s *Service) plan(ctx, sellerCtx context.Context, imp *ent.ProductImport, t *tracker) (*importcsv.Report, error) {
	if err := blob.CheckTenant(imp.BlobKey, tenant.FromContext(ctx).TenantID); err != nil {
		return nil, err
	}
	rc, _, err := s.blob.Get(sellerCtx, imp.BlobKey)
	if err != nil {
		return nil, fmt.Errorf("open import file: %w", err)
	}
	defer rc.Close()
	opts := optionsOf(imp, s.BatchSize)
	opts.MaxBytes = max(s.MaxBytes, imp.Size)
	opts.Progress = t.progress
	lookup := func(ctx context.Context, skus []string) (map[string]catalog.ProductData, error) {
		return s.catalog.CurrentData(ctx, imp.SellerID, skus)
	}
	return importcsv.Plan(sellerCtx, rc, opts, catalog.ValidateProduct, lookup)
}

// RunPlan runs the dry run of an import now (the job's body; the CLI calls it directly).
// An import that is no longer uploaded or planning is left alone: a redelivered or
// late job does nothing. The report is nil then, and when the file was refused.
func (s *Service) RunPlan(ctx context.Context, id uuid.UUID, on ProgressFunc) (*ent.ProductImport, *importcsv.Report, error) {
	imp, err := s.db.Client.ProductImport.Get(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if st := Status(imp.Status); st != StatusUploaded && st != StatusPlanning {
		return imp, nil, nil
	}
	n, err := s.db.Client.ProductImport.Update().
		Where(productimport.ID(id), productimport.StatusIn(productimport.StatusUploaded, productimport.StatusPlanning)).
		SetStatus(productimport.StatusPlanning).SetProgress(schematype.ImportProgress{Phase: "planning"}).Save(ctx)
	if err != nil || n == 0 {
		return imp, nil, err
	}
	sellerCtx, err := s.asUploader(ctx, imp)
	if err != nil {
		return imp, nil, s.fail(ctx, imp, StatusPlanning, err)
	}
	runCtx, cancel := context.WithCancel(sellerCtx)
	defer cancel()
	s.running.Store(id, cancel)
	defer s.running.Delete(id)
	t := &tracker{s: s, ctx: ctx, id: id, phase: "planning", persist: true, on: on, cancel: cancel}
	rep, err := s.plan(ctx, runCtx, imp, t)
	var fe *importcsv.FileError
	switch {
	case err != nil && s.cancelled(ctx, id):
		imp, err = s.db.Client.ProductImport.Get(ctx, id)
		return imp, nil, err
	case errors.As(err, &fe):
		return s.reload(ctx, id, s.fail(ctx, imp, StatusPlanning, err))
	case problem.Is(err, problem.KindForbidden) || problem.Is(err, problem.KindValidation):
		return s.reload(ctx, id, s.fail(ctx, imp, StatusPlanning, err))
	case err != nil:
		return imp, nil, err
	}
	errorsKey := ""
	if rep.ErrorCount > 0 {
		errorsKey = imp.BlobKey + ".errors.csv"
		pr, pw := io.Pipe()
		go func() { pw.CloseWithError(rep.WriteErrorsCSV(pw)) }()
		_, err := s.blob.Put(ctx, errorsKey, pr, blob.Meta{ContentType: "text/csv"})
		pr.Close()
		if err != nil {
			return imp, nil, fmt.Errorf("store import errors: %w", err)
		}
	}
	c := rep.Counts
	summary := schematype.ImportReport{Encoding: rep.Encoding, Delimiter: rep.Delimiter, Columns: rep.Columns,
		Warnings: rep.Warnings, ErrorCount: rep.ErrorCount}
	for _, e := range rep.Errors[:min(len(rep.Errors), MaxErrorsInRow)] {
		summary.Errors = append(summary.Errors, schematype.ImportRowError(e))
	}
	err = s.finishTx(ctx, func(tx *ent.Tx) error {
		now := s.now()
		_, err := tx.ProductImport.Update().Where(productimport.ID(id), productimport.StatusEQ(productimport.StatusPlanning)).
			SetStatus(productimport.StatusPlanned).SetPlannedAt(now).SetReport(summary).SetErrorsBlobKey(errorsKey).
			SetCounts(schematype.ImportCounts{Rows: c.Rows, Create: c.Create, Update: c.Update, Unchanged: c.Unchanged, Error: c.Error}).
			SetProgress(schematype.ImportProgress{Phase: "planning", Done: c.Rows, Total: c.Rows}).Save(ctx)
		return err
	})
	imp, _, rerr := s.reload(ctx, id, err)
	return imp, rep, rerr
}

func (s *Service) reload(ctx context.Context, id uuid.UUID, err error) (*ent.ProductImport, *importcsv.Report, error) {
	if err != nil {
		return nil, nil, err
	}
	imp, err := s.db.Client.ProductImport.Get(ctx, id)
	return imp, nil, err
}

// ApplyNow starts the apply of a planned import and runs it in this process (the CLI).
func (s *Service) ApplyNow(ctx context.Context, id uuid.UUID, on ProgressFunc) (*ent.ProductImport, error) {
	if _, err := s.startApply(ctx, id, true); err != nil {
		return nil, err
	}
	return s.runApply(ctx, id, on)
}

// runApply plans the file again against the current catalog and writes it: in one
// transaction (the import row's final state and the job's completion commit with the
// products), or with import_valid_rows one transaction per batch. Anything but an import
// in "applying" is left alone, so a redelivered job does nothing; a job that died
// mid-way runs again safely (one transaction: nothing was written; per batch: the rows
// written are now unchanged).
func (s *Service) runApply(ctx context.Context, id uuid.UUID, on ProgressFunc) (*ent.ProductImport, error) {
	imp, err := s.db.Client.ProductImport.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if Status(imp.Status) != StatusApplying {
		return imp, nil
	}
	sellerCtx, err := s.asUploader(ctx, imp)
	if err != nil {
		imp, _, err := s.reload(ctx, id, s.fail(ctx, imp, StatusApplying, err))
		return imp, err
	}
	runCtx, cancel := context.WithCancel(sellerCtx)
	defer cancel()
	s.running.Store(id, cancel)
	defer s.running.Delete(id)
	check := &tracker{s: s, ctx: ctx, id: id, phase: "checking", persist: true, on: on, cancel: cancel}
	rep, err := s.plan(ctx, runCtx, imp, check)
	if err == nil && rep.HasErrors() && !imp.Options.ImportValidRows {
		err = problem.Conflict("%d row(s) have errors against the current catalog; plan the file again", rep.Counts.Error)
	}
	if err != nil {
		if s.cancelled(ctx, id) {
			return s.db.Client.ProductImport.Get(ctx, id)
		}
		var fe *importcsv.FileError
		if errors.As(err, &fe) || problem.Is(err, problem.KindConflict) || problem.Is(err, problem.KindForbidden) {
			imp, _, err = s.reload(ctx, id, s.fail(ctx, imp, StatusApplying, err))
			return imp, err
		}
		return nil, err
	}
	opts := optionsOf(imp, s.BatchSize)
	// SQLite has one writer: progress written beside the open import transaction would
	// wait for it, so there the row shows progress only per committed batch.
	oneTx := !imp.Options.ImportValidRows
	t := &tracker{s: s, ctx: ctx, id: id, phase: "applying", persist: s.db.Dialect == "postgres" || !oneTx, on: on, cancel: cancel}
	opts.Progress = t.progress
	sk := &sink{s: s, sellerID: imp.SellerID}
	final := func(tx *ent.Tx, res catalog.UpsertResult) error {
		c := imp.Counts
		c.Created, c.Updated, c.Skipped = res.Created, res.Updated, rep.Counts.Error
		n, err := tx.ProductImport.Update().Where(productimport.ID(id), productimport.StatusEQ(productimport.StatusApplying)).
			SetStatus(productimport.StatusApplied).SetCounts(c).SetAppliedAt(s.now()).SetFinishedAt(s.now()).
			SetProgress(schematype.ImportProgress{Phase: "applying", Done: opts0(rep), Total: opts0(rep)}).Save(ctx)
		if err == nil && n == 0 {
			return context.Canceled // cancelled meanwhile: nothing is committed
		}
		return err
	}
	if oneTx {
		sk.beforeCommit = func(tx *ent.Tx, res catalog.UpsertResult) error {
			return s.finish(ctx, tx, func(tx *ent.Tx) error { return final(tx, res) })
		}
	}
	_, err = importcsv.Apply(runCtx, rep, opts, sk)
	switch {
	case errors.Is(err, errDuplicate):
		return s.db.Client.ProductImport.Get(ctx, id)
	case err != nil && (s.cancelled(ctx, id) || runCtx.Err() != nil && ctx.Err() == nil):
		// Cancelled (the status may still be committing). With import_valid_rows the committed batches stay: record them.
		c := imp.Counts
		c.Created, c.Updated = sk.total.Created, sk.total.Updated
		if uerr := s.db.Client.ProductImport.UpdateOneID(id).SetCounts(c).Exec(ctx); uerr != nil {
			return nil, uerr
		}
		return s.db.Client.ProductImport.Get(ctx, id)
	case problem.Is(err, problem.KindForbidden) || problem.Is(err, problem.KindValidation):
		imp, _, err = s.reload(ctx, id, s.fail(ctx, imp, StatusApplying, err))
		return imp, err
	case err != nil:
		return nil, err
	}
	if !oneTx || rep.Counts.Create+rep.Counts.Update == 0 {
		// Per-batch commits (or nothing to write): the final state in its own transaction.
		if err := s.finishTx(ctx, func(tx *ent.Tx) error { return final(tx, sk.total) }); err != nil && !errors.Is(err, context.Canceled) {
			return nil, err
		}
	}
	return s.db.Client.ProductImport.Get(ctx, id)
}

// opts0 is the number of rows an apply writes.
func opts0(rep *importcsv.Report) int { return rep.Counts.Create + rep.Counts.Update }

// sink writes batches through catalog.Service.UpsertProducts.
type sink struct {
	s            *Service
	sellerID     uuid.UUID
	total        catalog.UpsertResult // committed
	beforeCommit func(tx *ent.Tx, res catalog.UpsertResult) error
}

func (k *sink) Begin(ctx context.Context) (importcsv.SinkTx, error) {
	tx, err := k.s.db.Client.Tx(ctx)
	if err != nil {
		return nil, err
	}
	return &sinkTx{k: k, tx: tx}, nil
}

type sinkTx struct {
	k       *sink
	tx      *ent.Tx
	pending catalog.UpsertResult
}

func (t *sinkTx) UpsertBatch(ctx context.Context, rows []importcsv.Row) error {
	in := make([]catalog.UpsertInput, len(rows))
	for i, r := range rows {
		in[i] = catalog.UpsertInput{SKU: r.SKU, Data: r.Data}
	}
	res, err := t.k.s.catalog.UpsertProducts(ctx, t.tx, t.k.sellerID, in)
	if err != nil {
		return err
	}
	t.pending.Created += res.Created
	t.pending.Updated += res.Updated
	t.pending.Unchanged += res.Unchanged
	return nil
}

func (t *sinkTx) Commit() error {
	all := t.k.total
	all.Created += t.pending.Created
	all.Updated += t.pending.Updated
	all.Unchanged += t.pending.Unchanged
	if t.k.beforeCommit != nil {
		if err := t.k.beforeCommit(t.tx, all); err != nil {
			_ = t.tx.Rollback()
			return err
		}
	}
	if err := t.tx.Commit(); err != nil {
		return err
	}
	t.k.total = all
	return nil
}

func (t *sinkTx) Rollback() error { return t.tx.Rollback() }
