-- +goose Up
-- Search entries partitioned by tenant (LIST on tenant_id): each marketplace's entries
-- live in a table of their own (search_entries_<tenant id without dashes>), so a
-- search's hits share heap pages and its GIN index holds only that marketplace's
-- lexemes, instead of one page per hit among every tenant's rows. A trigger on tenants
-- creates the partition of every new tenant in the tenant's own transaction; the
-- default partition catches nothing in normal operation (it is there so that an insert
-- never fails for want of a partition). The primary key becomes (tenant_id, id), as a
-- partitioned table requires; ent keeps addressing entries by id within the tenant
-- (migrations.partitioned patches ent's view of the table to match, for migrate-gen and
-- the drift check). The GIN index covers the document alone: within a partition the
-- tenant filter matches every row. Existing entries are copied over once.
ALTER TABLE "search_entries" RENAME TO "search_entries_unpartitioned";
ALTER TABLE "search_entries_unpartitioned" RENAME CONSTRAINT "search_entries_pkey" TO "search_entries_unpartitioned_pkey";
ALTER TABLE "search_entries_unpartitioned" RENAME CONSTRAINT "search_entries_tenants_tenant" TO "search_entries_unpartitioned_tenant";
DROP INDEX "searchentry_tenant_id_created_at";
DROP INDEX "searchentry_tenant_id_seller_id";
DROP INDEX "searchentry_tenant_id_id";
DROP INDEX "searchentry_tenant_id_document";
CREATE TABLE "search_entries" (LIKE "search_entries_unpartitioned" INCLUDING DEFAULTS) PARTITION BY LIST ("tenant_id");
ALTER TABLE "search_entries" ADD CONSTRAINT "search_entries_pkey" PRIMARY KEY ("tenant_id", "id");
ALTER TABLE "search_entries" ADD CONSTRAINT "search_entries_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION;
CREATE TABLE "search_entries_default" PARTITION OF "search_entries" DEFAULT;
-- +goose StatementBegin
CREATE FUNCTION search_entries_partition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF search_entries FOR VALUES IN (%L)',
    'search_entries_' || replace(NEW.id::text, '-', ''), NEW.id);
  RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER "tenants_search_partition" AFTER INSERT ON "tenants" FOR EACH ROW EXECUTE FUNCTION search_entries_partition();
-- +goose StatementBegin
DO $$
DECLARE t record;
BEGIN
  FOR t IN SELECT id FROM tenants LOOP
    EXECUTE format('CREATE TABLE %I PARTITION OF search_entries FOR VALUES IN (%L)',
      'search_entries_' || replace(t.id::text, '-', ''), t.id);
  END LOOP;
END $$;
-- +goose StatementEnd
INSERT INTO "search_entries" SELECT * FROM "search_entries_unpartitioned" ORDER BY "tenant_id", "id";
DROP TABLE "search_entries_unpartitioned";
CREATE INDEX "searchentry_tenant_id_created_at" ON "search_entries" ("tenant_id", "created_at");
CREATE INDEX "searchentry_tenant_id_seller_id" ON "search_entries" ("tenant_id", "seller_id");
CREATE INDEX "searchentry_tenant_id_id" ON "search_entries" ("tenant_id", "id") INCLUDE ("published", "seller_id", "seller_name", "origin_country", "hs_chapter", "offers_plain", "restricted", "offer_keys", "key_facts", "pub_incoterms", "pub_currency", "pub_price");
CREATE INDEX "searchentry_document" ON "search_entries" USING GIN ("document");

-- +goose Down
DROP TRIGGER "tenants_search_partition" ON "tenants";
DROP FUNCTION search_entries_partition();
ALTER TABLE "search_entries" RENAME TO "search_entries_partitioned";
ALTER TABLE "search_entries_partitioned" RENAME CONSTRAINT "search_entries_pkey" TO "search_entries_partitioned_pkey";
ALTER TABLE "search_entries_partitioned" RENAME CONSTRAINT "search_entries_tenants_tenant" TO "search_entries_partitioned_tenant";
DROP INDEX "searchentry_tenant_id_created_at";
DROP INDEX "searchentry_tenant_id_seller_id";
DROP INDEX "searchentry_tenant_id_id";
DROP INDEX "searchentry_document";
CREATE TABLE "search_entries" (LIKE "search_entries_partitioned" INCLUDING DEFAULTS);
INSERT INTO "search_entries" SELECT * FROM "search_entries_partitioned";
DROP TABLE "search_entries_partitioned";
ALTER TABLE "search_entries" ADD CONSTRAINT "search_entries_pkey" PRIMARY KEY ("id");
ALTER TABLE "search_entries" ADD CONSTRAINT "search_entries_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION;
CREATE INDEX "searchentry_tenant_id_created_at" ON "search_entries" ("tenant_id", "created_at");
CREATE INDEX "searchentry_tenant_id_seller_id" ON "search_entries" ("tenant_id", "seller_id");
CREATE INDEX "searchentry_tenant_id_id" ON "search_entries" ("tenant_id", "id") INCLUDE ("published", "seller_id", "seller_name", "origin_country", "hs_chapter", "offers_plain", "restricted", "offer_keys", "key_facts", "pub_incoterms", "pub_currency", "pub_price");
CREATE INDEX "searchentry_tenant_id_document" ON "search_entries" USING GIN ("tenant_id", "document");
