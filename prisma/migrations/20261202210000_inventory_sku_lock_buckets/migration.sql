-- One SKU space for items and variants (20261202200000_inventory_item_extras) took one advisory lock per written SKU
-- and held it to the end of the transaction: a transaction that writes many items (a bulk load, a large import chunk)
-- ran out of the shared lock table ("out of shared memory", max_locks_per_transaction). The lock is now one of 1,024
-- buckets per organization (the SKU's hash picks the bucket): writers of the same SKU still queue on the same lock, a
-- transaction holds at most 1,024 of them, and two different SKUs share a bucket only by chance (a short wait, never
-- a wrong answer).
CREATE OR REPLACE FUNCTION "inventory"."sku_unique_across"() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.sku = OLD.sku THEN RETURN NEW; END IF;
  PERFORM pg_advisory_xact_lock(hashtext('inventory.sku:' || NEW.organization_id::text), hashtext(NEW.sku) & 1023);
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
