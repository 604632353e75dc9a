-- Inventory item extras (issue 6): substitutes, one SKU space for items and variants held by the database, and the
-- item name's search key for the command palette.

-- ---------------------------------------------------------------------------------------------------------------
-- SKU unique per organization across items AND variants. Each table's unique index holds its own rows; this trigger
-- holds the pair: it serializes writers of the same (organization, SKU) on a transaction advisory lock and refuses a
-- SKU the other table already has (unique_violation, so callers see the same error as a duplicate in one table).
CREATE FUNCTION "inventory"."sku_unique_across"() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.sku = OLD.sku THEN RETURN NEW; END IF;
  PERFORM pg_advisory_xact_lock(hashtextextended('inventory.sku:' || NEW.organization_id::text || ':' || NEW.sku, 0));
  IF TG_TABLE_NAME = 'items' THEN
    IF EXISTS (SELECT 1 FROM inventory.variants v WHERE v.organization_id = NEW.organization_id AND v.sku = NEW.sku) THEN
      RAISE EXCEPTION 'SKU % is already used by a variant', NEW.sku
        USING ERRCODE = 'unique_violation', CONSTRAINT = 'items_variants_sku_unique', TABLE = 'items', COLUMN = 'sku';
    END IF;
  ELSE
    IF EXISTS (SELECT 1 FROM inventory.items i WHERE i.organization_id = NEW.organization_id AND i.sku = NEW.sku) THEN
      RAISE EXCEPTION 'SKU % is already used by an item', NEW.sku
        USING ERRCODE = 'unique_violation', CONSTRAINT = 'items_variants_sku_unique', TABLE = 'variants', COLUMN = 'sku';
    END IF;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "items_sku_unique_across" BEFORE INSERT OR UPDATE OF "sku" ON "inventory"."items"
  FOR EACH ROW EXECUTE FUNCTION "inventory"."sku_unique_across"();
CREATE TRIGGER "variants_sku_unique_across" BEFORE INSERT OR UPDATE OF "sku" ON "inventory"."variants"
  FOR EACH ROW EXECUTE FUNCTION "inventory"."sku_unique_across"();

-- ---------------------------------------------------------------------------------------------------------------
-- The command palette's name search: lower(name) as a stored column, so a prefix is a leakproof text range on an
-- index under FORCE RLS (lower() in a qual never is).
ALTER TABLE "inventory"."items" ADD COLUMN "name_key" TEXT GENERATED ALWAYS AS (lower("name")) STORED;
CREATE INDEX "items_organization_id_name_key_idx" ON "inventory"."items"("organization_id", "name_key");

-- ---------------------------------------------------------------------------------------------------------------
-- Substitutes: another item that can stand in for this one (preferred / acceptable / emergency), with a conversion
-- factor (1 unit of the item = factor units of the substitute). Never the item itself; one row per pair.
CREATE TYPE "inventory"."substitute_kind" AS ENUM ('preferred', 'acceptable', 'emergency');

CREATE TABLE "inventory"."item_substitutes" (
    "organization_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "item_id" UUID NOT NULL,
    "substitute_item_id" UUID NOT NULL,
    "kind" "inventory"."substitute_kind" NOT NULL DEFAULT 'acceptable',
    "conversion_factor" DECIMAL(18,6) NOT NULL DEFAULT 1,
    "notes" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" UUID,
    "updated_by" UUID,

    CONSTRAINT "item_substitutes_pkey" PRIMARY KEY ("organization_id", "id"),
    CONSTRAINT "item_substitutes_not_self_check" CHECK ("substitute_item_id" <> "item_id"),
    CONSTRAINT "item_substitutes_conversion_factor_check" CHECK ("conversion_factor" > 0),
    CONSTRAINT "item_substitutes_notes_check" CHECK ("notes" IS NULL OR length("notes") <= 1000),
    CONSTRAINT "item_substitutes_version_check" CHECK ("version" >= 1)
);
CREATE UNIQUE INDEX "item_substitutes_organization_id_item_id_substitute_item_id_key"
  ON "inventory"."item_substitutes"("organization_id", "item_id", "substitute_item_id");
CREATE INDEX "item_substitutes_organization_id_substitute_item_id_idx" ON "inventory"."item_substitutes"("organization_id", "substitute_item_id");
ALTER TABLE "inventory"."item_substitutes" ADD CONSTRAINT "item_substitutes_organization_id_item_id_fkey"
  FOREIGN KEY ("organization_id", "item_id") REFERENCES "inventory"."items"("organization_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "inventory"."item_substitutes" ADD CONSTRAINT "item_substitutes_organization_id_substitute_item_id_fkey"
  FOREIGN KEY ("organization_id", "substitute_item_id") REFERENCES "inventory"."items"("organization_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
SELECT platform.tenant_table('inventory.item_substitutes');
