-- Indexes the first benchmark (bench/, docs/BENCHMARKS.md) showed the customer list needs at 1,000,000 customers in
-- one organization. Each one is named after the query it serves.

-- The list's capped count (kernel cappedCount: up to 10,001 rows of the active, visible customers) ran as a
-- sequential scan of the heap (30-140 ms); with this partial index it is an index-only scan (~2 ms).
CREATE INDEX "customers_organization_id_workspace_id_active_idx" ON "crm"."customers"("organization_id", "workspace_id")
  WHERE "archived_at" IS NULL;

-- Filters by owner ("My customers"; also the foreign key's index) and owner + tier, in the list's name order; and by
-- tier alone ("Gold tier"). The service compares the enum and uuid columns in their own types so these apply.
CREATE INDEX "customers_organization_id_owner_membership_id_tier_name_id_idx"
  ON "crm"."customers"("organization_id", "owner_membership_id", "tier", "name", "id");
CREATE INDEX "customers_organization_id_tier_name_id_idx" ON "crm"."customers"("organization_id", "tier", "name", "id");

-- The list's search (`q`: name, number, e-mail, phone or tax id containing the text, ILIKE '%…%') walked the whole
-- organization for the capped count (2 s at 1M rows). Trigram indexes on each searched column make it a BitmapOr.
CREATE EXTENSION IF NOT EXISTS "pg_trgm";
CREATE INDEX "customers_name_trgm_idx" ON "crm"."customers" USING GIN ("name" gin_trgm_ops);
CREATE INDEX "customers_number_trgm_idx" ON "crm"."customers" USING GIN ("number" gin_trgm_ops);
CREATE INDEX "customers_email_trgm_idx" ON "crm"."customers" USING GIN ("email" gin_trgm_ops);
CREATE INDEX "customers_phone_trgm_idx" ON "crm"."customers" USING GIN ("phone" gin_trgm_ops);
CREATE INDEX "customers_tax_id_trgm_idx" ON "crm"."customers" USING GIN ("tax_id" gin_trgm_ops);
