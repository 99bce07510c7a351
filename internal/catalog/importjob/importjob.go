// Package importjob runs a seller's product CSV import as two jobs: the dry run
// (catalog:import_plan) and the apply (catalog:import_apply). It keeps the uploaded file
// in the blob store, the import's state, progress and report in a ProductImport row, and
// writes products through catalog.Service.UpsertProducts acting with the rights of the
// seller user who uploaded the file. importcsv does the parsing and planning.
package importjob

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"

	"io"
	"log/slog"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/membership"
	"github.com/manifoldhq/manifold/ent/organization"
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

// Task types of this package.
const (
	TypePlan  = "catalog:import_plan"
	TypeApply = "catalog:import_apply"
)

// BlobArea is the blob-store area of uploaded import files (see blob.Key).
const BlobArea = "imports"

// MaxErrorsInRow is how many row errors the ProductImport row keeps; all of them are in
// the errors CSV.
const MaxErrorsInRow = 100

// ProgressEvery is the least time between two progress writes of a running job.
const ProgressEvery = 250 * time.Millisecond

// Status is where an import is.
type Status string

const (
	StatusUploaded  Status = "uploaded"
	StatusPlanning  Status = "planning"
	StatusPlanned   Status = "planned"
	StatusFailed    Status = "failed"
	StatusApplying  Status = "applying"
	StatusApplied   Status = "applied"
	StatusCancelled Status = "cancelled"
)

func (s Status) String() string { return string(s) }

// transitions is the whole state machine: from → allowed next states.
var transitions = map[Status][]Status{
	StatusUploaded: {StatusPlanning, StatusCancelled, StatusFailed},
	StatusPlanning: {StatusPlanning, StatusPlanned, StatusFailed, StatusCancelled},
	StatusPlanned:  {StatusApplying, StatusCancelled},
	StatusApplying: {StatusApplied, StatusFailed, StatusCancelled},
}

// CanMove reports whether an import may go from one status to another.
func CanMove(from, to Status) bool { return slices.Contains(transitions[from], to) }

// Payload is the payload of both task types.
type Payload struct {
	ImportID uuid.UUID `json:"import_id"`
}

// Validate refuses a payload without an import.
func (p Payload) Validate() error {
	if p.ImportID == uuid.Nil {
		return errors.New("import_id is required")
	}
	return nil
}

// Service manages product imports.
type Service struct {
	db      *db.DB
	blob    blob.Store
	catalog *catalog.Service
	log     *slog.Logger
	now     func() time.Time
	// MaxBytes limits an uploaded file (default importcsv.DefaultMaxBytes).
	MaxBytes int64
	// BatchSize is the rows per lookup and write (default importcsv.DefaultBatchSize).
	BatchSize int
	// running cancels the runs of this process by import id at once: on SQLite the
	// cancel's own write waits for a running one-transaction apply to end.
	running sync.Map // uuid.UUID → context.CancelFunc
}

// NewService builds the service.
func NewService(d *db.DB, b blob.Store, c *catalog.Service, log *slog.Logger) *Service {
	return &Service{db: d, blob: b, catalog: c, log: log, now: func() time.Time { return time.Now().UTC() },
		MaxBytes: importcsv.DefaultMaxBytes}
}

// UploadInput is a new import.
type UploadInput struct {
	SellerID        uuid.UUID // optional when the viewer edits exactly one seller's catalog
	Filename        string
	Body            io.Reader
	Encoding        string
	Delimiter       string
	ImportValidRows bool
	// Inline: the caller runs the dry run itself (RunPlan); no job is enqueued.
	Inline bool
}

