package catalog

import (
	"context"
	"errors"
	"io"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/product"
	"github.com/manifoldhq/manifold/ent/productattachment"
	"github.com/manifoldhq/manifold/internal/platform/blob"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/problem"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// AttachmentArea is the blob-store area of product attachments (see blob.Key).
const AttachmentArea = "products"

// Attachment limits.
const (
	MaxAttachmentSize   = 10 << 20 // bytes per file
	MaxAttachments      = 20       // per product
	maxCaption          = 500
	attachmentsProblem  = "the attachment is invalid"
	imageKind           = "image"
	defaultDocumentKind = "other"
)

// attachmentTypes are the formats each kind accepts, by sniffed content: images are
// shown in the catalog, documents opened by buyers and reviewers.
var attachmentTypes = map[string][]string{
	"image":       {"image/png", "image/jpeg", "image/webp"},
	"coa":         {"application/pdf", "image/png", "image/jpeg"},
	"sds":         {"application/pdf"},
	"spec_sheet":  {"application/pdf", "image/png", "image/jpeg"},
	"certificate": {"application/pdf", "image/png", "image/jpeg"},
	"other":       {"application/pdf", "image/png", "image/jpeg"},
}

var extensions = map[string]string{
	"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg", "image/webp": ".webp",
}

// AttachmentInput is one uploaded file.
type AttachmentInput struct {
	ProductID   uuid.UUID
	Kind        string
	Caption     string
	Filename    string
	ContentType string // declared; the content is sniffed and must agree
	Body        io.Reader
}

// Validate normalises the input and reports every invalid field at once.
func (in *AttachmentInput) Validate() error {
	var f problem.Fields
	in.Kind = strings.TrimSpace(in.Kind)
	if in.Kind == "" {
		in.Kind = defaultDocumentKind
	}
	allowed, ok := attachmentTypes[in.Kind]
	if !ok {
		f.Add("/kind", "must be one of image, coa, sds, spec_sheet, certificate, other")
	}
	in.Caption = strings.TrimSpace(in.Caption)
	if len([]rune(in.Caption)) > maxCaption {
		f.Add("/caption", "must be at most %d characters", maxCaption)
	}
	in.Filename = blob.CleanFilename(in.Filename)
	ct := strings.ToLower(strings.TrimSpace(strings.Split(in.ContentType, ";")[0]))
	if ct == "application/octet-stream" {
		ct = ""
	}
	if ok && ct != "" && !slices.Contains(allowed, ct) {
		f.Add("/file", "a %s must be %s, not %s", in.Kind, strings.Join(allowed, ", "), ct)
	}
	in.ContentType = ct
	if in.Body == nil {
		f.Add("/file", "is required")
	}
	return f.Err(attachmentsProblem)
}

func (s *Service) requireBlob() error {
	if s.blob == nil {
		return errors.New("catalog: no blob store configured")
	}
	return nil
}

// AddAttachment stores an image or document of one of the viewer's own products (a
// seller's catalog staff; another seller's product is not found). The content is
// sniffed (a PNG named .pdf is refused), at most MaxAttachmentSize bytes, hashed; a
// product has at most MaxAttachments. Attachments are not part of the product's
// curated revision: they show with the product as soon as it is visible.
func (s *Service) AddAttachment(ctx context.Context, in AttachmentInput) (*ent.ProductAttachment, error) {
	if err := s.requireBlob(); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	v := tenant.FromContext(ctx)
	// Ownership and the count are checked before reading the content, and again with the
	// product locked when the row is written.
	if _, err := s.ownProductForAttachment(ctx, s.db.Client, in.ProductID); err != nil {
		return nil, err
	}
	up, err := blob.Sniff(in.Body, MaxAttachmentSize)
	if errors.Is(err, blob.ErrEmpty) {
		return nil, problem.Validation(attachmentsProblem, problem.Field("/file", "is empty"))
	}
	if err != nil {
		return nil, err
	}
	if allowed := attachmentTypes[in.Kind]; !slices.Contains(allowed, up.ContentType) {
		return nil, problem.Validation(attachmentsProblem,
			problem.Field("/file", "a %s must be %s; the content is %s", in.Kind, strings.Join(allowed, ", "), up.ContentType))
	}
	if in.ContentType != "" && in.ContentType != up.ContentType {
		return nil, problem.Validation(attachmentsProblem,
			problem.Field("/file", "declared as %s but the content is %s", in.ContentType, up.ContentType))
	}
	if in.Filename == "" {
		in.Filename = in.Kind + extensions[up.ContentType]
	}
	id := uuid.Must(uuid.NewV7())
	key := blob.Key(v.TenantID, AttachmentArea, id)
	obj, err := s.blob.Put(ctx, key, up.Body, blob.Meta{ContentType: up.ContentType})
	if errors.Is(err, blob.ErrUploadTooLarge) {
		return nil, problem.PayloadTooLarge("an attachment may be at most %d bytes", MaxAttachmentSize)
	}
	if err != nil {
		return nil, err
	}
	var out *ent.ProductAttachment
	err = db.WithTx(ctx, s.db.Client, func(tx *ent.Tx) error {
		p, err := s.ownProductForAttachment(ctx, tx.Client(), in.ProductID)
		if err != nil {
			return err
		}
		if _, err := db.ForUpdate(s.db.Dialect, tx.Product.Query().Where(product.ID(p.ID))).Only(ctx); err != nil {
			return err
		}
		n, err := tx.ProductAttachment.Query().Where(productattachment.ProductID(p.ID)).Count(ctx)
		if err != nil {
			return err
		}
		if n >= MaxAttachments {
			return problem.Conflict("a product has at most %d attachments; delete one first", MaxAttachments)
		}
		c := tx.ProductAttachment.Create().SetID(id).SetProductID(p.ID).SetSellerID(p.SellerID).
			SetKind(productattachment.Kind(in.Kind)).SetFilename(in.Filename).SetContentType(obj.ContentType).
			SetSize(obj.Size).SetSha256(obj.SHA256).SetBlobKey(key).SetCaption(in.Caption)
		if v.UserID != uuid.Nil {
			c.SetUploadedBy(v.UserID)
		}
		if out, err = c.Save(ctx); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, "product.attachment_add", "product", p.ID.String(), nil, map[string]any{
			"attachment_id": id, "kind": in.Kind, "filename": in.Filename, "size": obj.Size, "sha256": obj.SHA256,
		})
	})
	if err != nil {
		if derr := s.blob.Delete(context.WithoutCancel(ctx), key); derr != nil {
			s.log.WarnContext(ctx, "orphaned product attachment blob", "key", key, "err", derr)
		}
		return nil, err
	}
	return out, nil
}

