-- Inventory documents (issue 6): numbered stock adjustments (ADJ-{YYYY}-{#####}) and stock transfers
-- (TRF-{YYYY}-{#####}, within one workspace) with their lines. draft → posted (the lines' moves are written through
-- the stock services) → cancelled (a posted document is cancelled by reversing its moves; a draft simply). The kernel
-- numbering registry already has both document types, so every organization has their sequences.
CREATE TYPE "inventory"."document_status" AS ENUM ('draft', 'posted', 'cancelled');

CREATE TABLE "inventory"."stock_adjustments" (
    "organization_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "number" TEXT NOT NULL,
    "workspace_id" UUID NOT NULL,
    "warehouse_id" UUID NOT NULL,
    "status" "inventory"."document_status" NOT NULL DEFAULT 'draft',
    "reason" TEXT NOT NULL,
    "note" TEXT,
    "posted_at" TIMESTAMPTZ(6),
    "cancelled_at" TIMESTAMPTZ(6),
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" UUID,
    "updated_by" UUID,

    CONSTRAINT "stock_adjustments_pkey" PRIMARY KEY ("organization_id", "id"),
    CONSTRAINT "stock_adjustments_reason_check" CHECK (length(btrim("reason")) BETWEEN 1 AND 500),
    CONSTRAINT "stock_adjustments_cancelled_check" CHECK (("status" = 'cancelled') = ("cancelled_at" IS NOT NULL)),
    CONSTRAINT "stock_adjustments_posted_check" CHECK ("status" <> 'posted' OR "posted_at" IS NOT NULL),
    CONSTRAINT "stock_adjustments_version_check" CHECK ("version" >= 1)
);
CREATE UNIQUE INDEX "stock_adjustments_organization_id_number_key" ON "inventory"."stock_adjustments"("organization_id", "number");
CREATE INDEX "stock_adjustments_organization_id_warehouse_id_workspace_id_idx" ON "inventory"."stock_adjustments"("organization_id", "warehouse_id", "workspace_id");
CREATE INDEX "stock_adjustments_organization_id_created_at_id_idx" ON "inventory"."stock_adjustments"("organization_id", "created_at", "id");
ALTER TABLE "inventory"."stock_adjustments" ADD CONSTRAINT "stock_adjustments_organization_id_warehouse_id_workspace_id_fkey"
  FOREIGN KEY ("organization_id", "warehouse_id", "workspace_id") REFERENCES "inventory"."warehouses"("organization_id", "id", "workspace_id") ON DELETE RESTRICT ON UPDATE CASCADE;
SELECT platform.tenant_table('inventory.stock_adjustments');

-- quantity is signed (never 0): positive adds stock, negative takes it out. move_id: the line's move once posted.
CREATE TABLE "inventory"."stock_adjustment_lines" (
    "organization_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "adjustment_id" UUID NOT NULL,
    "line_no" INTEGER NOT NULL,
    "item_id" UUID NOT NULL,
    "variant_id" UUID,
    "location_id" UUID NOT NULL,
    "lot_number" TEXT,
    "serial_number" TEXT,
    "quantity" DECIMAL(18,4) NOT NULL,
    "unit_cost" DECIMAL(18,6),
    "move_id" UUID,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" UUID,
    "updated_by" UUID,

    CONSTRAINT "stock_adjustment_lines_pkey" PRIMARY KEY ("organization_id", "id"),
    CONSTRAINT "stock_adjustment_lines_quantity_check" CHECK ("quantity" <> 0),
    CONSTRAINT "stock_adjustment_lines_unit_cost_check" CHECK ("unit_cost" IS NULL OR ("unit_cost" >= 0 AND "quantity" > 0))
);
CREATE UNIQUE INDEX "stock_adjustment_lines_organization_id_adjustment_id_line_no_key" ON "inventory"."stock_adjustment_lines"("organization_id", "adjustment_id", "line_no");
CREATE INDEX "stock_adjustment_lines_organization_id_item_id_idx" ON "inventory"."stock_adjustment_lines"("organization_id", "item_id");
CREATE INDEX "stock_adjustment_lines_organization_id_location_id_idx" ON "inventory"."stock_adjustment_lines"("organization_id", "location_id");
CREATE INDEX "stock_adjustment_lines_organization_id_move_id_idx" ON "inventory"."stock_adjustment_lines"("organization_id", "move_id");
ALTER TABLE "inventory"."stock_adjustment_lines" ADD CONSTRAINT "stock_adjustment_lines_organization_id_adjustment_id_fkey"
  FOREIGN KEY ("organization_id", "adjustment_id") REFERENCES "inventory"."stock_adjustments"("organization_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "inventory"."stock_adjustment_lines" ADD CONSTRAINT "stock_adjustment_lines_organization_id_item_id_fkey"
  FOREIGN KEY ("organization_id", "item_id") REFERENCES "inventory"."items"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "inventory"."stock_adjustment_lines" ADD CONSTRAINT "stock_adjustment_lines_organization_id_item_id_variant_id_fkey"
  FOREIGN KEY ("organization_id", "item_id", "variant_id") REFERENCES "inventory"."variants"("organization_id", "item_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "inventory"."stock_adjustment_lines" ADD CONSTRAINT "stock_adjustment_lines_organization_id_location_id_fkey"
  FOREIGN KEY ("organization_id", "location_id") REFERENCES "inventory"."locations"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "inventory"."stock_adjustment_lines" ADD CONSTRAINT "stock_adjustment_lines_organization_id_move_id_fkey"
  FOREIGN KEY ("organization_id", "move_id") REFERENCES "inventory"."stock_moves"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
SELECT platform.tenant_table('inventory.stock_adjustment_lines');

CREATE TABLE "inventory"."stock_transfers" (
    "organization_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "number" TEXT NOT NULL,
    "workspace_id" UUID NOT NULL,
    "from_warehouse_id" UUID NOT NULL,
    "to_warehouse_id" UUID NOT NULL,
    "status" "inventory"."document_status" NOT NULL DEFAULT 'draft',
    "note" TEXT,
    "posted_at" TIMESTAMPTZ(6),
    "cancelled_at" TIMESTAMPTZ(6),
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" UUID,
    "updated_by" UUID,

    CONSTRAINT "stock_transfers_pkey" PRIMARY KEY ("organization_id", "id"),
    CONSTRAINT "stock_transfers_cancelled_check" CHECK (("status" = 'cancelled') = ("cancelled_at" IS NOT NULL)),
    CONSTRAINT "stock_transfers_posted_check" CHECK ("status" <> 'posted' OR "posted_at" IS NOT NULL),
    CONSTRAINT "stock_transfers_version_check" CHECK ("version" >= 1)
);
CREATE UNIQUE INDEX "stock_transfers_organization_id_number_key" ON "inventory"."stock_transfers"("organization_id", "number");
CREATE INDEX "stock_transfers_organization_id_from_warehouse_id_workspace_id_idx" ON "inventory"."stock_transfers"("organization_id", "from_warehouse_id", "workspace_id");
CREATE INDEX "stock_transfers_organization_id_to_warehouse_id_workspace_id_idx" ON "inventory"."stock_transfers"("organization_id", "to_warehouse_id", "workspace_id");
CREATE INDEX "stock_transfers_organization_id_created_at_id_idx" ON "inventory"."stock_transfers"("organization_id", "created_at", "id");
-- Both warehouses in the document's workspace (moves between workspaces need an in-transit flow, not built).
ALTER TABLE "inventory"."stock_transfers" ADD CONSTRAINT "stock_transfers_organization_id_from_warehouse_id_workspace_id_fkey"
  FOREIGN KEY ("organization_id", "from_warehouse_id", "workspace_id") REFERENCES "inventory"."warehouses"("organization_id", "id", "workspace_id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "inventory"."stock_transfers" ADD CONSTRAINT "stock_transfers_organization_id_to_warehouse_id_workspace_id_fkey"
  FOREIGN KEY ("organization_id", "to_warehouse_id", "workspace_id") REFERENCES "inventory"."warehouses"("organization_id", "id", "workspace_id") ON DELETE RESTRICT ON UPDATE CASCADE;
SELECT platform.tenant_table('inventory.stock_transfers');

CREATE TABLE "inventory"."stock_transfer_lines" (
    "organization_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "transfer_id" UUID NOT NULL,
    "line_no" INTEGER NOT NULL,
    "item_id" UUID NOT NULL,
    "variant_id" UUID,
    "from_location_id" UUID NOT NULL,
    "to_location_id" UUID NOT NULL,
    "lot_number" TEXT,
    "serial_number" TEXT,
    "quantity" DECIMAL(18,4) NOT NULL,
    "move_id" UUID,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" UUID,
    "updated_by" UUID,

    CONSTRAINT "stock_transfer_lines_pkey" PRIMARY KEY ("organization_id", "id"),
    CONSTRAINT "stock_transfer_lines_quantity_check" CHECK ("quantity" > 0),
    CONSTRAINT "stock_transfer_lines_locations_check" CHECK ("from_location_id" <> "to_location_id")
);
CREATE UNIQUE INDEX "stock_transfer_lines_organization_id_transfer_id_line_no_key" ON "inventory"."stock_transfer_lines"("organization_id", "transfer_id", "line_no");
CREATE INDEX "stock_transfer_lines_organization_id_item_id_idx" ON "inventory"."stock_transfer_lines"("organization_id", "item_id");
CREATE INDEX "stock_transfer_lines_organization_id_from_location_id_idx" ON "inventory"."stock_transfer_lines"("organization_id", "from_location_id");
CREATE INDEX "stock_transfer_lines_organization_id_to_location_id_idx" ON "inventory"."stock_transfer_lines"("organization_id", "to_location_id");
CREATE INDEX "stock_transfer_lines_organization_id_move_id_idx" ON "inventory"."stock_transfer_lines"("organization_id", "move_id");
ALTER TABLE "inventory"."stock_transfer_lines" ADD CONSTRAINT "stock_transfer_lines_organization_id_transfer_id_fkey"
  FOREIGN KEY ("organization_id", "transfer_id") REFERENCES "inventory"."stock_transfers"("organization_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "inventory"."stock_transfer_lines" ADD CONSTRAINT "stock_transfer_lines_organization_id_item_id_fkey"
  FOREIGN KEY ("organization_id", "item_id") REFERENCES "inventory"."items"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "inventory"."stock_transfer_lines" ADD CONSTRAINT "stock_transfer_lines_organization_id_item_id_variant_id_fkey"
  FOREIGN KEY ("organization_id", "item_id", "variant_id") REFERENCES "inventory"."variants"("organization_id", "item_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "inventory"."stock_transfer_lines" ADD CONSTRAINT "stock_transfer_lines_organization_id_from_location_id_fkey"
  FOREIGN KEY ("organization_id", "from_location_id") REFERENCES "inventory"."locations"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "inventory"."stock_transfer_lines" ADD CONSTRAINT "stock_transfer_lines_organization_id_to_location_id_fkey"
  FOREIGN KEY ("organization_id", "to_location_id") REFERENCES "inventory"."locations"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "inventory"."stock_transfer_lines" ADD CONSTRAINT "stock_transfer_lines_organization_id_move_id_fkey"
  FOREIGN KEY ("organization_id", "move_id") REFERENCES "inventory"."stock_moves"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
SELECT platform.tenant_table('inventory.stock_transfer_lines');

-- The documents of a workspace only for its members (lines are read through their document).
CREATE POLICY visible_workspace ON "inventory"."stock_adjustments" AS RESTRICTIVE
  USING ("workspace_id" = ANY (coalesce((SELECT nullif(current_setting('app.workspace_ids', true), '')::uuid[]), '{}'::uuid[])))
  WITH CHECK ("workspace_id" = ANY (coalesce((SELECT nullif(current_setting('app.workspace_ids', true), '')::uuid[]), '{}'::uuid[])));
CREATE POLICY visible_workspace ON "inventory"."stock_transfers" AS RESTRICTIVE
  USING ("workspace_id" = ANY (coalesce((SELECT nullif(current_setting('app.workspace_ids', true), '')::uuid[]), '{}'::uuid[])))
  WITH CHECK ("workspace_id" = ANY (coalesce((SELECT nullif(current_setting('app.workspace_ids', true), '')::uuid[]), '{}'::uuid[])));
