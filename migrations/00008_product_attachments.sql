-- +goose Up
-- create "product_attachments" table
CREATE TABLE "product_attachments" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "seller_id" uuid NOT NULL, "kind" character varying NOT NULL, "filename" character varying NOT NULL, "content_type" character varying NOT NULL, "size" bigint NOT NULL, "sha256" character varying NOT NULL, "blob_key" character varying NOT NULL, "caption" character varying NOT NULL DEFAULT '', "uploaded_by" uuid NULL, "tenant_id" uuid NOT NULL, "product_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "product_attachments_products_product" FOREIGN KEY ("product_id") REFERENCES "products" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "product_attachments_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "productattachment_tenant_id_created_at" to table: "product_attachments"
CREATE INDEX "productattachment_tenant_id_created_at" ON "product_attachments" ("tenant_id", "created_at");
-- create index "productattachment_tenant_id_product_id" to table: "product_attachments"
CREATE INDEX "productattachment_tenant_id_product_id" ON "product_attachments" ("tenant_id", "product_id");

-- +goose Down
-- reverse: create index "productattachment_tenant_id_product_id" to table: "product_attachments"
DROP INDEX "productattachment_tenant_id_product_id";
-- reverse: create index "productattachment_tenant_id_created_at" to table: "product_attachments"
DROP INDEX "productattachment_tenant_id_created_at";
-- reverse: create "product_attachments" table
DROP TABLE "product_attachments";
