-- Master data settings screens (issue 4): the default tax rate and payment term of an organization, the base unit
-- of each unit category, and end-of-month payment terms. At most one of each per organization (category) is
-- enforced by partial unique indexes; the settings services keep "exactly one" by moving the flag.

ALTER TABLE "settings"."tax_rates"
  ADD COLUMN "is_default" BOOLEAN NOT NULL DEFAULT false,
  ADD CONSTRAINT "tax_rates_default_active_check" CHECK (NOT "is_default" OR "active");
CREATE UNIQUE INDEX "tax_rates_one_default_key" ON "settings"."tax_rates"("organization_id") WHERE "is_default";

ALTER TABLE "settings"."payment_terms"
  ADD COLUMN "is_default" BOOLEAN NOT NULL DEFAULT false,
  ADD COLUMN "end_of_month" BOOLEAN NOT NULL DEFAULT false,
  ADD CONSTRAINT "payment_terms_default_active_check" CHECK (NOT "is_default" OR "active");
CREATE UNIQUE INDEX "payment_terms_one_default_key" ON "settings"."payment_terms"("organization_id") WHERE "is_default";

-- The base unit of a category has factor 1; every other unit of the category converts to it.
ALTER TABLE "settings"."units_of_measure"
  ADD COLUMN "is_base" BOOLEAN NOT NULL DEFAULT false,
  ADD CONSTRAINT "units_of_measure_base_check" CHECK (NOT "is_base" OR ("factor" = 1 AND "active"));
CREATE UNIQUE INDEX "units_of_measure_one_base_key" ON "settings"."units_of_measure"("organization_id", "category") WHERE "is_base";

-- Existing data: the first active factor-1 unit of each category becomes its base; the first active tax rate and
-- payment term (by code) become the defaults.
UPDATE "settings"."units_of_measure" u SET "is_base" = true
 WHERE (u."organization_id", u."id") IN (
   SELECT DISTINCT ON ("organization_id", "category") "organization_id", "id"
     FROM "settings"."units_of_measure" WHERE "factor" = 1 AND "active"
    ORDER BY "organization_id", "category", "code", "id");
UPDATE "settings"."tax_rates" t SET "is_default" = true
 WHERE (t."organization_id", t."id") IN (
   SELECT DISTINCT ON ("organization_id") "organization_id", "id"
     FROM "settings"."tax_rates" WHERE "active" ORDER BY "organization_id", "kind" = 'exempt', "code", "valid_from" DESC NULLS LAST, "id");
UPDATE "settings"."payment_terms" p SET "is_default" = true
 WHERE (p."organization_id", p."id") IN (
   SELECT DISTINCT ON ("organization_id") "organization_id", "id"
     FROM "settings"."payment_terms" WHERE "active" ORDER BY "organization_id", "discount_percent" > 0, "net_days" DESC, "code", "id");
