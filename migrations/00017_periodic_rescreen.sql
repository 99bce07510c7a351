-- +goose Up
-- modify "rescreen_runs" table
ALTER TABLE "rescreen_runs" ADD COLUMN "refresh_before" timestamptz NULL;
-- modify "rescreens" table
ALTER TABLE "rescreens" ADD COLUMN "refresh_before" timestamptz NULL;

-- +goose Down
-- reverse: modify "rescreens" table
ALTER TABLE "rescreens" DROP COLUMN "refresh_before";
-- reverse: modify "rescreen_runs" table
ALTER TABLE "rescreen_runs" DROP COLUMN "refresh_before";
