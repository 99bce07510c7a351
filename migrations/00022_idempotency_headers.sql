-- +goose Up
-- A replayed response carries the headers that describe its result (Location, ETag, …;
-- idempotency.ReplayedHeaders) as the first one did. Records stored before replay
-- without them.
-- modify "idempotency_records" table
ALTER TABLE "idempotency_records" ADD COLUMN "response_headers" jsonb NULL;

-- +goose Down
-- reverse: modify "idempotency_records" table
ALTER TABLE "idempotency_records" DROP COLUMN "response_headers";
