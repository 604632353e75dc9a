-- Platform console: platform operators, plans and features (global catalog), subscriptions and feature overrides
-- (per organization), and the suspension of an organization with its reason.
--
-- Who may write what:
--   * auth.users.is_platform_operator is set only by SQL or the seed: tessera_app may read it, never update it.
--   * platform.plans / features / plan_features are a global catalog: every signed-in request may read it (feature
--     gates and limits run inside members' transactions); only the system role (operators) writes it.
--   * platform.subscriptions / feature_overrides are tenant tables: members read their own organization's rows
--     (RLS); only the system role (operators, sign-up) writes them.
--   * platform.organizations status and suspension columns change only on the system path: a trigger refuses the
--     runtime role, whose current_update policy otherwise lets an admin edit the organization's profile.

-- ---------------------------------------------------------------------------------------------------------------
-- Operators
ALTER TABLE "auth"."users" ADD COLUMN "is_platform_operator" BOOLEAN NOT NULL DEFAULT false;
GRANT SELECT ("is_platform_operator") ON "auth"."users" TO tessera_app;

-- ---------------------------------------------------------------------------------------------------------------
-- Suspension
ALTER TABLE "platform"."organizations"
  ADD COLUMN "suspension_reason" TEXT,
  ADD COLUMN "suspended_at" TIMESTAMPTZ(6),
  ADD COLUMN "suspended_by" UUID,
  ADD CONSTRAINT "organizations_suspension_check" CHECK (
    ("status" = 'suspended') = ("suspended_at" IS NOT NULL AND "suspension_reason" IS NOT NULL)
    AND ("suspension_reason" IS NULL OR length(btrim("suspension_reason")) BETWEEN 1 AND 1000));

CREATE FUNCTION "platform"."organizations_guard_status"() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF current_user = 'tessera_app'
     AND (NEW.status, NEW.suspension_reason, NEW.suspended_at, NEW.suspended_by)
         IS DISTINCT FROM (OLD.status, OLD.suspension_reason, OLD.suspended_at, OLD.suspended_by) THEN
    RAISE EXCEPTION 'only platform operators suspend or reactivate an organization' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "organizations_guard_status" BEFORE UPDATE ON "platform"."organizations"
  FOR EACH ROW EXECUTE FUNCTION "platform"."organizations_guard_status"();

-- ---------------------------------------------------------------------------------------------------------------
-- Catalog (global)
CREATE TABLE "platform"."plans" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "monthly_amount" NUMERIC(18,2) NOT NULL,
    "currency" CHAR(3) NOT NULL,
    -- NULL = unlimited.
    "max_users" INTEGER,
    "max_workspaces" INTEGER,
    "max_documents_per_month" INTEGER,
    "is_default" BOOLEAN NOT NULL DEFAULT false,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "sort_order" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "plans_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "plans_key_check" CHECK ("key" ~ '^[a-z][a-z0-9_]{0,62}$'),
    CONSTRAINT "plans_name_check" CHECK (length(btrim("name")) BETWEEN 1 AND 200),
    CONSTRAINT "plans_monthly_amount_check" CHECK ("monthly_amount" >= 0),
    CONSTRAINT "plans_currency_check" CHECK ("currency" ~ '^[A-Z]{3}$'),
    CONSTRAINT "plans_limits_check" CHECK (coalesce("max_users", 1) >= 1 AND coalesce("max_workspaces", 1) >= 1
                                           AND coalesce("max_documents_per_month", 0) >= 0),
    -- New organizations start on the default plan, so it must be one they can be put on.
    CONSTRAINT "plans_default_active_check" CHECK (NOT "is_default" OR "active")
);
CREATE UNIQUE INDEX "plans_key_key" ON "platform"."plans"("key");
-- At most one default plan.
CREATE UNIQUE INDEX "plans_is_default_key" ON "platform"."plans"("is_default") WHERE "is_default";

CREATE TABLE "platform"."features" (
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "features_pkey" PRIMARY KEY ("key"),
    CONSTRAINT "features_key_check" CHECK ("key" ~ '^[a-z][a-z0-9_]{0,62}$')
);

