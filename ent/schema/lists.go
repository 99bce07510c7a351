package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent/privacy"
	"github.com/manifoldhq/manifold/ent/schematype"
	"github.com/manifoldhq/manifold/internal/platform/tenant/rule"
)

// SanctionsListVersion is one loaded version of a sanctions list: its content hash,
// source, date, counts and coverage, who loaded it, and whether it is the list's
// current version. Global: every marketplace screens against the same lists. Its files
// are stored with it (SanctionsListFile), so every process loads the same snapshot.
// At most one version per list is current (the unique current_list).
type SanctionsListVersion struct{ ent.Schema }

func (SanctionsListVersion) Mixin() []ent.Mixin { return []ent.Mixin{BaseMixin{}} }

func (SanctionsListVersion) Fields() []ent.Field {
	return []ent.Field{
		field.String("list").NotEmpty().MaxLen(32).Immutable(),
		field.String("format").NotEmpty().MaxLen(16).Immutable(),
		field.Time("version_date").Immutable(),
		field.String("content_hash").MinLen(64).MaxLen(64).Immutable(),
		field.String("source").MaxLen(2000).Default("").Immutable(),
		// shipped: the data in the binary, recorded on first start; loaded: `manifold lists load`.
		field.Enum("origin").Values("shipped", "loaded").Immutable(),
		field.Int("entries").NonNegative().Immutable(),
		// Entries by kind (individual, entity, vessel, aircraft, unknown).
		field.JSON("counts", map[string]int{}).Immutable(),
		field.JSON("coverage", schematype.ListCoverage{}).Immutable(),
		// The input file names in hash order.
		field.JSON("file_names", []string{}).Immutable(),
		field.String("loaded_by").MaxLen(200).Default("").Immutable(),
		field.Enum("status").Values("current", "superseded"),
		// The list while the version is current, NULL once superseded: its unique index
		// allows one current version per list (portable, unlike a partial index).
		field.String("current_list").Optional().Nillable().Unique().MaxLen(32),
		field.Time("current_since").Optional().Nillable(),
		field.Time("superseded_at").Optional().Nillable(),
	}
}

func (SanctionsListVersion) Edges() []ent.Edge {
	return []ent.Edge{edge.To("files", SanctionsListFile.Type)}
}

func (SanctionsListVersion) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("list", "content_hash").Unique(),
		index.Fields("status", "list"),
	}
}

func (SanctionsListVersion) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.AllowSystem(), rule.SystemOnly()},
		Mutation: privacy.MutationPolicy{rule.AllowSystem(), rule.SystemOnly()},
	}
}

// SanctionsListFile is one input file of a stored list version, as loaded (the bytes
// the content hash covers), gzip-compressed unless it already was. Global, like its
// version.
type SanctionsListFile struct{ ent.Schema }

func (SanctionsListFile) Mixin() []ent.Mixin { return []ent.Mixin{BaseMixin{}} }

func (SanctionsListFile) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("version_id", uuid.UUID{}).Immutable(),
		field.Int("position").NonNegative().Immutable(),
		// The name the hash covers (the loaders tell OFAC files apart by it).
		field.String("name").NotEmpty().MaxLen(255).Immutable(),
		// Size and SHA-256 of the file as loaded.
		field.Int64("size").NonNegative().Immutable(),
		field.String("sha256").MinLen(64).MaxLen(64).Immutable(),
		field.Enum("compression").Values("none", "gzip").Immutable(),
		field.Bytes("content").Immutable(),
	}
}

func (SanctionsListFile) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("version", SanctionsListVersion.Type).Ref("files").Field("version_id").Unique().Required().Immutable(),
	}
}

func (SanctionsListFile) Indexes() []ent.Index {
	return []ent.Index{index.Fields("version_id", "position").Unique()}
}

