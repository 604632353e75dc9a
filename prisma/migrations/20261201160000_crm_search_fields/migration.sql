-- CRM search, custom field definitions and segments (issue 5).
--
-- 1. Record search (command palette, crm.search, and the customers list's `q`): trigram GIN indexes.
--    pg_trgm and btree_gin are "trusted" extensions (PostgreSQL 13+): the database owner — tessera_owner, which runs
--    the migrations and owns the database (src/server/db/bootstrap.ts) — may create them without being a superuser.
--    btree_gin gives uuid a GIN operator class for the tag filter's (organization_id, tags) index.
--    They go to the public schema (owned by tessera_owner, no privileges for the runtime roles): the indexes need
--    their operator classes, the queries use only the built-in ILIKE operator, so the runtime roles need nothing.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
CREATE EXTENSION IF NOT EXISTS btree_gin WITH SCHEMA public;

-- One multicolumn trigram GIN index per table over every searched column (a multicolumn GIN index serves a
-- condition on any one of its columns as well as a single-column one, so the OR over the columns is a BitmapOr of
-- scans of one index, and an insert maintains one index). organization_id is deliberately NOT a GIN column: measured
-- with 1,000,000 customers in one organization (README "Search"), intersecting that organization's huge posting list
-- made every search of the large tenant 5–10x slower; the tenant condition is applied by the bitmap heap scan's
-- recheck (or a BitmapAnd with the organization-led btrees), which costs a small tenant at most what the same term
-- costs the large one. Phones are also indexed as digits only, so "7011234567" finds "+7 (701) 123-45-67".
CREATE INDEX "customers_search_trgm_idx" ON "crm"."customers" USING gin (
  "name" public.gin_trgm_ops,
  "number" public.gin_trgm_ops,
  "email" public.gin_trgm_ops,
  "phone" public.gin_trgm_ops,
  (regexp_replace(coalesce("phone", ''), '\D', '', 'g')) public.gin_trgm_ops,
  "tax_id" public.gin_trgm_ops
);
-- Contacts: by full name ("Ivan Petrov" as well as "Petrov"), e-mail and phone.
CREATE INDEX "contacts_search_trgm_idx" ON "crm"."contacts" USING gin (
  ("first_name" || ' ' || coalesce("last_name", '')) public.gin_trgm_ops,
  "email" public.gin_trgm_ops,
  "phone" public.gin_trgm_ops,
  (regexp_replace(coalesce("phone", ''), '\D', '', 'g')) public.gin_trgm_ops
);
-- Deals (migration 20261201130000_crm_pipeline): by number and name; by customer name through the customers index.
CREATE INDEX "deals_search_trgm_idx" ON "crm"."deals" USING gin (
  "number" public.gin_trgm_ops,
  "name" public.gin_trgm_ops
);
-- The customers list's tag filter ("any of these tags").
CREATE INDEX "customers_organization_id_tags_idx" ON "crm"."customers" USING gin ("organization_id", "tags");

-- 2. Custom field definitions: a per-organization schema for customers.custom_fields (JSON object by key).
CREATE TYPE "crm"."custom_field_entity" AS ENUM ('customer');
CREATE TYPE "crm"."custom_field_kind" AS ENUM ('text', 'number', 'date', 'select');

CREATE TABLE "crm"."custom_field_definitions" (
    "organization_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "entity" "crm"."custom_field_entity" NOT NULL DEFAULT 'customer',
    "key" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "kind" "crm"."custom_field_kind" NOT NULL,
    "options" TEXT[] NOT NULL DEFAULT '{}',
    "required" BOOLEAN NOT NULL DEFAULT false,
    "sort_order" INTEGER NOT NULL DEFAULT 0,
    "archived_at" TIMESTAMPTZ(6),
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" UUID,
    "updated_by" UUID,

    CONSTRAINT "custom_field_definitions_pkey" PRIMARY KEY ("organization_id", "id"),
    CONSTRAINT "custom_field_definitions_key_check" CHECK ("key" ~ '^[a-z][a-z0-9_]{0,49}$'),
    CONSTRAINT "custom_field_definitions_label_check" CHECK (length(btrim("label")) BETWEEN 1 AND 100),
    -- A select field has 1..100 options; the other kinds have none.
    CONSTRAINT "custom_field_definitions_options_check" CHECK (
      CASE WHEN "kind" = 'select' THEN cardinality("options") BETWEEN 1 AND 100 ELSE cardinality("options") = 0 END),
    CONSTRAINT "custom_field_definitions_version_check" CHECK ("version" >= 1)
);
CREATE UNIQUE INDEX "custom_field_definitions_organization_id_entity_key_key"
  ON "crm"."custom_field_definitions"("organization_id", "entity", "key");
CREATE INDEX "custom_field_definitions_organization_id_entity_sort_order_idx"
  ON "crm"."custom_field_definitions"("organization_id", "entity", "sort_order");
ALTER TABLE "crm"."custom_field_definitions" ADD CONSTRAINT "custom_field_definitions_organization_id_fkey"
  FOREIGN KEY ("organization_id") REFERENCES "platform"."organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
SELECT platform.tenant_table('crm.custom_field_definitions');

-- 3. Segments: a saved customers-list filter (filters + q); members are computed on read.
CREATE TABLE "crm"."segments" (
    "organization_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "definition" JSONB NOT NULL DEFAULT '{}',
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" UUID,
    "updated_by" UUID,

    CONSTRAINT "segments_pkey" PRIMARY KEY ("organization_id", "id"),
    CONSTRAINT "segments_name_check" CHECK (length(btrim("name")) BETWEEN 1 AND 100),
    CONSTRAINT "segments_definition_check" CHECK (jsonb_typeof("definition") = 'object'),
    CONSTRAINT "segments_version_check" CHECK ("version" >= 1)
);
CREATE UNIQUE INDEX "segments_organization_id_name_key" ON "crm"."segments"("organization_id", "name");
ALTER TABLE "crm"."segments" ADD CONSTRAINT "segments_organization_id_fkey"
  FOREIGN KEY ("organization_id") REFERENCES "platform"."organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
SELECT platform.tenant_table('crm.segments');

-- 4. The catalog grew (crm.settings.manage: custom fields and segments): owner "*" and sales "crm.*" cover it,
-- admin gets it by name. syncSystemRoles does the same at seed.
INSERT INTO "auth"."role_permissions" ("organization_id", "role_id", "permission")
SELECT r."organization_id", r."id", 'crm.settings.manage' FROM "auth"."roles" r
 WHERE r."is_system" AND r."key" IN ('owner', 'sales', 'admin')
ON CONFLICT DO NOTHING;
