-- +goose Up
-- create "outbox_messages" table
CREATE TABLE "outbox_messages" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "tenant_id" uuid NULL, "task_type" character varying NOT NULL, "queue" character varying NOT NULL, "payload" bytea NOT NULL, "max_retry" bigint NOT NULL DEFAULT 25, "run_at" timestamptz NOT NULL, "enqueues" bigint NOT NULL DEFAULT 0, "enqueued_at" timestamptz NULL, "done_at" timestamptz NULL, "last_error" character varying NOT NULL DEFAULT '', PRIMARY KEY ("id"));
-- create index "outboxmessage_done_at_enqueued_at_run_at" to table: "outbox_messages"
CREATE INDEX "outboxmessage_done_at_enqueued_at_run_at" ON "outbox_messages" ("done_at", "enqueued_at", "run_at");
-- create "tenants" table
CREATE TABLE "tenants" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "slug" character varying NOT NULL, "name" character varying NOT NULL, "model" character varying NOT NULL, "default_currency" character varying NOT NULL, "commission_bps" bigint NOT NULL DEFAULT 0, "compliance_level" character varying NOT NULL DEFAULT 'standard', "settings" jsonb NULL, "disabled" boolean NOT NULL DEFAULT false, "audit_seq" bigint NOT NULL DEFAULT 0, "audit_head" character varying NOT NULL DEFAULT '', PRIMARY KEY ("id"));
-- create index "tenants_slug_key" to table: "tenants"
CREATE UNIQUE INDEX "tenants_slug_key" ON "tenants" ("slug");
-- create "api_keys" table
CREATE TABLE "api_keys" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "name" character varying NOT NULL, "prefix" character varying NOT NULL, "key_hash" bytea NOT NULL, "organization_id" uuid NOT NULL, "role" character varying NOT NULL, "created_by" uuid NOT NULL, "expires_at" timestamptz NULL, "revoked_at" timestamptz NULL, "last_used_at" timestamptz NULL, "tenant_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "api_keys_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "api_keys_key_hash_key" to table: "api_keys"
CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "api_keys" ("key_hash");
-- create index "api_keys_prefix_key" to table: "api_keys"
CREATE UNIQUE INDEX "api_keys_prefix_key" ON "api_keys" ("prefix");
-- create index "apikey_tenant_id_created_at" to table: "api_keys"
CREATE INDEX "apikey_tenant_id_created_at" ON "api_keys" ("tenant_id", "created_at");
-- create index "apikey_tenant_id_organization_id" to table: "api_keys"
CREATE INDEX "apikey_tenant_id_organization_id" ON "api_keys" ("tenant_id", "organization_id");
-- create "audit_events" table
CREATE TABLE "audit_events" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "seq" bigint NOT NULL, "actor" character varying NOT NULL, "action" character varying NOT NULL, "subject_type" character varying NOT NULL DEFAULT '', "subject_id" character varying NOT NULL DEFAULT '', "before" bytea NULL, "after" bytea NULL, "request_id" character varying NOT NULL DEFAULT '', "prev_hash" character varying NOT NULL, "hash" character varying NOT NULL, "tenant_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "audit_events_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "auditevent_tenant_id_created_at" to table: "audit_events"
CREATE INDEX "auditevent_tenant_id_created_at" ON "audit_events" ("tenant_id", "created_at");
-- create index "auditevent_tenant_id_seq" to table: "audit_events"
CREATE UNIQUE INDEX "auditevent_tenant_id_seq" ON "audit_events" ("tenant_id", "seq");
-- create "idempotency_records" table
CREATE TABLE "idempotency_records" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "principal" character varying NOT NULL, "key" character varying NOT NULL, "method" character varying NOT NULL, "path" character varying NOT NULL, "request_hash" bytea NOT NULL, "completed" boolean NOT NULL DEFAULT false, "response_status" bigint NOT NULL DEFAULT 0, "response_content_type" character varying NOT NULL DEFAULT '', "response_body" bytea NULL, "locked_until" timestamptz NOT NULL, "expires_at" timestamptz NOT NULL, "tenant_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "idempotency_records_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "idempotencyrecord_expires_at" to table: "idempotency_records"
CREATE INDEX "idempotencyrecord_expires_at" ON "idempotency_records" ("expires_at");
-- create index "idempotencyrecord_tenant_id_created_at" to table: "idempotency_records"
CREATE INDEX "idempotencyrecord_tenant_id_created_at" ON "idempotency_records" ("tenant_id", "created_at");
-- create index "idempotencyrecord_tenant_id_principal_key" to table: "idempotency_records"
CREATE UNIQUE INDEX "idempotencyrecord_tenant_id_principal_key" ON "idempotency_records" ("tenant_id", "principal", "key");
-- create "organizations" table
CREATE TABLE "organizations" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "kind" character varying NOT NULL, "legal_name" character varying NOT NULL, "country" character varying NOT NULL, "vat_number" character varying NULL, "eori" character varying NULL, "lei" character varying NULL, "registration_number" character varying NULL, "onboarding_status" character varying NOT NULL DEFAULT 'draft', "screening_status" character varying NOT NULL DEFAULT 'not_screened', "stripe_account_id" character varying NULL, "invited" boolean NOT NULL DEFAULT false, "tenant_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "organizations_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "organization_tenant_id_created_at" to table: "organizations"
CREATE INDEX "organization_tenant_id_created_at" ON "organizations" ("tenant_id", "created_at");
-- create index "organization_tenant_id_kind_legal_name" to table: "organizations"
CREATE INDEX "organization_tenant_id_kind_legal_name" ON "organizations" ("tenant_id", "kind", "legal_name");
-- create "users" table
CREATE TABLE "users" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "email" character varying NOT NULL, "name" character varying NOT NULL DEFAULT '', "password_hash" character varying NOT NULL, "disabled" boolean NOT NULL DEFAULT false, "last_login_at" timestamptz NULL, "tenant_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "users_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "user_tenant_id_created_at" to table: "users"
CREATE INDEX "user_tenant_id_created_at" ON "users" ("tenant_id", "created_at");
-- create index "user_tenant_id_email" to table: "users"
CREATE UNIQUE INDEX "user_tenant_id_email" ON "users" ("tenant_id", "email");
-- create "memberships" table
CREATE TABLE "memberships" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "role" character varying NOT NULL, "tenant_id" uuid NOT NULL, "organization_id" uuid NOT NULL, "user_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "memberships_organizations_memberships" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "memberships_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "memberships_users_memberships" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "membership_tenant_id_created_at" to table: "memberships"
CREATE INDEX "membership_tenant_id_created_at" ON "memberships" ("tenant_id", "created_at");
-- create index "membership_tenant_id_user_id_organization_id" to table: "memberships"
CREATE UNIQUE INDEX "membership_tenant_id_user_id_organization_id" ON "memberships" ("tenant_id", "user_id", "organization_id");
-- create "platform_admins" table
CREATE TABLE "platform_admins" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "email" character varying NOT NULL, "name" character varying NOT NULL DEFAULT '', "password_hash" character varying NOT NULL, "disabled" boolean NOT NULL DEFAULT false, PRIMARY KEY ("id"));
-- create index "platform_admins_email_key" to table: "platform_admins"
CREATE UNIQUE INDEX "platform_admins_email_key" ON "platform_admins" ("email");
-- create "platform_sessions" table
CREATE TABLE "platform_sessions" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "token_hash" bytea NOT NULL, "expires_at" timestamptz NOT NULL, "revoked_at" timestamptz NULL, "admin_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "platform_sessions_platform_admins_sessions" FOREIGN KEY ("admin_id") REFERENCES "platform_admins" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "platform_sessions_token_hash_key" to table: "platform_sessions"
CREATE UNIQUE INDEX "platform_sessions_token_hash_key" ON "platform_sessions" ("token_hash");
-- create "policy_rules" table
CREATE TABLE "policy_rules" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "ptype" character varying NOT NULL, "v0" character varying NOT NULL DEFAULT '', "v1" character varying NOT NULL DEFAULT '', "v2" character varying NOT NULL DEFAULT '', "v3" character varying NOT NULL DEFAULT '', "v4" character varying NOT NULL DEFAULT '', "v5" character varying NOT NULL DEFAULT '', "tenant_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "policy_rules_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "policyrule_tenant_id_created_at" to table: "policy_rules"
CREATE INDEX "policyrule_tenant_id_created_at" ON "policy_rules" ("tenant_id", "created_at");
-- create index "policyrule_tenant_id_ptype_v0_v1_v2_v3_v4_v5" to table: "policy_rules"
CREATE UNIQUE INDEX "policyrule_tenant_id_ptype_v0_v1_v2_v3_v4_v5" ON "policy_rules" ("tenant_id", "ptype", "v0", "v1", "v2", "v3", "v4", "v5");
-- create "sessions" table
CREATE TABLE "sessions" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "token_hash" bytea NOT NULL, "expires_at" timestamptz NOT NULL, "revoked_at" timestamptz NULL, "ip" character varying NOT NULL DEFAULT '', "user_agent" character varying NOT NULL DEFAULT '', "tenant_id" uuid NOT NULL, "user_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "sessions_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "sessions_users_sessions" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "session_tenant_id_created_at" to table: "sessions"
CREATE INDEX "session_tenant_id_created_at" ON "sessions" ("tenant_id", "created_at");
-- create index "session_tenant_id_user_id_expires_at" to table: "sessions"
CREATE INDEX "session_tenant_id_user_id_expires_at" ON "sessions" ("tenant_id", "user_id", "expires_at");
-- create index "sessions_token_hash_key" to table: "sessions"
CREATE UNIQUE INDEX "sessions_token_hash_key" ON "sessions" ("token_hash");

