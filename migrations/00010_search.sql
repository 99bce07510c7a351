-- +goose Up
-- create "search_entries" table
CREATE TABLE "search_entries" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "seller_id" uuid NOT NULL, "seller_name" character varying NOT NULL DEFAULT '', "sku" character varying NOT NULL, "name" character varying NOT NULL, "description" character varying NOT NULL DEFAULT '', "origin_country" character varying NOT NULL, "hs_chapter" character varying NOT NULL, "unit" character varying NOT NULL DEFAULT '', "published" boolean NOT NULL DEFAULT false, "offers_plain" boolean NOT NULL DEFAULT true, "restricted" boolean NOT NULL DEFAULT false, "offer_keys" text NOT NULL DEFAULT '', "pub_incoterms" bigint NOT NULL DEFAULT 0, "pub_currency" character varying NOT NULL DEFAULT '', "pub_price" bigint NULL, "document" tsvector NOT NULL, "tenant_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "search_entries_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "searchentry_document" to table: "search_entries"
CREATE INDEX "searchentry_document" ON "search_entries" USING gin ("document");
-- create index "searchentry_tenant_id_created_at" to table: "search_entries"
CREATE INDEX "searchentry_tenant_id_created_at" ON "search_entries" ("tenant_id", "created_at");
-- create index "searchentry_tenant_id_id" to table: "search_entries"
CREATE INDEX "searchentry_tenant_id_id" ON "search_entries" ("tenant_id", "id");
-- create index "searchentry_tenant_id_seller_id" to table: "search_entries"
CREATE INDEX "searchentry_tenant_id_seller_id" ON "search_entries" ("tenant_id", "seller_id");
-- create "search_offers" table
CREATE TABLE "search_offers" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "offer_id" uuid NOT NULL, "product_id" uuid NOT NULL, "seller_id" uuid NOT NULL, "audience" character varying NOT NULL, "currency" character varying NOT NULL, "list_group_id" uuid NULL, "price_minor" bigint NOT NULL, "incoterms" bigint NOT NULL DEFAULT 0, "lead_time_days" bigint NOT NULL DEFAULT 0, "active" boolean NOT NULL DEFAULT true, "valid_from" timestamptz NULL, "valid_to" timestamptz NULL, "tenant_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "search_offers_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "searchoffer_tenant_id_created_at" to table: "search_offers"
CREATE INDEX "searchoffer_tenant_id_created_at" ON "search_offers" ("tenant_id", "created_at");
-- create index "searchoffer_tenant_id_offer_id" to table: "search_offers"
CREATE INDEX "searchoffer_tenant_id_offer_id" ON "search_offers" ("tenant_id", "offer_id");
-- create index "searchoffer_tenant_id_product_id_audience" to table: "search_offers"
CREATE INDEX "searchoffer_tenant_id_product_id_audience" ON "search_offers" ("tenant_id", "product_id", "audience");

-- +goose Down
-- reverse: create index "searchoffer_tenant_id_product_id_audience" to table: "search_offers"
DROP INDEX "searchoffer_tenant_id_product_id_audience";
-- reverse: create index "searchoffer_tenant_id_offer_id" to table: "search_offers"
DROP INDEX "searchoffer_tenant_id_offer_id";
-- reverse: create index "searchoffer_tenant_id_created_at" to table: "search_offers"
DROP INDEX "searchoffer_tenant_id_created_at";
-- reverse: create "search_offers" table
DROP TABLE "search_offers";
-- reverse: create index "searchentry_tenant_id_seller_id" to table: "search_entries"
DROP INDEX "searchentry_tenant_id_seller_id";
-- reverse: create index "searchentry_tenant_id_id" to table: "search_entries"
DROP INDEX "searchentry_tenant_id_id";
-- reverse: create index "searchentry_tenant_id_created_at" to table: "search_entries"
DROP INDEX "searchentry_tenant_id_created_at";
-- reverse: create index "searchentry_document" to table: "search_entries"
DROP INDEX "searchentry_document";
-- reverse: create "search_entries" table
DROP TABLE "search_entries";
