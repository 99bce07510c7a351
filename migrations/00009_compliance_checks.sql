-- +goose Up
-- create "compliance_checks" table
CREATE TABLE "compliance_checks" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "subject_type" character varying NOT NULL, "subject_id" uuid NULL, "subject_name" character varying NOT NULL, "subject_country" character varying NOT NULL DEFAULT '', "kind" character varying NOT NULL, "list_versions" jsonb NOT NULL, "matches" jsonb NOT NULL, "suppressed" bigint NOT NULL DEFAULT 0, "outcome" character varying NOT NULL, "status" character varying NOT NULL DEFAULT 'open', "decision" character varying NOT NULL DEFAULT 'none', "reviewed_by" uuid NULL, "reviewed_at" timestamptz NULL, "review_reason" character varying NOT NULL DEFAULT '', "tenant_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "compliance_checks_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "compliancecheck_tenant_id_created_at" to table: "compliance_checks"
CREATE INDEX "compliancecheck_tenant_id_created_at" ON "compliance_checks" ("tenant_id", "created_at");
-- create index "compliancecheck_tenant_id_status_created_at" to table: "compliance_checks"
CREATE INDEX "compliancecheck_tenant_id_status_created_at" ON "compliance_checks" ("tenant_id", "status", "created_at");
-- create index "compliancecheck_tenant_id_subject_type_subject_id" to table: "compliance_checks"
CREATE INDEX "compliancecheck_tenant_id_subject_type_subject_id" ON "compliance_checks" ("tenant_id", "subject_type", "subject_id");
-- create "screening_suppressions" table
CREATE TABLE "screening_suppressions" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "subject_type" character varying NOT NULL, "subject_id" uuid NOT NULL, "list" character varying NOT NULL, "entity_id" character varying NOT NULL, "entry_hash" character varying NOT NULL, "check_id" uuid NOT NULL, "cleared_by" uuid NULL, "reason" character varying NOT NULL, "tenant_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "screening_suppressions_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "screeningsuppression_tenant_id_260c2283f29c1c103f9fa192bf228e64" to table: "screening_suppressions"
CREATE UNIQUE INDEX "screeningsuppression_tenant_id_260c2283f29c1c103f9fa192bf228e64" ON "screening_suppressions" ("tenant_id", "subject_type", "subject_id", "list", "entity_id", "entry_hash");
-- create index "screeningsuppression_tenant_id_created_at" to table: "screening_suppressions"
CREATE INDEX "screeningsuppression_tenant_id_created_at" ON "screening_suppressions" ("tenant_id", "created_at");

-- +goose Down
-- reverse: create index "screeningsuppression_tenant_id_created_at" to table: "screening_suppressions"
DROP INDEX "screeningsuppression_tenant_id_created_at";
-- reverse: create index "screeningsuppression_tenant_id_260c2283f29c1c103f9fa192bf228e64" to table: "screening_suppressions"
DROP INDEX "screeningsuppression_tenant_id_260c2283f29c1c103f9fa192bf228e64";
-- reverse: create "screening_suppressions" table
DROP TABLE "screening_suppressions";
-- reverse: create index "compliancecheck_tenant_id_subject_type_subject_id" to table: "compliance_checks"
DROP INDEX "compliancecheck_tenant_id_subject_type_subject_id";
-- reverse: create index "compliancecheck_tenant_id_status_created_at" to table: "compliance_checks"
DROP INDEX "compliancecheck_tenant_id_status_created_at";
-- reverse: create index "compliancecheck_tenant_id_created_at" to table: "compliance_checks"
DROP INDEX "compliancecheck_tenant_id_created_at";
-- reverse: create "compliance_checks" table
DROP TABLE "compliance_checks";
