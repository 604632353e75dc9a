-- Indexes the first benchmark (bench/, docs/BENCHMARKS.md) showed the customer list needs at 1,000,000 customers in
-- one organization, with row-level security on.
--
-- Under RLS only LEAKPROOF operators may become index conditions ahead of the policies: uuid and text equality and
-- ordering are, enum equality and ILIKE are not. So the owner filter (uuid) can use an index condition; tier, status
-- and type filters are applied to index tuples (covering index below) or heap rows.

-- Owner filter ("My customers", owner + tier) in the list's order, one member's rows only; also the index of the
-- (organization_id, owner_membership_id) foreign key. The customer-details migration (20261201140000, on main)
-- creates the same index under the same name: IF NOT EXISTS keeps one whichever branch applies first.
CREATE INDEX IF NOT EXISTS "customers_organization_id_owner_membership_id_name_id_idx"
  ON "crm"."customers"("organization_id", "owner_membership_id", "name", "id");

-- The list's capped count (kernel cappedCount: up to 10,001 active, visible customers) ran as a sequential scan of
-- the heap (30-140 ms at 1M rows, more with a filter). Covering the filterable columns, it is an index-only scan
-- (~3 ms) for the default list and for every owner / tier / status / type filter.
CREATE INDEX "customers_organization_id_active_filters_idx"
  ON "crm"."customers"("organization_id", "owner_membership_id", "tier", "status", "type", "workspace_id")
  WHERE "archived_at" IS NULL;
