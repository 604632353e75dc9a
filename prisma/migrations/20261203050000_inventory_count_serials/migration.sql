-- Cycle counts of serial-controlled items (issue 6): a count line of a serial-controlled item holds its serials —
-- the ones expected at the snapshot (recorded in_stock at the line's location, in its lot) and the ones the counter
-- found (a serial the organization does not know has no serial_id). A row is expected, found or both; once posted,
-- move_id is the move that issued (missing), transferred or received (extra) it. Read through the line's count
-- (lines carry no workspace; the count's visible_workspace policy decides, as for stock_count_lines).
CREATE TABLE "inventory"."stock_count_serials" (
    "organization_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "line_id" UUID NOT NULL,
    "serial_id" UUID,
    "serial_number" TEXT NOT NULL,
    "expected" BOOLEAN NOT NULL DEFAULT false,
    "found" BOOLEAN NOT NULL DEFAULT false,
    "found_at" TIMESTAMPTZ(6),
    "found_by" UUID,
    "move_id" UUID,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" UUID,
    "updated_by" UUID,

    CONSTRAINT "stock_count_serials_pkey" PRIMARY KEY ("organization_id", "id"),
    CONSTRAINT "stock_count_serials_found_check" CHECK ("found" = ("found_at" IS NOT NULL)),
    CONSTRAINT "stock_count_serials_kept_check" CHECK ("expected" OR "found"),
    CONSTRAINT "stock_count_serials_serial_number_check" CHECK (length("serial_number") BETWEEN 1 AND 100)
);
CREATE UNIQUE INDEX "stock_count_serials_organization_id_line_id_serial_number_key"
  ON "inventory"."stock_count_serials"("organization_id", "line_id", "serial_number");
CREATE INDEX "stock_count_serials_organization_id_serial_id_idx" ON "inventory"."stock_count_serials"("organization_id", "serial_id");
CREATE INDEX "stock_count_serials_organization_id_move_id_idx" ON "inventory"."stock_count_serials"("organization_id", "move_id");
ALTER TABLE "inventory"."stock_count_serials" ADD CONSTRAINT "stock_count_serials_organization_id_line_id_fkey"
  FOREIGN KEY ("organization_id", "line_id") REFERENCES "inventory"."stock_count_lines"("organization_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "inventory"."stock_count_serials" ADD CONSTRAINT "stock_count_serials_organization_id_serial_id_fkey"
  FOREIGN KEY ("organization_id", "serial_id") REFERENCES "inventory"."serials"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "inventory"."stock_count_serials" ADD CONSTRAINT "stock_count_serials_organization_id_move_id_fkey"
  FOREIGN KEY ("organization_id", "move_id") REFERENCES "inventory"."stock_moves"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
SELECT platform.tenant_table('inventory.stock_count_serials');
