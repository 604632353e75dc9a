-- CRM customer details (issue 5): customer addresses, and the indexes the customer list's filters need in an
-- organization of 1,000,000 customers (each leads with organization_id and ends with the default keyset (name, id)).

CREATE TYPE "crm"."address_kind" AS ENUM ('billing', 'shipping', 'legal', 'office');

CREATE TABLE "crm"."customer_addresses" (
    "organization_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "kind" "crm"."address_kind" NOT NULL DEFAULT 'billing',
    "label" TEXT,
    "line1" TEXT NOT NULL,
    "line2" TEXT,
    "city" TEXT,
    "region" TEXT,
    "postal_code" TEXT,
    "country_code" CHAR(2) NOT NULL,
    "is_default_billing" BOOLEAN NOT NULL DEFAULT false,
    "is_default_shipping" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" UUID,
    "updated_by" UUID,

    CONSTRAINT "customer_addresses_pkey" PRIMARY KEY ("organization_id", "id"),
    CONSTRAINT "customer_addresses_line1_check" CHECK (length(btrim("line1")) BETWEEN 1 AND 200),
    -- ISO 3166-1 alpha-2 shape (the service checks the code against the list).
    CONSTRAINT "customer_addresses_country_code_check" CHECK ("country_code" ~ '^[A-Z]{2}$')
);
CREATE INDEX "customer_addresses_organization_id_customer_id_idx" ON "crm"."customer_addresses"("organization_id", "customer_id");
-- At most one default billing and one default shipping address per customer.
CREATE UNIQUE INDEX "customer_addresses_one_default_billing_key" ON "crm"."customer_addresses"("organization_id", "customer_id") WHERE "is_default_billing";
CREATE UNIQUE INDEX "customer_addresses_one_default_shipping_key" ON "crm"."customer_addresses"("organization_id", "customer_id") WHERE "is_default_shipping";

ALTER TABLE "crm"."customer_addresses" ADD CONSTRAINT "customer_addresses_organization_id_fkey"
  FOREIGN KEY ("organization_id") REFERENCES "platform"."organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "crm"."customer_addresses" ADD CONSTRAINT "customer_addresses_organization_id_customer_id_fkey"
  FOREIGN KEY ("organization_id", "customer_id") REFERENCES "crm"."customers"("organization_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

SELECT platform.tenant_table('crm.customer_addresses');

-- Customer list filters at scale: tier, status, owner ("My customers"), each with the default keyset order.
CREATE INDEX "customers_organization_id_tier_name_id_idx" ON "crm"."customers"("organization_id", "tier", "name", "id");
CREATE INDEX "customers_organization_id_status_name_id_idx" ON "crm"."customers"("organization_id", "status", "name", "id");
CREATE INDEX "customers_organization_id_owner_membership_id_name_id_idx" ON "crm"."customers"("organization_id", "owner_membership_id", "name", "id");
-- Tags filter (array overlap, tags && $1): GIN over the array, combined with the organization's btree by a bitmap AND.
CREATE INDEX "customers_tags_idx" ON "crm"."customers" USING GIN ("tags");
