package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent/schematype"
)

// Product is a seller's catalogue item with its trade master data. The row holds the
// data buyers see once approved; edits to an approved product in a curated marketplace
// wait in a ProductRevision until a marketplace admin approves them.
type Product struct{ ent.Schema }

func (Product) Mixin() []ent.Mixin { return []ent.Mixin{BaseMixin{}, TenantMixin{}} }

func (Product) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("seller_id", uuid.UUID{}).Immutable(),
		field.String("sku").NotEmpty().MaxLen(64).Immutable(),
		field.String("name").NotEmpty().MaxLen(200),
		field.String("description").MaxLen(10000).Default(""),
		field.String("hs_code").MinLen(6).MaxLen(10),
		field.String("country_of_origin").MinLen(2).MaxLen(2),
		field.String("eu_classification").MaxLen(32).Default("not_listed"),
		field.String("us_classification").MaxLen(32).Default("EAR99"),
		field.String("unit").MinLen(2).MaxLen(3),
		field.Int64("net_weight_g").Optional().Nillable().NonNegative(),
		field.Int64("gross_weight_g").Optional().Nillable().NonNegative(),
		field.Int("length_mm").Optional().Nillable().NonNegative(),
		field.Int("width_mm").Optional().Nillable().NonNegative(),
		field.Int("height_mm").Optional().Nillable().NonNegative(),
		field.String("hazmat_un_number").Optional().MaxLen(6),
		field.Int("shelf_life_days").Optional().Nillable().NonNegative(),
		field.JSON("packaging", schematype.Packaging{}).Optional(),
		field.JSON("coa_spec", []schematype.CoASpec{}).Optional(),
		field.Enum("curation_status").
			Values("draft", "submitted", "approved", "changes_requested", "rejected").Default("draft"),
		// Number of the newest revision and of the one buyers see (0: never approved).
		field.Int("revision").Default(1),
		field.Int("approved_revision").Default(0),
	}
}

func (Product) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("seller", Organization.Type).Field("seller_id").Unique().Required().Immutable(),
		edge.To("revisions", ProductRevision.Type),
	}
}

func (Product) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("tenant_id", "seller_id", "sku").Unique(),
		index.Fields("tenant_id", "curation_status", "updated_at"),
	}
}

// ProductRevision is one submitted (or drafted) version of a product's master data,
// with its review: who decided, and comments per field.
type ProductRevision struct{ ent.Schema }

func (ProductRevision) Mixin() []ent.Mixin { return []ent.Mixin{BaseMixin{}, TenantMixin{}} }

func (ProductRevision) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("product_id", uuid.UUID{}).Immutable(),
		field.Int("number").Positive().Immutable(),
		field.JSON("data", map[string]any{}),
		field.Enum("status").Values("draft", "submitted", "approved", "changes_requested", "rejected").Default("draft"),
		field.UUID("author_id", uuid.UUID{}).Optional().Nillable().Immutable(),
		field.UUID("reviewer_id", uuid.UUID{}).Optional().Nillable(),
		field.Time("submitted_at").Optional().Nillable(),
		field.Time("reviewed_at").Optional().Nillable(),
		field.String("review_reason").MaxLen(2000).Default(""),
		field.JSON("comments", []schematype.FieldComment{}).Optional(),
	}
}

func (ProductRevision) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("product", Product.Type).Ref("revisions").Field("product_id").Unique().Required().Immutable(),
	}
}

func (ProductRevision) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("tenant_id", "product_id", "number").Unique(),
		index.Fields("tenant_id", "status", "submitted_at"),
	}
}

// ProductImport is a seller's bulk upload of a product CSV: the file (in the blob store),
// the dry run's report and the apply's outcome. Both phases run as jobs acting with the
// rights of the seller user who uploaded it.
type ProductImport struct{ ent.Schema }

func (ProductImport) Mixin() []ent.Mixin { return []ent.Mixin{BaseMixin{}, TenantMixin{}} }

func (ProductImport) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("seller_id", uuid.UUID{}).Immutable(),
		field.UUID("created_by", uuid.UUID{}).Optional().Nillable().Immutable(),
		field.String("filename").NotEmpty().MaxLen(255).Immutable(),
		field.String("blob_key").NotEmpty().MaxLen(512).Immutable(),
		field.Int64("size").NonNegative().Immutable(),
		field.String("sha256").MinLen(64).MaxLen(64).Immutable(),
		field.JSON("options", schematype.ImportOptions{}).Immutable(),
		field.Enum("status").
			Values("uploaded", "planning", "planned", "failed", "applying", "applied", "cancelled").Default("uploaded"),
		field.JSON("progress", schematype.ImportProgress{}).Optional(),
		field.JSON("counts", schematype.ImportCounts{}).Optional(),
		field.JSON("report", schematype.ImportReport{}).Optional(),
		// The full error list as CSV, written by the dry run when the file has row errors.
		field.String("errors_blob_key").MaxLen(512).Default(""),
		field.String("error").MaxLen(4000).Default(""),
		field.Time("planned_at").Optional().Nillable(),
		field.Time("applied_at").Optional().Nillable(),
		field.Time("finished_at").Optional().Nillable(),
	}
}

func (ProductImport) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("seller", Organization.Type).Field("seller_id").Unique().Required().Immutable(),
	}
}

func (ProductImport) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "seller_id", "created_at")}
}

// ProductAttachment is an image or document of a product (photos, certificate of
// analysis, safety data sheet, specification sheet). The bytes live in the blob store
// under BlobKey, content-sniffed and hashed on upload; buyers who may see the product
// may read them.
type ProductAttachment struct{ ent.Schema }

func (ProductAttachment) Mixin() []ent.Mixin { return []ent.Mixin{BaseMixin{}, TenantMixin{}} }

func (ProductAttachment) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("product_id", uuid.UUID{}).Immutable(),
		field.UUID("seller_id", uuid.UUID{}).Immutable(),
		field.Enum("kind").Values("image", "coa", "sds", "spec_sheet", "certificate", "other").Immutable(),
		field.String("filename").NotEmpty().MaxLen(255).Immutable(),
		field.String("content_type").NotEmpty().MaxLen(100).Immutable(),
		field.Int64("size").NonNegative().Immutable(),
		field.String("sha256").MinLen(64).MaxLen(64).Immutable(),
		field.String("blob_key").NotEmpty().MaxLen(512).Immutable(),
		field.String("caption").MaxLen(500).Default(""),
		field.UUID("uploaded_by", uuid.UUID{}).Optional().Nillable().Immutable(),
	}
}

func (ProductAttachment) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("product", Product.Type).Field("product_id").Unique().Required().Immutable(),
	}
}

func (ProductAttachment) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "product_id")}
}
