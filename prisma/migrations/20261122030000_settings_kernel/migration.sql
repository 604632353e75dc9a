-- Kernel settings: document number sequences (ARCHITECTURE §9); currencies, tax rates, exchange rates, units of
-- measure and payment terms (§10); the generic status history written by the state machines (§4).
-- Tenant tables: organization_id first, primary key (organization_id, id), composite foreign keys, business keys
-- unique per organization, RLS enabled and forced with the tenant_isolation policy of the foundation migration.

CREATE TYPE "settings"."sequence_reset" AS ENUM ('yearly', 'never');
CREATE TYPE "settings"."tax_kind" AS ENUM ('vat', 'sales', 'gst', 'exempt');
CREATE TYPE "settings"."unit_category" AS ENUM ('count', 'mass', 'length', 'volume', 'time', 'area');

-- ---------------------------------------------------------------------------------------------------------------
-- Number sequences
CREATE TABLE "settings"."number_sequences" (
    "organization_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "workspace_id" UUID,
    "document_type" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "reset" "settings"."sequence_reset" NOT NULL DEFAULT 'yearly',
    "used_at" TIMESTAMPTZ(6),
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" UUID,
    "updated_by" UUID,
    CONSTRAINT "number_sequences_pkey" PRIMARY KEY ("organization_id", "id"),
    CONSTRAINT "number_sequences_document_type_check" CHECK ("document_type" ~ '^[a-z][a-z0-9_]{0,62}$'),
    -- The application validates the tokens; the database holds the shape that keeps numbers unique.
    CONSTRAINT "number_sequences_format_check" CHECK (length("format") BETWEEN 1 AND 64 AND "format" ~ '\{#+\}'),
    CONSTRAINT "number_sequences_version_check" CHECK ("version" >= 1)
);
CREATE INDEX "number_sequences_organization_id_workspace_id_idx" ON "settings"."number_sequences"("organization_id", "workspace_id");
CREATE INDEX "number_sequences_organization_id_document_type_idx" ON "settings"."number_sequences"("organization_id", "document_type");
-- One organization-wide sequence per type, and at most one per workspace and type.
CREATE UNIQUE INDEX "number_sequences_org_type_key" ON "settings"."number_sequences"("organization_id", "document_type")
  WHERE "workspace_id" IS NULL;
CREATE UNIQUE INDEX "number_sequences_org_ws_type_key" ON "settings"."number_sequences"("organization_id", "workspace_id", "document_type")
  WHERE "workspace_id" IS NOT NULL;

CREATE TABLE "settings"."number_sequence_counters" (
    "organization_id" UUID NOT NULL,
    "sequence_id" UUID NOT NULL,
    "period" TEXT NOT NULL,
    "last_value" BIGINT NOT NULL,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "number_sequence_counters_pkey" PRIMARY KEY ("organization_id", "sequence_id", "period"),
    CONSTRAINT "number_sequence_counters_last_value_check" CHECK ("last_value" >= 1),
    CONSTRAINT "number_sequence_counters_period_check" CHECK ("period" = '' OR "period" ~ '^[0-9]{4}$')
);

-- ---------------------------------------------------------------------------------------------------------------
-- Money, tax, units, terms
CREATE TABLE "settings"."currencies" (
    "organization_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "code" CHAR(3) NOT NULL,
    "is_base" BOOLEAN NOT NULL DEFAULT false,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" UUID,
    "updated_by" UUID,
    CONSTRAINT "currencies_pkey" PRIMARY KEY ("organization_id", "id"),
    CONSTRAINT "currencies_code_check" CHECK ("code" ~ '^[A-Z]{3}$'),
    CONSTRAINT "currencies_base_active_check" CHECK (NOT "is_base" OR "active")
);
CREATE UNIQUE INDEX "currencies_organization_id_code_key" ON "settings"."currencies"("organization_id", "code");
CREATE UNIQUE INDEX "currencies_one_base_key" ON "settings"."currencies"("organization_id") WHERE "is_base";

