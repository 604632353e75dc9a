-- CRM list filters under row-level security (issue 5, docs/BENCHMARKS.md "CRM read paths at a million rows").
--
-- With FORCE ROW LEVEL SECURITY, PostgreSQL lets a condition of the query become an index condition ahead of the
-- policies only if its operators are LEAKPROOF (restriction_is_securely_promotable). uuid, text and integer
-- equality and ordering are; the enum equality (enum_eq) is not. So `tier = 'gold'` as tessera_app was only a filter
-- over the organization's rows: the (organization_id, tier, name, id) and (organization_id, status, name, id)
-- indexes served nothing but the organization, and with a million customers the planner walked the name index.
--
-- 1. Leakproof keys: smallint columns generated from the enums (STORED: PostgreSQL 18 generated columns are virtual
--    by default, and a virtual column is expanded back into the CASE over the enum, which is not leakproof). The
--    numbers are the enum's order; crm.customers' service filters by them (customers.service.ts, TIER_KEY …).
ALTER TABLE "crm"."customers"
  ADD COLUMN "tier_key" SMALLINT GENERATED ALWAYS AS (
    CASE "tier" WHEN 'standard' THEN 1 WHEN 'silver' THEN 2 WHEN 'gold' THEN 3 WHEN 'platinum' THEN 4 END) STORED,
  ADD COLUMN "status_key" SMALLINT GENERATED ALWAYS AS (
    CASE "status" WHEN 'lead' THEN 1 WHEN 'prospect' THEN 2 WHEN 'active' THEN 3 WHEN 'inactive' THEN 4
                  WHEN 'churned' THEN 5 END) STORED,
  ADD COLUMN "type_key" SMALLINT GENERATED ALWAYS AS (
    CASE "type" WHEN 'company' THEN 1 WHEN 'individual' THEN 2 END) STORED;

-- 2. The list's tier and status filters in list order (name, id): a page is an index range, whatever the filter's
--    share of the organization. type has two values (80 % / 20 %): walking the name index with a filter on type_key
--    finds a page within a few rows, so it gets no index of its own.
CREATE INDEX "customers_organization_id_tier_key_name_id_idx" ON "crm"."customers"("organization_id", "tier_key", "name", "id");
CREATE INDEX "customers_organization_id_status_key_name_id_idx" ON "crm"."customers"("organization_id", "status_key", "name", "id");

-- 3. The capped count's covering index (migration 20261201190000) over the keys instead of the enums: the service
--    no longer compares the enum columns, so the index-only scan needs the keys to evaluate the filters.
DROP INDEX "crm"."customers_organization_id_active_filters_idx";
CREATE INDEX "customers_organization_id_active_filters_idx"
  ON "crm"."customers"("organization_id", "owner_membership_id", "tier_key", "status_key", "type_key", "workspace_id")
  WHERE "archived_at" IS NULL;

-- 4. Indexes that can never serve tessera_app (EXPLAIN ANALYZE as tessera_app at 1,000,000 customers, BENCHMARKS):
--    the enum-led list indexes (replaced by the key-led ones above), and the plain GIN over tags: it has no
--    organization_id (the tenant condition could only be a recheck), array overlap (&&) is not leakproof either,
--    and customers_organization_id_tags_idx covers the same filter for the owner role.
DROP INDEX "crm"."customers_organization_id_tier_name_id_idx";
DROP INDEX "crm"."customers_organization_id_status_name_id_idx";
DROP INDEX "crm"."customers_tags_idx";
