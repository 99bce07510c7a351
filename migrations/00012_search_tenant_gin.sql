-- +goose Up
-- drop index "searchentry_document" from table: "search_entries"
DROP INDEX "searchentry_document";
-- create index "searchentry_tenant_id_document" to table: "search_entries"
CREATE INDEX "searchentry_tenant_id_document" ON "search_entries" USING gin ("tenant_id", "document");

-- +goose Down
-- reverse: create index "searchentry_tenant_id_document" to table: "search_entries"
DROP INDEX "searchentry_tenant_id_document";
-- reverse: drop index "searchentry_document" from table: "search_entries"
CREATE INDEX "searchentry_document" ON "search_entries" USING gin ("document");
