-- +goose Up
-- Search: per-key offer facts on the entry (key_facts) and the (tenant_id, id) index
-- covering what the text-free browse reads. Existing entries get key_facts NULL and are
-- answered exactly (per-offer subquery) as before until `manifold reindex` rewrites them.
-- drop index "searchentry_tenant_id_id" from table: "search_entries"
DROP INDEX "searchentry_tenant_id_id";
-- modify "search_entries" table
ALTER TABLE "search_entries" ADD COLUMN "key_facts" jsonb NULL;
-- create index "searchentry_tenant_id_id" to table: "search_entries"
CREATE INDEX "searchentry_tenant_id_id" ON "search_entries" ("tenant_id", "id") INCLUDE ("published", "seller_id", "seller_name", "origin_country", "hs_chapter", "offers_plain", "restricted", "offer_keys", "key_facts", "pub_incoterms", "pub_currency", "pub_price");

-- +goose Down
-- reverse: create index "searchentry_tenant_id_id" to table: "search_entries"
DROP INDEX "searchentry_tenant_id_id";
-- reverse: modify "search_entries" table
ALTER TABLE "search_entries" DROP COLUMN "key_facts";
-- reverse: drop index "searchentry_tenant_id_id" from table: "search_entries"
CREATE INDEX "searchentry_tenant_id_id" ON "search_entries" ("tenant_id", "id");
