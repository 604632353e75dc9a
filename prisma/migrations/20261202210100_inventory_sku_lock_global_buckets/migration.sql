-- The SKU check's buckets (20261202210000) were 1,024 per organization: one transaction that writes items of many
-- organizations (a bulk load across tenants, the benchmark's generator) still multiplied them past the lock table.
-- The buckets are now 1,024 in all, picked by the hash of (organization, SKU): a transaction holds at most 1,024 of
-- these locks whatever it writes; writers of the same SKU of an organization still queue on the same lock.
CREATE OR REPLACE FUNCTION "inventory"."sku_unique_across"() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.sku = OLD.sku THEN RETURN NEW; END IF;
  PERFORM pg_advisory_xact_lock(hashtext('inventory.sku'), hashtext(NEW.organization_id::text || ':' || NEW.sku) & 1023);
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
