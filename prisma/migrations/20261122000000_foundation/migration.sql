-- Foundation: module schemas platform, auth, settings, audit; tenants, workspaces, users, memberships, roles.
-- Runs as tessera_owner. The roles tessera_app (runtime, no BYPASSRLS) and tessera_system (BYPASSRLS, platform
-- paths only) are created by the bootstrap (src/server/db/bootstrap.ts) before any migration runs.
--
-- Tenant tables: organization_id first, primary key (organization_id, id), composite foreign keys, business keys
-- unique per organization, RLS enabled and forced with the policy shape of docs/architecture.md.

CREATE SCHEMA IF NOT EXISTS "platform";
CREATE SCHEMA IF NOT EXISTS "auth";
CREATE SCHEMA IF NOT EXISTS "settings";
CREATE SCHEMA IF NOT EXISTS "audit";

GRANT USAGE ON SCHEMA "platform", "auth", "settings", "audit" TO tessera_app, tessera_system;

-- Tables created later by tessera_owner in these schemas are readable and writable by the runtime roles;
-- RLS (enabled and forced per table) decides which rows.
ALTER DEFAULT PRIVILEGES FOR ROLE tessera_owner IN SCHEMA "platform", "auth", "settings", "audit"
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO tessera_app, tessera_system;
ALTER DEFAULT PRIVILEGES FOR ROLE tessera_owner IN SCHEMA "platform", "auth", "settings", "audit"
  GRANT USAGE, SELECT ON SEQUENCES TO tessera_app, tessera_system;

-- ---------------------------------------------------------------------------------------------------------------
-- Enums
CREATE TYPE "platform"."organization_status" AS ENUM ('active', 'suspended');
CREATE TYPE "platform"."workspace_type" AS ENUM ('main', 'division', 'branch', 'project');
CREATE TYPE "platform"."workspace_status" AS ENUM ('active', 'archived');
CREATE TYPE "auth"."user_status" AS ENUM ('active', 'deactivated');
CREATE TYPE "auth"."membership_status" AS ENUM ('active', 'suspended');
CREATE TYPE "auth"."login_outcome" AS ENUM ('success', 'failure', 'locked');

-- ---------------------------------------------------------------------------------------------------------------
-- platform.organizations (global: the tenant itself)
CREATE TABLE "platform"."organizations" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "legal_name" TEXT,
    "country" CHAR(2) NOT NULL,
    "tax_id" TEXT,
    "base_currency" CHAR(3) NOT NULL,
    "time_zone" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "status" "platform"."organization_status" NOT NULL DEFAULT 'active',
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "organizations_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "organizations_slug_check" CHECK ("slug" ~ '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$'),
    CONSTRAINT "organizations_name_check" CHECK (length(btrim("name")) BETWEEN 1 AND 200),
    CONSTRAINT "organizations_country_check" CHECK ("country" ~ '^[A-Z]{2}$'),
    CONSTRAINT "organizations_base_currency_check" CHECK ("base_currency" ~ '^[A-Z]{3}$')
);
CREATE UNIQUE INDEX "organizations_slug_key" ON "platform"."organizations"("slug");

-- platform.workspaces (tenant)
CREATE TABLE "platform"."workspaces" (
    "organization_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "type" "platform"."workspace_type" NOT NULL DEFAULT 'main',
    "status" "platform"."workspace_status" NOT NULL DEFAULT 'active',
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" UUID,
    "updated_by" UUID,
    CONSTRAINT "workspaces_pkey" PRIMARY KEY ("organization_id", "id"),
    CONSTRAINT "workspaces_slug_check" CHECK ("slug" ~ '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$'),
    CONSTRAINT "workspaces_name_check" CHECK (length(btrim("name")) BETWEEN 1 AND 200)
);
CREATE UNIQUE INDEX "workspaces_organization_id_slug_key" ON "platform"."workspaces"("organization_id", "slug");

-- ---------------------------------------------------------------------------------------------------------------
-- auth.users (global). E-mail is stored lower-cased, so the unique index is case-insensitive.
CREATE TABLE "auth"."users" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "password_hash" TEXT,
    "status" "auth"."user_status" NOT NULL DEFAULT 'active',
    "session_version" INTEGER NOT NULL DEFAULT 1,
    "email_verified_at" TIMESTAMPTZ(6),
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "users_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "users_email_check" CHECK ("email" = lower("email") AND "email" ~ '^[^@\s]+@[^@\s]+$'),
    CONSTRAINT "users_session_version_check" CHECK ("session_version" >= 1)
);
CREATE UNIQUE INDEX "users_email_key" ON "auth"."users"("email");

