-- +goose Up
-- Search documents: every lexeme behind its tenant's tag (search.TenantTag: ten hex
-- digits of the SHA-256 of the tenant id, then "_"), the untagged tenant lexeme ("#…")
-- dropped. The same documents search.Document builds; no reindex needed. Rewrites every
-- search entry once.
UPDATE search_entries e SET document = COALESCE((
  SELECT string_agg('''' || substr(encode(sha256(uuid_send(e.tenant_id)), 'hex'), 1, 10) || '_' || u.lexeme || ''':' ||
           (SELECT string_agg(x.p::text || x.w, ',' ORDER BY x.p) FROM unnest(u.positions, u.weights) AS x(p, w)), ' ')
  FROM unnest(e.document) AS u
  WHERE u.positions IS NOT NULL AND left(u.lexeme, 1) <> '#'), '')::tsvector;

-- +goose Down
UPDATE search_entries e SET document = (('''#' || replace(e.tenant_id::text, '-', '') || '''')::tsvector) || COALESCE((
  SELECT string_agg('''' || substr(u.lexeme, 12) || ''':' ||
           (SELECT string_agg(x.p::text || x.w, ',' ORDER BY x.p) FROM unnest(u.positions, u.weights) AS x(p, w)), ' ')
  FROM unnest(e.document) AS u), '')::tsvector;
