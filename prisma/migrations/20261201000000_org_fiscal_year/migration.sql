-- The month an organization's fiscal year starts (1 = January). Set at onboarding, edited in Organization settings.
ALTER TABLE "platform"."organizations"
  ADD COLUMN "fiscal_year_start_month" SMALLINT NOT NULL DEFAULT 1,
  ADD CONSTRAINT "organizations_fiscal_year_start_month_check" CHECK ("fiscal_year_start_month" BETWEEN 1 AND 12);
