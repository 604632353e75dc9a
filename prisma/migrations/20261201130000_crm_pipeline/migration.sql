-- CRM pipeline (issue 5): leads, deals with their lines, and activities. Tenant tables (organization_id first, primary
-- key (organization_id, id), composite foreign keys, RLS + audit through platform.tenant_table). Deals, leads and
-- activities carry workspace_id like customers (NULL = organization-wide) with the same restrictive visibility policy,
-- so visibility never needs a join.

CREATE TYPE "crm"."lead_source" AS ENUM ('website', 'referral', 'campaign', 'event', 'cold_call', 'partner', 'other');
CREATE TYPE "crm"."lead_status" AS ENUM ('new', 'contacted', 'qualified', 'disqualified');
CREATE TYPE "crm"."deal_stage" AS ENUM ('lead', 'qualified', 'proposal', 'negotiation', 'closing', 'won', 'lost');
CREATE TYPE "crm"."activity_type" AS ENUM ('call', 'email', 'meeting', 'demo', 'note', 'task');

-- The stage's probability ceiling (seed 001's rule): lead 20, qualified 40, proposal 60, negotiation 80, closing 100;
-- won is exactly 100 and lost exactly 0 (the check below). One definition the check and the services' tests share.
CREATE FUNCTION "crm"."stage_probability_cap"(p_stage "crm"."deal_stage") RETURNS smallint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE p_stage WHEN 'lead' THEN 20 WHEN 'qualified' THEN 40 WHEN 'proposal' THEN 60 WHEN 'negotiation' THEN 80
                      ELSE 100 END::smallint
$$;

CREATE TABLE "crm"."leads" (
    "organization_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "workspace_id" UUID,
    "name" TEXT NOT NULL,
    "company_name" TEXT,
    "email" TEXT,
    "phone" TEXT,
    "source" "crm"."lead_source" NOT NULL DEFAULT 'other',
    "status" "crm"."lead_status" NOT NULL DEFAULT 'new',
    "owner_membership_id" UUID,
    "estimated_value" DECIMAL(18,2),
    "currency" CHAR(3),
    "notes" TEXT,
    "disqualified_reason" TEXT,
    "converted_at" TIMESTAMPTZ(6),
    "converted_customer_id" UUID,
    "converted_deal_id" UUID,
    "archived_at" TIMESTAMPTZ(6),
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" UUID,
    "updated_by" UUID,

    CONSTRAINT "leads_pkey" PRIMARY KEY ("organization_id", "id"),
    CONSTRAINT "leads_name_check" CHECK (length(btrim("name")) BETWEEN 1 AND 200),
    CONSTRAINT "leads_estimated_value_check" CHECK ("estimated_value" IS NULL OR ("estimated_value" >= 0 AND "currency" IS NOT NULL)),
    CONSTRAINT "leads_converted_check" CHECK (("converted_at" IS NULL) = ("converted_customer_id" IS NULL)),
    CONSTRAINT "leads_version_check" CHECK ("version" >= 1)
);
CREATE INDEX "leads_organization_id_created_at_id_idx" ON "crm"."leads"("organization_id", "created_at", "id");
CREATE INDEX "leads_organization_id_status_idx" ON "crm"."leads"("organization_id", "status");
CREATE INDEX "leads_organization_id_owner_membership_id_idx" ON "crm"."leads"("organization_id", "owner_membership_id");

