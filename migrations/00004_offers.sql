-- +goose Up
-- create "buyer_groups" table
CREATE TABLE "buyer_groups" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "name" character varying NOT NULL, "description" character varying NOT NULL DEFAULT '', "tenant_id" uuid NOT NULL, "owner_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "buyer_groups_organizations_owner" FOREIGN KEY ("owner_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "buyer_groups_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "buyergroup_tenant_id_created_at" to table: "buyer_groups"
CREATE INDEX "buyergroup_tenant_id_created_at" ON "buyer_groups" ("tenant_id", "created_at");
-- create index "buyergroup_tenant_id_owner_id_name" to table: "buyer_groups"
CREATE UNIQUE INDEX "buyergroup_tenant_id_owner_id_name" ON "buyer_groups" ("tenant_id", "owner_id", "name");
-- create "buyer_group_members" table
CREATE TABLE "buyer_group_members" ("buyer_group_id" uuid NOT NULL, "organization_id" uuid NOT NULL, PRIMARY KEY ("buyer_group_id", "organization_id"), CONSTRAINT "buyer_group_members_buyer_group_id" FOREIGN KEY ("buyer_group_id") REFERENCES "buyer_groups" ("id") ON UPDATE NO ACTION ON DELETE CASCADE, CONSTRAINT "buyer_group_members_organization_id" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE CASCADE);
-- create "offers" table
CREATE TABLE "offers" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "active" boolean NOT NULL DEFAULT true, "valid_from" timestamptz NULL, "valid_to" timestamptz NULL, "moq" bigint NOT NULL, "increment" bigint NOT NULL, "max_qty" bigint NULL, "lead_time_days" bigint NOT NULL DEFAULT 0, "incoterms" jsonb NOT NULL, "visibility" character varying NOT NULL DEFAULT 'all_buyers', "buyer_group_ids" jsonb NULL, "invited_buyer_ids" jsonb NULL, "price_lists" jsonb NOT NULL, "tenant_id" uuid NOT NULL, "seller_id" uuid NOT NULL, "product_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "offers_organizations_seller" FOREIGN KEY ("seller_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "offers_products_product" FOREIGN KEY ("product_id") REFERENCES "products" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "offers_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "offer_tenant_id_created_at" to table: "offers"
CREATE INDEX "offer_tenant_id_created_at" ON "offers" ("tenant_id", "created_at");
-- create index "offer_tenant_id_product_id" to table: "offers"
CREATE INDEX "offer_tenant_id_product_id" ON "offers" ("tenant_id", "product_id");
-- create index "offer_tenant_id_seller_id" to table: "offers"
CREATE INDEX "offer_tenant_id_seller_id" ON "offers" ("tenant_id", "seller_id");

-- +goose Down
-- reverse: create index "offer_tenant_id_seller_id" to table: "offers"
DROP INDEX "offer_tenant_id_seller_id";
-- reverse: create index "offer_tenant_id_product_id" to table: "offers"
DROP INDEX "offer_tenant_id_product_id";
-- reverse: create index "offer_tenant_id_created_at" to table: "offers"
DROP INDEX "offer_tenant_id_created_at";
-- reverse: create "offers" table
DROP TABLE "offers";
-- reverse: create "buyer_group_members" table
DROP TABLE "buyer_group_members";
-- reverse: create index "buyergroup_tenant_id_owner_id_name" to table: "buyer_groups"
DROP INDEX "buyergroup_tenant_id_owner_id_name";
-- reverse: create index "buyergroup_tenant_id_created_at" to table: "buyer_groups"
DROP INDEX "buyergroup_tenant_id_created_at";
-- reverse: create "buyer_groups" table
DROP TABLE "buyer_groups";
