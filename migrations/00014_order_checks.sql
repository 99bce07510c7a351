-- +goose Up
-- modify "compliance_checks" table
ALTER TABLE "compliance_checks" ADD COLUMN "order_id" uuid NULL, ADD COLUMN "details" jsonb NULL;
-- create index "compliancecheck_tenant_id_order_id" to table: "compliance_checks"
CREATE INDEX "compliancecheck_tenant_id_order_id" ON "compliance_checks" ("tenant_id", "order_id");

-- +goose Down
-- reverse: create index "compliancecheck_tenant_id_order_id" to table: "compliance_checks"
DROP INDEX "compliancecheck_tenant_id_order_id";
-- reverse: modify "compliance_checks" table
ALTER TABLE "compliance_checks" DROP COLUMN "details", DROP COLUMN "order_id";
