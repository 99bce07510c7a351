-- +goose Up
-- Search entries shed what a search does not read. The tenant tag of every lexeme
-- (migration 00013): since 00020 each marketplace's entries have their own partition
-- and GIN index, so a prefix expands over the marketplace's own lexemes without it, and
-- it made up about 40 % of a document. The description: only the document (and on
-- SQLite the FTS5 table) is built from it, and nothing reads it back. The documents
-- become the ones search.Document builds now, so no reindex is needed.
-- The table is rebuilt rather than altered: a dropped column would stay in every row's
-- layout and, as a gap in the attribute numbers, make Atlas (ent's diff) read the
-- partition key as another column. The new layout puts the fixed-width columns first.
-- Every entry is copied once; the trigger of 00020 keeps making partitions by name.
ALTER TABLE "search_entries" RENAME TO "old_search_entries";
ALTER TABLE "old_search_entries" RENAME CONSTRAINT "search_entries_pkey" TO "old_search_entries_pkey";
ALTER TABLE "old_search_entries" RENAME CONSTRAINT "search_entries_tenants_tenant" TO "old_search_entries_tenant";
DROP INDEX "searchentry_tenant_id_created_at";
DROP INDEX "searchentry_tenant_id_seller_id";
DROP INDEX "searchentry_tenant_id_id";
DROP INDEX "searchentry_document";
-- +goose StatementBegin
DO $$
DECLARE p record; ix record;
BEGIN
  FOR p IN SELECT c.oid, c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
           WHERE i.inhparent = 'old_search_entries'::regclass LOOP
    FOR ix IN SELECT c.relname FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid WHERE x.indrelid = p.oid LOOP
      EXECUTE format('ALTER INDEX %I RENAME TO %I', ix.relname, left('old_' || ix.relname, 63));
    END LOOP;
    EXECUTE format('ALTER TABLE %I RENAME TO %I', p.relname, left('old_' || p.relname, 63));
  END LOOP;
END $$;
-- +goose StatementEnd
CREATE TABLE "search_entries" (
  "id" uuid NOT NULL,
  "tenant_id" uuid NOT NULL,
  "seller_id" uuid NOT NULL,
  "created_at" timestamptz NOT NULL,
  "updated_at" timestamptz NOT NULL,
  "pub_incoterms" bigint NOT NULL DEFAULT 0,
  "pub_price" bigint NULL,
  "published" boolean NOT NULL DEFAULT false,
  "offers_plain" boolean NOT NULL DEFAULT true,
  "restricted" boolean NOT NULL DEFAULT false,
  "origin_country" character varying NOT NULL,
  "hs_chapter" character varying NOT NULL,
  "unit" character varying NOT NULL DEFAULT '',
  "pub_currency" character varying NOT NULL DEFAULT '',
  "seller_name" character varying NOT NULL DEFAULT '',
  "sku" character varying NOT NULL,
  "name" character varying NOT NULL,
  "offer_keys" text NOT NULL DEFAULT '',
  "key_facts" jsonb NULL,
  "document" tsvector NOT NULL
) PARTITION BY LIST ("tenant_id");
ALTER TABLE "search_entries" ADD CONSTRAINT "search_entries_pkey" PRIMARY KEY ("tenant_id", "id");
ALTER TABLE "search_entries" ADD CONSTRAINT "search_entries_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION;
CREATE TABLE "search_entries_default" PARTITION OF "search_entries" DEFAULT;
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
INSERT INTO "search_entries" ("id", "tenant_id", "seller_id", "created_at", "updated_at", "pub_incoterms", "pub_price",
    "published", "offers_plain", "restricted", "origin_country", "hs_chapter", "unit", "pub_currency", "seller_name",
    "sku", "name", "offer_keys", "key_facts", "document")
  SELECT e."id", e."tenant_id", e."seller_id", e."created_at", e."updated_at", e."pub_incoterms", e."pub_price",
    e."published", e."offers_plain", e."restricted", e."origin_country", e."hs_chapter", e."unit", e."pub_currency",
    e."seller_name", e."sku", e."name", e."offer_keys", e."key_facts", COALESCE((
      SELECT string_agg('''' || replace(replace(
               CASE WHEN u.lexeme ~ '^[0-9a-f]{10}_' THEN substr(u.lexeme, 12) ELSE u.lexeme END,
               '\', '\\'), '''', '''''') || ''':' ||
             (SELECT string_agg(x.p::text || x.w, ',' ORDER BY x.p) FROM unnest(u.positions, u.weights) AS x(p, w)), ' ')
      FROM unnest(e."document") AS u
      WHERE u.positions IS NOT NULL), '')::tsvector
  FROM "old_search_entries" e ORDER BY e."tenant_id", e."id";
DROP TABLE "old_search_entries";
CREATE INDEX "searchentry_tenant_id_created_at" ON "search_entries" ("tenant_id", "created_at");
CREATE INDEX "searchentry_tenant_id_seller_id" ON "search_entries" ("tenant_id", "seller_id");
CREATE INDEX "searchentry_tenant_id_id" ON "search_entries" ("tenant_id", "id") INCLUDE ("published", "seller_id", "seller_name", "origin_country", "hs_chapter", "offers_plain", "restricted", "offer_keys", "key_facts", "pub_incoterms", "pub_currency", "pub_price");
-- fastupdate off: a search scans the whole pending list of a GIN index with fast update
-- on (up to gin_pending_list_limit, 4 MB, until a vacuum or an insert flushes it), which
-- cost a very common term 18 % more with 10,000 entries pending; without it an insert
-- pays about 23 µs more per entry. Partitions made later copy the option.
CREATE INDEX "searchentry_document" ON "search_entries" USING GIN ("document") WITH (fastupdate = off);

-- +goose Down
-- The table of 00020 again, column for column: descriptions from the products (empty
-- for an entry without one), every lexeme behind its tenant's tag.
ALTER TABLE "search_entries" RENAME TO "old_search_entries";
ALTER TABLE "old_search_entries" RENAME CONSTRAINT "search_entries_pkey" TO "old_search_entries_pkey";
ALTER TABLE "old_search_entries" RENAME CONSTRAINT "search_entries_tenants_tenant" TO "old_search_entries_tenant";
DROP INDEX "searchentry_tenant_id_created_at";
DROP INDEX "searchentry_tenant_id_seller_id";
DROP INDEX "searchentry_tenant_id_id";
DROP INDEX "searchentry_document";
-- +goose StatementBegin
DO $$
DECLARE p record; ix record;
BEGIN
  FOR p IN SELECT c.oid, c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
           WHERE i.inhparent = 'old_search_entries'::regclass LOOP
    FOR ix IN SELECT c.relname FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid WHERE x.indrelid = p.oid LOOP
      EXECUTE format('ALTER INDEX %I RENAME TO %I', ix.relname, left('old_' || ix.relname, 63));
    END LOOP;
    EXECUTE format('ALTER TABLE %I RENAME TO %I', p.relname, left('old_' || p.relname, 63));
  END LOOP;
END $$;
-- +goose StatementEnd
CREATE TABLE "search_entries" (
  "id" uuid NOT NULL,
  "created_at" timestamptz NOT NULL,
  "updated_at" timestamptz NOT NULL,
  "seller_id" uuid NOT NULL,
  "seller_name" character varying NOT NULL DEFAULT '',
  "sku" character varying NOT NULL,
  "name" character varying NOT NULL,
  "description" character varying NOT NULL DEFAULT '',
  "origin_country" character varying NOT NULL,
  "hs_chapter" character varying NOT NULL,
  "unit" character varying NOT NULL DEFAULT '',
  "published" boolean NOT NULL DEFAULT false,
  "offers_plain" boolean NOT NULL DEFAULT true,
  "restricted" boolean NOT NULL DEFAULT false,
  "offer_keys" text NOT NULL DEFAULT '',
  "pub_incoterms" bigint NOT NULL DEFAULT 0,
  "pub_currency" character varying NOT NULL DEFAULT '',
  "pub_price" bigint NULL,
  "document" tsvector NOT NULL,
  "tenant_id" uuid NOT NULL,
  "key_facts" jsonb NULL
) PARTITION BY LIST ("tenant_id");
ALTER TABLE "search_entries" ADD CONSTRAINT "search_entries_pkey" PRIMARY KEY ("tenant_id", "id");
ALTER TABLE "search_entries" ADD CONSTRAINT "search_entries_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION;
CREATE TABLE "search_entries_default" PARTITION OF "search_entries" DEFAULT;
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
INSERT INTO "search_entries" ("id", "created_at", "updated_at", "seller_id", "seller_name", "sku", "name", "description",
    "origin_country", "hs_chapter", "unit", "published", "offers_plain", "restricted", "offer_keys", "pub_incoterms",
    "pub_currency", "pub_price", "document", "tenant_id", "key_facts")
  SELECT e."id", e."created_at", e."updated_at", e."seller_id", e."seller_name", e."sku", e."name",
    COALESCE((SELECT p."description" FROM "products" p WHERE p."id" = e."id" AND p."tenant_id" = e."tenant_id"), ''),
    e."origin_country", e."hs_chapter", e."unit", e."published", e."offers_plain", e."restricted", e."offer_keys",
    e."pub_incoterms", e."pub_currency", e."pub_price", COALESCE((
      SELECT string_agg('''' || substr(encode(sha256(uuid_send(e."tenant_id")), 'hex'), 1, 10) || '_' ||
               replace(replace(u.lexeme, '\', '\\'), '''', '''''') || ''':' ||
             (SELECT string_agg(x.p::text || x.w, ',' ORDER BY x.p) FROM unnest(u.positions, u.weights) AS x(p, w)), ' ')
      FROM unnest(e."document") AS u
      WHERE u.positions IS NOT NULL), '')::tsvector, e."tenant_id", e."key_facts"
  FROM "old_search_entries" e ORDER BY e."tenant_id", e."id";
DROP TABLE "old_search_entries";
CREATE INDEX "searchentry_tenant_id_created_at" ON "search_entries" ("tenant_id", "created_at");
CREATE INDEX "searchentry_tenant_id_seller_id" ON "search_entries" ("tenant_id", "seller_id");
CREATE INDEX "searchentry_tenant_id_id" ON "search_entries" ("tenant_id", "id") INCLUDE ("published", "seller_id", "seller_name", "origin_country", "hs_chapter", "offers_plain", "restricted", "offer_keys", "key_facts", "pub_incoterms", "pub_currency", "pub_price");
CREATE INDEX "searchentry_document" ON "search_entries" USING GIN ("document");
