-- CRM activities, timeline, summary and dashboard (issue 5): indexes only, every one leading with organization_id.
-- Partial and expression indexes are SQL-only (the Prisma schema cannot say them; the drift test ignores them).

-- Activities list, default sort "due" (keyset over coalesce(due_at, 'infinity'), id: undated ones last), with and
-- without the owner filter ("My activities" is owner = me).
CREATE INDEX "activities_org_due_key_idx"
  ON "crm"."activities" ("organization_id", (coalesce("due_at", 'infinity'::timestamptz)), "id");
CREATE INDEX "activities_org_owner_due_key_idx"
  ON "crm"."activities" ("organization_id", "owner_membership_id", (coalesce("due_at", 'infinity'::timestamptz)), "id");
-- Activities list sorted by "createdAt" (keyset created_at, id).
CREATE INDEX "activities_organization_id_created_at_id_idx" ON "crm"."activities" ("organization_id", "created_at", "id");
-- Dashboard "activities due": open ones by due date, every owner.
CREATE INDEX "activities_org_open_due_idx" ON "crm"."activities" ("organization_id", "due_at") WHERE "done_at" IS NULL;

-- Dashboard "pipeline by stage" and "closing in 30 days": open deals of one currency, answered from the index alone.
CREATE INDEX "deals_org_open_currency_stage_idx"
  ON "crm"."deals" ("organization_id", "currency", "stage")
  INCLUDE ("value", "probability", "expected_close_date", "owner_membership_id", "workspace_id")
  WHERE "closed_at" IS NULL AND "archived_at" IS NULL;
-- Dashboard "won vs lost by month" (last 12 months) and "top customers by won value": closed deals by closing time.
CREATE INDEX "deals_org_closed_currency_closed_at_idx"
  ON "crm"."deals" ("organization_id", "currency", "closed_at")
  INCLUDE ("stage", "value", "customer_id", "owner_membership_id", "workspace_id")
  WHERE "closed_at" IS NOT NULL AND "archived_at" IS NULL;
