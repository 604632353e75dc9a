-- settings.saved_views (tenant): a user's named DataTable states per list (query, filters, sort, columns, page size).
-- Private to their owner: tenant isolation plus a restrictive policy on app.user_id, so even a colleague in the same
-- organization (or a bug in a service's WHERE clause) never reads or writes someone else's views.
CREATE TABLE "settings"."saved_views" (
    "organization_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "list_key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "state" JSONB NOT NULL,
    "is_default" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "saved_views_pkey" PRIMARY KEY ("organization_id", "id"),
    CONSTRAINT "saved_views_list_key_check" CHECK ("list_key" ~ '^[a-z][a-z0-9_.-]{0,99}$'),
    CONSTRAINT "saved_views_name_check" CHECK (length("name") BETWEEN 1 AND 100),
    CONSTRAINT "saved_views_state_check" CHECK (jsonb_typeof("state") = 'object' AND pg_column_size("state") <= 16384)
);
CREATE UNIQUE INDEX "saved_views_organization_id_user_id_list_key_name_key"
  ON "settings"."saved_views"("organization_id", "user_id", "list_key", "name");
-- At most one default view per user and list.
CREATE UNIQUE INDEX "saved_views_one_default_key"
  ON "settings"."saved_views"("organization_id", "user_id", "list_key") WHERE "is_default";

ALTER TABLE "settings"."saved_views" ADD CONSTRAINT "saved_views_organization_id_fkey"
  FOREIGN KEY ("organization_id") REFERENCES "platform"."organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "settings"."saved_views" ADD CONSTRAINT "saved_views_user_id_fkey"
  FOREIGN KEY ("user_id") REFERENCES "auth"."users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
CREATE INDEX "saved_views_user_id_idx" ON "settings"."saved_views"("user_id");

ALTER TABLE "settings"."saved_views" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "settings"."saved_views" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "settings"."saved_views"
  USING (organization_id = (SELECT nullif(current_setting('app.org_id', true), '')::uuid))
  WITH CHECK (organization_id = (SELECT nullif(current_setting('app.org_id', true), '')::uuid));
CREATE POLICY own_views ON "settings"."saved_views" AS RESTRICTIVE
  USING (user_id = (SELECT nullif(current_setting('app.user_id', true), '')::uuid))
  WITH CHECK (user_id = (SELECT nullif(current_setting('app.user_id', true), '')::uuid));

SELECT audit.track('settings.saved_views');
