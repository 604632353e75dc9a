-- Roles get a record scope (own / workspace / all; a membership's effective scope is the widest of its roles), and
-- organizations get API keys: a public prefix, the sha256 of a random secret (never the secret), and the
-- permissions (scopes) the key acts with.

CREATE TYPE "auth"."record_scope" AS ENUM ('own', 'workspace', 'all');
ALTER TABLE "auth"."roles" ADD COLUMN "record_scope" "auth"."record_scope" NOT NULL DEFAULT 'all';
-- Role names are unique per organization (the service also refuses names differing only in case).
CREATE UNIQUE INDEX "roles_organization_id_name_key" ON "auth"."roles"("organization_id", "name");

CREATE TABLE "auth"."api_keys" (
    "organization_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "secret_hash" TEXT NOT NULL,
    "scopes" TEXT[] NOT NULL,
    "expires_at" TIMESTAMPTZ(6),
    "last_used_at" TIMESTAMPTZ(6),
    "revoked_at" TIMESTAMPTZ(6),
    "revoked_by" UUID,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" UUID NOT NULL,
    "updated_by" UUID,
    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("organization_id", "id"),
    CONSTRAINT "api_keys_prefix_check" CHECK ("prefix" ~ '^[0-9a-f]{12}$'),
    CONSTRAINT "api_keys_secret_hash_check" CHECK ("secret_hash" ~ '^[0-9a-f]{64}$'),
    CONSTRAINT "api_keys_name_check" CHECK (length(btrim("name")) BETWEEN 1 AND 100),
    CONSTRAINT "api_keys_revoked_check" CHECK (("revoked_at" IS NULL) = ("revoked_by" IS NULL))
);
CREATE UNIQUE INDEX "api_keys_organization_id_prefix_key" ON "auth"."api_keys"("organization_id", "prefix");
-- Bearer authentication looks a key up by its prefix before any organization is known (system client). Prefixes
-- are 48 random bits; the lookup compares the hash of every row with that prefix, so a collision is harmless.
CREATE INDEX "api_keys_prefix_idx" ON "auth"."api_keys"("prefix");
CREATE INDEX "api_keys_organization_id_created_at_idx" ON "auth"."api_keys"("organization_id", "created_at");

ALTER TABLE "auth"."api_keys" ADD CONSTRAINT "api_keys_organization_id_fkey"
  FOREIGN KEY ("organization_id") REFERENCES "platform"."organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "auth"."api_keys" ADD CONSTRAINT "api_keys_created_by_fkey"
  FOREIGN KEY ("created_by") REFERENCES "auth"."users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

SELECT platform.tenant_table('auth.api_keys', '{secret_hash}');

-- The catalog grew (auth.api_key.manage): the system roles whose grants cover it (owner "*", admin "auth.*") get it
-- now; the demo seed and createOrganization re-sync system roles from the catalog (syncSystemRoles).
INSERT INTO "auth"."role_permissions" ("organization_id", "role_id", "permission")
SELECT r."organization_id", r."id", 'auth.api_key.manage' FROM "auth"."roles" r
 WHERE r."is_system" AND r."key" IN ('owner', 'admin')
ON CONFLICT DO NOTHING;
