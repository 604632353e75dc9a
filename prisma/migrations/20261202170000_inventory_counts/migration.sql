-- Inventory cycle counts (issue 6): a numbered count (CNT-{#####}) of one warehouse, optionally narrowed to a location
-- subtree, a location code range and / or a category subtree. Creating it snapshots every stock level in scope as a
-- line (expected quantity and the item's cost at that moment); counters enter counted quantities (and add lines for
-- stock found where no level was); counting → review → posted (the differences written as `count` moves through the
-- stock services, in the posting transaction) or cancelled. The number sequence comes from the document type
-- registry (catalog reconcile), not from this migration.
CREATE TYPE "inventory"."count_status" AS ENUM ('counting', 'review', 'posted', 'cancelled');

CREATE TABLE "inventory"."stock_counts" (
    "organization_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "number" TEXT NOT NULL,
    "workspace_id" UUID NOT NULL,
    "warehouse_id" UUID NOT NULL,
    "location_id" UUID,
    "location_code_from" TEXT,
    "location_code_to" TEXT,
    "category_id" UUID,
    "blind" BOOLEAN NOT NULL DEFAULT false,
    "status" "inventory"."count_status" NOT NULL DEFAULT 'counting',
    "note" TEXT,
    "snapshot_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reviewed_at" TIMESTAMPTZ(6),
    "posted_at" TIMESTAMPTZ(6),
    "cancelled_at" TIMESTAMPTZ(6),
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" UUID,
    "updated_by" UUID,

    CONSTRAINT "stock_counts_pkey" PRIMARY KEY ("organization_id", "id"),
    CONSTRAINT "stock_counts_cancelled_check" CHECK (("status" = 'cancelled') = ("cancelled_at" IS NOT NULL)),
    CONSTRAINT "stock_counts_posted_check" CHECK (("status" = 'posted') = ("posted_at" IS NOT NULL)),
    CONSTRAINT "stock_counts_note_check" CHECK ("note" IS NULL OR length("note") <= 1000),
    CONSTRAINT "stock_counts_version_check" CHECK ("version" >= 1)
);
CREATE UNIQUE INDEX "stock_counts_organization_id_number_key" ON "inventory"."stock_counts"("organization_id", "number");
CREATE INDEX "stock_counts_organization_id_warehouse_id_workspace_id_idx" ON "inventory"."stock_counts"("organization_id", "warehouse_id", "workspace_id");
CREATE INDEX "stock_counts_organization_id_warehouse_id_location_id_idx" ON "inventory"."stock_counts"("organization_id", "warehouse_id", "location_id");
CREATE INDEX "stock_counts_organization_id_category_id_idx" ON "inventory"."stock_counts"("organization_id", "category_id");
ALTER TABLE "inventory"."stock_counts" ADD CONSTRAINT "stock_counts_organization_id_warehouse_id_workspace_id_fkey"
  FOREIGN KEY ("organization_id", "warehouse_id", "workspace_id") REFERENCES "inventory"."warehouses"("organization_id", "id", "workspace_id") ON DELETE RESTRICT ON UPDATE CASCADE;
-- The scope's location is one of the count's warehouse.
ALTER TABLE "inventory"."stock_counts" ADD CONSTRAINT "stock_counts_organization_id_warehouse_id_location_id_fkey"
  FOREIGN KEY ("organization_id", "warehouse_id", "location_id") REFERENCES "inventory"."locations"("organization_id", "warehouse_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "inventory"."stock_counts" ADD CONSTRAINT "stock_counts_organization_id_category_id_fkey"
  FOREIGN KEY ("organization_id", "category_id") REFERENCES "inventory"."categories"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
SELECT platform.tenant_table('inventory.stock_counts');

-- One line per item × variant × location × lot. expected_qty: the level's on hand at the snapshot (0 for a line added
-- while counting); unit_cost: the item's cost at the snapshot; counted_qty / counted_at / counted_by: the entry;
-- posting_on_hand_qty, posted_qty (counted − on hand at posting, the move's signed quantity) and move_id once posted.
CREATE TABLE "inventory"."stock_count_lines" (
    "organization_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "count_id" UUID NOT NULL,
    "line_no" INTEGER NOT NULL,
    "item_id" UUID NOT NULL,
    "variant_id" UUID,
    "location_id" UUID NOT NULL,
    "lot_id" UUID,
    "lot_number" TEXT,
    "expected_qty" DECIMAL(18,4) NOT NULL DEFAULT 0,
    "unit_cost" DECIMAL(18,6) NOT NULL DEFAULT 0,
    "added" BOOLEAN NOT NULL DEFAULT false,
    "counted_qty" DECIMAL(18,4),
    "counted_at" TIMESTAMPTZ(6),
    "counted_by" UUID,
    "posting_on_hand_qty" DECIMAL(18,4),
    "posted_qty" DECIMAL(18,4),
    "move_id" UUID,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" UUID,
    "updated_by" UUID,

    CONSTRAINT "stock_count_lines_pkey" PRIMARY KEY ("organization_id", "id"),
    CONSTRAINT "stock_count_lines_counted_check" CHECK (("counted_qty" IS NULL) = ("counted_at" IS NULL) AND ("counted_qty" IS NULL OR "counted_qty" >= 0)),
    CONSTRAINT "stock_count_lines_unit_cost_check" CHECK ("unit_cost" >= 0),
    CONSTRAINT "stock_count_lines_lot_check" CHECK ("lot_id" IS NULL OR "lot_number" IS NOT NULL)
);
CREATE UNIQUE INDEX "stock_count_lines_organization_id_count_id_line_no_key" ON "inventory"."stock_count_lines"("organization_id", "count_id", "line_no");
-- One line per level: a line added while counting cannot duplicate one of the snapshot.
CREATE UNIQUE INDEX "stock_count_lines_organization_id_count_id_item_id_variant_id_location_id_lot_number_key"
  ON "inventory"."stock_count_lines"("organization_id", "count_id", "item_id", "variant_id", "location_id", "lot_number") NULLS NOT DISTINCT;
CREATE INDEX "stock_count_lines_organization_id_item_id_idx" ON "inventory"."stock_count_lines"("organization_id", "item_id");
CREATE INDEX "stock_count_lines_organization_id_location_id_idx" ON "inventory"."stock_count_lines"("organization_id", "location_id");
CREATE INDEX "stock_count_lines_organization_id_move_id_idx" ON "inventory"."stock_count_lines"("organization_id", "move_id");
ALTER TABLE "inventory"."stock_count_lines" ADD CONSTRAINT "stock_count_lines_organization_id_count_id_fkey"
  FOREIGN KEY ("organization_id", "count_id") REFERENCES "inventory"."stock_counts"("organization_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "inventory"."stock_count_lines" ADD CONSTRAINT "stock_count_lines_organization_id_item_id_fkey"
  FOREIGN KEY ("organization_id", "item_id") REFERENCES "inventory"."items"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "inventory"."stock_count_lines" ADD CONSTRAINT "stock_count_lines_organization_id_item_id_variant_id_fkey"
  FOREIGN KEY ("organization_id", "item_id", "variant_id") REFERENCES "inventory"."variants"("organization_id", "item_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "inventory"."stock_count_lines" ADD CONSTRAINT "stock_count_lines_organization_id_location_id_fkey"
  FOREIGN KEY ("organization_id", "location_id") REFERENCES "inventory"."locations"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "inventory"."stock_count_lines" ADD CONSTRAINT "stock_count_lines_organization_id_item_id_lot_id_fkey"
  FOREIGN KEY ("organization_id", "item_id", "lot_id") REFERENCES "inventory"."lots"("organization_id", "item_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "inventory"."stock_count_lines" ADD CONSTRAINT "stock_count_lines_organization_id_move_id_fkey"
  FOREIGN KEY ("organization_id", "move_id") REFERENCES "inventory"."stock_moves"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
SELECT platform.tenant_table('inventory.stock_count_lines');

-- The counts of a workspace only for its members (lines are read through their count).
CREATE POLICY visible_workspace ON "inventory"."stock_counts" AS RESTRICTIVE
  USING ("workspace_id" = ANY (coalesce((SELECT nullif(current_setting('app.workspace_ids', true), '')::uuid[]), '{}'::uuid[])))
  WITH CHECK ("workspace_id" = ANY (coalesce((SELECT nullif(current_setting('app.workspace_ids', true), '')::uuid[]), '{}'::uuid[])));