CREATE TABLE "crm"."deals" (
    "organization_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "number" TEXT NOT NULL,
    "workspace_id" UUID,
    "customer_id" UUID NOT NULL,
    "contact_id" UUID,
    "lead_id" UUID,
    "name" TEXT NOT NULL,
    "stage" "crm"."deal_stage" NOT NULL DEFAULT 'lead',
    "probability" SMALLINT NOT NULL DEFAULT 10,
    "value" DECIMAL(18,2) NOT NULL DEFAULT 0,
    "currency" CHAR(3) NOT NULL,
    "expected_close_date" DATE,
    "owner_membership_id" UUID,
    "source" "crm"."lead_source",
    "competitors" TEXT[] NOT NULL DEFAULT '{}',
    "won_reason" TEXT,
    "lost_reason" TEXT,
    "lost_to_competitor" TEXT,
    "closed_at" TIMESTAMPTZ(6),
    "stage_changed_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "archived_at" TIMESTAMPTZ(6),
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" UUID,
    "updated_by" UUID,

    CONSTRAINT "deals_pkey" PRIMARY KEY ("organization_id", "id"),
    CONSTRAINT "deals_name_check" CHECK (length(btrim("name")) BETWEEN 1 AND 200),
    CONSTRAINT "deals_value_check" CHECK ("value" >= 0),
    -- Probability within the stage's cap; won exactly 100, lost exactly 0.
    CONSTRAINT "deals_probability_check" CHECK (
      "probability" >= 0 AND "probability" <= "crm"."stage_probability_cap"("stage")
      AND ("stage" <> 'won' OR "probability" = 100) AND ("stage" <> 'lost' OR "probability" = 0)),
    -- A closed deal has its closing time; an open one has none.
    CONSTRAINT "deals_closed_check" CHECK (("stage" IN ('won', 'lost')) = ("closed_at" IS NOT NULL)),
    CONSTRAINT "deals_version_check" CHECK ("version" >= 1)
);
CREATE UNIQUE INDEX "deals_organization_id_number_key" ON "crm"."deals"("organization_id", "number");
CREATE INDEX "deals_organization_id_stage_expected_close_date_idx" ON "crm"."deals"("organization_id", "stage", "expected_close_date");
CREATE INDEX "deals_organization_id_customer_id_idx" ON "crm"."deals"("organization_id", "customer_id");
CREATE INDEX "deals_organization_id_owner_membership_id_idx" ON "crm"."deals"("organization_id", "owner_membership_id");
CREATE INDEX "deals_organization_id_created_at_id_idx" ON "crm"."deals"("organization_id", "created_at", "id");
CREATE INDEX "deals_organization_id_contact_id_idx" ON "crm"."deals"("organization_id", "contact_id");
CREATE INDEX "deals_organization_id_lead_id_idx" ON "crm"."deals"("organization_id", "lead_id");

CREATE TABLE "crm"."deal_lines" (
    "organization_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "deal_id" UUID NOT NULL,
    "line_no" INTEGER NOT NULL,
    "product" TEXT NOT NULL,
    "quantity" DECIMAL(18,4) NOT NULL,
    "unit_price" DECIMAL(18,6) NOT NULL,
    "discount_percent" DECIMAL(5,2) NOT NULL DEFAULT 0,
    "tax_rate" DECIMAL(9,6) NOT NULL DEFAULT 0,
    "net_amount" DECIMAL(18,2) NOT NULL,
    "tax_amount" DECIMAL(18,2) NOT NULL,
    "gross_amount" DECIMAL(18,2) NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" UUID,
    "updated_by" UUID,

    CONSTRAINT "deal_lines_pkey" PRIMARY KEY ("organization_id", "id"),
    CONSTRAINT "deal_lines_product_check" CHECK (length(btrim("product")) BETWEEN 1 AND 200),
    CONSTRAINT "deal_lines_quantity_check" CHECK ("quantity" > 0),
    CONSTRAINT "deal_lines_unit_price_check" CHECK ("unit_price" >= 0),
    CONSTRAINT "deal_lines_discount_percent_check" CHECK ("discount_percent" BETWEEN 0 AND 100),
    CONSTRAINT "deal_lines_tax_rate_check" CHECK ("tax_rate" >= 0),
    CONSTRAINT "deal_lines_amounts_check" CHECK ("net_amount" >= 0 AND "tax_amount" >= 0 AND "gross_amount" = "net_amount" + "tax_amount")
);
CREATE UNIQUE INDEX "deal_lines_organization_id_deal_id_line_no_key" ON "crm"."deal_lines"("organization_id", "deal_id", "line_no");

