-- Stock reports and the lot / serial trace (indexes only).

-- Valuation as of a date: per item, Σ quantity / value of the moves up to a moment. The scan is a range of
-- (organization_id, item_id, moved_at); the INCLUDEd columns make it index-only (the ledger is append-only, so the
-- visibility map stays mostly all-visible), workspace_id included for the visible_workspace policy's qual.
CREATE INDEX "stock_moves_valuation_idx" ON "inventory"."stock_moves" ("organization_id", "item_id", "moved_at")
  INCLUDE ("workspace_id", "from_location_id", "to_location_id", "quantity", "unit_cost", "value");

-- Trace: a lot / serial looked up by its number across items (number from its start, a text range).
CREATE INDEX "lots_organization_id_lot_number_idx" ON "inventory"."lots" ("organization_id", "lot_number");
CREATE INDEX "serials_organization_id_serial_number_idx" ON "inventory"."serials" ("organization_id", "serial_number");
