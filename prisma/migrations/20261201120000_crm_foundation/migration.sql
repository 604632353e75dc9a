-- CRM foundation (issue 5): the crm schema with customers and their contacts. Tenant tables: organization_id first,
-- primary key (organization_id, id), composite foreign keys, RLS + audit through platform.tenant_table.
CREATE SCHEMA IF NOT EXISTS "crm";
GRANT USAGE ON SCHEMA "crm" TO tessera_app, tessera_system;
ALTER DEFAULT PRIVILEGES FOR ROLE tessera_owner IN SCHEMA "crm"
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO tessera_app, tessera_system;
ALTER DEFAULT PRIVILEGES FOR ROLE tessera_owner IN SCHEMA "crm"
  GRANT USAGE, SELECT ON SEQUENCES TO tessera_app, tessera_system;

CREATE TYPE "crm"."customer_type" AS ENUM ('company', 'individual');
CREATE TYPE "crm"."customer_status" AS ENUM ('lead', 'prospect', 'active', 'inactive', 'churned');
CREATE TYPE "crm"."customer_tier" AS ENUM ('standard', 'silver', 'gold', 'platinum');

CREATE TABLE "crm"."customers" (
    "organization_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "number" TEXT NOT NULL,
    "workspace_id" UUID,
    "type" "crm"."customer_type" NOT NULL DEFAULT 'company',
    "name" TEXT NOT NULL,
    "legal_name" TEXT,
    "status" "crm"."customer_status" NOT NULL DEFAULT 'lead',
    "tax_id" TEXT,
    "email" TEXT,
    "phone" TEXT,
    "website" TEXT,
    "industry" TEXT,
    "tier" "crm"."customer_tier" NOT NULL DEFAULT 'standard',
    "owner_membership_id" UUID,
    "credit_limit" DECIMAL(18,2),
    "credit_currency" CHAR(3),
    "payment_term_id" UUID,
    "tags" TEXT[] NOT NULL,
    "notes" TEXT,
    "custom_fields" JSONB NOT NULL DEFAULT '{}',
    "archived_at" TIMESTAMPTZ(6),
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" UUID,
    "updated_by" UUID,

    CONSTRAINT "customers_pkey" PRIMARY KEY ("organization_id", "id"),
    CONSTRAINT "customers_name_check" CHECK (length(btrim("name")) BETWEEN 1 AND 200),
    CONSTRAINT "customers_credit_limit_check" CHECK ("credit_limit" IS NULL OR "credit_limit" >= 0),
    CONSTRAINT "customers_credit_currency_check" CHECK ("credit_limit" IS NULL OR "credit_currency" IS NOT NULL),
    CONSTRAINT "customers_custom_fields_check" CHECK (jsonb_typeof("custom_fields") = 'object'),
    CONSTRAINT "customers_version_check" CHECK ("version" >= 1)
);
CREATE UNIQUE INDEX "customers_organization_id_number_key" ON "crm"."customers"("organization_id", "number");
CREATE INDEX "customers_organization_id_name_id_idx" ON "crm"."customers"("organization_id", "name", "id");
CREATE INDEX "customers_organization_id_created_at_id_idx" ON "crm"."customers"("organization_id", "created_at", "id");
CREATE INDEX "customers_organization_id_workspace_id_idx" ON "crm"."customers"("organization_id", "workspace_id");

ALTER TABLE "crm"."customers" ADD CONSTRAINT "customers_organization_id_fkey"
  FOREIGN KEY ("organization_id") REFERENCES "platform"."organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "crm"."customers" ADD CONSTRAINT "customers_organization_id_workspace_id_fkey"
  FOREIGN KEY ("organization_id", "workspace_id") REFERENCES "platform"."workspaces"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "crm"."customers" ADD CONSTRAINT "customers_organization_id_owner_membership_id_fkey"
  FOREIGN KEY ("organization_id", "owner_membership_id") REFERENCES "auth"."memberships"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "crm"."customers" ADD CONSTRAINT "customers_organization_id_payment_term_id_fkey"
  FOREIGN KEY ("organization_id", "payment_term_id") REFERENCES "settings"."payment_terms"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

