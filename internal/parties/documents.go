package parties

import (
	"context"
	"errors"
	"io"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/onboardingdocument"
	"github.com/manifoldhq/manifold/internal/platform/blob"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/problem"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// BlobArea is the blob-store area of onboarding documents (see blob.Key).
const BlobArea = "onboarding"

// DocumentContentTypes are the formats accepted for onboarding documents: what
// scanners and e-signature tools produce and what reviewers open safely in a browser.
var DocumentContentTypes = []string{"application/pdf", "image/png", "image/jpeg"}

// UploadInput is one onboarding document.
type UploadInput struct {
	OrganizationID uuid.UUID
	Type           string
	Filename       string
	// ContentType is what the client declared; the content is sniffed and must agree
	// ("application/octet-stream" or empty takes the sniffed type).
	ContentType string
	Body        io.Reader
}

// Validate normalises the input and reports every invalid field.
func (in *UploadInput) Validate() error {
	var f problem.Fields
	in.Type = strings.TrimSpace(in.Type)
	if !docTypeRE.MatchString(in.Type) {
		f.Add("type", "must be a document type such as %s", DocCertificateOfIncorporation)
	}
	in.Filename = blob.CleanFilename(in.Filename)
	ct := strings.ToLower(strings.TrimSpace(strings.Split(in.ContentType, ";")[0]))
	if ct == "application/octet-stream" {
		ct = ""
	}
	if ct != "" && !slices.Contains(DocumentContentTypes, ct) {
		f.Add("file", "must be one of %s, not %s", strings.Join(DocumentContentTypes, ", "), ct)
	}
	in.ContentType = ct
	if in.Body == nil {
		f.Add("file", "is required")
	}
	return f.Err("the document is invalid")
}

// UploadDocument stores an onboarding document of an organization that is draft or
// needs_info: its admin (or operator staff allowed to update organizations) uploads it.
// The content must be a PDF, PNG or JPEG (sniffed, not just declared) no larger than
// the configured maximum; its SHA-256 is recorded. Several documents of one type may
// be uploaded; any one satisfies the requirement.
func (s *Service) UploadDocument(ctx context.Context, in UploadInput) (*ent.OnboardingDocument, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	v := tenant.FromContext(ctx)
	// Check access and the type before reading the content.
	var org *ent.Organization
	err := db.WithTx(ctx, s.db.Client, func(tx *ent.Tx) error {
		o, err := s.editable(ctx, tx, in.OrganizationID)
		if err != nil {
			return err
		}
		settings, err := s.settings(ctx, tx.Client())
		if err != nil {
			return err
		}
		if !uploadable(v.Model, settings, string(o.Kind), in.Type) {
			req := RequiredDocuments(v.Model, settings, string(o.Kind))
			return problem.Validation("the document is invalid", problem.Field("type",
				"is not a document type of this marketplace; required for a %s: %s; also accepted: %s",
				o.Kind, strings.Join(req, ", "), strings.Join(KnownDocumentTypes(), ", ")))
		}
		org = o
		return nil
	})
	if err != nil {
		return nil, err
	}

	up, err := blob.Sniff(in.Body, s.cfg.MaxDocumentSize)
	if errors.Is(err, blob.ErrEmpty) {
		return nil, problem.Validation("the document is invalid", problem.Field("file", "is empty"))
	}
	if err != nil {
		return nil, err
	}
	sniffed := up.ContentType
	if !slices.Contains(DocumentContentTypes, sniffed) {
		return nil, problem.Validation("the document is invalid",
			problem.Field("file", "content is not a PDF, PNG or JPEG file"))
	}
	if in.ContentType != "" && in.ContentType != sniffed {
		return nil, problem.Validation("the document is invalid",
			problem.Field("file", "declared as %s but the content is %s", in.ContentType, sniffed))
	}
	if in.Filename == "" {
		in.Filename = in.Type + map[string]string{"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}[sniffed]
	}

	id := uuid.Must(uuid.NewV7())
	key := blob.Key(v.TenantID, BlobArea, id)
	obj, err := s.deps.Blob.Put(ctx, key, up.Body, blob.Meta{ContentType: sniffed})
	if errors.Is(err, blob.ErrUploadTooLarge) {
		return nil, problem.PayloadTooLarge("the document is larger than %d bytes", s.cfg.MaxDocumentSize)
	}
	if err != nil {
		return nil, err
	}
	var out *ent.OnboardingDocument
	err = db.WithTx(ctx, s.db.Client, func(tx *ent.Tx) error {
		// Locked again: the organization may have been submitted meanwhile.
		if _, err := s.editable(ctx, tx, org.ID); err != nil {
			return err
		}
		c := tx.OnboardingDocument.Create().SetID(id).SetOrganizationID(org.ID).SetDocType(in.Type).
			SetFilename(in.Filename).SetContentType(obj.ContentType).SetSize(obj.Size).SetSha256(obj.SHA256).
			SetBlobKey(key)
		if v.UserID != uuid.Nil {
			c.SetUploadedBy(v.UserID)
		}
		if out, err = c.Save(ctx); err != nil {
			return err
		}
		return s.deps.Audit.Record(ctx, tx, "organization.document_upload", "organization", org.ID.String(), nil,
			map[string]any{"document_id": id, "type": in.Type, "filename": in.Filename, "size": obj.Size, "sha256": obj.SHA256})
	})
	if err != nil {
		if derr := s.deps.Blob.Delete(context.WithoutCancel(ctx), key); derr != nil {
			s.log.WarnContext(ctx, "orphaned onboarding document blob", "key", key, "err", derr)
		}
		return nil, err
	}
	return out, nil
}

// docReader checks that the viewer may read organization orgID's documents: its
// members and operator staff. Anyone else is told the organization does not exist.
func (s *Service) docReader(ctx context.Context, orgID uuid.UUID) error {
	o, err := s.db.Client.Organization.Get(ctx, orgID)
	if ent.IsNotFound(err) || (err == nil && !insider(tenant.FromContext(ctx), o)) {
		return errOrgNotFound
	}
	return err
}

// Documents returns a page of an organization's onboarding documents, ordered by id.
func (s *Service) Documents(ctx context.Context, orgID, after uuid.UUID, limit int) ([]*ent.OnboardingDocument, error) {
	if err := s.docReader(ctx, orgID); err != nil {
		return nil, err
	}
	q := s.db.Client.OnboardingDocument.Query().Where(onboardingdocument.OrganizationID(orgID)).
		Order(ent.Asc(onboardingdocument.FieldID)).Limit(limit)
	if after != uuid.Nil {
		q = q.Where(onboardingdocument.IDGT(after))
	}
	return q.All(ctx)
}

var errDocNotFound = problem.NotFound("document not found")

// OpenDocument returns a document's content for its organization's members and
// operator staff; the caller closes the reader. The reader fails at the end if the
// stored bytes no longer match the recorded SHA-256.
func (s *Service) OpenDocument(ctx context.Context, orgID, docID uuid.UUID) (io.ReadCloser, *ent.OnboardingDocument, error) {
	if err := s.docReader(ctx, orgID); err != nil {
		return nil, nil, err
	}
	d, err := s.db.Client.OnboardingDocument.Query().
		Where(onboardingdocument.ID(docID), onboardingdocument.OrganizationID(orgID)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil, errDocNotFound
	}
	if err != nil {
		return nil, nil, err
	}
	// The key came from our own row, but a key of another tenant is never opened.
	if err := blob.CheckTenant(d.BlobKey, tenant.FromContext(ctx).TenantID); err != nil {
		return nil, nil, errDocNotFound
	}
	rc, _, err := s.deps.Blob.Get(ctx, d.BlobKey)
	if err != nil {
		if problem.Is(err, problem.KindNotFound) {
			s.log.ErrorContext(ctx, "onboarding document content is missing", "document_id", d.ID, "key", d.BlobKey)
			return nil, nil, errDocNotFound
		}
		return nil, nil, err
	}
	return rc, d, nil
}

// DeleteDocument removes a document while its organization is draft or needs_info.
// The content is deleted after the row; a failure there leaves an orphan that is logged.
func (s *Service) DeleteDocument(ctx context.Context, orgID, docID uuid.UUID) error {
	var key string
	err := db.WithTx(ctx, s.db.Client, func(tx *ent.Tx) error {
		if _, err := s.editable(ctx, tx, orgID); err != nil {
			return err
		}
		d, err := tx.OnboardingDocument.Query().
			Where(onboardingdocument.ID(docID), onboardingdocument.OrganizationID(orgID)).Only(ctx)
		if ent.IsNotFound(err) {
			return errDocNotFound
		}
		if err != nil {
			return err
		}
		if err := tx.OnboardingDocument.DeleteOne(d).Exec(ctx); err != nil {
			return err
		}
		key = d.BlobKey
		return s.deps.Audit.Record(ctx, tx, "organization.document_delete", "organization", orgID.String(),
			map[string]any{"document_id": d.ID, "type": d.DocType, "filename": d.Filename, "sha256": d.Sha256}, nil)
	})
	if err != nil {
		return err
	}
	if err := s.deps.Blob.Delete(ctx, key); err != nil {
		s.log.WarnContext(ctx, "orphaned onboarding document blob", "key", key, "err", err)
	}
	return nil
}