func (in *UploadInput) validate(ctx context.Context) (importcsv.Options, error) {
	var f problem.Fields
	enc, err := importcsv.ParseEncoding(in.Encoding)
	if err != nil {
		f.Add("encoding", "%s", err.Error())
	}
	delim, err := importcsv.ParseDelimiter(in.Delimiter)
	if err != nil {
		f.Add("delimiter", "%s", err.Error())
	}
	in.Encoding, in.Delimiter = enc.String(), importcsv.DelimiterName(delim)
	in.Filename = path.Base(strings.ReplaceAll(strings.TrimSpace(in.Filename), `\`, "/"))
	if in.Filename == "" || in.Filename == "." || in.Filename == "/" {
		in.Filename = "products.csv"
	}
	if len(in.Filename) > 255 {
		in.Filename = in.Filename[len(in.Filename)-255:]
	}
	mine := catalog.EditableSellers(ctx)
	switch {
	case in.SellerID == uuid.Nil && len(mine) == 1:
		in.SellerID = mine[0]
	case in.SellerID == uuid.Nil:
		f.Add("seller_id", "is required: you edit products of %d sellers", len(mine))
	case !slices.Contains(mine, in.SellerID):
		return importcsv.Options{}, problem.Forbidden("you do not manage the catalog of that seller")
	}
	if in.Body == nil {
		f.Add("file", "is required")
	}
	return importcsv.Options{Encoding: enc, Delimiter: delim, ImportValidRows: in.ImportValidRows}, f.Err("the import is invalid")
}

// MaxActivePerSeller bounds a seller's imports in flight (uploaded, planning or
// applying): each holds a file and a worker's time, and a client retrying an upload in
// a loop should meet a clear refusal rather than fill the queue.
const MaxActivePerSeller = 3

var activeStatuses = []productimport.Status{
	productimport.StatusUploaded, productimport.StatusPlanning, productimport.StatusApplying,
}

// Upload stores the file and records the import; unless in.Inline it enqueues the dry
// run in the same transaction.
func (s *Service) Upload(ctx context.Context, in UploadInput) (*ent.ProductImport, error) {
	if _, err := in.validate(ctx); err != nil {
		return nil, err
	}
	v := tenant.FromContext(ctx)
	seller, err := s.db.Client.Organization.Get(ctx, in.SellerID)
	if err != nil || seller.Kind != organization.KindSeller {
		return nil, problem.Validation("the import is invalid", problem.Field("seller_id", "is not a seller of this marketplace"))
	}
	active, err := s.db.Client.ProductImport.Query().
		Where(productimport.SellerID(in.SellerID), productimport.StatusIn(activeStatuses...)).Count(ctx)
	if err != nil {
		return nil, err
	}
	if active >= MaxActivePerSeller {
		return nil, problem.Conflict("the seller has %d imports in progress (at most %d): wait for one to finish or cancel one",
			active, MaxActivePerSeller)
	}
	id := uuid.Must(uuid.NewV7())
	key := blob.Key(v.TenantID, BlobArea, id)
	obj, err := s.blob.Put(ctx, key, blob.LimitReader(in.Body, s.MaxBytes), blob.Meta{ContentType: "text/csv"})
	if errors.Is(err, blob.ErrUploadTooLarge) {
		return nil, problem.PayloadTooLarge("the file is larger than %d MiB", s.MaxBytes>>20)
	}
	if err != nil {
		return nil, err
	}
	if obj.Size == 0 {
		_ = s.blob.Delete(context.WithoutCancel(ctx), key)
		return nil, problem.Validation("the import is invalid", problem.Field("file", "is empty"))
	}
	var out *ent.ProductImport
	err = db.WithTx(ctx, s.db.Client, func(tx *ent.Tx) error {
		c := tx.ProductImport.Create().SetID(id).SetSellerID(in.SellerID).SetFilename(in.Filename).
			SetBlobKey(key).SetSize(obj.Size).SetSha256(obj.SHA256).
			SetOptions(schematype.ImportOptions{Encoding: in.Encoding, Delimiter: in.Delimiter, ImportValidRows: in.ImportValidRows}).
			SetProgress(schematype.ImportProgress{Phase: "planning"})
		if v.UserID != uuid.Nil {
			c.SetCreatedBy(v.UserID)
		}
		var err error
		if out, err = c.Save(ctx); err != nil {
			return err
		}
		if !in.Inline {
			if _, err := jobs.Enqueue(ctx, tx, jobs.Task{Type: TypePlan, Payload: Payload{ImportID: id}}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		if derr := s.blob.Delete(context.WithoutCancel(ctx), key); derr != nil {
			s.log.WarnContext(ctx, "orphaned import blob", "key", key, "err", derr)
		}
		return nil, err
	}
	return out, nil
}

var errImportNotFound = problem.NotFound("import not found")

// Get returns an import of one of the viewer's sellers (staff: any).
func (s *Service) Get(ctx context.Context, id uuid.UUID) (*ent.ProductImport, error) {
	imp, err := s.db.Client.ProductImport.Get(ctx, id)
	if ent.IsNotFound(err) || (err == nil && !visible(ctx, imp)) {
		return nil, errImportNotFound
	}
	return imp, err
}

func visible(ctx context.Context, imp *ent.ProductImport) bool {
	return catalog.IsStaff(ctx) || slices.Contains(catalog.EditableSellers(ctx), imp.SellerID)
}

// List returns a page of imports, newest last by id: the viewer's sellers' (staff: all).
func (s *Service) List(ctx context.Context, after uuid.UUID, limit int) ([]*ent.ProductImport, error) {
	q := s.db.Client.ProductImport.Query().Order(ent.Asc(productimport.FieldID)).Limit(limit)
	if !catalog.IsStaff(ctx) {
		q = q.Where(productimport.SellerIDIn(catalog.EditableSellers(ctx)...))
	}
	if after != uuid.Nil {
		q = q.Where(productimport.IDGT(after))
	}
	return q.All(ctx)
}

// ErrorsCSV opens the full list of row errors of a planned import (header only when
// there are none); the caller closes it.
func (s *Service) ErrorsCSV(ctx context.Context, id uuid.UUID) (io.ReadCloser, *ent.ProductImport, error) {
	imp, err := s.Get(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if imp.ErrorsBlobKey == "" {
		if imp.PlannedAt == nil {
			return nil, nil, problem.Conflict("the import has not been planned yet (status %s)", imp.Status)
		}
		return io.NopCloser(strings.NewReader("row,column,sku,message\n")), imp, nil
	}
	if err := blob.CheckTenant(imp.ErrorsBlobKey, tenant.FromContext(ctx).TenantID); err != nil {
		return nil, nil, errImportNotFound
	}
	rc, _, err := s.blob.Get(ctx, imp.ErrorsBlobKey)
	return rc, imp, err
}

// Apply starts writing a planned import: refused (409) unless the dry run succeeded and,
// when rows had errors, the upload chose import_valid_rows.
func (s *Service) Apply(ctx context.Context, id uuid.UUID) (*ent.ProductImport, error) {
	return s.startApply(ctx, id, false)
}

func (s *Service) startApply(ctx context.Context, id uuid.UUID, inline bool) (*ent.ProductImport, error) {
	var out *ent.ProductImport
	err := db.WithTx(ctx, s.db.Client, func(tx *ent.Tx) error {
		imp, err := s.lockVisible(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := catalog.CanEditSeller(ctx, imp.SellerID); err != nil {
			return err
		}
		if Status(imp.Status) != StatusPlanned {
			return problem.Conflict("only a planned import can be applied; this one is %s", imp.Status)
		}
		if imp.Counts.Error > 0 && !imp.Options.ImportValidRows {
			return problem.Conflict("the file has %d row(s) with errors; fix them and upload again, or upload with import_valid_rows", imp.Counts.Error)
		}
		if out, err = tx.ProductImport.UpdateOne(imp).SetStatus(productimport.StatusApplying).
			SetProgress(schematype.ImportProgress{Phase: "applying"}).Save(ctx); err != nil {
			return err
		}
		if inline {
			return nil
		}
		_, err = jobs.Enqueue(ctx, tx, jobs.Task{Type: TypeApply, Payload: Payload{ImportID: id}})
		return err
	})
	return out, err
}

// Cancel stops an import that has not finished: a running job stops at its next batch
// and writes nothing (or, with import_valid_rows, nothing more).
func (s *Service) Cancel(ctx context.Context, id uuid.UUID) (*ent.ProductImport, error) {
	if _, err := s.Get(ctx, id); err != nil {
		return nil, err
	}
	if stop, ok := s.running.Load(id); ok {
		stop.(context.CancelFunc)()
	}
	var out *ent.ProductImport
	err := db.WithTx(ctx, s.db.Client, func(tx *ent.Tx) error {
		imp, err := s.lockVisible(ctx, tx, id)
		if err != nil {
			return err
		}
		if !CanMove(Status(imp.Status), StatusCancelled) {
			return problem.Conflict("the import is %s and cannot be cancelled", imp.Status)
		}
		out, err = tx.ProductImport.UpdateOne(imp).SetStatus(productimport.StatusCancelled).SetFinishedAt(s.now()).Save(ctx)
		return err
	})
	return out, err
}

func (s *Service) lockVisible(ctx context.Context, tx *ent.Tx, id uuid.UUID) (*ent.ProductImport, error) {
	imp, err := db.ForUpdate(s.db.Dialect, tx.ProductImport.Query().Where(productimport.ID(id))).Only(ctx)
	if ent.IsNotFound(err) || (err == nil && !visible(ctx, imp)) {
		return nil, errImportNotFound
	}
	return imp, err
}

// asUploader returns ctx acting as the user who uploaded imp, with the catalog roles
// that user holds in the seller today: the jobs write with the seller's rights, and a
// user who lost them since the upload can no longer import.
func (s *Service) asUploader(ctx context.Context, imp *ent.ProductImport) (context.Context, error) {
	v := tenant.FromContext(ctx)
	if imp.CreatedBy == nil {
		return nil, errors.New("the import has no uploading user")
	}
	ms, err := s.db.Client.Membership.Query().Where(membership.UserID(*imp.CreatedBy),
		membership.OrganizationID(imp.SellerID)).All(ctx)
	if err != nil {
		return nil, err
	}
	seller := &tenant.Viewer{TenantID: v.TenantID, TenantSlug: v.TenantSlug, Model: v.Model, UserID: *imp.CreatedBy}
	for _, m := range ms {
		if slices.Contains(catalog.SellerRoles(), string(m.Role)) {
			seller.Grants = append(seller.Grants, tenant.Grant{OrganizationID: imp.SellerID, Role: string(m.Role)})
		}
	}
	if len(seller.Grants) == 0 {
		return nil, errors.New("the uploading user no longer manages this seller's catalog")
	}
	return tenant.NewContext(ctx, seller), nil
}

// SHA256Hex is the hex digest of b (tests compare uploads with it).
func SHA256Hex(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

func optionsOf(imp *ent.ProductImport, batch int) importcsv.Options {
	enc, _ := importcsv.ParseEncoding(imp.Options.Encoding)
	delim, _ := importcsv.ParseDelimiter(imp.Options.Delimiter)
	return importcsv.Options{Encoding: enc, Delimiter: delim, ImportValidRows: imp.Options.ImportValidRows, BatchSize: batch}
}

func errorMessage(err error) string {
	msg := err.Error()
	if len(msg) > 4000 {
		msg = msg[:4000]
	}
	return msg
}

// sweepBatch bounds one sweep's deletions; the next run takes the rest.
const sweepBatch = 500

// Sweep deletes, in every tenant, the imports that ended (applied, failed, cancelled)
// or were planned and never applied, last changed before cutoff, with their file and
// error report. The catalog changes they made stay (and their audit events); a file
// that cannot be deleted keeps its row for the next sweep.
func (s *Service) Sweep(ctx context.Context, cutoff time.Time) (int, error) {
	sys := tenant.SystemContext(ctx, tenant.SystemJobs)
	old, err := s.db.Client.ProductImport.Query().
		Where(productimport.StatusIn(productimport.StatusApplied, productimport.StatusFailed,
			productimport.StatusCancelled, productimport.StatusPlanned),
			productimport.UpdatedAtLT(cutoff.UTC())).
		Order(ent.Asc(productimport.FieldUpdatedAt)).Limit(sweepBatch).All(sys)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, imp := range old {
		failed := false
		for _, key := range []string{imp.BlobKey, imp.ErrorsBlobKey} {
			if key == "" {
				continue
			}
			if err := s.blob.Delete(ctx, key); err != nil && !problem.Is(err, problem.KindNotFound) {
				s.log.WarnContext(ctx, "import sweep: file not deleted; the import stays for the next sweep",
					"import_id", imp.ID, "key", key, "err", err)
				failed = true
			}
		}
		if failed {
			continue
		}
		if err := s.db.Client.ProductImport.DeleteOneID(imp.ID).Exec(sys); err != nil && !ent.IsNotFound(err) {
			return n, err
		}
		n++
	}
	return n, nil
}
