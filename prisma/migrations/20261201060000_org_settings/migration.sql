-- Organization settings (issue 4): the scoped settings store, the organization's branding and an edit version.
--
-- settings.app_settings holds values of the typed registry (src/server/modules/settings/registry.ts) set at the
-- organization level (workspace_id NULL) or for one workspace. A key absent here falls back to the level above and
-- finally to the registry's global default. The application validates each value with the key's schema.

CREATE TABLE "settings"."app_settings" (
    "organization_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "workspace_id" UUID,
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_by" UUID,
    CONSTRAINT "app_settings_pkey" PRIMARY KEY ("organization_id", "id"),
    CONSTRAINT "app_settings_key_check" CHECK ("key" ~ '^[a-z][a-zA-Z0-9]*(\.[a-z][a-zA-Z0-9]*)+$' AND length("key") <= 100),
    CONSTRAINT "app_settings_value_check" CHECK (pg_column_size("value") <= 16384)
);
CREATE INDEX "app_settings_organization_id_workspace_id_idx" ON "settings"."app_settings"("organization_id", "workspace_id");
-- One value per key at the organization level, and one per workspace and key (NULLs are distinct in a plain unique).
CREATE UNIQUE INDEX "app_settings_org_key" ON "settings"."app_settings"("organization_id", "key")
  WHERE "workspace_id" IS NULL;
CREATE UNIQUE INDEX "app_settings_org_ws_key" ON "settings"."app_settings"("organization_id", "workspace_id", "key")
  WHERE "workspace_id" IS NOT NULL;

ALTER TABLE "settings"."app_settings" ADD CONSTRAINT "app_settings_organization_id_fkey"
  FOREIGN KEY ("organization_id") REFERENCES "platform"."organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "settings"."app_settings" ADD CONSTRAINT "app_settings_organization_id_workspace_id_fkey"
  FOREIGN KEY ("organization_id", "workspace_id") REFERENCES "platform"."workspaces"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

SELECT platform.tenant_table('settings.app_settings');

-- A workspace's values are visible (and writable) only to members who may see that workspace; organization-level
-- values (workspace_id NULL) to every member. Restrictive: combined with tenant_isolation by AND.
CREATE POLICY visible_workspace ON "settings"."app_settings" AS RESTRICTIVE
  USING ("workspace_id" IS NULL OR "workspace_id" = ANY (coalesce((SELECT nullif(current_setting('app.workspace_ids', true), '')::uuid[]), '{}'::uuid[])))
  WITH CHECK ("workspace_id" IS NULL OR "workspace_id" = ANY (coalesce((SELECT nullif(current_setting('app.workspace_ids', true), '')::uuid[]), '{}'::uuid[])));

-- ---------------------------------------------------------------------------------------------------------------
-- Organization profile: an edit version for optimistic concurrency, and branding (primary color, logo).
ALTER TABLE "platform"."organizations"
  ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1,
  ADD COLUMN "primary_color" TEXT,
  ADD COLUMN "logo_key" TEXT,
  ADD COLUMN "logo_content_type" TEXT,
  ADD COLUMN "logo_sha256" CHAR(64),
  ADD CONSTRAINT "organizations_version_check" CHECK ("version" >= 1),
  ADD CONSTRAINT "organizations_primary_color_check" CHECK ("primary_color" IS NULL OR "primary_color" ~ '^#[0-9a-f]{6}$'),
  ADD CONSTRAINT "organizations_logo_check" CHECK (
    ("logo_key" IS NULL AND "logo_content_type" IS NULL AND "logo_sha256" IS NULL)
    OR ("logo_key" IS NOT NULL AND "logo_content_type" IN ('image/png', 'image/jpeg', 'image/webp') AND "logo_sha256" ~ '^[0-9a-f]{64}$'));
