-- Optimistic concurrency for adjustment reasons (20261203140000): a version, bumped by every change of a reason
-- (update, archive / restore, a move in the sort order); inventory.adjustmentReasons.update and .move take the version
-- the caller read and answer CONFLICT when it is stale. Existing rows start at 1, as new ones do.
ALTER TABLE "inventory"."adjustment_reasons"
  ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1,
  ADD CONSTRAINT "adjustment_reasons_version_check" CHECK ("version" >= 1);
