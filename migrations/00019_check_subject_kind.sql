-- +goose Up
-- modify "compliance_checks" table
ALTER TABLE "compliance_checks" ADD COLUMN "subject_kind" character varying NOT NULL DEFAULT '', ADD COLUMN "subject_birth_date" character varying NOT NULL DEFAULT '';

-- +goose Down
-- reverse: modify "compliance_checks" table
ALTER TABLE "compliance_checks" DROP COLUMN "subject_birth_date", DROP COLUMN "subject_kind";
