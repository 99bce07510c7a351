-- +goose Up
-- create "end_use_statements" table
CREATE TABLE "end_use_statements" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "end_user_name" character varying NOT NULL, "end_use" character varying NOT NULL, "country" character varying NOT NULL, "consignee_name" character varying NOT NULL DEFAULT '', "classifications" jsonb NULL, "product_ids" jsonb NULL, "signed_by" character varying NOT NULL, "signed_at" timestamptz NOT NULL, "valid_to" timestamptz NOT NULL, "declarations" jsonb NOT NULL, "tenant_id" uuid NOT NULL, "holder_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "end_use_statements_organizations_holder" FOREIGN KEY ("holder_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "end_use_statements_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "endusestatement_tenant_id_created_at" to table: "end_use_statements"
CREATE INDEX "endusestatement_tenant_id_created_at" ON "end_use_statements" ("tenant_id", "created_at");
-- create index "endusestatement_tenant_id_holder_id" to table: "end_use_statements"
CREATE INDEX "endusestatement_tenant_id_holder_id" ON "end_use_statements" ("tenant_id", "holder_id");
-- create "licences" table
CREATE TABLE "licences" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "regime" character varying NOT NULL, "number" character varying NOT NULL, "issuing_authority" character varying NOT NULL, "classifications" jsonb NOT NULL, "destinations" jsonb NOT NULL, "value_cap" bigint NULL, "value_currency" character varying NOT NULL DEFAULT '', "value_used" bigint NOT NULL DEFAULT 0, "qty_cap" bigint NULL, "qty_unit" character varying NOT NULL DEFAULT '', "qty_used" bigint NOT NULL DEFAULT 0, "valid_from" timestamptz NOT NULL, "valid_to" timestamptz NOT NULL, "document_id" uuid NULL, "tenant_id" uuid NOT NULL, "holder_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "licences_organizations_holder" FOREIGN KEY ("holder_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "licences_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "licence_tenant_id_created_at" to table: "licences"
CREATE INDEX "licence_tenant_id_created_at" ON "licences" ("tenant_id", "created_at");
-- create index "licence_tenant_id_holder_id_regime_number" to table: "licences"
CREATE UNIQUE INDEX "licence_tenant_id_holder_id_regime_number" ON "licences" ("tenant_id", "holder_id", "regime", "number");

-- +goose Down
-- reverse: create index "licence_tenant_id_holder_id_regime_number" to table: "licences"
DROP INDEX "licence_tenant_id_holder_id_regime_number";
-- reverse: create index "licence_tenant_id_created_at" to table: "licences"
DROP INDEX "licence_tenant_id_created_at";
-- reverse: create "licences" table
DROP TABLE "licences";
-- reverse: create index "endusestatement_tenant_id_holder_id" to table: "end_use_statements"
DROP INDEX "endusestatement_tenant_id_holder_id";
-- reverse: create index "endusestatement_tenant_id_created_at" to table: "end_use_statements"
DROP INDEX "endusestatement_tenant_id_created_at";
-- reverse: create "end_use_statements" table
DROP TABLE "end_use_statements";
