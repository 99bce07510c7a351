-- +goose Up
-- create "product_imports" table
CREATE TABLE "product_imports" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "created_by" uuid NULL, "filename" character varying NOT NULL, "blob_key" character varying NOT NULL, "size" bigint NOT NULL, "sha256" character varying NOT NULL, "options" jsonb NOT NULL, "status" character varying NOT NULL DEFAULT 'uploaded', "progress" jsonb NULL, "counts" jsonb NULL, "report" jsonb NULL, "errors_blob_key" character varying NOT NULL DEFAULT '', "error" character varying NOT NULL DEFAULT '', "planned_at" timestamptz NULL, "applied_at" timestamptz NULL, "finished_at" timestamptz NULL, "tenant_id" uuid NOT NULL, "seller_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "product_imports_organizations_seller" FOREIGN KEY ("seller_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "product_imports_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "productimport_tenant_id_created_at" to table: "product_imports"
CREATE INDEX "productimport_tenant_id_created_at" ON "product_imports" ("tenant_id", "created_at");
-- create index "productimport_tenant_id_seller_id_created_at" to table: "product_imports"
CREATE INDEX "productimport_tenant_id_seller_id_created_at" ON "product_imports" ("tenant_id", "seller_id", "created_at");

-- +goose Down
-- reverse: create index "productimport_tenant_id_seller_id_created_at" to table: "product_imports"
DROP INDEX "productimport_tenant_id_seller_id_created_at";
-- reverse: create index "productimport_tenant_id_created_at" to table: "product_imports"
DROP INDEX "productimport_tenant_id_created_at";
-- reverse: create "product_imports" table
DROP TABLE "product_imports";
