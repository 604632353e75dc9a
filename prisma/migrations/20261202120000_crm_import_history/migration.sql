-- Import history, retention of uploaded files, and idempotent re-imports of rows without a number or e-mail
-- (issue 5, the customers import on the kernel import engine).

-- 1. settings.imports: what the history shows and the retention job needs.
--    failed_rows      rows the commit refused (validation or database errors); skipped_rows keeps counting them too
--                     ("not written"), so the unchanged rows are skipped_rows - failed_rows.
--    match_counts     the dry run's matched rows by key: {"number": {"update": n, "skip": n}, "taxId": …, "email": …,
--                     "name": …} ("update by tax id" in the summary).
--    files_removed_at when the retention job deleted the stored file, the error report and the sample rows; the
--                     record stays as history.
ALTER TABLE "settings"."imports"
  ADD COLUMN "failed_rows" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "match_counts" JSONB NOT NULL DEFAULT '{}',
  ADD COLUMN "files_removed_at" TIMESTAMPTZ(6);
ALTER TABLE "settings"."imports" DROP CONSTRAINT "imports_counts_check";
ALTER TABLE "settings"."imports" ADD CONSTRAINT "imports_counts_check"
  CHECK ("processed_rows" >= 0 AND "created_rows" >= 0 AND "updated_rows" >= 0 AND "skipped_rows" >= 0 AND "failed_rows" >= 0);
ALTER TABLE "settings"."imports" ADD CONSTRAINT "imports_match_counts_check" CHECK (jsonb_typeof("match_counts") = 'object');

-- The history (all kinds of the organization, newest first, keyset on (created_at, id)).
CREATE INDEX "imports_organization_id_created_at_id_idx" ON "settings"."imports"("organization_id", "created_at", "id");
-- The retention job (system role, across organizations): imports whose files are still stored, oldest first.
CREATE INDEX "imports_files_kept_created_at_idx" ON "settings"."imports"("created_at") WHERE "files_removed_at" IS NULL;

-- The sample rows (the file's first data rows, shown while mapping) and the first errors (their messages quote cells)
-- are row data of the file: they leave the audit images of settings.imports (an update shows them as redacted), so
-- removing them after the retention period removes them everywhere.
SELECT audit.track('settings.imports', ARRAY['sample', 'first_errors']);

-- 2. Matching rows to existing customers by tax id (stored normalized by the country pack, as the service and the
--    import write it): text equality is leakproof, so under FORCE RLS it is an index condition of this index.
CREATE INDEX "customers_organization_id_tax_id_idx" ON "crm"."customers"("organization_id", "tax_id") WHERE "tax_id" IS NOT NULL;

-- 3. … and by exact name, case- and space-insensitive: lower() is not leakproof, so `lower(name) = $1` would only
--    filter the organization's rows under RLS. A STORED generated key (the name lower-cased, runs of white space as
--    one space, trimmed) compared with plain text equality is an index condition. Generated: the audit leaves it out
--    (20261201240000_audit_derived_keys), nothing writes it. The import computes the same expression from the
--    file's names in SQL, so both sides use the database's own lower().
ALTER TABLE "crm"."customers"
  ADD COLUMN "name_key" TEXT GENERATED ALWAYS AS (lower(btrim(regexp_replace("name", '[[:space:]]+', ' ', 'g')))) STORED;
CREATE INDEX "customers_organization_id_name_key_idx" ON "crm"."customers"("organization_id", "name_key");
