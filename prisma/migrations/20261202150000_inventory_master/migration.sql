-- Inventory master data (issue 6): part-number series per category, location moves without cycles.

-- ---------------------------------------------------------------------------------------------------------------
-- Keyed number series. A document type whose registry scope is "series" (item_part_number) has one sequence per
-- owner record, named by series_key (the category's id), created by the owner's service — never by syncSequences
-- and never here (migrations see no tenant rows). Counters, locking and widening are the kernel's as for any
-- sequence. Ordinary sequences keep series_key NULL and their uniqueness.
ALTER TABLE "settings"."number_sequences" ADD COLUMN "series_key" TEXT;
ALTER TABLE "settings"."number_sequences" ADD CONSTRAINT "number_sequences_series_key_check"
  CHECK ("series_key" IS NULL OR ("workspace_id" IS NULL AND length("series_key") BETWEEN 1 AND 100));
DROP INDEX "settings"."number_sequences_org_type_key";
CREATE UNIQUE INDEX "number_sequences_org_type_key" ON "settings"."number_sequences"("organization_id", "document_type")
  WHERE "workspace_id" IS NULL AND "series_key" IS NULL;
CREATE UNIQUE INDEX "number_sequences_org_type_series_key" ON "settings"."number_sequences"("organization_id", "document_type", "series_key")
  WHERE "series_key" IS NOT NULL;

-- ---------------------------------------------------------------------------------------------------------------
-- A location may not become its own ancestor (the parent's foreign key already keeps it in the same warehouse).
-- Runs as the writer (RLS applies).
CREATE FUNCTION "inventory"."locations_no_cycle"() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF NEW.parent_id IS NOT NULL AND EXISTS (
    WITH RECURSIVE up AS (
      SELECT l.id, l.parent_id, 1 AS depth FROM inventory.locations l
       WHERE l.organization_id = NEW.organization_id AND l.id = NEW.parent_id
      UNION ALL
      SELECT l.id, l.parent_id, up.depth + 1 FROM inventory.locations l JOIN up ON l.id = up.parent_id
       WHERE l.organization_id = NEW.organization_id AND up.depth < 1000)
    SELECT 1 FROM up WHERE up.id = NEW.id) THEN
    RAISE EXCEPTION 'location % cannot be moved under its own descendant', NEW.id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'locations_no_cycle';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "locations_no_cycle" BEFORE INSERT OR UPDATE OF "parent_id" ON "inventory"."locations"
  FOR EACH ROW EXECUTE FUNCTION "inventory"."locations_no_cycle"();
