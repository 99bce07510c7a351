-- +goose Up
-- modify "organizations" table
ALTER TABLE "organizations" ADD COLUMN "addresses" jsonb NULL, ADD COLUMN "bank_iban" character varying NULL, ADD COLUMN "status_reason" character varying NULL, ADD COLUMN "screening_note" character varying NULL, ADD COLUMN "submitted_at" timestamptz NULL, ADD COLUMN "decided_at" timestamptz NULL, ADD COLUMN "screened_at" timestamptz NULL, ADD COLUMN "invited_by" uuid NULL;
-- create index "organization_tenant_id_onboarding_status_screening_status" to table: "organizations"
CREATE INDEX "organization_tenant_id_onboarding_status_screening_status" ON "organizations" ("tenant_id", "onboarding_status", "screening_status");
-- create "invitations" table
CREATE TABLE "invitations" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "email" character varying NOT NULL, "kind" character varying NOT NULL, "legal_name" character varying NOT NULL, "country" character varying NOT NULL, "invited_by_user" uuid NULL, "token_hash" bytea NULL, "expires_at" timestamptz NOT NULL, "sent_at" timestamptz NULL, "accepted_at" timestamptz NULL, "revoked_at" timestamptz NULL, "tenant_id" uuid NOT NULL, "inviter_org_id" uuid NOT NULL, "organization_id" uuid NULL, PRIMARY KEY ("id"), CONSTRAINT "invitations_organizations_inviter" FOREIGN KEY ("inviter_org_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "invitations_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "invitations_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "invitation_tenant_id_created_at" to table: "invitations"
CREATE INDEX "invitation_tenant_id_created_at" ON "invitations" ("tenant_id", "created_at");
-- create index "invitation_tenant_id_email" to table: "invitations"
CREATE INDEX "invitation_tenant_id_email" ON "invitations" ("tenant_id", "email");
-- create index "invitation_tenant_id_inviter_org_id_created_at" to table: "invitations"
CREATE INDEX "invitation_tenant_id_inviter_org_id_created_at" ON "invitations" ("tenant_id", "inviter_org_id", "created_at");
-- create index "invitations_token_hash_key" to table: "invitations"
CREATE UNIQUE INDEX "invitations_token_hash_key" ON "invitations" ("token_hash");
-- create "onboarding_documents" table
CREATE TABLE "onboarding_documents" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "doc_type" character varying NOT NULL, "filename" character varying NOT NULL, "content_type" character varying NOT NULL, "size" bigint NOT NULL, "sha256" character varying NOT NULL, "blob_key" character varying NOT NULL, "uploaded_by" uuid NULL, "tenant_id" uuid NOT NULL, "organization_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "onboarding_documents_organizations_documents" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "onboarding_documents_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "onboardingdocument_tenant_id_created_at" to table: "onboarding_documents"
CREATE INDEX "onboardingdocument_tenant_id_created_at" ON "onboarding_documents" ("tenant_id", "created_at");
-- create index "onboardingdocument_tenant_id_organization_id_doc_type" to table: "onboarding_documents"
CREATE INDEX "onboardingdocument_tenant_id_organization_id_doc_type" ON "onboarding_documents" ("tenant_id", "organization_id", "doc_type");

-- +goose Down
-- reverse: create index "onboardingdocument_tenant_id_organization_id_doc_type" to table: "onboarding_documents"
DROP INDEX "onboardingdocument_tenant_id_organization_id_doc_type";
-- reverse: create index "onboardingdocument_tenant_id_created_at" to table: "onboarding_documents"
DROP INDEX "onboardingdocument_tenant_id_created_at";
-- reverse: create "onboarding_documents" table
DROP TABLE "onboarding_documents";
-- reverse: create index "invitations_token_hash_key" to table: "invitations"
DROP INDEX "invitations_token_hash_key";
-- reverse: create index "invitation_tenant_id_inviter_org_id_created_at" to table: "invitations"
DROP INDEX "invitation_tenant_id_inviter_org_id_created_at";
-- reverse: create index "invitation_tenant_id_email" to table: "invitations"
DROP INDEX "invitation_tenant_id_email";
-- reverse: create index "invitation_tenant_id_created_at" to table: "invitations"
DROP INDEX "invitation_tenant_id_created_at";
-- reverse: create "invitations" table
DROP TABLE "invitations";
-- reverse: create index "organization_tenant_id_onboarding_status_screening_status" to table: "organizations"
DROP INDEX "organization_tenant_id_onboarding_status_screening_status";
-- reverse: modify "organizations" table
ALTER TABLE "organizations" DROP COLUMN "invited_by", DROP COLUMN "screened_at", DROP COLUMN "decided_at", DROP COLUMN "submitted_at", DROP COLUMN "screening_note", DROP COLUMN "status_reason", DROP COLUMN "bank_iban", DROP COLUMN "addresses";