CREATE TABLE "settings"."tax_rates" (
    "organization_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "rate" DECIMAL(9,6) NOT NULL,
    "kind" "settings"."tax_kind" NOT NULL,
    "region" TEXT,
    "inclusive" BOOLEAN NOT NULL DEFAULT false,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "valid_from" DATE,
    "valid_to" DATE,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" UUID,
    "updated_by" UUID,
    CONSTRAINT "tax_rates_pkey" PRIMARY KEY ("organization_id", "id"),
    CONSTRAINT "tax_rates_code_check" CHECK ("code" ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$'),
    CONSTRAINT "tax_rates_rate_check" CHECK ("rate" >= 0 AND "rate" < 100),
    CONSTRAINT "tax_rates_exempt_check" CHECK ("kind" <> 'exempt' OR "rate" = 0),
    CONSTRAINT "tax_rates_validity_check" CHECK ("valid_to" IS NULL OR "valid_from" IS NULL OR "valid_to" >= "valid_from")
);
CREATE INDEX "tax_rates_organization_id_code_valid_from_idx" ON "settings"."tax_rates"("organization_id", "code", "valid_from");
-- Two rows of one code never start on the same day (or both without a start).
CREATE UNIQUE INDEX "tax_rates_org_code_from_key" ON "settings"."tax_rates"("organization_id", "code", COALESCE("valid_from", '-infinity'::date));

CREATE TABLE "settings"."exchange_rates" (
    "organization_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "from_currency" CHAR(3) NOT NULL,
    "to_currency" CHAR(3) NOT NULL,
    "rate" DECIMAL(18,8) NOT NULL,
    "valid_on" DATE NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" UUID,
    "updated_by" UUID,
    CONSTRAINT "exchange_rates_pkey" PRIMARY KEY ("organization_id", "id"),
    CONSTRAINT "exchange_rates_currencies_check" CHECK ("from_currency" ~ '^[A-Z]{3}$' AND "to_currency" ~ '^[A-Z]{3}$' AND "from_currency" <> "to_currency"),
    CONSTRAINT "exchange_rates_rate_check" CHECK ("rate" > 0)
);
CREATE UNIQUE INDEX "exchange_rates_organization_id_from_currency_to_currency_valid_on_key"
  ON "settings"."exchange_rates"("organization_id", "from_currency", "to_currency", "valid_on");

CREATE TABLE "settings"."units_of_measure" (
    "organization_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "category" "settings"."unit_category" NOT NULL,
    "factor" DECIMAL(18,6) NOT NULL DEFAULT 1,
    "decimals" SMALLINT NOT NULL DEFAULT 0,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" UUID,
    "updated_by" UUID,
    CONSTRAINT "units_of_measure_pkey" PRIMARY KEY ("organization_id", "id"),
    CONSTRAINT "units_of_measure_code_check" CHECK (length("code") BETWEEN 1 AND 16),
    CONSTRAINT "units_of_measure_factor_check" CHECK ("factor" > 0),
    CONSTRAINT "units_of_measure_decimals_check" CHECK ("decimals" BETWEEN 0 AND 4)
);
CREATE UNIQUE INDEX "units_of_measure_organization_id_code_key" ON "settings"."units_of_measure"("organization_id", "code");

CREATE TABLE "settings"."payment_terms" (
    "organization_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "net_days" INTEGER NOT NULL,
    "discount_percent" DECIMAL(9,6) NOT NULL DEFAULT 0,
    "discount_days" INTEGER,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" UUID,
    "updated_by" UUID,
    CONSTRAINT "payment_terms_pkey" PRIMARY KEY ("organization_id", "id"),
    CONSTRAINT "payment_terms_net_days_check" CHECK ("net_days" BETWEEN 0 AND 3650),
    CONSTRAINT "payment_terms_discount_check" CHECK ("discount_percent" >= 0 AND "discount_percent" < 100
      AND ("discount_percent" = 0 OR ("discount_days" IS NOT NULL AND "discount_days" BETWEEN 0 AND "net_days")))
);
CREATE UNIQUE INDEX "payment_terms_organization_id_code_key" ON "settings"."payment_terms"("organization_id", "code");

-- ---------------------------------------------------------------------------------------------------------------
-- Status history (generic over entity types)
CREATE TABLE "audit"."status_history" (
    "organization_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "workspace_id" UUID,
    "entity_type" TEXT NOT NULL,
    "entity_id" UUID NOT NULL,
    "from_status" TEXT NOT NULL,
    "to_status" TEXT NOT NULL,
    "transition" TEXT NOT NULL,
    "reason" TEXT,
    "actor_id" UUID,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "status_history_pkey" PRIMARY KEY ("organization_id", "id"),
    CONSTRAINT "status_history_reason_check" CHECK ("reason" IS NULL OR length("reason") <= 1000)
);
CREATE INDEX "status_history_organization_id_entity_type_entity_id_created_at_idx"
  ON "audit"."status_history"("organization_id", "entity_type", "entity_id", "created_at");
-- History is appended, never rewritten.
REVOKE UPDATE, DELETE ON "audit"."status_history" FROM tessera_app;

-- ---------------------------------------------------------------------------------------------------------------
-- Foreign keys (tenant references are composite and include organization_id)
ALTER TABLE "settings"."number_sequences" ADD CONSTRAINT "number_sequences_organization_id_fkey"
  FOREIGN KEY ("organization_id") REFERENCES "platform"."organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "settings"."number_sequences" ADD CONSTRAINT "number_sequences_organization_id_workspace_id_fkey"
  FOREIGN KEY ("organization_id", "workspace_id") REFERENCES "platform"."workspaces"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "settings"."number_sequence_counters" ADD CONSTRAINT "number_sequence_counters_organization_id_sequence_id_fkey"
  FOREIGN KEY ("organization_id", "sequence_id") REFERENCES "settings"."number_sequences"("organization_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "settings"."currencies" ADD CONSTRAINT "currencies_organization_id_fkey"
  FOREIGN KEY ("organization_id") REFERENCES "platform"."organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "settings"."tax_rates" ADD CONSTRAINT "tax_rates_organization_id_fkey"
  FOREIGN KEY ("organization_id") REFERENCES "platform"."organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "settings"."exchange_rates" ADD CONSTRAINT "exchange_rates_organization_id_fkey"
  FOREIGN KEY ("organization_id") REFERENCES "platform"."organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "settings"."units_of_measure" ADD CONSTRAINT "units_of_measure_organization_id_fkey"
  FOREIGN KEY ("organization_id") REFERENCES "platform"."organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "settings"."payment_terms" ADD CONSTRAINT "payment_terms_organization_id_fkey"
  FOREIGN KEY ("organization_id") REFERENCES "platform"."organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------------------------------------------
-- Row-level security
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['settings.number_sequences', 'settings.number_sequence_counters', 'settings.currencies',
                           'settings.tax_rates', 'settings.exchange_rates', 'settings.units_of_measure',
                           'settings.payment_terms', 'audit.status_history']
  LOOP
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON %s
      USING (organization_id = (SELECT nullif(current_setting('app.org_id', true), '')::uuid))
      WITH CHECK (organization_id = (SELECT nullif(current_setting('app.org_id', true), '')::uuid))$p$, t);
  END LOOP;
END $$;

-- Audit trail (ARCHITECTURE §8): every change to these tables goes to audit.events.
SELECT audit.track('settings.number_sequences');
SELECT audit.track('settings.number_sequence_counters');
SELECT audit.track('settings.currencies');
SELECT audit.track('settings.tax_rates');
SELECT audit.track('settings.exchange_rates');
SELECT audit.track('settings.units_of_measure');
SELECT audit.track('settings.payment_terms');
