-- settings.attachments: files linked to any record (entity_type + entity_id), stored through the storage driver
-- under storage_key. Soft-deleted (deleted_at) so the audit trail keeps who removed what; the stored object is
-- removed when the row is deleted.
CREATE TABLE "settings"."attachments" (
    "organization_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "workspace_id" UUID,
    "entity_type" TEXT NOT NULL,
    "entity_id" UUID NOT NULL,
    "file_name" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "size_bytes" BIGINT NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "storage_key" TEXT NOT NULL,
    "created_by" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deleted_at" TIMESTAMPTZ(6),
    CONSTRAINT "attachments_pkey" PRIMARY KEY ("organization_id", "id"),
    CONSTRAINT "attachments_entity_type_check" CHECK ("entity_type" ~ '^[a-z][a-z_]*\.[a-z][a-z_]*$'),
    CONSTRAINT "attachments_file_name_check" CHECK (length("file_name") BETWEEN 1 AND 255),
    CONSTRAINT "attachments_size_bytes_check" CHECK ("size_bytes" >= 0),
    CONSTRAINT "attachments_sha256_check" CHECK ("sha256" ~ '^[0-9a-f]{64}$')
);
CREATE INDEX "attachments_organization_id_entity_type_entity_id_idx"
  ON "settings"."attachments"("organization_id", "entity_type", "entity_id");
CREATE INDEX "attachments_organization_id_workspace_id_idx" ON "settings"."attachments"("organization_id", "workspace_id");
CREATE UNIQUE INDEX "attachments_organization_id_storage_key_key" ON "settings"."attachments"("organization_id", "storage_key");

ALTER TABLE "settings"."attachments" ADD CONSTRAINT "attachments_organization_id_fkey"
  FOREIGN KEY ("organization_id") REFERENCES "platform"."organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "settings"."attachments" ADD CONSTRAINT "attachments_organization_id_workspace_id_fkey"
  FOREIGN KEY ("organization_id", "workspace_id") REFERENCES "platform"."workspaces"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "settings"."attachments" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "settings"."attachments" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "settings"."attachments"
  USING (organization_id = (SELECT nullif(current_setting('app.org_id', true), '')::uuid))
  WITH CHECK (organization_id = (SELECT nullif(current_setting('app.org_id', true), '')::uuid));

-- Audit trail (ARCHITECTURE §8).
SELECT audit.track('settings.attachments');