func (SanctionsListFile) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.AllowSystem(), rule.SystemOnly()},
		Mutation: privacy.MutationPolicy{rule.AllowSystem(), rule.SystemOnly()},
	}
}

// RescreenRun is the rescreen of every marketplace after a list version became
// current: the list versions it screens against and how many marketplaces are done.
// Global; each marketplace's part is a Rescreen.
type RescreenRun struct{ ent.Schema }

func (RescreenRun) Mixin() []ent.Mixin { return []ent.Mixin{BaseMixin{}} }

func (RescreenRun) Fields() []ent.Field {
	return []ent.Field{
		field.String("reason").NotEmpty().MaxLen(2000).Immutable(),
		// List → version ("date#hash12") that became current and triggered the run.
		field.JSON("list_versions", map[string]string{}).Immutable(),
		// A periodic run screens again every subject whose last check is older than
		// this, even against the same list versions; nil: only subjects not yet
		// screened against the current versions.
		field.Time("refresh_before").Optional().Nillable().Immutable(),
		field.Enum("status").Values("pending", "running", "done").Default("pending"),
		field.Int("tenants_total").NonNegative().Default(0),
		field.Int("tenants_done").NonNegative().Default(0),
		field.Time("started_at").Optional().Nillable(),
		field.Time("finished_at").Optional().Nillable(),
	}
}

func (RescreenRun) Edges() []ent.Edge {
	return []ent.Edge{edge.To("rescreens", Rescreen.Type)}
}

func (RescreenRun) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.AllowSystem(), rule.SystemOnly()},
		Mutation: privacy.MutationPolicy{rule.AllowSystem(), rule.SystemOnly()},
	}
}

// Rescreen is one marketplace's part of a RescreenRun: its organizations, consignees
// and end users screened again in batches, with the progress and the cursor committed
// with each batch's checks, so an interrupted rescreen resumes where it stopped.
type Rescreen struct{ ent.Schema }

func (Rescreen) Mixin() []ent.Mixin { return []ent.Mixin{BaseMixin{}, TenantMixin{}} }

func (Rescreen) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("run_id", uuid.UUID{}).Immutable(),
		field.String("reason").NotEmpty().MaxLen(2000).Immutable(),
		// The run's refresh_before (see RescreenRun).
		field.Time("refresh_before").Optional().Nillable().Immutable(),
		field.Enum("status").Values("pending", "running", "done").Default("pending"),
		// Where the cursor is: organizations, then consignees (with their end users).
		field.Enum("phase").Values("organizations", "consignees", "done").Default("organizations"),
		field.UUID("cursor", uuid.UUID{}).Optional().Nillable(),
		// The newest organization and consignee when the rescreen started: later ones are
		// screened by their own screening jobs.
		field.UUID("organizations_until", uuid.UUID{}).Optional().Nillable(),
		field.UUID("consignees_until", uuid.UUID{}).Optional().Nillable(),
		// Subjects (organizations, consignees, separate end users) to screen, and how
		// far: done = screened and recorded, skipped = already screened against the same
		// list versions, failed = could not be screened (see failures).
		field.Int("total").NonNegative().Default(0),
		field.Int("done").NonNegative().Default(0),
		field.Int("skipped").NonNegative().Default(0),
		field.Int("failed").NonNegative().Default(0),
		// Subjects with a new potential match (an open check in the review queue).
		field.Int("matches").NonNegative().Default(0),
		field.Int("batches").NonNegative().Default(0),
		// The list versions the latest batch screened against.
		field.JSON("list_versions", map[string]string{}).Optional(),
		field.JSON("failures", []schematype.RescreenFailure{}).Optional(),
		field.Time("started_at").Optional().Nillable(),
		field.Time("finished_at").Optional().Nillable(),
	}
}

func (Rescreen) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("run", RescreenRun.Type).Ref("rescreens").Field("run_id").Unique().Required().Immutable(),
	}
}

func (Rescreen) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "run_id").Unique()}
}