-- +goose Down
-- reverse: create index "sessions_token_hash_key" to table: "sessions"
DROP INDEX "sessions_token_hash_key";
-- reverse: create index "session_tenant_id_user_id_expires_at" to table: "sessions"
DROP INDEX "session_tenant_id_user_id_expires_at";
-- reverse: create index "session_tenant_id_created_at" to table: "sessions"
DROP INDEX "session_tenant_id_created_at";
-- reverse: create "sessions" table
DROP TABLE "sessions";
-- reverse: create index "policyrule_tenant_id_ptype_v0_v1_v2_v3_v4_v5" to table: "policy_rules"
DROP INDEX "policyrule_tenant_id_ptype_v0_v1_v2_v3_v4_v5";
-- reverse: create index "policyrule_tenant_id_created_at" to table: "policy_rules"
DROP INDEX "policyrule_tenant_id_created_at";
-- reverse: create "policy_rules" table
DROP TABLE "policy_rules";
-- reverse: create index "platform_sessions_token_hash_key" to table: "platform_sessions"
DROP INDEX "platform_sessions_token_hash_key";
-- reverse: create "platform_sessions" table
DROP TABLE "platform_sessions";
-- reverse: create index "platform_admins_email_key" to table: "platform_admins"
DROP INDEX "platform_admins_email_key";
-- reverse: create "platform_admins" table
DROP TABLE "platform_admins";
-- reverse: create index "membership_tenant_id_user_id_organization_id" to table: "memberships"
DROP INDEX "membership_tenant_id_user_id_organization_id";
-- reverse: create index "membership_tenant_id_created_at" to table: "memberships"
DROP INDEX "membership_tenant_id_created_at";
-- reverse: create "memberships" table
DROP TABLE "memberships";
-- reverse: create index "user_tenant_id_email" to table: "users"
DROP INDEX "user_tenant_id_email";
-- reverse: create index "user_tenant_id_created_at" to table: "users"
DROP INDEX "user_tenant_id_created_at";
-- reverse: create "users" table
DROP TABLE "users";
-- reverse: create index "organization_tenant_id_kind_legal_name" to table: "organizations"
DROP INDEX "organization_tenant_id_kind_legal_name";
-- reverse: create index "organization_tenant_id_created_at" to table: "organizations"
DROP INDEX "organization_tenant_id_created_at";
-- reverse: create "organizations" table
DROP TABLE "organizations";
-- reverse: create index "idempotencyrecord_tenant_id_principal_key" to table: "idempotency_records"
DROP INDEX "idempotencyrecord_tenant_id_principal_key";
-- reverse: create index "idempotencyrecord_tenant_id_created_at" to table: "idempotency_records"
DROP INDEX "idempotencyrecord_tenant_id_created_at";
-- reverse: create index "idempotencyrecord_expires_at" to table: "idempotency_records"
DROP INDEX "idempotencyrecord_expires_at";
-- reverse: create "idempotency_records" table
DROP TABLE "idempotency_records";
-- reverse: create index "auditevent_tenant_id_seq" to table: "audit_events"
DROP INDEX "auditevent_tenant_id_seq";
-- reverse: create index "auditevent_tenant_id_created_at" to table: "audit_events"
DROP INDEX "auditevent_tenant_id_created_at";
-- reverse: create "audit_events" table
DROP TABLE "audit_events";
-- reverse: create index "apikey_tenant_id_organization_id" to table: "api_keys"
DROP INDEX "apikey_tenant_id_organization_id";
-- reverse: create index "apikey_tenant_id_created_at" to table: "api_keys"
DROP INDEX "apikey_tenant_id_created_at";
-- reverse: create index "api_keys_prefix_key" to table: "api_keys"
DROP INDEX "api_keys_prefix_key";
-- reverse: create index "api_keys_key_hash_key" to table: "api_keys"
DROP INDEX "api_keys_key_hash_key";
-- reverse: create "api_keys" table
DROP TABLE "api_keys";
-- reverse: create index "tenants_slug_key" to table: "tenants"
DROP INDEX "tenants_slug_key";
-- reverse: create "tenants" table
DROP TABLE "tenants";
-- reverse: create index "outboxmessage_done_at_enqueued_at_run_at" to table: "outbox_messages"
DROP INDEX "outboxmessage_done_at_enqueued_at_run_at";
-- reverse: create "outbox_messages" table
DROP TABLE "outbox_messages";