-- auth.memberships (tenant): user x organization
CREATE TABLE "auth"."memberships" (
    "organization_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "status" "auth"."membership_status" NOT NULL DEFAULT 'active',
    "all_workspaces" BOOLEAN NOT NULL DEFAULT false,
    "last_workspace_id" UUID,
    "last_used_at" TIMESTAMPTZ(6),
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" UUID,
    "updated_by" UUID,
    CONSTRAINT "memberships_pkey" PRIMARY KEY ("organization_id", "id")
);
CREATE UNIQUE INDEX "memberships_organization_id_user_id_key" ON "auth"."memberships"("organization_id", "user_id");
CREATE INDEX "memberships_user_id_idx" ON "auth"."memberships"("user_id");

CREATE TABLE "auth"."membership_workspaces" (
    "organization_id" UUID NOT NULL,
    "membership_id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    CONSTRAINT "membership_workspaces_pkey" PRIMARY KEY ("organization_id", "membership_id", "workspace_id")
);
CREATE INDEX "membership_workspaces_organization_id_workspace_id_idx" ON "auth"."membership_workspaces"("organization_id", "workspace_id");

CREATE TABLE "auth"."roles" (
    "organization_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "is_system" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" UUID,
    "updated_by" UUID,
    CONSTRAINT "roles_pkey" PRIMARY KEY ("organization_id", "id"),
    CONSTRAINT "roles_key_check" CHECK ("key" ~ '^[a-z][a-z0-9_]{0,62}$')
);
CREATE UNIQUE INDEX "roles_organization_id_key_key" ON "auth"."roles"("organization_id", "key");

CREATE TABLE "auth"."role_permissions" (
    "organization_id" UUID NOT NULL,
    "role_id" UUID NOT NULL,
    "permission" TEXT NOT NULL,
    CONSTRAINT "role_permissions_pkey" PRIMARY KEY ("organization_id", "role_id", "permission"),
    CONSTRAINT "role_permissions_permission_check" CHECK ("permission" ~ '^[a-z][a-z_]*\.[a-z][a-z_]*\.[a-z][a-z_]*$')
);

CREATE TABLE "auth"."membership_roles" (
    "organization_id" UUID NOT NULL,
    "membership_id" UUID NOT NULL,
    "role_id" UUID NOT NULL,
    CONSTRAINT "membership_roles_pkey" PRIMARY KEY ("organization_id", "membership_id", "role_id")
);
CREATE INDEX "membership_roles_organization_id_role_id_idx" ON "auth"."membership_roles"("organization_id", "role_id");

-- auth.login_attempts (global, system role only): lockout per account and per IP, shared by all app instances.
CREATE TABLE "auth"."login_attempts" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "ip" TEXT,
    "outcome" "auth"."login_outcome" NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "login_attempts_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "login_attempts_email_created_at_idx" ON "auth"."login_attempts"("email", "created_at");
CREATE INDEX "login_attempts_ip_created_at_idx" ON "auth"."login_attempts"("ip", "created_at");

