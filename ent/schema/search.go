package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent/schematype"
)

// SearchEntry is the search index row of one product (its id is the product's id): the
// live data buyers see, the seller's name, the facet keys and, on PostgreSQL, the
// weighted tsvector. It is derived data, rewritten by internal/catalog/search in the
// transaction of every change that affects it and rebuilt by `manifold reindex`. No
// foreign keys to the product or seller: the index is rebuilt, not cascaded. On
// PostgreSQL the table is partitioned by tenant (LIST on tenant_id, one partition per
// marketplace made by a trigger on tenants; migration 00020), so its primary key there
// is (tenant_id, id); internal/platform/migrations tells ent so.
type SearchEntry struct{ ent.Schema }

func (SearchEntry) Mixin() []ent.Mixin { return []ent.Mixin{BaseMixin{}, TenantMixin{}} }

func (SearchEntry) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("seller_id", uuid.UUID{}),
		field.String("seller_name").MaxLen(300).Default(""),
		field.String("sku").MaxLen(64),
		field.String("name").MaxLen(200),
		field.String("origin_country").MaxLen(2),
		field.String("hs_chapter").MaxLen(2),
		field.String("unit").MaxLen(3).Default(""),
		// Published: approved at least once and the seller approved; what buyers see.
		field.Bool("published").Default(false),
		// Offer facts for viewers who see the offers for all buyers at general prices
		// (see internal/catalog/search usePub). offers_plain: no offer has a validity
		// window (so the facts do not depend on the time); restricted: some offer is for
		// invited buyers or groups only; offer_keys: the audience keys and price-list
		// groups the offers name ("|g:<id>|o:<id>|"), so that a buyer holding none of
		// them gets the facts as they are. pub_incoterms is the bit set (masterdata
		// order) of the active offers for all buyers, pub_price their lowest general
		// unit price in pub_currency (the marketplace's) in minor units.
		field.Bool("offers_plain").Default(true),
		field.Bool("restricted").Default(false),
		field.Text("offer_keys").Default(""),
		field.Int("pub_incoterms").Default(0),
		field.String("pub_currency").MaxLen(3).Default(""),
		field.Int64("pub_price").Optional().Nillable(),
		// key_facts: the same facts for a viewer who holds exactly one of the offer keys
		// (the key's invitations and groups unlock their offers, a group's own price lists
		// replace the general list), per key of offer_keys: [incoterms, price or null].
		// Search answers such a viewer from here instead of reading search_offers. Null
		// on entries indexed before it existed (migration 00014): those take the exact
		// path until reindexed.
		field.JSON("key_facts", schematype.KeyFacts{}).Optional(),
		// Weighted lexemes of name and SKU (A) and description (C); empty on SQLite.
		field.Other("document", schematype.TSVector("")).
			SchemaType(map[string]string{dialect.Postgres: "tsvector", dialect.SQLite: "text"}).
			Default(schematype.TSVector("")),
	}
}

func (SearchEntry) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("tenant_id", "seller_id"),
		// The text-free browse reads its hits in id order from this index alone (an
		// index-only scan): every column the hit pass needs is included, so it does not
		// visit the wide heap rows (which hold the document).
		index.Fields("tenant_id", "id").Annotations(entsql.IncludeColumns("published", "seller_id", "seller_name",
			"origin_country", "hs_chapter", "offers_plain", "restricted", "offer_keys", "key_facts", "pub_incoterms",
			"pub_currency", "pub_price")),
		// GIN over the lexemes, one per tenant partition (migration 00020): every entry of
		// a partition is its tenant's, so the tenant filter costs nothing and the planner
		// knows it. (Over one table of all tenants this was a GIN over (tenant_id,
		// document) through btree_gin; in a partition that key would match every row and
		// make the planner prefer a sequential scan.)
		index.Fields("document").Annotations(entsql.IndexTypes(map[string]string{dialect.Postgres: "GIN"})),
	}
}

// SearchOffer is what search needs of one offer for one audience and one price list:
// who may see it (Audience: "*" every buyer, "o:<org id>" an invited buyer, "g:<group
// id>" a buyer group), its lowest unit price in the list's currency in minor units,
// Incoterms as a bit set (masterdata.Incoterms order), lead time, and the state and
// window that make it orderable. An offer has one row per audience × price list.
type SearchOffer struct{ ent.Schema }

func (SearchOffer) Mixin() []ent.Mixin { return []ent.Mixin{BaseMixin{}, TenantMixin{}} }

func (SearchOffer) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("offer_id", uuid.UUID{}),
		field.UUID("product_id", uuid.UUID{}),
		field.UUID("seller_id", uuid.UUID{}),
		field.String("audience").MaxLen(40),
		field.String("currency").MaxLen(3),
		// The buyer group of the price list; nil for the general list.
		field.UUID("list_group_id", uuid.UUID{}).Optional().Nillable(),
		field.Int64("price_minor"),
		field.Int("incoterms").Default(0),
		field.Int("lead_time_days").Default(0),
		field.Bool("active").Default(true),
		field.Time("valid_from").Optional().Nillable(),
		field.Time("valid_to").Optional().Nillable(),
	}
}

func (SearchOffer) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("tenant_id", "product_id", "audience"),
		index.Fields("tenant_id", "offer_id"),
	}
}
