package httpapi

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/manifoldhq/manifold/api"
	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/internal/catalog"
	"github.com/manifoldhq/manifold/internal/platform/problem"
)

type attachmentDTO struct {
	ID          uuid.UUID  `json:"id"`
	ProductID   uuid.UUID  `json:"product_id"`
	Kind        string     `json:"kind"`
	Filename    string     `json:"filename"`
	ContentType string     `json:"content_type"`
	Size        int64      `json:"size"`
	SHA256      string     `json:"sha256"`
	Caption     string     `json:"caption"`
	UploadedBy  *uuid.UUID `json:"uploaded_by,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
}

func toAttachmentDTO(a *ent.ProductAttachment) attachmentDTO {
	return attachmentDTO{ID: a.ID, ProductID: a.ProductID, Kind: string(a.Kind), Filename: a.Filename,
		ContentType: a.ContentType, Size: a.Size, SHA256: a.Sha256, Caption: a.Caption, UploadedBy: a.UploadedBy,
		CreatedAt: a.CreatedAt}
}

func (s *Server) ListProductAttachments(c echo.Context, id api.ID, p api.ListProductAttachmentsParams) error {
	return list(c, p.Cursor, p.Limit, func(ctx context.Context, after uuid.UUID, n int) ([]*ent.ProductAttachment, error) {
		return s.Catalog.Attachments(ctx, id, after, n)
	}, func(a *ent.ProductAttachment) uuid.UUID { return a.ID }, toAttachmentDTO)
}

func (s *Server) AddProductAttachment(c echo.Context, id api.ID) error {
	fh, err := c.FormFile("file")
	if err != nil {
		return problem.Validation("the attachment is invalid", problem.Field("/file", "is required: a multipart file part"))
	}
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	a, err := s.Catalog.AddAttachment(c.Request().Context(), catalog.AttachmentInput{
		ProductID: id, Kind: c.FormValue("kind"), Caption: c.FormValue("caption"), Filename: fh.Filename,
		ContentType: fh.Header.Get(echo.HeaderContentType), Body: f,
	})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toAttachmentDTO(a))
}

func (s *Server) DownloadProductAttachment(c echo.Context, id api.ID, attachmentID api.AttachmentID) error {
	rc, a, err := s.Catalog.OpenAttachment(c.Request().Context(), id, attachmentID)
	if err != nil {
		return err
	}
	return serveFile(c, rc, file{name: a.Filename, contentType: a.ContentType, size: a.Size, sha256: a.Sha256,
		inline: strings.HasPrefix(a.ContentType, "image/")})
}

func (s *Server) DeleteProductAttachment(c echo.Context, id api.ID, attachmentID api.AttachmentID) error {
	if err := s.Catalog.DeleteAttachment(c.Request().Context(), id, attachmentID); err != nil {
		return err
	}
	return noContent(c)
}