CREATE TABLE "crm"."activities" (
    "organization_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "workspace_id" UUID,
    "type" "crm"."activity_type" NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT,
    "outcome" TEXT,
    "customer_id" UUID,
    "contact_id" UUID,
    "deal_id" UUID,
    "lead_id" UUID,
    "owner_membership_id" UUID,
    "due_at" TIMESTAMPTZ(6),
    "done_at" TIMESTAMPTZ(6),
    "next_action" TEXT,
    "next_action_at" TIMESTAMPTZ(6),
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" UUID,
    "updated_by" UUID,

    CONSTRAINT "activities_pkey" PRIMARY KEY ("organization_id", "id"),
    CONSTRAINT "activities_subject_check" CHECK (length(btrim("subject")) BETWEEN 1 AND 200),
    -- Every activity is about a customer (directly, or through its contact or deal: the service fills customer_id) or
    -- a lead.
    CONSTRAINT "activities_target_check" CHECK ("customer_id" IS NOT NULL OR "lead_id" IS NOT NULL),
    CONSTRAINT "activities_version_check" CHECK ("version" >= 1)
);
CREATE INDEX "activities_organization_id_customer_id_created_at_idx" ON "crm"."activities"("organization_id", "customer_id", "created_at");
CREATE INDEX "activities_organization_id_deal_id_idx" ON "crm"."activities"("organization_id", "deal_id");
CREATE INDEX "activities_organization_id_contact_id_idx" ON "crm"."activities"("organization_id", "contact_id");
CREATE INDEX "activities_organization_id_lead_id_idx" ON "crm"."activities"("organization_id", "lead_id");
-- "My activities": open ones by owner and due date.
CREATE INDEX "activities_organization_id_owner_due_open_idx" ON "crm"."activities"("organization_id", "owner_membership_id", "due_at") WHERE "done_at" IS NULL;

-- Foreign keys: all composite with organization_id (no cross-tenant reference is possible).
ALTER TABLE "crm"."leads" ADD CONSTRAINT "leads_organization_id_fkey"
  FOREIGN KEY ("organization_id") REFERENCES "platform"."organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "crm"."leads" ADD CONSTRAINT "leads_organization_id_workspace_id_fkey"
  FOREIGN KEY ("organization_id", "workspace_id") REFERENCES "platform"."workspaces"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "crm"."leads" ADD CONSTRAINT "leads_organization_id_owner_membership_id_fkey"
  FOREIGN KEY ("organization_id", "owner_membership_id") REFERENCES "auth"."memberships"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "crm"."leads" ADD CONSTRAINT "leads_organization_id_converted_customer_id_fkey"
  FOREIGN KEY ("organization_id", "converted_customer_id") REFERENCES "crm"."customers"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "crm"."deals" ADD CONSTRAINT "deals_organization_id_fkey"
  FOREIGN KEY ("organization_id") REFERENCES "platform"."organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "crm"."deals" ADD CONSTRAINT "deals_organization_id_workspace_id_fkey"
  FOREIGN KEY ("organization_id", "workspace_id") REFERENCES "platform"."workspaces"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
