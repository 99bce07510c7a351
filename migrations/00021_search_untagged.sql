-- +goose Up
-- Search entries shed what a search does not read. The description: only the document
-- (and on SQLite the FTS5 table) is built from it, and nothing reads it back. The
-- tenant tag of every lexeme (migration 00013): since 00020 each marketplace's entries
-- have their own partition and GIN index, so a prefix expands over the marketplace's
-- own lexemes without it, and it made up about 40 % of a document. The documents are
-- the ones search.Document builds now; no reindex needed. The column is dropped first,
-- so that the rewrite of every entry leaves rows without it.
ALTER TABLE "search_entries" DROP COLUMN "description";
UPDATE search_entries e SET document = COALESCE((
  SELECT string_agg('''' || replace(replace(
             CASE WHEN u.lexeme ~ '^[0-9a-f]{10}_' THEN substr(u.lexeme, 12) ELSE u.lexeme END,
             '\', '\\'), '''', '''''') || ''':' ||
           (SELECT string_agg(x.p::text || x.w, ',' ORDER BY x.p) FROM unnest(u.positions, u.weights) AS x(p, w)), ' ')
  FROM unnest(e.document) AS u
  WHERE u.positions IS NOT NULL), '')::tsvector;

-- +goose Down
ALTER TABLE "search_entries" ADD COLUMN "description" character varying NOT NULL DEFAULT '';
UPDATE search_entries e SET
  description = COALESCE((SELECT p.description FROM products p WHERE p.id = e.id AND p.tenant_id = e.tenant_id), ''),
  document = COALESCE((
    SELECT string_agg('''' || substr(encode(sha256(uuid_send(e.tenant_id)), 'hex'), 1, 10) || '_' ||
             replace(replace(u.lexeme, '\', '\\'), '''', '''''') || ''':' ||
             (SELECT string_agg(x.p::text || x.w, ',' ORDER BY x.p) FROM unnest(u.positions, u.weights) AS x(p, w)), ' ')
    FROM unnest(e.document) AS u
    WHERE u.positions IS NOT NULL), '')::tsvector;