-- ---------------------------------------------------------------------------------------------------------------
-- Foreign keys (tenant references are composite and include organization_id)
ALTER TABLE "platform"."workspaces" ADD CONSTRAINT "workspaces_organization_id_fkey"
  FOREIGN KEY ("organization_id") REFERENCES "platform"."organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "auth"."memberships" ADD CONSTRAINT "memberships_organization_id_fkey"
  FOREIGN KEY ("organization_id") REFERENCES "platform"."organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "auth"."memberships" ADD CONSTRAINT "memberships_user_id_fkey"
  FOREIGN KEY ("user_id") REFERENCES "auth"."users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "auth"."memberships" ADD CONSTRAINT "memberships_organization_id_last_workspace_id_fkey"
  FOREIGN KEY ("organization_id", "last_workspace_id") REFERENCES "platform"."workspaces"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "auth"."membership_workspaces" ADD CONSTRAINT "membership_workspaces_organization_id_fkey"
  FOREIGN KEY ("organization_id") REFERENCES "platform"."organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "auth"."membership_workspaces" ADD CONSTRAINT "membership_workspaces_organization_id_membership_id_fkey"
  FOREIGN KEY ("organization_id", "membership_id") REFERENCES "auth"."memberships"("organization_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "auth"."membership_workspaces" ADD CONSTRAINT "membership_workspaces_organization_id_workspace_id_fkey"
  FOREIGN KEY ("organization_id", "workspace_id") REFERENCES "platform"."workspaces"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "auth"."roles" ADD CONSTRAINT "roles_organization_id_fkey"
  FOREIGN KEY ("organization_id") REFERENCES "platform"."organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "auth"."role_permissions" ADD CONSTRAINT "role_permissions_organization_id_fkey"
  FOREIGN KEY ("organization_id") REFERENCES "platform"."organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "auth"."role_permissions" ADD CONSTRAINT "role_permissions_organization_id_role_id_fkey"
  FOREIGN KEY ("organization_id", "role_id") REFERENCES "auth"."roles"("organization_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "auth"."membership_roles" ADD CONSTRAINT "membership_roles_organization_id_fkey"
  FOREIGN KEY ("organization_id") REFERENCES "platform"."organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "auth"."membership_roles" ADD CONSTRAINT "membership_roles_organization_id_membership_id_fkey"
  FOREIGN KEY ("organization_id", "membership_id") REFERENCES "auth"."memberships"("organization_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "auth"."membership_roles" ADD CONSTRAINT "membership_roles_organization_id_role_id_fkey"
  FOREIGN KEY ("organization_id", "role_id") REFERENCES "auth"."roles"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------------------------------------------
-- Row-level security. A missing setting yields NULL, so no rows, never an error.

-- Tenant tables: the organization set by the scoped transaction.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['platform.workspaces', 'auth.memberships', 'auth.membership_workspaces', 'auth.roles',
                           'auth.role_permissions', 'auth.membership_roles']
  LOOP
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON %s
      USING (organization_id = (SELECT nullif(current_setting('app.org_id', true), '')::uuid))
      WITH CHECK (organization_id = (SELECT nullif(current_setting('app.org_id', true), '')::uuid))$p$, t);
  END LOOP;
END $$;

-- A user also sees their own memberships in every organization (to list and switch organizations).
CREATE POLICY own_memberships ON "auth"."memberships" FOR SELECT
  USING (user_id = (SELECT nullif(current_setting('app.user_id', true), '')::uuid));

-- Organizations: the current one, and those the current user is an active member of. The runtime role may
-- update the current one (permission checked by the application); creating tenants is a system path.
ALTER TABLE "platform"."organizations" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "platform"."organizations" FORCE ROW LEVEL SECURITY;
CREATE POLICY member_read ON "platform"."organizations" FOR SELECT
  USING (id = (SELECT nullif(current_setting('app.org_id', true), '')::uuid)
         OR id IN (SELECT m.organization_id FROM "auth"."memberships" m
                   WHERE m.user_id = (SELECT nullif(current_setting('app.user_id', true), '')::uuid)
                     AND m.status = 'active'));
CREATE POLICY current_update ON "platform"."organizations" FOR UPDATE
  USING (id = (SELECT nullif(current_setting('app.org_id', true), '')::uuid))
  WITH CHECK (id = (SELECT nullif(current_setting('app.org_id', true), '')::uuid));
REVOKE INSERT, DELETE ON "platform"."organizations" FROM tessera_app;

-- Users: yourself, and the members of the current organization. Never the password hash (column grants).
ALTER TABLE "auth"."users" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "auth"."users" FORCE ROW LEVEL SECURITY;
CREATE POLICY self_and_colleagues ON "auth"."users" FOR SELECT
  USING (id = (SELECT nullif(current_setting('app.user_id', true), '')::uuid)
         OR id IN (SELECT m.user_id FROM "auth"."memberships" m
                   WHERE m.organization_id = (SELECT nullif(current_setting('app.org_id', true), '')::uuid)));
CREATE POLICY self_update ON "auth"."users" FOR UPDATE
  USING (id = (SELECT nullif(current_setting('app.user_id', true), '')::uuid))
  WITH CHECK (id = (SELECT nullif(current_setting('app.user_id', true), '')::uuid));
REVOKE ALL ON "auth"."users" FROM tessera_app;
GRANT SELECT ("id", "email", "name", "status", "session_version", "email_verified_at", "created_at", "updated_at")
  ON "auth"."users" TO tessera_app;
GRANT UPDATE ("name", "session_version", "updated_at") ON "auth"."users" TO tessera_app;

-- Login attempts: only the system role (sign-in happens before there is a user to scope to).
ALTER TABLE "auth"."login_attempts" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "auth"."login_attempts" FORCE ROW LEVEL SECURITY;
REVOKE ALL ON "auth"."login_attempts" FROM tessera_app;