-- RESTRICT: a customer with deals cannot be hard-deleted (customers are archived).
ALTER TABLE "crm"."deals" ADD CONSTRAINT "deals_organization_id_customer_id_fkey"
  FOREIGN KEY ("organization_id", "customer_id") REFERENCES "crm"."customers"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "crm"."deals" ADD CONSTRAINT "deals_organization_id_contact_id_fkey"
  FOREIGN KEY ("organization_id", "contact_id") REFERENCES "crm"."contacts"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "crm"."deals" ADD CONSTRAINT "deals_organization_id_lead_id_fkey"
  FOREIGN KEY ("organization_id", "lead_id") REFERENCES "crm"."leads"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "crm"."deals" ADD CONSTRAINT "deals_organization_id_owner_membership_id_fkey"
  FOREIGN KEY ("organization_id", "owner_membership_id") REFERENCES "auth"."memberships"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "crm"."leads" ADD CONSTRAINT "leads_organization_id_converted_deal_id_fkey"
  FOREIGN KEY ("organization_id", "converted_deal_id") REFERENCES "crm"."deals"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "crm"."deal_lines" ADD CONSTRAINT "deal_lines_organization_id_fkey"
  FOREIGN KEY ("organization_id") REFERENCES "platform"."organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "crm"."deal_lines" ADD CONSTRAINT "deal_lines_organization_id_deal_id_fkey"
  FOREIGN KEY ("organization_id", "deal_id") REFERENCES "crm"."deals"("organization_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "crm"."activities" ADD CONSTRAINT "activities_organization_id_fkey"
  FOREIGN KEY ("organization_id") REFERENCES "platform"."organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "crm"."activities" ADD CONSTRAINT "activities_organization_id_workspace_id_fkey"
  FOREIGN KEY ("organization_id", "workspace_id") REFERENCES "platform"."workspaces"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "crm"."activities" ADD CONSTRAINT "activities_organization_id_customer_id_fkey"
  FOREIGN KEY ("organization_id", "customer_id") REFERENCES "crm"."customers"("organization_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "crm"."activities" ADD CONSTRAINT "activities_organization_id_contact_id_fkey"
  FOREIGN KEY ("organization_id", "contact_id") REFERENCES "crm"."contacts"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "crm"."activities" ADD CONSTRAINT "activities_organization_id_deal_id_fkey"
  FOREIGN KEY ("organization_id", "deal_id") REFERENCES "crm"."deals"("organization_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "crm"."activities" ADD CONSTRAINT "activities_organization_id_lead_id_fkey"
  FOREIGN KEY ("organization_id", "lead_id") REFERENCES "crm"."leads"("organization_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "crm"."activities" ADD CONSTRAINT "activities_organization_id_owner_membership_id_fkey"
  FOREIGN KEY ("organization_id", "owner_membership_id") REFERENCES "auth"."memberships"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

SELECT platform.tenant_table('crm.leads');
SELECT platform.tenant_table('crm.deals');
SELECT platform.tenant_table('crm.deal_lines');
SELECT platform.tenant_table('crm.activities');

-- Workspace visibility as on crm.customers: organization-wide rows (workspace_id NULL) for every member, a workspace's
-- rows only for members who may see it. Deal lines follow their deal through the service (they are read by deal).
CREATE POLICY visible_workspace ON "crm"."leads" AS RESTRICTIVE
  USING ("workspace_id" IS NULL OR "workspace_id" = ANY (coalesce((SELECT nullif(current_setting('app.workspace_ids', true), '')::uuid[]), '{}'::uuid[])))
  WITH CHECK ("workspace_id" IS NULL OR "workspace_id" = ANY (coalesce((SELECT nullif(current_setting('app.workspace_ids', true), '')::uuid[]), '{}'::uuid[])));
CREATE POLICY visible_workspace ON "crm"."deals" AS RESTRICTIVE
  USING ("workspace_id" IS NULL OR "workspace_id" = ANY (coalesce((SELECT nullif(current_setting('app.workspace_ids', true), '')::uuid[]), '{}'::uuid[])))
  WITH CHECK ("workspace_id" IS NULL OR "workspace_id" = ANY (coalesce((SELECT nullif(current_setting('app.workspace_ids', true), '')::uuid[]), '{}'::uuid[])));
CREATE POLICY visible_workspace ON "crm"."activities" AS RESTRICTIVE
  USING ("workspace_id" IS NULL OR "workspace_id" = ANY (coalesce((SELECT nullif(current_setting('app.workspace_ids', true), '')::uuid[]), '{}'::uuid[])))
  WITH CHECK ("workspace_id" IS NULL OR "workspace_id" = ANY (coalesce((SELECT nullif(current_setting('app.workspace_ids', true), '')::uuid[]), '{}'::uuid[])));

-- Deals are numbered (the registry's "deal" type, DEAL-{#####}); new organizations get it from syncSequences.
INSERT INTO "settings"."number_sequences" ("organization_id", "id", "document_type", "format", "reset")
SELECT o."id", gen_random_uuid(), 'deal', 'DEAL-{#####}', 'never' FROM "platform"."organizations" o
 WHERE NOT EXISTS (SELECT 1 FROM "settings"."number_sequences" s
                    WHERE s."organization_id" = o."id" AND s."document_type" = 'deal' AND s."workspace_id" IS NULL);

-- The catalog grew (crm.lead.*, crm.deal.*, crm.activity.*): owner "*" and sales "crm.*" get everything, admin and
-- manager ("*.*.read") and viewer ("crm.*.read") the reads. syncSystemRoles does the same at seed.
INSERT INTO "auth"."role_permissions" ("organization_id", "role_id", "permission")
SELECT r."organization_id", r."id", p.permission FROM "auth"."roles" r
 CROSS JOIN (VALUES ('crm.lead.read'), ('crm.lead.manage'), ('crm.deal.read'), ('crm.deal.manage'),
                    ('crm.activity.read'), ('crm.activity.manage')) AS p(permission)
 WHERE r."is_system" AND (r."key" IN ('owner', 'sales')
    OR (r."key" IN ('admin', 'manager', 'viewer') AND p.permission IN ('crm.lead.read', 'crm.deal.read', 'crm.activity.read')))
ON CONFLICT DO NOTHING;
