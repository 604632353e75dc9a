-- Inventory core (issue 6): the item master (categories, items, unit conversions, barcodes, variants), warehouses
-- with their location trees, lots and serials, the append-only stock ledger (stock_moves) and what it maintains in
-- the same transaction as every move: stock levels (item × variant × location × lot) and the moving-average cost per
-- item. Tenant tables: organization_id first, primary key (organization_id, id), composite foreign keys, RLS + audit
-- through platform.tenant_table; stock_levels and item_costs are derived from the ledger (no audit trigger).
-- Warehouses belong to a workspace; locations, levels and moves carry that workspace_id (composite foreign keys keep
-- it equal to the warehouse's) under the restrictive visible_workspace policy, so visibility never needs a join.
CREATE SCHEMA IF NOT EXISTS "inventory";
GRANT USAGE ON SCHEMA "inventory" TO tessera_app, tessera_system;
ALTER DEFAULT PRIVILEGES FOR ROLE tessera_owner IN SCHEMA "inventory"
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO tessera_app, tessera_system;
ALTER DEFAULT PRIVILEGES FOR ROLE tessera_owner IN SCHEMA "inventory"
  GRANT USAGE, SELECT ON SEQUENCES TO tessera_app, tessera_system;

CREATE TYPE "inventory"."item_type" AS ENUM ('product', 'material', 'service', 'manufactured', 'bundle', 'digital');
CREATE TYPE "inventory"."item_status" AS ENUM ('active', 'inactive', 'discontinued', 'obsolete');
CREATE TYPE "inventory"."make_or_buy" AS ENUM ('make', 'buy');
CREATE TYPE "inventory"."location_kind" AS ENUM ('zone', 'aisle', 'rack', 'bin');
CREATE TYPE "inventory"."serial_status" AS ENUM ('in_stock', 'issued');
CREATE TYPE "inventory"."move_type" AS ENUM ('receipt', 'issue', 'transfer', 'adjustment', 'count', 'production_consume', 'production_output', 'return');

-- ---------------------------------------------------------------------------------------------------------------
-- Categories: a tree of any depth (parent in the same organization), code unique per organization, no cycles
-- (trigger below; the service answers a field error first).
CREATE TABLE "inventory"."categories" (
    "organization_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "parent_id" UUID,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "sort_order" INTEGER NOT NULL DEFAULT 0,
    "archived_at" TIMESTAMPTZ(6),
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" UUID,
    "updated_by" UUID,

    CONSTRAINT "categories_pkey" PRIMARY KEY ("organization_id", "id"),
    CONSTRAINT "categories_code_check" CHECK (length(btrim("code")) BETWEEN 1 AND 50),
    CONSTRAINT "categories_name_check" CHECK (length(btrim("name")) BETWEEN 1 AND 200),
    CONSTRAINT "categories_parent_check" CHECK ("parent_id" IS NULL OR "parent_id" <> "id"),
    CONSTRAINT "categories_version_check" CHECK ("version" >= 1)
);
CREATE UNIQUE INDEX "categories_organization_id_code_key" ON "inventory"."categories"("organization_id", "code");
CREATE INDEX "categories_organization_id_parent_id_sort_order_idx" ON "inventory"."categories"("organization_id", "parent_id", "sort_order");
ALTER TABLE "inventory"."categories" ADD CONSTRAINT "categories_organization_id_fkey"
  FOREIGN KEY ("organization_id") REFERENCES "platform"."organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "inventory"."categories" ADD CONSTRAINT "categories_organization_id_parent_id_fkey"
  FOREIGN KEY ("organization_id", "parent_id") REFERENCES "inventory"."categories"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A category may not become its own ancestor. Runs as the writer (RLS applies; the tree is one organization's).
CREATE FUNCTION "inventory"."categories_no_cycle"() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF NEW.parent_id IS NOT NULL AND EXISTS (
    WITH RECURSIVE up AS (
      SELECT c.id, c.parent_id, 1 AS depth FROM inventory.categories c
       WHERE c.organization_id = NEW.organization_id AND c.id = NEW.parent_id
      UNION ALL
      SELECT c.id, c.parent_id, up.depth + 1 FROM inventory.categories c JOIN up ON c.id = up.parent_id
       WHERE c.organization_id = NEW.organization_id AND up.depth < 1000)
    SELECT 1 FROM up WHERE up.id = NEW.id) THEN
    RAISE EXCEPTION 'category % cannot be moved under its own descendant', NEW.id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'categories_no_cycle';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "categories_no_cycle" BEFORE INSERT OR UPDATE OF "parent_id" ON "inventory"."categories"
  FOR EACH ROW EXECUTE FUNCTION "inventory"."categories_no_cycle"();

SELECT platform.tenant_table('inventory.categories');

-- ---------------------------------------------------------------------------------------------------------------
-- Items. list_price and standard_unit_cost are unit prices (18,6); weight in kilograms and dimensions in
-- centimetres (18,4). type_key / status_key: leakproof list filter keys (the CRM finding: enum equality never becomes
-- an index condition under FORCE RLS), numbered as the enums' order.
CREATE TABLE "inventory"."items" (
    "organization_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "sku" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "type" "inventory"."item_type" NOT NULL DEFAULT 'product',
    "type_key" SMALLINT GENERATED ALWAYS AS (
      CASE "type" WHEN 'product' THEN 1 WHEN 'material' THEN 2 WHEN 'service' THEN 3 WHEN 'manufactured' THEN 4
                  WHEN 'bundle' THEN 5 WHEN 'digital' THEN 6 END) STORED,
    "category_id" UUID,
    "base_unit_id" UUID NOT NULL,
    "purchase_unit_id" UUID,
    "sales_unit_id" UUID,
    "status" "inventory"."item_status" NOT NULL DEFAULT 'active',
    "status_key" SMALLINT GENERATED ALWAYS AS (
      CASE "status" WHEN 'active' THEN 1 WHEN 'inactive' THEN 2 WHEN 'discontinued' THEN 3 WHEN 'obsolete' THEN 4 END) STORED,
    "replaced_by_item_id" UUID,
    "make_or_buy" "inventory"."make_or_buy" NOT NULL DEFAULT 'buy',
    "lead_time_days" INTEGER,
    "list_price" DECIMAL(18,6),
    "standard_unit_cost" DECIMAL(18,6),
    "tax_rate_id" UUID,
    "hsn_code" TEXT,
    "weight" DECIMAL(18,4),
    "length" DECIMAL(18,4),
    "width" DECIMAL(18,4),
    "height" DECIMAL(18,4),
    "specifications" JSONB NOT NULL DEFAULT '{}',
    "tags" TEXT[] NOT NULL DEFAULT '{}',
    "track_inventory" BOOLEAN NOT NULL DEFAULT true,
    "lot_control" BOOLEAN NOT NULL DEFAULT false,
    "serial_control" BOOLEAN NOT NULL DEFAULT false,
    "shelf_life_days" INTEGER,
    "archived_at" TIMESTAMPTZ(6),
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" UUID,
    "updated_by" UUID,

    CONSTRAINT "items_pkey" PRIMARY KEY ("organization_id", "id"),
    CONSTRAINT "items_sku_check" CHECK (length(btrim("sku")) BETWEEN 1 AND 64),
    CONSTRAINT "items_name_check" CHECK (length(btrim("name")) BETWEEN 1 AND 200),
    CONSTRAINT "items_lead_time_days_check" CHECK ("lead_time_days" IS NULL OR "lead_time_days" BETWEEN 0 AND 3650),
    CONSTRAINT "items_shelf_life_days_check" CHECK ("shelf_life_days" IS NULL OR "shelf_life_days" BETWEEN 1 AND 36500),
    CONSTRAINT "items_prices_check" CHECK (coalesce("list_price", 0) >= 0 AND coalesce("standard_unit_cost", 0) >= 0),
    CONSTRAINT "items_measures_check" CHECK (coalesce("weight", 0) >= 0 AND coalesce("length", 0) >= 0 AND coalesce("width", 0) >= 0 AND coalesce("height", 0) >= 0),
    CONSTRAINT "items_specifications_check" CHECK (jsonb_typeof("specifications") = 'object'),
    -- Services and digital goods hold no stock; lots and serials need stock tracking.
    CONSTRAINT "items_track_inventory_check" CHECK (NOT ("type" IN ('service', 'digital') AND "track_inventory")),
    CONSTRAINT "items_controls_check" CHECK ("track_inventory" OR NOT ("lot_control" OR "serial_control")),
    -- Supersession: only a discontinued or obsolete item is replaced, never by itself.
    CONSTRAINT "items_replaced_by_check" CHECK ("replaced_by_item_id" IS NULL OR ("replaced_by_item_id" <> "id" AND "status" IN ('discontinued', 'obsolete'))),
    CONSTRAINT "items_version_check" CHECK ("version" >= 1)
);
CREATE UNIQUE INDEX "items_organization_id_sku_key" ON "inventory"."items"("organization_id", "sku");
CREATE INDEX "items_organization_id_name_id_idx" ON "inventory"."items"("organization_id", "name", "id");
CREATE INDEX "items_organization_id_type_key_name_id_idx" ON "inventory"."items"("organization_id", "type_key", "name", "id");
CREATE INDEX "items_organization_id_status_key_name_id_idx" ON "inventory"."items"("organization_id", "status_key", "name", "id");
CREATE INDEX "items_organization_id_category_id_name_id_idx" ON "inventory"."items"("organization_id", "category_id", "name", "id");
CREATE INDEX "items_organization_id_replaced_by_item_id_idx" ON "inventory"."items"("organization_id", "replaced_by_item_id");
ALTER TABLE "inventory"."items" ADD CONSTRAINT "items_organization_id_fkey"
  FOREIGN KEY ("organization_id") REFERENCES "platform"."organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "inventory"."items" ADD CONSTRAINT "items_organization_id_category_id_fkey"
  FOREIGN KEY ("organization_id", "category_id") REFERENCES "inventory"."categories"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "inventory"."items" ADD CONSTRAINT "items_organization_id_base_unit_id_fkey"
  FOREIGN KEY ("organization_id", "base_unit_id") REFERENCES "settings"."units_of_measure"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "inventory"."items" ADD CONSTRAINT "items_organization_id_purchase_unit_id_fkey"
  FOREIGN KEY ("organization_id", "purchase_unit_id") REFERENCES "settings"."units_of_measure"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "inventory"."items" ADD CONSTRAINT "items_organization_id_sales_unit_id_fkey"
  FOREIGN KEY ("organization_id", "sales_unit_id") REFERENCES "settings"."units_of_measure"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "inventory"."items" ADD CONSTRAINT "items_organization_id_replaced_by_item_id_fkey"
  FOREIGN KEY ("organization_id", "replaced_by_item_id") REFERENCES "inventory"."items"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "inventory"."items" ADD CONSTRAINT "items_organization_id_tax_rate_id_fkey"
  FOREIGN KEY ("organization_id", "tax_rate_id") REFERENCES "settings"."tax_rates"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
SELECT platform.tenant_table('inventory.items');

-- Unit conversions per item: 1 unit = factor base units (purchase / sales units; the services move base units).
CREATE TABLE "inventory"."item_units" (
    "organization_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "item_id" UUID NOT NULL,
    "unit_id" UUID NOT NULL,
    "factor" DECIMAL(18,6) NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" UUID,
    "updated_by" UUID,

    CONSTRAINT "item_units_pkey" PRIMARY KEY ("organization_id", "id"),
    CONSTRAINT "item_units_factor_check" CHECK ("factor" > 0)
);
CREATE UNIQUE INDEX "item_units_organization_id_item_id_unit_id_key" ON "inventory"."item_units"("organization_id", "item_id", "unit_id");
CREATE INDEX "item_units_organization_id_unit_id_idx" ON "inventory"."item_units"("organization_id", "unit_id");
ALTER TABLE "inventory"."item_units" ADD CONSTRAINT "item_units_organization_id_item_id_fkey"
  FOREIGN KEY ("organization_id", "item_id") REFERENCES "inventory"."items"("organization_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "inventory"."item_units" ADD CONSTRAINT "item_units_organization_id_unit_id_fkey"
  FOREIGN KEY ("organization_id", "unit_id") REFERENCES "settings"."units_of_measure"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
SELECT platform.tenant_table('inventory.item_units');

-- Variants: own SKU (unique per organization), attributes, price delta added to the item's list price.
CREATE TABLE "inventory"."variants" (
    "organization_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "item_id" UUID NOT NULL,
    "sku" TEXT NOT NULL,
    "name" TEXT,
    "attributes" JSONB NOT NULL DEFAULT '{}',
    "price_delta" DECIMAL(18,6) NOT NULL DEFAULT 0,
    "archived_at" TIMESTAMPTZ(6),
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" UUID,
    "updated_by" UUID,

    CONSTRAINT "variants_pkey" PRIMARY KEY ("organization_id", "id"),
    CONSTRAINT "variants_sku_check" CHECK (length(btrim("sku")) BETWEEN 1 AND 64),
    CONSTRAINT "variants_attributes_check" CHECK (jsonb_typeof("attributes") = 'object'),
    CONSTRAINT "variants_version_check" CHECK ("version" >= 1)
);
CREATE UNIQUE INDEX "variants_organization_id_sku_key" ON "inventory"."variants"("organization_id", "sku");
CREATE UNIQUE INDEX "variants_organization_id_item_id_id_key" ON "inventory"."variants"("organization_id", "item_id", "id");
ALTER TABLE "inventory"."variants" ADD CONSTRAINT "variants_organization_id_item_id_fkey"
  FOREIGN KEY ("organization_id", "item_id") REFERENCES "inventory"."items"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
SELECT platform.tenant_table('inventory.variants');

-- Barcodes of items and variants, unique per organization (a scan finds one item or variant).
CREATE TABLE "inventory"."item_barcodes" (
    "organization_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "item_id" UUID NOT NULL,
    "variant_id" UUID,
    "barcode" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" UUID,
    "updated_by" UUID,

    CONSTRAINT "item_barcodes_pkey" PRIMARY KEY ("organization_id", "id"),
    CONSTRAINT "item_barcodes_barcode_check" CHECK (length(btrim("barcode")) BETWEEN 1 AND 64)
);
CREATE UNIQUE INDEX "item_barcodes_organization_id_barcode_key" ON "inventory"."item_barcodes"("organization_id", "barcode");
CREATE INDEX "item_barcodes_organization_id_item_id_variant_id_idx" ON "inventory"."item_barcodes"("organization_id", "item_id", "variant_id");
ALTER TABLE "inventory"."item_barcodes" ADD CONSTRAINT "item_barcodes_organization_id_item_id_fkey"
  FOREIGN KEY ("organization_id", "item_id") REFERENCES "inventory"."items"("organization_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "inventory"."item_barcodes" ADD CONSTRAINT "item_barcodes_organization_id_item_id_variant_id_fkey"
  FOREIGN KEY ("organization_id", "item_id", "variant_id") REFERENCES "inventory"."variants"("organization_id", "item_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
SELECT platform.tenant_table('inventory.item_barcodes');

-- ---------------------------------------------------------------------------------------------------------------
-- Warehouses (one workspace each) and their location trees.
CREATE TABLE "inventory"."warehouses" (
    "organization_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "address" TEXT,
    "allow_negative_stock" BOOLEAN NOT NULL DEFAULT false,
    "archived_at" TIMESTAMPTZ(6),
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" UUID,
    "updated_by" UUID,

    CONSTRAINT "warehouses_pkey" PRIMARY KEY ("organization_id", "id"),
    CONSTRAINT "warehouses_code_check" CHECK (length(btrim("code")) BETWEEN 1 AND 50),
    CONSTRAINT "warehouses_name_check" CHECK (length(btrim("name")) BETWEEN 1 AND 200),
    CONSTRAINT "warehouses_version_check" CHECK ("version" >= 1)
);
CREATE UNIQUE INDEX "warehouses_organization_id_code_key" ON "inventory"."warehouses"("organization_id", "code");
CREATE UNIQUE INDEX "warehouses_organization_id_id_workspace_id_key" ON "inventory"."warehouses"("organization_id", "id", "workspace_id");
CREATE INDEX "warehouses_organization_id_workspace_id_idx" ON "inventory"."warehouses"("organization_id", "workspace_id");
ALTER TABLE "inventory"."warehouses" ADD CONSTRAINT "warehouses_organization_id_fkey"
  FOREIGN KEY ("organization_id") REFERENCES "platform"."organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "inventory"."warehouses" ADD CONSTRAINT "warehouses_organization_id_workspace_id_fkey"
  FOREIGN KEY ("organization_id", "workspace_id") REFERENCES "platform"."workspaces"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
SELECT platform.tenant_table('inventory.warehouses');

CREATE TABLE "inventory"."locations" (
    "organization_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "warehouse_id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "parent_id" UUID,
    "kind" "inventory"."location_kind" NOT NULL DEFAULT 'bin',
    "code" TEXT NOT NULL,
    "name" TEXT,
    "archived_at" TIMESTAMPTZ(6),
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" UUID,
    "updated_by" UUID,

    CONSTRAINT "locations_pkey" PRIMARY KEY ("organization_id", "id"),
    CONSTRAINT "locations_code_check" CHECK (length(btrim("code")) BETWEEN 1 AND 50),
    CONSTRAINT "locations_parent_check" CHECK ("parent_id" IS NULL OR "parent_id" <> "id")
);
CREATE UNIQUE INDEX "locations_organization_id_warehouse_id_code_key" ON "inventory"."locations"("organization_id", "warehouse_id", "code");
CREATE UNIQUE INDEX "locations_organization_id_warehouse_id_id_key" ON "inventory"."locations"("organization_id", "warehouse_id", "id");
CREATE UNIQUE INDEX "locations_organization_id_id_workspace_id_key" ON "inventory"."locations"("organization_id", "id", "workspace_id");
CREATE INDEX "locations_organization_id_warehouse_id_workspace_id_idx" ON "inventory"."locations"("organization_id", "warehouse_id", "workspace_id");
CREATE INDEX "locations_organization_id_warehouse_id_parent_id_idx" ON "inventory"."locations"("organization_id", "warehouse_id", "parent_id");
ALTER TABLE "inventory"."locations" ADD CONSTRAINT "locations_organization_id_warehouse_id_workspace_id_fkey"
  FOREIGN KEY ("organization_id", "warehouse_id", "workspace_id") REFERENCES "inventory"."warehouses"("organization_id", "id", "workspace_id") ON DELETE RESTRICT ON UPDATE CASCADE;
-- The parent is in the same warehouse.
ALTER TABLE "inventory"."locations" ADD CONSTRAINT "locations_organization_id_warehouse_id_parent_id_fkey"
  FOREIGN KEY ("organization_id", "warehouse_id", "parent_id") REFERENCES "inventory"."locations"("organization_id", "warehouse_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
SELECT platform.tenant_table('inventory.locations');

-- ---------------------------------------------------------------------------------------------------------------
-- Lots (number unique per item, optional expiry) and serials (unique per item, where each one is now).
CREATE TABLE "inventory"."lots" (
    "organization_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "item_id" UUID NOT NULL,
    "lot_number" TEXT NOT NULL,
    "expires_on" DATE,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" UUID,
    "updated_by" UUID,

    CONSTRAINT "lots_pkey" PRIMARY KEY ("organization_id", "id"),
    CONSTRAINT "lots_lot_number_check" CHECK (length(btrim("lot_number")) BETWEEN 1 AND 64)
);
CREATE UNIQUE INDEX "lots_organization_id_item_id_lot_number_key" ON "inventory"."lots"("organization_id", "item_id", "lot_number");
CREATE UNIQUE INDEX "lots_organization_id_item_id_id_key" ON "inventory"."lots"("organization_id", "item_id", "id");
ALTER TABLE "inventory"."lots" ADD CONSTRAINT "lots_organization_id_item_id_fkey"
  FOREIGN KEY ("organization_id", "item_id") REFERENCES "inventory"."items"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
SELECT platform.tenant_table('inventory.lots');

CREATE TABLE "inventory"."serials" (
    "organization_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "item_id" UUID NOT NULL,
    "serial_number" TEXT NOT NULL,
    "lot_id" UUID,
    "status" "inventory"."serial_status" NOT NULL DEFAULT 'in_stock',
    "location_id" UUID,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" UUID,
    "updated_by" UUID,

    CONSTRAINT "serials_pkey" PRIMARY KEY ("organization_id", "id"),
    CONSTRAINT "serials_serial_number_check" CHECK (length(btrim("serial_number")) BETWEEN 1 AND 100),
    -- In stock exactly when it has a location.
    CONSTRAINT "serials_location_check" CHECK (("status" = 'in_stock') = ("location_id" IS NOT NULL))
);
CREATE UNIQUE INDEX "serials_organization_id_item_id_serial_number_key" ON "inventory"."serials"("organization_id", "item_id", "serial_number");
CREATE UNIQUE INDEX "serials_organization_id_item_id_id_key" ON "inventory"."serials"("organization_id", "item_id", "id");
CREATE INDEX "serials_organization_id_location_id_idx" ON "inventory"."serials"("organization_id", "location_id");
CREATE INDEX "serials_organization_id_item_id_lot_id_idx" ON "inventory"."serials"("organization_id", "item_id", "lot_id");
ALTER TABLE "inventory"."serials" ADD CONSTRAINT "serials_organization_id_item_id_fkey"
  FOREIGN KEY ("organization_id", "item_id") REFERENCES "inventory"."items"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "inventory"."serials" ADD CONSTRAINT "serials_organization_id_item_id_lot_id_fkey"
  FOREIGN KEY ("organization_id", "item_id", "lot_id") REFERENCES "inventory"."lots"("organization_id", "item_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "inventory"."serials" ADD CONSTRAINT "serials_organization_id_location_id_fkey"
  FOREIGN KEY ("organization_id", "location_id") REFERENCES "inventory"."locations"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
SELECT platform.tenant_table('inventory.serials');

-- ---------------------------------------------------------------------------------------------------------------
-- The stock ledger: append-only, the single source of truth. quantity > 0 in base units; direction from the
-- locations (to only: in, from only: out, both: transfer); value signed with the direction (in ≥ 0, out ≤ 0,
-- transfer 0) so that inventory value = Σ value. A reversal swaps the locations of the move it reverses, keeps its
-- type and negates its value; a move is reversed at most once and a reversal is never reversed (service + index).
CREATE TABLE "inventory"."stock_moves" (
    "organization_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "item_id" UUID NOT NULL,
    "variant_id" UUID,
    "from_location_id" UUID,
    "to_location_id" UUID,
    "quantity" DECIMAL(18,4) NOT NULL,
    "lot_id" UUID,
    "serial_id" UUID,
    "unit_cost" DECIMAL(18,6) NOT NULL,
    "value" DECIMAL(18,2) NOT NULL,
    "move_type" "inventory"."move_type" NOT NULL,
    "source_document_type" TEXT,
    "source_document_id" UUID,
    "reversal_of_move_id" UUID,
    "note" TEXT,
    "moved_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" UUID,

    CONSTRAINT "stock_moves_pkey" PRIMARY KEY ("organization_id", "id"),
    CONSTRAINT "stock_moves_quantity_check" CHECK ("quantity" > 0),
    CONSTRAINT "stock_moves_unit_cost_check" CHECK ("unit_cost" >= 0),
    CONSTRAINT "stock_moves_locations_check" CHECK (("from_location_id" IS NOT NULL OR "to_location_id" IS NOT NULL)
      AND "from_location_id" IS DISTINCT FROM "to_location_id"),
    -- Receipts, production output and returns bring stock in; issues and production consumption take it out;
    -- transfers move it; adjustments and counts do either. A reversal goes the other way.
    CONSTRAINT "stock_moves_direction_check" CHECK (CASE
      WHEN "move_type" IN ('receipt', 'production_output', 'return') THEN
        CASE WHEN "reversal_of_move_id" IS NULL THEN "from_location_id" IS NULL ELSE "to_location_id" IS NULL END
      WHEN "move_type" IN ('issue', 'production_consume') THEN
        CASE WHEN "reversal_of_move_id" IS NULL THEN "to_location_id" IS NULL ELSE "from_location_id" IS NULL END
      WHEN "move_type" = 'transfer' THEN "from_location_id" IS NOT NULL AND "to_location_id" IS NOT NULL
      ELSE "from_location_id" IS NULL OR "to_location_id" IS NULL END),
    CONSTRAINT "stock_moves_value_check" CHECK (CASE
      WHEN "from_location_id" IS NULL THEN "value" >= 0
      WHEN "to_location_id" IS NULL THEN "value" <= 0
      ELSE "value" = 0 END),
    CONSTRAINT "stock_moves_serial_check" CHECK ("serial_id" IS NULL OR "quantity" = 1),
    CONSTRAINT "stock_moves_source_check" CHECK (("source_document_type" IS NULL) = ("source_document_id" IS NULL)),
    CONSTRAINT "stock_moves_reversal_check" CHECK ("reversal_of_move_id" IS NULL OR "reversal_of_move_id" <> "id")
);
CREATE INDEX "stock_moves_organization_id_item_id_moved_at_id_idx" ON "inventory"."stock_moves"("organization_id", "item_id", "moved_at", "id");
CREATE INDEX "stock_moves_organization_id_from_location_id_idx" ON "inventory"."stock_moves"("organization_id", "from_location_id");
CREATE INDEX "stock_moves_organization_id_to_location_id_idx" ON "inventory"."stock_moves"("organization_id", "to_location_id");
CREATE INDEX "stock_moves_organization_id_item_id_lot_id_idx" ON "inventory"."stock_moves"("organization_id", "item_id", "lot_id");
CREATE INDEX "stock_moves_organization_id_item_id_serial_id_idx" ON "inventory"."stock_moves"("organization_id", "item_id", "serial_id");
CREATE INDEX "stock_moves_organization_id_item_id_variant_id_idx" ON "inventory"."stock_moves"("organization_id", "item_id", "variant_id");
CREATE INDEX "stock_moves_organization_id_source_document_type_source_document_id_idx" ON "inventory"."stock_moves"("organization_id", "source_document_type", "source_document_id");
CREATE INDEX "stock_moves_organization_id_workspace_id_idx" ON "inventory"."stock_moves"("organization_id", "workspace_id");
-- A move is reversed at most once.
CREATE UNIQUE INDEX "stock_moves_organization_id_reversal_of_move_id_key" ON "inventory"."stock_moves"("organization_id", "reversal_of_move_id");
ALTER TABLE "inventory"."stock_moves" ADD CONSTRAINT "stock_moves_organization_id_item_id_fkey"
  FOREIGN KEY ("organization_id", "item_id") REFERENCES "inventory"."items"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "inventory"."stock_moves" ADD CONSTRAINT "stock_moves_organization_id_item_id_variant_id_fkey"
  FOREIGN KEY ("organization_id", "item_id", "variant_id") REFERENCES "inventory"."variants"("organization_id", "item_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "inventory"."stock_moves" ADD CONSTRAINT "stock_moves_organization_id_from_location_id_workspace_id_fkey"
  FOREIGN KEY ("organization_id", "from_location_id", "workspace_id") REFERENCES "inventory"."locations"("organization_id", "id", "workspace_id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "inventory"."stock_moves" ADD CONSTRAINT "stock_moves_organization_id_to_location_id_workspace_id_fkey"
  FOREIGN KEY ("organization_id", "to_location_id", "workspace_id") REFERENCES "inventory"."locations"("organization_id", "id", "workspace_id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "inventory"."stock_moves" ADD CONSTRAINT "stock_moves_organization_id_item_id_lot_id_fkey"
  FOREIGN KEY ("organization_id", "item_id", "lot_id") REFERENCES "inventory"."lots"("organization_id", "item_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "inventory"."stock_moves" ADD CONSTRAINT "stock_moves_organization_id_item_id_serial_id_fkey"
  FOREIGN KEY ("organization_id", "item_id", "serial_id") REFERENCES "inventory"."serials"("organization_id", "item_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "inventory"."stock_moves" ADD CONSTRAINT "stock_moves_organization_id_reversal_of_move_id_fkey"
  FOREIGN KEY ("organization_id", "reversal_of_move_id") REFERENCES "inventory"."stock_moves"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
SELECT platform.tenant_table('inventory.stock_moves');

-- Append-only: the runtime roles may insert and read, never change or remove a move; a trigger refuses it for
-- everyone but the owner (tessera_owner: migrations and repairs), so a grant added by mistake cannot open it.
REVOKE UPDATE, DELETE, TRUNCATE ON "inventory"."stock_moves" FROM tessera_app, tessera_system;
CREATE FUNCTION "inventory"."stock_moves_append_only"() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF current_user <> 'tessera_owner' THEN
    RAISE EXCEPTION 'inventory.stock_moves is append-only: correct a move with a reversing move'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER "stock_moves_append_only" BEFORE UPDATE OR DELETE ON "inventory"."stock_moves"
  FOR EACH ROW EXECUTE FUNCTION "inventory"."stock_moves_append_only"();

-- ---------------------------------------------------------------------------------------------------------------
-- Stock levels per item × variant × location × lot, maintained by the stock services in the same transaction as
-- each move (never recomputed on read). available = on hand − reserved. on_hand_qty ≥ 0 where the warehouse forbids
-- negative stock cannot be a check here (it depends on the warehouse's flag): the services take stock out with one
-- conditional UPDATE (… WHERE allow_negative OR on_hand_qty − reserved_qty ≥ q), which also serializes concurrent
-- issues on the row lock. Derived from the ledger (no audit trigger; inventory.check_levels compares both).
CREATE TABLE "inventory"."stock_levels" (
    "organization_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "item_id" UUID NOT NULL,
    "variant_id" UUID,
    "location_id" UUID NOT NULL,
    "lot_id" UUID,
    "on_hand_qty" DECIMAL(18,4) NOT NULL DEFAULT 0,
    "reserved_qty" DECIMAL(18,4) NOT NULL DEFAULT 0,
    "available_qty" DECIMAL(18,4) GENERATED ALWAYS AS ("on_hand_qty" - "reserved_qty") STORED,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stock_levels_pkey" PRIMARY KEY ("organization_id", "id"),
    CONSTRAINT "stock_levels_reserved_qty_check" CHECK ("reserved_qty" >= 0)
);
CREATE UNIQUE INDEX "stock_levels_organization_id_item_id_variant_id_location_id_lot_id_key"
  ON "inventory"."stock_levels"("organization_id", "item_id", "variant_id", "location_id", "lot_id") NULLS NOT DISTINCT;
CREATE INDEX "stock_levels_organization_id_location_id_item_id_idx" ON "inventory"."stock_levels"("organization_id", "location_id", "item_id");
CREATE INDEX "stock_levels_organization_id_workspace_id_idx" ON "inventory"."stock_levels"("organization_id", "workspace_id");
CREATE INDEX "stock_levels_organization_id_item_id_lot_id_idx" ON "inventory"."stock_levels"("organization_id", "item_id", "lot_id");
ALTER TABLE "inventory"."stock_levels" ADD CONSTRAINT "stock_levels_organization_id_item_id_fkey"
  FOREIGN KEY ("organization_id", "item_id") REFERENCES "inventory"."items"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "inventory"."stock_levels" ADD CONSTRAINT "stock_levels_organization_id_item_id_variant_id_fkey"
  FOREIGN KEY ("organization_id", "item_id", "variant_id") REFERENCES "inventory"."variants"("organization_id", "item_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "inventory"."stock_levels" ADD CONSTRAINT "stock_levels_organization_id_location_id_workspace_id_fkey"
  FOREIGN KEY ("organization_id", "location_id", "workspace_id") REFERENCES "inventory"."locations"("organization_id", "id", "workspace_id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "inventory"."stock_levels" ADD CONSTRAINT "stock_levels_organization_id_item_id_lot_id_fkey"
  FOREIGN KEY ("organization_id", "item_id", "lot_id") REFERENCES "inventory"."lots"("organization_id", "item_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
SELECT platform.tenant_table('inventory.stock_levels');
DROP TRIGGER "audit_capture" ON "inventory"."stock_levels";

-- Moving-average cost per item per organization: quantity and value on hand across the organization (= Σ ledger of
-- the item) and the average unit cost, recomputed on every inbound move. Derived (no audit trigger).
CREATE TABLE "inventory"."item_costs" (
    "organization_id" UUID NOT NULL,
    "item_id" UUID NOT NULL,
    "quantity" DECIMAL(18,4) NOT NULL DEFAULT 0,
    "value" DECIMAL(18,2) NOT NULL DEFAULT 0,
    "average_unit_cost" DECIMAL(18,6) NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "item_costs_pkey" PRIMARY KEY ("organization_id", "item_id"),
    CONSTRAINT "item_costs_average_unit_cost_check" CHECK ("average_unit_cost" >= 0)
);
ALTER TABLE "inventory"."item_costs" ADD CONSTRAINT "item_costs_organization_id_item_id_fkey"
  FOREIGN KEY ("organization_id", "item_id") REFERENCES "inventory"."items"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
SELECT platform.tenant_table('inventory.item_costs');
DROP TRIGGER "audit_capture" ON "inventory"."item_costs";

-- Workspace visibility (as crm.customers, but a warehouse always has a workspace): a warehouse, its locations, its
-- stock levels and moves only for members who may see that workspace. Restrictive: ANDed with tenant_isolation.
CREATE POLICY visible_workspace ON "inventory"."warehouses" AS RESTRICTIVE
  USING ("workspace_id" = ANY (coalesce((SELECT nullif(current_setting('app.workspace_ids', true), '')::uuid[]), '{}'::uuid[])))
  WITH CHECK ("workspace_id" = ANY (coalesce((SELECT nullif(current_setting('app.workspace_ids', true), '')::uuid[]), '{}'::uuid[])));
CREATE POLICY visible_workspace ON "inventory"."locations" AS RESTRICTIVE
  USING ("workspace_id" = ANY (coalesce((SELECT nullif(current_setting('app.workspace_ids', true), '')::uuid[]), '{}'::uuid[])))
  WITH CHECK ("workspace_id" = ANY (coalesce((SELECT nullif(current_setting('app.workspace_ids', true), '')::uuid[]), '{}'::uuid[])));
CREATE POLICY visible_workspace ON "inventory"."stock_levels" AS RESTRICTIVE
  USING ("workspace_id" = ANY (coalesce((SELECT nullif(current_setting('app.workspace_ids', true), '')::uuid[]), '{}'::uuid[])))
  WITH CHECK ("workspace_id" = ANY (coalesce((SELECT nullif(current_setting('app.workspace_ids', true), '')::uuid[]), '{}'::uuid[])));
CREATE POLICY visible_workspace ON "inventory"."stock_moves" AS RESTRICTIVE
  USING ("workspace_id" = ANY (coalesce((SELECT nullif(current_setting('app.workspace_ids', true), '')::uuid[]), '{}'::uuid[])))
  WITH CHECK ("workspace_id" = ANY (coalesce((SELECT nullif(current_setting('app.workspace_ids', true), '')::uuid[]), '{}'::uuid[])));

-- ---------------------------------------------------------------------------------------------------------------
-- Consistency check: stock levels against Σ ledger per item × variant × location × lot, and each item's cost row
-- against Σ ledger quantity and value. Answers only the differing rows (none when consistent). SECURITY INVOKER: the
-- caller's RLS applies to both sides alike (a member checks the workspaces they see; the system role everything).
CREATE FUNCTION "inventory"."check_levels"(p_org uuid)
RETURNS TABLE (kind text, item_id uuid, variant_id uuid, location_id uuid, lot_id uuid, recorded numeric, ledger numeric)
LANGUAGE sql STABLE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$
  WITH flows AS (
    SELECT m.item_id, m.variant_id, m.to_location_id AS location_id, m.lot_id, m.quantity AS q
      FROM inventory.stock_moves m WHERE m.organization_id = p_org AND m.to_location_id IS NOT NULL
    UNION ALL
    SELECT m.item_id, m.variant_id, m.from_location_id, m.lot_id, -m.quantity
      FROM inventory.stock_moves m WHERE m.organization_id = p_org AND m.from_location_id IS NOT NULL),
  sums AS (SELECT f.item_id, f.variant_id, f.location_id, f.lot_id, sum(f.q) AS q FROM flows f GROUP BY 1, 2, 3, 4),
  levels AS (SELECT l.item_id, l.variant_id, l.location_id, l.lot_id, l.on_hand_qty AS q
               FROM inventory.stock_levels l WHERE l.organization_id = p_org),
  ledger_costs AS (
    SELECT m.item_id,
           sum(CASE WHEN m.from_location_id IS NULL THEN m.quantity WHEN m.to_location_id IS NULL THEN -m.quantity ELSE 0 END) AS q,
           sum(m.value) AS v
      FROM inventory.stock_moves m WHERE m.organization_id = p_org GROUP BY 1),
  costs AS (SELECT c.item_id, c.quantity AS q, c.value AS v FROM inventory.item_costs c WHERE c.organization_id = p_org)
  SELECT 'level', coalesce(l.item_id, s.item_id), coalesce(l.variant_id, s.variant_id), coalesce(l.location_id, s.location_id),
         coalesce(l.lot_id, s.lot_id), coalesce(l.q, 0), coalesce(s.q, 0)
    FROM levels l FULL JOIN sums s
      ON l.item_id = s.item_id AND l.location_id = s.location_id
     AND coalesce(l.variant_id, '00000000-0000-0000-0000-000000000000'::uuid) = coalesce(s.variant_id, '00000000-0000-0000-0000-000000000000'::uuid)
     AND coalesce(l.lot_id, '00000000-0000-0000-0000-000000000000'::uuid) = coalesce(s.lot_id, '00000000-0000-0000-0000-000000000000'::uuid)
   WHERE coalesce(l.q, 0) <> coalesce(s.q, 0)
  UNION ALL
  SELECT 'cost_quantity', coalesce(c.item_id, g.item_id), NULL, NULL, NULL, coalesce(c.q, 0), coalesce(g.q, 0)
    FROM costs c FULL JOIN ledger_costs g ON c.item_id = g.item_id
   WHERE coalesce(c.q, 0) <> coalesce(g.q, 0)
  UNION ALL
  SELECT 'cost_value', coalesce(c.item_id, g.item_id), NULL, NULL, NULL, coalesce(c.v, 0), coalesce(g.v, 0)
    FROM costs c FULL JOIN ledger_costs g ON c.item_id = g.item_id
   WHERE coalesce(c.v, 0) <> coalesce(g.v, 0)
$$;
REVOKE ALL ON FUNCTION "inventory"."check_levels"(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION "inventory"."check_levels"(uuid) TO tessera_app, tessera_system;
