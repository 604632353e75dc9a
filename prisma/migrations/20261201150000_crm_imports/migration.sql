-- Imports (issue 5, CRM import; reused by later modules): the kernel import engine's jobs and the column mappings
-- saved per organization. Tenant tables in the settings schema (the engine is generic): organization_id first,
-- primary key (organization_id, id), RLS + audit through platform.tenant_table.

CREATE TABLE "settings"."imports" (
    "organization_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'uploaded',
    "file_name" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "size_bytes" BIGINT NOT NULL,
    "storage_key" TEXT NOT NULL,
    "headers" TEXT[] NOT NULL,
    "sample" JSONB NOT NULL DEFAULT '[]',
    "header_signature" TEXT NOT NULL,
    "mapping" JSONB,
    "total_rows" INTEGER,
    "error_rows" INTEGER,
    "error_count" INTEGER,
    "to_create" INTEGER,
    "to_update" INTEGER,
    "to_skip" INTEGER,
    "first_errors" JSONB NOT NULL DEFAULT '[]',
    "report_key" TEXT,
    "processed_rows" INTEGER NOT NULL DEFAULT 0,
    "created_rows" INTEGER NOT NULL DEFAULT 0,
    "updated_rows" INTEGER NOT NULL DEFAULT 0,
    "skipped_rows" INTEGER NOT NULL DEFAULT 0,
    "failure" TEXT,
    "validated_at" TIMESTAMPTZ(6),
    "started_at" TIMESTAMPTZ(6),
    "finished_at" TIMESTAMPTZ(6),
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_by" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "imports_pkey" PRIMARY KEY ("organization_id", "id"),
    CONSTRAINT "imports_status_check" CHECK ("status" IN ('uploaded', 'validating', 'validated', 'committing', 'done', 'failed')),
    CONSTRAINT "imports_format_check" CHECK ("format" IN ('csv', 'xlsx')),
    CONSTRAINT "imports_counts_check" CHECK ("processed_rows" >= 0 AND "created_rows" >= 0 AND "updated_rows" >= 0 AND "skipped_rows" >= 0)
);
CREATE UNIQUE INDEX "imports_organization_id_storage_key_key" ON "settings"."imports"("organization_id", "storage_key");
CREATE INDEX "imports_organization_id_kind_created_at_idx" ON "settings"."imports"("organization_id", "kind", "created_at");

ALTER TABLE "settings"."imports" ADD CONSTRAINT "imports_organization_id_fkey"
  FOREIGN KEY ("organization_id") REFERENCES "platform"."organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

SELECT platform.tenant_table('settings.imports');

CREATE TABLE "settings"."import_mappings" (
    "organization_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "header_signature" TEXT NOT NULL,
    "mapping" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_by" UUID,

    CONSTRAINT "import_mappings_pkey" PRIMARY KEY ("organization_id", "id"),
    CONSTRAINT "import_mappings_mapping_check" CHECK (jsonb_typeof("mapping") = 'object')
);
CREATE UNIQUE INDEX "import_mappings_organization_id_kind_header_signature_key" ON "settings"."import_mappings"("organization_id", "kind", "header_signature");

ALTER TABLE "settings"."import_mappings" ADD CONSTRAINT "import_mappings_organization_id_fkey"
  FOREIGN KEY ("organization_id") REFERENCES "platform"."organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

SELECT platform.tenant_table('settings.import_mappings');

-- The customers import matches rows by e-mail within the organization. E-mails are stored lower-cased (the service's
-- schema), so a plain equality is case-insensitive; it is also leakproof, so it can use this index under RLS (an
-- expression such as lower(email) cannot: it is not leakproof and is evaluated after the policy).
CREATE INDEX "customers_organization_id_email_idx" ON "crm"."customers"("organization_id", "email") WHERE "email" IS NOT NULL;