SELECT platform.tenant_table('crm.customers');

-- A workspace's customers are visible (and writable) only to members who may see that workspace; organization-wide
-- customers (workspace_id NULL) to every member. Restrictive: combined with tenant_isolation by AND.
CREATE POLICY visible_workspace ON "crm"."customers" AS RESTRICTIVE
  USING ("workspace_id" IS NULL OR "workspace_id" = ANY (coalesce((SELECT nullif(current_setting('app.workspace_ids', true), '')::uuid[]), '{}'::uuid[])))
  WITH CHECK ("workspace_id" IS NULL OR "workspace_id" = ANY (coalesce((SELECT nullif(current_setting('app.workspace_ids', true), '')::uuid[]), '{}'::uuid[])));

CREATE TABLE "crm"."contacts" (
    "organization_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "first_name" TEXT NOT NULL,
    "last_name" TEXT,
    "position" TEXT,
    "email" TEXT,
    "phone" TEXT,
    "is_primary" BOOLEAN NOT NULL DEFAULT false,
    "is_decision_maker" BOOLEAN NOT NULL DEFAULT false,
    "archived_at" TIMESTAMPTZ(6),
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" UUID,
    "updated_by" UUID,

    CONSTRAINT "contacts_pkey" PRIMARY KEY ("organization_id", "id"),
    CONSTRAINT "contacts_first_name_check" CHECK (length(btrim("first_name")) BETWEEN 1 AND 100)
);
CREATE INDEX "contacts_organization_id_customer_id_idx" ON "crm"."contacts"("organization_id", "customer_id");
-- At most one primary contact per customer.
CREATE UNIQUE INDEX "contacts_one_primary_key" ON "crm"."contacts"("organization_id", "customer_id") WHERE "is_primary";

ALTER TABLE "crm"."contacts" ADD CONSTRAINT "contacts_organization_id_fkey"
  FOREIGN KEY ("organization_id") REFERENCES "platform"."organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "crm"."contacts" ADD CONSTRAINT "contacts_organization_id_customer_id_fkey"
  FOREIGN KEY ("organization_id", "customer_id") REFERENCES "crm"."customers"("organization_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

SELECT platform.tenant_table('crm.contacts');

-- Every existing organization numbers customers (the registry's "customer" type, CUST-{#####}); new ones get it from
-- syncSequences at creation and on every seed.
INSERT INTO "settings"."number_sequences" ("organization_id", "id", "document_type", "format", "reset")
SELECT o."id", gen_random_uuid(), 'customer', 'CUST-{#####}', 'never' FROM "platform"."organizations" o
 WHERE NOT EXISTS (SELECT 1 FROM "settings"."number_sequences" s
                    WHERE s."organization_id" = o."id" AND s."document_type" = 'customer' AND s."workspace_id" IS NULL);

-- The catalog grew (crm.*): existing organizations' system roles get what their grants now cover — owner "*",
-- sales "crm.*", admin and manager "*.*.read" and viewer "crm.*.read" the reads. syncSystemRoles does the same at seed.
INSERT INTO "auth"."role_permissions" ("organization_id", "role_id", "permission")
SELECT r."organization_id", r."id", p.permission FROM "auth"."roles" r
 CROSS JOIN (VALUES ('crm.customer.read'), ('crm.customer.create'), ('crm.customer.update'), ('crm.customer.archive'),
                    ('crm.contact.read'), ('crm.contact.manage')) AS p(permission)
 WHERE r."is_system" AND (r."key" IN ('owner', 'sales')
    OR (r."key" IN ('admin', 'manager', 'viewer') AND p.permission IN ('crm.customer.read', 'crm.contact.read')))
ON CONFLICT DO NOTHING;
