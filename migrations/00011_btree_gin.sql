-- +goose Up
-- btree_gin lets the search GIN index (00012) lead with tenant_id. It is a trusted
-- extension (PostgreSQL 13+): a database owner may create it without superuser.
CREATE EXTENSION IF NOT EXISTS btree_gin;

-- +goose Down
DROP EXTENSION IF EXISTS btree_gin;
