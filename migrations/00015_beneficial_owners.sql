-- +goose Up
-- modify "organizations" table
ALTER TABLE "organizations" ADD COLUMN "beneficial_owners" jsonb NULL;

-- +goose Down
-- reverse: modify "organizations" table
ALTER TABLE "organizations" DROP COLUMN "beneficial_owners";