CREATE TABLE "platform"."plan_features" (
    "plan_id" UUID NOT NULL,
    "feature_key" TEXT NOT NULL,
    CONSTRAINT "plan_features_pkey" PRIMARY KEY ("plan_id", "feature_key")
);
CREATE INDEX "plan_features_feature_key_idx" ON "platform"."plan_features"("feature_key");
ALTER TABLE "platform"."plan_features" ADD CONSTRAINT "plan_features_plan_id_fkey"
  FOREIGN KEY ("plan_id") REFERENCES "platform"."plans"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "platform"."plan_features" ADD CONSTRAINT "plan_features_feature_key_fkey"
  FOREIGN KEY ("feature_key") REFERENCES "platform"."features"("key") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The feature catalog as of this migration (the code re-syncs names and descriptions: modules/platform/features.ts).
INSERT INTO "platform"."features" ("key", "name", "description") VALUES
  ('custom_roles', 'Custom roles', 'Build roles with a permission matrix beyond the system roles.'),
  ('api_keys', 'API keys', 'Create API keys that act inside the organization with chosen scopes.'),
  ('audit_export', 'Audit export', 'Download the audit log as CSV or Excel.'),
  ('multiple_workspaces', 'Multiple workspaces', 'Run more than one workspace (branches, divisions, projects).');

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['platform.plans', 'platform.features', 'platform.plan_features']
  LOOP
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY catalog_read ON %s FOR SELECT USING (true)', t);
    EXECUTE format('REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON %s FROM tessera_app', t);
  END LOOP;
END $$;

-- ---------------------------------------------------------------------------------------------------------------
-- Per organization (tenant tables)
CREATE TYPE "platform"."subscription_status" AS ENUM ('trial', 'active', 'past_due', 'cancelled');

CREATE TABLE "platform"."subscriptions" (
    "organization_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "plan_id" UUID NOT NULL,
    "status" "platform"."subscription_status" NOT NULL DEFAULT 'trial',
    "trial_ends_at" TIMESTAMPTZ(6),
    "current_period_start" TIMESTAMPTZ(6) NOT NULL,
    "current_period_end" TIMESTAMPTZ(6) NOT NULL,
    "cancelled_at" TIMESTAMPTZ(6),
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" UUID,
    "updated_by" UUID,
    CONSTRAINT "subscriptions_pkey" PRIMARY KEY ("organization_id", "id"),
    CONSTRAINT "subscriptions_period_check" CHECK ("current_period_end" > "current_period_start"),
    CONSTRAINT "subscriptions_trial_check" CHECK ("status" <> 'trial' OR "trial_ends_at" IS NOT NULL),
    CONSTRAINT "subscriptions_cancelled_check" CHECK (("status" = 'cancelled') = ("cancelled_at" IS NOT NULL))
);
-- One subscription per organization (its history is in audit.status_history and the audit stream).
CREATE UNIQUE INDEX "subscriptions_organization_id_key" ON "platform"."subscriptions"("organization_id");
CREATE INDEX "subscriptions_plan_id_idx" ON "platform"."subscriptions"("plan_id");
ALTER TABLE "platform"."subscriptions" ADD CONSTRAINT "subscriptions_organization_id_fkey"
  FOREIGN KEY ("organization_id") REFERENCES "platform"."organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "platform"."subscriptions" ADD CONSTRAINT "subscriptions_plan_id_fkey"
  FOREIGN KEY ("plan_id") REFERENCES "platform"."plans"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "platform"."feature_overrides" (
    "organization_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "feature_key" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL,
    "reason" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" UUID,
    "updated_by" UUID,
    CONSTRAINT "feature_overrides_pkey" PRIMARY KEY ("organization_id", "id"),
    CONSTRAINT "feature_overrides_reason_check" CHECK (length(btrim("reason")) BETWEEN 1 AND 500)
);
CREATE UNIQUE INDEX "feature_overrides_organization_id_feature_key_key" ON "platform"."feature_overrides"("organization_id", "feature_key");
CREATE INDEX "feature_overrides_feature_key_idx" ON "platform"."feature_overrides"("feature_key");
ALTER TABLE "platform"."feature_overrides" ADD CONSTRAINT "feature_overrides_organization_id_fkey"
  FOREIGN KEY ("organization_id") REFERENCES "platform"."organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "platform"."feature_overrides" ADD CONSTRAINT "feature_overrides_feature_key_fkey"
  FOREIGN KEY ("feature_key") REFERENCES "platform"."features"("key") ON DELETE RESTRICT ON UPDATE CASCADE;

SELECT platform.tenant_table('platform.subscriptions');
SELECT platform.tenant_table('platform.feature_overrides');
-- Members read their own organization's rows; only operators (the system role) write them.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON "platform"."subscriptions", "platform"."feature_overrides" FROM tessera_app;