// ownProductForAttachment loads a product the viewer may edit (its seller's catalog
// staff); any other product is not found.
func (s *Service) ownProductForAttachment(ctx context.Context, c *ent.Client, id uuid.UUID) (*ent.Product, error) {
	p, err := c.Product.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, errProductNotFound
	}
	if err != nil {
		return nil, err
	}
	if !slices.Contains(sellerOrgs(tenant.FromContext(ctx)), p.SellerID) {
		return nil, errProductNotFound
	}
	return p, nil
}

// Attachments returns a page of a product's attachments, ordered by id, to anyone who
// may see the product (GetProduct's visibility).
func (s *Service) Attachments(ctx context.Context, productID, after uuid.UUID, limit int) ([]*ent.ProductAttachment, error) {
	if _, err := s.GetProduct(ctx, productID); err != nil {
		return nil, err
	}
	q := s.db.Client.ProductAttachment.Query().Where(productattachment.ProductID(productID)).
		Order(ent.Asc(productattachment.FieldID)).Limit(limit)
	if after != uuid.Nil {
		q = q.Where(productattachment.IDGT(after))
	}
	return q.All(ctx)
}

var errAttachmentNotFound = problem.NotFound("attachment not found")

// OpenAttachment returns an attachment's content to anyone who may see its product; the
// caller closes the reader, which fails at the end if the stored bytes no longer match
// the recorded SHA-256.
func (s *Service) OpenAttachment(ctx context.Context, productID, id uuid.UUID) (io.ReadCloser, *ent.ProductAttachment, error) {
	if err := s.requireBlob(); err != nil {
		return nil, nil, err
	}
	if _, err := s.GetProduct(ctx, productID); err != nil {
		return nil, nil, err
	}
	a, err := s.db.Client.ProductAttachment.Query().
		Where(productattachment.ID(id), productattachment.ProductID(productID)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil, errAttachmentNotFound
	}
	if err != nil {
		return nil, nil, err
	}
	if err := blob.CheckTenant(a.BlobKey, tenant.FromContext(ctx).TenantID); err != nil {
		return nil, nil, errAttachmentNotFound
	}
	rc, _, err := s.blob.Get(ctx, a.BlobKey)
	if err != nil {
		if problem.Is(err, problem.KindNotFound) {
			s.log.ErrorContext(ctx, "product attachment content is missing", "attachment_id", a.ID, "key", a.BlobKey)
			return nil, nil, errAttachmentNotFound
		}
		return nil, nil, err
	}
	return rc, a, nil
}

// DeleteAttachment removes an attachment: the product's seller, or marketplace staff
// (who may take down an unsuitable image). The content goes after the row; a failure
// there leaves an orphan that is logged.
func (s *Service) DeleteAttachment(ctx context.Context, productID, id uuid.UUID) error {
	if err := s.requireBlob(); err != nil {
		return err
	}
	v := tenant.FromContext(ctx)
	var key string
	err := db.WithTx(ctx, s.db.Client, func(tx *ent.Tx) error {
		p, err := tx.Product.Get(ctx, productID)
		if ent.IsNotFound(err) {
			return errProductNotFound
		}
		if err != nil {
			return err
		}
		if !operatorSide(v) && !slices.Contains(sellerOrgs(v), p.SellerID) {
			return errProductNotFound
		}
		a, err := tx.ProductAttachment.Query().
			Where(productattachment.ID(id), productattachment.ProductID(productID)).Only(ctx)
		if ent.IsNotFound(err) {
			return errAttachmentNotFound
		}
		if err != nil {
			return err
		}
		if err := tx.ProductAttachment.DeleteOne(a).Exec(ctx); err != nil {
			return err
		}
		key = a.BlobKey
		return s.audit.Record(ctx, tx, "product.attachment_delete", "product", p.ID.String(), map[string]any{
			"attachment_id": a.ID, "kind": a.Kind, "filename": a.Filename, "sha256": a.Sha256,
		}, nil)
	})
	if err != nil {
		return err
	}
	if err := s.blob.Delete(context.WithoutCancel(ctx), key); err != nil {
		s.log.WarnContext(ctx, "orphaned product attachment blob", "key", key, "err", err)
	}
	return nil
}
