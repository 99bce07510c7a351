-- +goose Up
-- create "rescreen_runs" table
CREATE TABLE "rescreen_runs" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "reason" character varying NOT NULL, "list_versions" jsonb NOT NULL, "status" character varying NOT NULL DEFAULT 'pending', "tenants_total" bigint NOT NULL DEFAULT 0, "tenants_done" bigint NOT NULL DEFAULT 0, "started_at" timestamptz NULL, "finished_at" timestamptz NULL, PRIMARY KEY ("id"));
-- create "rescreens" table
CREATE TABLE "rescreens" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "reason" character varying NOT NULL, "status" character varying NOT NULL DEFAULT 'pending', "phase" character varying NOT NULL DEFAULT 'organizations', "cursor" uuid NULL, "organizations_until" uuid NULL, "consignees_until" uuid NULL, "total" bigint NOT NULL DEFAULT 0, "done" bigint NOT NULL DEFAULT 0, "skipped" bigint NOT NULL DEFAULT 0, "failed" bigint NOT NULL DEFAULT 0, "matches" bigint NOT NULL DEFAULT 0, "batches" bigint NOT NULL DEFAULT 0, "list_versions" jsonb NULL, "failures" jsonb NULL, "started_at" timestamptz NULL, "finished_at" timestamptz NULL, "tenant_id" uuid NOT NULL, "run_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "rescreens_rescreen_runs_rescreens" FOREIGN KEY ("run_id") REFERENCES "rescreen_runs" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "rescreens_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "rescreen_tenant_id_created_at" to table: "rescreens"
CREATE INDEX "rescreen_tenant_id_created_at" ON "rescreens" ("tenant_id", "created_at");
-- create index "rescreen_tenant_id_run_id" to table: "rescreens"
CREATE UNIQUE INDEX "rescreen_tenant_id_run_id" ON "rescreens" ("tenant_id", "run_id");
-- create "sanctions_list_versions" table
CREATE TABLE "sanctions_list_versions" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "list" character varying NOT NULL, "format" character varying NOT NULL, "version_date" timestamptz NOT NULL, "content_hash" character varying NOT NULL, "source" character varying NOT NULL DEFAULT '', "origin" character varying NOT NULL, "entries" bigint NOT NULL, "counts" jsonb NOT NULL, "coverage" jsonb NOT NULL, "file_names" jsonb NOT NULL, "loaded_by" character varying NOT NULL DEFAULT '', "status" character varying NOT NULL, "current_list" character varying NULL, "current_since" timestamptz NULL, "superseded_at" timestamptz NULL, PRIMARY KEY ("id"));
-- create index "sanctions_list_versions_current_list_key" to table: "sanctions_list_versions"
CREATE UNIQUE INDEX "sanctions_list_versions_current_list_key" ON "sanctions_list_versions" ("current_list");
-- create index "sanctionslistversion_list_content_hash" to table: "sanctions_list_versions"
CREATE UNIQUE INDEX "sanctionslistversion_list_content_hash" ON "sanctions_list_versions" ("list", "content_hash");
-- create index "sanctionslistversion_status_list" to table: "sanctions_list_versions"
CREATE INDEX "sanctionslistversion_status_list" ON "sanctions_list_versions" ("status", "list");
-- create "sanctions_list_files" table
CREATE TABLE "sanctions_list_files" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "position" bigint NOT NULL, "name" character varying NOT NULL, "size" bigint NOT NULL, "sha256" character varying NOT NULL, "compression" character varying NOT NULL, "content" bytea NOT NULL, "version_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "sanctions_list_files_sanctions_list_versions_files" FOREIGN KEY ("version_id") REFERENCES "sanctions_list_versions" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "sanctionslistfile_version_id_position" to table: "sanctions_list_files"
CREATE UNIQUE INDEX "sanctionslistfile_version_id_position" ON "sanctions_list_files" ("version_id", "position");

-- +goose Down
-- reverse: create index "sanctionslistfile_version_id_position" to table: "sanctions_list_files"
DROP INDEX "sanctionslistfile_version_id_position";
-- reverse: create "sanctions_list_files" table
DROP TABLE "sanctions_list_files";
-- reverse: create index "sanctionslistversion_status_list" to table: "sanctions_list_versions"
DROP INDEX "sanctionslistversion_status_list";
-- reverse: create index "sanctionslistversion_list_content_hash" to table: "sanctions_list_versions"
DROP INDEX "sanctionslistversion_list_content_hash";
-- reverse: create index "sanctions_list_versions_current_list_key" to table: "sanctions_list_versions"
DROP INDEX "sanctions_list_versions_current_list_key";
-- reverse: create "sanctions_list_versions" table
DROP TABLE "sanctions_list_versions";
-- reverse: create index "rescreen_tenant_id_run_id" to table: "rescreens"
DROP INDEX "rescreen_tenant_id_run_id";
-- reverse: create index "rescreen_tenant_id_created_at" to table: "rescreens"
DROP INDEX "rescreen_tenant_id_created_at";
-- reverse: create "rescreens" table
DROP TABLE "rescreens";
-- reverse: create "rescreen_runs" table
DROP TABLE "rescreen_runs";
