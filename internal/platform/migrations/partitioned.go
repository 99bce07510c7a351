package migrations

import (
	"ariga.io/atlas/sql/postgres"
	atlas "ariga.io/atlas/sql/schema"
	"entgo.io/ent/dialect/sql/schema"
)

// partitioned gives ent's desired schema what ent/schema cannot say: search_entries is
// partitioned by tenant (LIST on tenant_id, migration 00020), and a partitioned table's
// primary key must hold the partition key, so it is (tenant_id, id). With it, the drift
// check and migrate-gen compare like with like; without it, ent would try to drop the
// partitioning (which Atlas refuses) and narrow the key.
func partitioned(next schema.Differ) schema.Differ {
	return schema.DiffFunc(func(current, desired *atlas.Schema) ([]atlas.Change, error) {
		if t, ok := desired.Table("search_entries"); ok {
			tenant, ok1 := t.Column("tenant_id")
			id, ok2 := t.Column("id")
			if ok1 && ok2 {
				t.SetPrimaryKey(atlas.NewPrimaryKey(tenant, id))
				t.AddAttrs(&postgres.Partition{T: postgres.PartitionTypeList, Parts: []*postgres.PartitionPart{{C: tenant}}})
			}
		}
		return next.Diff(current, desired)
	})
}
