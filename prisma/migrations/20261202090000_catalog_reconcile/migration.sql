-- Upgrading a database that already holds organizations.
--
-- Migrations run as tessera_owner, which has no BYPASSRLS and is subject to FORCE ROW LEVEL SECURITY: without
-- app.org_id a statement over a tenant table (or platform.organizations) sees no rows. Data backfills written as
-- `INSERT … SELECT … FROM auth.roles` or `SELECT f(o.id) FROM platform.organizations o` therefore did nothing on a
-- database that had organizations before them (20261201030000, 20261201120000, 20261201130000, 20261201160000 for
-- role grants; 20261201270000 for crm.deal_totals). Two fixes, in this migration and the next:
--
-- 1. Catalog data (system-role grants, number sequences) is reconciled by the application after migrating
--    (src/server/db/reconcile.ts, as the system role, which bypasses RLS): syncSystemRoles + syncSequences for every
--    organization, whenever the catalog's fingerprint differs from the one recorded here. A migration that grows the
--    catalog no longer needs a backfill of its own.
CREATE TABLE "platform"."catalog_state" (
    "id" SMALLINT NOT NULL DEFAULT 1,
    "fingerprint" TEXT NOT NULL,
    "organizations" INTEGER NOT NULL,
    "reconciled_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "catalog_state_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "catalog_state_single_row_check" CHECK ("id" = 1),
    CONSTRAINT "catalog_state_fingerprint_check" CHECK ("fingerprint" ~ '^[0-9a-f]{64}$')
);
ALTER TABLE "platform"."catalog_state" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "platform"."catalog_state" FORCE ROW LEVEL SECURITY;
REVOKE ALL ON "platform"."catalog_state" FROM tessera_app;
