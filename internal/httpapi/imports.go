package httpapi

import (
	"context"
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/manifoldhq/manifold/api"
	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/schematype"
	"github.com/manifoldhq/manifold/internal/catalog/importjob"
	"github.com/manifoldhq/manifold/internal/platform/problem"
)

type productImportDTO struct {
	ID         uuid.UUID                   `json:"id"`
	SellerID   uuid.UUID                   `json:"seller_id"`
	CreatedBy  *uuid.UUID                  `json:"created_by,omitempty"`
	Filename   string                      `json:"filename"`
	Size       int64                       `json:"size"`
	SHA256     string                      `json:"sha256"`
	Options    schematype.ImportOptions    `json:"options"`
	Status     string                      `json:"status"`
	Progress   schematype.ImportProgress   `json:"progress"`
	Counts     schematype.ImportCounts     `json:"counts"`
	Encoding   string                      `json:"encoding,omitempty"`
	Delimiter  string                      `json:"delimiter,omitempty"`
	Columns    []string                    `json:"columns,omitempty"`
	Warnings   []string                    `json:"warnings,omitempty"`
	ErrorCount int                         `json:"error_count"`
	Errors     []schematype.ImportRowError `json:"errors"`
	Error      string                      `json:"error"`
	PlannedAt  *time.Time                  `json:"planned_at,omitempty"`
	AppliedAt  *time.Time                  `json:"applied_at,omitempty"`
	FinishedAt *time.Time                  `json:"finished_at,omitempty"`
	CreatedAt  time.Time                   `json:"created_at"`
	UpdatedAt  time.Time                   `json:"updated_at"`
}

func toProductImportDTO(i *ent.ProductImport) productImportDTO {
	errs := i.Report.Errors
	if errs == nil {
		errs = []schematype.ImportRowError{}
	}
	return productImportDTO{ID: i.ID, SellerID: i.SellerID, CreatedBy: i.CreatedBy, Filename: i.Filename, Size: i.Size,
		SHA256: i.Sha256, Options: i.Options, Status: string(i.Status), Progress: i.Progress, Counts: i.Counts,
		Encoding: i.Report.Encoding, Delimiter: i.Report.Delimiter, Columns: i.Report.Columns, Warnings: i.Report.Warnings,
		ErrorCount: i.Report.ErrorCount, Errors: errs, Error: i.Error, PlannedAt: i.PlannedAt, AppliedAt: i.AppliedAt,
		FinishedAt: i.FinishedAt, CreatedAt: i.CreatedAt, UpdatedAt: i.UpdatedAt}
}

func (s *Server) ListProductImports(c echo.Context, p api.ListProductImportsParams) error {
	return list(c, p.Cursor, p.Limit, func(ctx context.Context, after uuid.UUID, n int) ([]*ent.ProductImport, error) {
		return s.Imports.List(ctx, after, n)
	}, func(i *ent.ProductImport) uuid.UUID { return i.ID }, toProductImportDTO)
}

func (s *Server) UploadProductImport(c echo.Context) error {
	fh, err := c.FormFile("file")
	if err != nil {
		return problem.Validation("the import is invalid", problem.Field("file", "is required: a multipart file part"))
	}
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	in := importjob.UploadInput{Filename: fh.Filename, Body: f,
		Encoding: c.FormValue("encoding"), Delimiter: c.FormValue("delimiter")}
	if v := c.FormValue("seller_id"); v != "" {
		if in.SellerID, err = uuid.Parse(v); err != nil {
			return problem.Validation("the import is invalid", problem.Field("seller_id", "is not a UUID"))
		}
	}
	if v := c.FormValue("import_valid_rows"); v != "" {
		if in.ImportValidRows, err = strconv.ParseBool(v); err != nil {
			return problem.Validation("the import is invalid", problem.Field("import_valid_rows", "must be true or false"))
		}
	}
	imp, err := s.Imports.Upload(c.Request().Context(), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusAccepted, toProductImportDTO(imp))
}

func (s *Server) GetProductImport(c echo.Context, id api.ID) error {
	imp, err := s.Imports.Get(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toProductImportDTO(imp))
}

func (s *Server) GetProductImportErrors(c echo.Context, id api.ID) error {
	rc, imp, err := s.Imports.ErrorsCSV(c.Request().Context(), id)
	if err != nil {
		return err
	}
	defer rc.Close()
	h := c.Response().Header()
	if disp := mime.FormatMediaType("attachment", map[string]string{"filename": imp.Filename + ".errors.csv"}); disp != "" {
		h.Set("Content-Disposition", disp)
	}
	h.Set("Cache-Control", "private, no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	return c.Stream(http.StatusOK, "text/csv", rc)
}

func (s *Server) ApplyProductImport(c echo.Context, id api.ID, _ api.ApplyProductImportParams) error {
	imp, err := s.Imports.Apply(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusAccepted, toProductImportDTO(imp))
}

func (s *Server) CancelProductImport(c echo.Context, id api.ID) error {
	imp, err := s.Imports.Cancel(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toProductImportDTO(imp))
}
