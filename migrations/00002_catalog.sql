-- +goose Up
-- create "products" table
CREATE TABLE "products" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "sku" character varying NOT NULL, "name" character varying NOT NULL, "description" character varying NOT NULL DEFAULT '', "hs_code" character varying NOT NULL, "country_of_origin" character varying NOT NULL, "eu_classification" character varying NOT NULL DEFAULT 'not_listed', "us_classification" character varying NOT NULL DEFAULT 'EAR99', "unit" character varying NOT NULL, "net_weight_g" bigint NULL, "gross_weight_g" bigint NULL, "length_mm" bigint NULL, "width_mm" bigint NULL, "height_mm" bigint NULL, "hazmat_un_number" character varying NULL, "shelf_life_days" bigint NULL, "packaging" jsonb NULL, "coa_spec" jsonb NULL, "curation_status" character varying NOT NULL DEFAULT 'draft', "revision" bigint NOT NULL DEFAULT 1, "approved_revision" bigint NOT NULL DEFAULT 0, "tenant_id" uuid NOT NULL, "seller_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "products_organizations_seller" FOREIGN KEY ("seller_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "products_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "product_tenant_id_created_at" to table: "products"
CREATE INDEX "product_tenant_id_created_at" ON "products" ("tenant_id", "created_at");
-- create index "product_tenant_id_curation_status_updated_at" to table: "products"
CREATE INDEX "product_tenant_id_curation_status_updated_at" ON "products" ("tenant_id", "curation_status", "updated_at");
-- create index "product_tenant_id_seller_id_sku" to table: "products"
CREATE UNIQUE INDEX "product_tenant_id_seller_id_sku" ON "products" ("tenant_id", "seller_id", "sku");
-- create "product_revisions" table
CREATE TABLE "product_revisions" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "number" bigint NOT NULL, "data" jsonb NOT NULL, "status" character varying NOT NULL DEFAULT 'draft', "author_id" uuid NULL, "reviewer_id" uuid NULL, "submitted_at" timestamptz NULL, "reviewed_at" timestamptz NULL, "review_reason" character varying NOT NULL DEFAULT '', "comments" jsonb NULL, "product_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "product_revisions_products_revisions" FOREIGN KEY ("product_id") REFERENCES "products" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "product_revisions_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "productrevision_tenant_id_created_at" to table: "product_revisions"
CREATE INDEX "productrevision_tenant_id_created_at" ON "product_revisions" ("tenant_id", "created_at");
-- create index "productrevision_tenant_id_product_id_number" to table: "product_revisions"
CREATE UNIQUE INDEX "productrevision_tenant_id_product_id_number" ON "product_revisions" ("tenant_id", "product_id", "number");
-- create index "productrevision_tenant_id_status_submitted_at" to table: "product_revisions"
CREATE INDEX "productrevision_tenant_id_status_submitted_at" ON "product_revisions" ("tenant_id", "status", "submitted_at");

-- +goose Down
-- reverse: create index "productrevision_tenant_id_status_submitted_at" to table: "product_revisions"
DROP INDEX "productrevision_tenant_id_status_submitted_at";
-- reverse: create index "productrevision_tenant_id_product_id_number" to table: "product_revisions"
DROP INDEX "productrevision_tenant_id_product_id_number";
-- reverse: create index "productrevision_tenant_id_created_at" to table: "product_revisions"
DROP INDEX "productrevision_tenant_id_created_at";
-- reverse: create "product_revisions" table
DROP TABLE "product_revisions";
-- reverse: create index "product_tenant_id_seller_id_sku" to table: "products"
DROP INDEX "product_tenant_id_seller_id_sku";
-- reverse: create index "product_tenant_id_curation_status_updated_at" to table: "products"
DROP INDEX "product_tenant_id_curation_status_updated_at";
-- reverse: create index "product_tenant_id_created_at" to table: "products"
DROP INDEX "product_tenant_id_created_at";
-- reverse: create "products" table
DROP TABLE "products";
