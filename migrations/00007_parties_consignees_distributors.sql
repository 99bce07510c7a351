-- +goose Up
-- create "consignees" table
CREATE TABLE "consignees" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "name" character varying NOT NULL, "address" jsonb NOT NULL, "country" character varying NOT NULL, "contact_name" character varying NOT NULL DEFAULT '', "contact_email" character varying NOT NULL DEFAULT '', "contact_phone" character varying NOT NULL DEFAULT '', "end_user_is_consignee" boolean NOT NULL DEFAULT true, "end_user_name" character varying NOT NULL, "end_user_country" character varying NOT NULL, "end_user_address" jsonb NOT NULL, "end_use" character varying NOT NULL, "industry" character varying NOT NULL, "status" character varying NOT NULL DEFAULT 'active', "screening_status" character varying NOT NULL DEFAULT 'unscreened', "end_user_screening_status" character varying NOT NULL DEFAULT 'unscreened', "tenant_id" uuid NOT NULL, "organization_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "consignees_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "consignees_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "consignee_tenant_id_created_at" to table: "consignees"
CREATE INDEX "consignee_tenant_id_created_at" ON "consignees" ("tenant_id", "created_at");
-- create index "consignee_tenant_id_organization_id_status" to table: "consignees"
CREATE INDEX "consignee_tenant_id_organization_id_status" ON "consignees" ("tenant_id", "organization_id", "status");
-- create index "consignee_tenant_id_screening_status" to table: "consignees"
CREATE INDEX "consignee_tenant_id_screening_status" ON "consignees" ("tenant_id", "screening_status");
-- create "distributor_hubs" table
CREATE TABLE "distributor_hubs" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "name" character varying NOT NULL, "address" jsonb NOT NULL, "country" character varying NOT NULL, "unlocode" character varying NOT NULL, "capabilities" jsonb NOT NULL, "active" boolean NOT NULL DEFAULT true, "tenant_id" uuid NOT NULL, "distributor_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "distributor_hubs_organizations_distributor" FOREIGN KEY ("distributor_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "distributor_hubs_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "distributorhub_tenant_id_created_at" to table: "distributor_hubs"
CREATE INDEX "distributorhub_tenant_id_created_at" ON "distributor_hubs" ("tenant_id", "created_at");
-- create index "distributorhub_tenant_id_distributor_id_name" to table: "distributor_hubs"
CREATE UNIQUE INDEX "distributorhub_tenant_id_distributor_id_name" ON "distributor_hubs" ("tenant_id", "distributor_id", "name");
-- create index "distributorhub_tenant_id_unlocode" to table: "distributor_hubs"
CREATE INDEX "distributorhub_tenant_id_unlocode" ON "distributor_hubs" ("tenant_id", "unlocode");
-- create "distributor_links" table
CREATE TABLE "distributor_links" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "kind" character varying NOT NULL, "status" character varying NOT NULL DEFAULT 'active', "created_by" uuid NULL, "ended_at" timestamptz NULL, "ended_by" uuid NULL, "tenant_id" uuid NOT NULL, "distributor_id" uuid NOT NULL, "organization_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "distributor_links_organizations_distributor" FOREIGN KEY ("distributor_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "distributor_links_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "distributor_links_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "distributorlink_tenant_id_created_at" to table: "distributor_links"
CREATE INDEX "distributorlink_tenant_id_created_at" ON "distributor_links" ("tenant_id", "created_at");
-- create index "distributorlink_tenant_id_distributor_id_organization_id" to table: "distributor_links"
CREATE UNIQUE INDEX "distributorlink_tenant_id_distributor_id_organization_id" ON "distributor_links" ("tenant_id", "distributor_id", "organization_id");
-- create index "distributorlink_tenant_id_organization_id_status" to table: "distributor_links"
CREATE INDEX "distributorlink_tenant_id_organization_id_status" ON "distributor_links" ("tenant_id", "organization_id", "status");
-- create "service_regions" table
CREATE TABLE "service_regions" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "name" character varying NOT NULL, "countries" jsonb NOT NULL, "tenant_id" uuid NOT NULL, "distributor_id" uuid NOT NULL, "hub_id" uuid NULL, PRIMARY KEY ("id"), CONSTRAINT "service_regions_distributor_hubs_hub" FOREIGN KEY ("hub_id") REFERENCES "distributor_hubs" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "service_regions_organizations_distributor" FOREIGN KEY ("distributor_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "service_regions_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "serviceregion_tenant_id_created_at" to table: "service_regions"
CREATE INDEX "serviceregion_tenant_id_created_at" ON "service_regions" ("tenant_id", "created_at");
-- create index "serviceregion_tenant_id_distributor_id_name" to table: "service_regions"
CREATE UNIQUE INDEX "serviceregion_tenant_id_distributor_id_name" ON "service_regions" ("tenant_id", "distributor_id", "name");

-- +goose Down
-- reverse: create index "serviceregion_tenant_id_distributor_id_name" to table: "service_regions"
DROP INDEX "serviceregion_tenant_id_distributor_id_name";
-- reverse: create index "serviceregion_tenant_id_created_at" to table: "service_regions"
DROP INDEX "serviceregion_tenant_id_created_at";
-- reverse: create "service_regions" table
DROP TABLE "service_regions";
-- reverse: create index "distributorlink_tenant_id_organization_id_status" to table: "distributor_links"
DROP INDEX "distributorlink_tenant_id_organization_id_status";
-- reverse: create index "distributorlink_tenant_id_distributor_id_organization_id" to table: "distributor_links"
DROP INDEX "distributorlink_tenant_id_distributor_id_organization_id";
-- reverse: create index "distributorlink_tenant_id_created_at" to table: "distributor_links"
DROP INDEX "distributorlink_tenant_id_created_at";
-- reverse: create "distributor_links" table
DROP TABLE "distributor_links";
-- reverse: create index "distributorhub_tenant_id_unlocode" to table: "distributor_hubs"
DROP INDEX "distributorhub_tenant_id_unlocode";
-- reverse: create index "distributorhub_tenant_id_distributor_id_name" to table: "distributor_hubs"
DROP INDEX "distributorhub_tenant_id_distributor_id_name";
-- reverse: create index "distributorhub_tenant_id_created_at" to table: "distributor_hubs"
DROP INDEX "distributorhub_tenant_id_created_at";
-- reverse: create "distributor_hubs" table
DROP TABLE "distributor_hubs";
-- reverse: create index "consignee_tenant_id_screening_status" to table: "consignees"
DROP INDEX "consignee_tenant_id_screening_status";
-- reverse: create index "consignee_tenant_id_organization_id_status" to table: "consignees"
DROP INDEX "consignee_tenant_id_organization_id_status";
-- reverse: create index "consignee_tenant_id_created_at" to table: "consignees"
DROP INDEX "consignee_tenant_id_created_at";
-- reverse: create "consignees" table
DROP TABLE "consignees";
