-- The stock report's totals by item (inventory.reports.stockTotals) without a scan of every level: ~950 ms over the
-- big warehouse's 460,000 levels at full scale, budget 50 ms. Maintained counters, exactly what the scan answers for
-- one warehouse:
--
-- inventory.warehouse_items: per item × warehouse, Σ on hand of the item's levels in the warehouse and
--   value = round(on hand × the item's current average, 2) — the stock report's row of the item filtered to that
--   warehouse. A row exists exactly when the item has a level in the warehouse (a level is never deleted).
-- inventory.warehouse_stock_totals: per warehouse, the folded base: items_in_stock (rows with on hand ≠ 0), items
--   (rows), Σ on hand, Σ reserved (of the levels), Σ value.
-- inventory.warehouse_stock_deltas: insert-only changes of those five figures; totals = base + Σ deltas. No hot row:
--   a posting inserts a delta row instead of updating its warehouse's one totals row (which would serialize every
--   posting of a warehouse). inventory.warehouse_stock_fold(org) moves the deltas into the base (the job
--   inventory.warehouse-stock-fold, every minute): DELETE … RETURNING in the same statement as the base upsert, so a
--   delta is counted by exactly one fold, and a reader sees it either in the deltas or in the base.
--
-- Lock argument. A stock level's on_hand_qty changes only in inventory.post_in / post_out / post_transfer /
-- post_reversal. Receipts, issues and the reversals of either lock the item's cost row (item_costs FOR UPDATE) after
-- the level and before the cost is applied; transfers did not. A transfer between two warehouses now takes the cost
-- row too (after its two levels, as an issue does: the lock order stays levels → cost row), a transfer inside one
-- warehouse leaves its on hand unchanged and still takes no cost lock. So every change of an item's on hand in a
-- warehouse holds the item's cost row: warehouse_items rows of item X are only written by the holder of cost(X)
-- (never waited for, no new deadlock), and the value of every row of X can be recomputed when the average changes.
-- One exception, a row's first insert by a transfer inside a warehouse that allows negative stock (the item's first
-- level there): an INSERT … ON CONFLICT DO NOTHING of a zero row, which the cost holder's own insert-if-missing waits
-- for at worst.
-- Reserved: stock_levels' AFTER UPDATE OF reserved_qty trigger inserts Δreserved (reserve / release; insert-only).
-- A revaluation touches the item's rows in every workspace (the average is per organization): the helper widens
-- app.workspace_ids to the organization's workspaces for that one statement, as valuation_category_move does.
--
-- Derived tables: RLS + visible_workspace, no audit trigger (tests/db/policy.test.ts). The deltas have no foreign key
-- (each posting inserts one: no KEY SHARE lock on the warehouse row per move); the base rows and items rows do.
-- inventory.warehouse_stock_rebuild(org) recomputes an organization's rows from its levels and costs (this
-- migration's backfill, bulk loads such as bench/, repairs; not concurrently with postings).
-- inventory.check_levels reports rows that differ (new kinds; the warehouse id in location_id).

CREATE TABLE "inventory"."warehouse_items" (
    "organization_id" UUID NOT NULL,
    "warehouse_id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "item_id" UUID NOT NULL,
    "on_hand_qty" DECIMAL(18,4) NOT NULL DEFAULT 0,
    "value" DECIMAL(18,2) NOT NULL DEFAULT 0,

    CONSTRAINT "warehouse_items_pkey" PRIMARY KEY ("organization_id", "warehouse_id", "item_id")
);
CREATE INDEX "warehouse_items_organization_id_item_id_idx" ON "inventory"."warehouse_items"("organization_id", "item_id");
ALTER TABLE "inventory"."warehouse_items" ADD CONSTRAINT "warehouse_items_organization_id_warehouse_id_workspace_id_fkey"
  FOREIGN KEY ("organization_id", "warehouse_id", "workspace_id") REFERENCES "inventory"."warehouses"("organization_id", "id", "workspace_id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "inventory"."warehouse_items" ADD CONSTRAINT "warehouse_items_organization_id_item_id_fkey"
  FOREIGN KEY ("organization_id", "item_id") REFERENCES "inventory"."items"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
SELECT platform.tenant_table('inventory.warehouse_items');
DROP TRIGGER "audit_capture" ON "inventory"."warehouse_items";
SELECT platform.workspace_table('inventory.warehouse_items');

CREATE TABLE "inventory"."warehouse_stock_totals" (
    "organization_id" UUID NOT NULL,
    "warehouse_id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "items_in_stock" BIGINT NOT NULL DEFAULT 0,
    "items" BIGINT NOT NULL DEFAULT 0,
    "on_hand_qty" DECIMAL(18,4) NOT NULL DEFAULT 0,
    "reserved_qty" DECIMAL(18,4) NOT NULL DEFAULT 0,
    "value" DECIMAL(18,2) NOT NULL DEFAULT 0,

    CONSTRAINT "warehouse_stock_totals_pkey" PRIMARY KEY ("organization_id", "warehouse_id")
);
ALTER TABLE "inventory"."warehouse_stock_totals" ADD CONSTRAINT "warehouse_stock_totals_organization_id_warehouse_id_workspace_id_fkey"
  FOREIGN KEY ("organization_id", "warehouse_id", "workspace_id") REFERENCES "inventory"."warehouses"("organization_id", "id", "workspace_id") ON DELETE RESTRICT ON UPDATE CASCADE;
SELECT platform.tenant_table('inventory.warehouse_stock_totals');
DROP TRIGGER "audit_capture" ON "inventory"."warehouse_stock_totals";
SELECT platform.workspace_table('inventory.warehouse_stock_totals');

CREATE TABLE "inventory"."warehouse_stock_deltas" (
    "organization_id" UUID NOT NULL,
    "id" UUID NOT NULL DEFAULT uuidv7(),
    "warehouse_id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "items_in_stock" BIGINT NOT NULL DEFAULT 0,
    "items" BIGINT NOT NULL DEFAULT 0,
    "on_hand_qty" DECIMAL(18,4) NOT NULL DEFAULT 0,
    "reserved_qty" DECIMAL(18,4) NOT NULL DEFAULT 0,
    "value" DECIMAL(18,2) NOT NULL DEFAULT 0,

    CONSTRAINT "warehouse_stock_deltas_pkey" PRIMARY KEY ("organization_id", "id")
);
CREATE INDEX "warehouse_stock_deltas_organization_id_warehouse_id_idx" ON "inventory"."warehouse_stock_deltas"("organization_id", "warehouse_id");
SELECT platform.tenant_table('inventory.warehouse_stock_deltas');
DROP TRIGGER "audit_capture" ON "inventory"."warehouse_stock_deltas";
SELECT platform.workspace_table('inventory.warehouse_stock_deltas');

-- The reserved levels of a workspace (few: open orders), for the totals' "in stock" filter: the reservations of items
-- whose on hand in the warehouse is 0 are not in the report's groups.
CREATE INDEX "stock_levels_reserved_idx" ON "inventory"."stock_levels"("organization_id", "workspace_id") WHERE "reserved_qty" <> 0;

-- Adds Δ on hand (signed) of item p_item at p_location to its warehouse row and revalues the row at the item's
-- current average (p_new_average; NULL: read from the locked cost row); when the average differs from p_old_average,
-- also revalues the item's rows in its other warehouses. One delta row per changed row. The caller holds cost(item).
CREATE FUNCTION "inventory"."warehouse_items_apply"(p_org uuid, p_item uuid, p_location uuid, p_dq numeric,
  p_old_average numeric, p_new_average numeric)
RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_warehouse uuid;
  v_workspace uuid;
  v_average numeric := p_new_average;
  v_old_q numeric;
  v_old_v numeric;
  v_new boolean := false;
  v_q numeric;
  v_v numeric;
  v_caller text;
  v_all uuid[];
BEGIN
  SELECT l.warehouse_id, l.workspace_id INTO v_warehouse, v_workspace
    FROM inventory.locations l WHERE l.organization_id = p_org AND l.id = p_location;
  IF v_average IS NULL THEN
    SELECT c.average_unit_cost INTO v_average FROM inventory.item_costs c WHERE c.organization_id = p_org AND c.item_id = p_item;
    v_average := coalesce(v_average, 0);
  END IF;
  SELECT w.on_hand_qty, w.value INTO v_old_q, v_old_v FROM inventory.warehouse_items w
   WHERE w.organization_id = p_org AND w.warehouse_id = v_warehouse AND w.item_id = p_item FOR UPDATE;
  IF NOT FOUND THEN
    INSERT INTO inventory.warehouse_items (organization_id, warehouse_id, workspace_id, item_id)
    VALUES (p_org, v_warehouse, v_workspace, p_item) ON CONFLICT DO NOTHING;
    v_new := FOUND;
    SELECT w.on_hand_qty, w.value INTO v_old_q, v_old_v FROM inventory.warehouse_items w
     WHERE w.organization_id = p_org AND w.warehouse_id = v_warehouse AND w.item_id = p_item FOR UPDATE;
  END IF;
  v_q := v_old_q + p_dq;
  v_v := round(v_q * v_average, 2);
  UPDATE inventory.warehouse_items w SET on_hand_qty = v_q, value = v_v
   WHERE w.organization_id = p_org AND w.warehouse_id = v_warehouse AND w.item_id = p_item;
  INSERT INTO inventory.warehouse_stock_deltas (organization_id, warehouse_id, workspace_id, items_in_stock, items, on_hand_qty, value)
  VALUES (p_org, v_warehouse, v_workspace, (v_q <> 0)::int - (v_old_q <> 0)::int, v_new::int, p_dq, v_v - v_old_v);
  IF v_average IS DISTINCT FROM p_old_average THEN
    -- Every workspace's rows of the item (the average is the organization's), then the caller's visibility again.
    v_caller := current_setting('app.workspace_ids', true);
    SELECT array_agg(x.id) INTO v_all FROM platform.workspaces x WHERE x.organization_id = p_org;
    PERFORM set_config('app.workspace_ids', coalesce(v_all::text, ''), true);
    WITH r AS (
      UPDATE inventory.warehouse_items w SET value = round(w.on_hand_qty * v_average, 2)
        FROM inventory.warehouse_items o
       WHERE w.organization_id = p_org AND w.item_id = p_item AND w.warehouse_id <> v_warehouse
         AND w.value <> round(w.on_hand_qty * v_average, 2)
         AND o.organization_id = w.organization_id AND o.warehouse_id = w.warehouse_id AND o.item_id = w.item_id
      RETURNING w.warehouse_id, w.workspace_id, w.value - o.value AS dv)
    INSERT INTO inventory.warehouse_stock_deltas (organization_id, warehouse_id, workspace_id, value)
    SELECT p_org, r.warehouse_id, r.workspace_id, r.dv FROM r;
    PERFORM set_config('app.workspace_ids', coalesce(v_caller, ''), true);
  END IF;
END $$;

-- A transfer's part: between two warehouses, the cost row locked (levels → cost, as an issue) and both rows moved
-- at the unchanged average; inside one warehouse nothing changes, except the row's first insert (negative stock).
CREATE FUNCTION "inventory"."warehouse_items_transfer"(p_org uuid, p_item uuid, p_from uuid, p_to uuid, p_quantity numeric, p_standard numeric)
RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  f record;
  t record;
  c record;
BEGIN
  SELECT l.warehouse_id, l.workspace_id INTO f FROM inventory.locations l WHERE l.organization_id = p_org AND l.id = p_from;
  SELECT l.warehouse_id, l.workspace_id INTO t FROM inventory.locations l WHERE l.organization_id = p_org AND l.id = p_to;
  IF f.warehouse_id = t.warehouse_id THEN
    IF NOT EXISTS (SELECT 1 FROM inventory.warehouse_items w
                    WHERE w.organization_id = p_org AND w.warehouse_id = f.warehouse_id AND w.item_id = p_item) THEN
      INSERT INTO inventory.warehouse_items (organization_id, warehouse_id, workspace_id, item_id)
      VALUES (p_org, f.warehouse_id, f.workspace_id, p_item) ON CONFLICT DO NOTHING;
      IF FOUND THEN
        INSERT INTO inventory.warehouse_stock_deltas (organization_id, warehouse_id, workspace_id, items)
        VALUES (p_org, f.warehouse_id, f.workspace_id, 1);
      END IF;
    END IF;
    RETURN;
  END IF;
  SELECT * INTO c FROM inventory.posting_cost_lock(p_org, p_item, p_standard);
  PERFORM inventory.warehouse_items_apply(p_org, p_item, p_from, -p_quantity, c.average, c.average);
  PERFORM inventory.warehouse_items_apply(p_org, p_item, p_to, p_quantity, c.average, c.average);
END $$;

-- Δreserved of a level (reserve / release): one delta row, no lock.
CREATE FUNCTION "inventory"."warehouse_stock_reserved"() RETURNS trigger
LANGUAGE plpgsql SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  INSERT INTO inventory.warehouse_stock_deltas (organization_id, warehouse_id, workspace_id, reserved_qty)
  SELECT NEW.organization_id, l.warehouse_id, l.workspace_id, NEW.reserved_qty - OLD.reserved_qty
    FROM inventory.locations l WHERE l.organization_id = NEW.organization_id AND l.id = NEW.location_id;
  RETURN NULL;
END $$;
CREATE TRIGGER "stock_levels_warehouse_reserved" AFTER UPDATE OF "reserved_qty" ON "inventory"."stock_levels"
  FOR EACH ROW WHEN (OLD.reserved_qty IS DISTINCT FROM NEW.reserved_qty) EXECUTE FUNCTION "inventory"."warehouse_stock_reserved"();

-- Moves the caller's visible deltas of the organization into the base rows; answers how many it folded. The DELETE
-- and the upsert are one statement: each delta is deleted (and added) by exactly one fold — a concurrent fold waits
-- on the row and skips it once deleted —, and the base rows are upserted in warehouse order (no deadlock between
-- two folds).
CREATE FUNCTION "inventory"."warehouse_stock_fold"(p_org uuid) RETURNS bigint
LANGUAGE sql SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$
  WITH d AS (
    DELETE FROM inventory.warehouse_stock_deltas x WHERE x.organization_id = p_org
    RETURNING x.warehouse_id, x.workspace_id, x.items_in_stock, x.items, x.on_hand_qty, x.reserved_qty, x.value
  ), s AS (
    SELECT d.warehouse_id, d.workspace_id, count(*) AS n, sum(d.items_in_stock) AS items_in_stock, sum(d.items) AS items,
           sum(d.on_hand_qty) AS on_hand_qty, sum(d.reserved_qty) AS reserved_qty, sum(d.value) AS value
      FROM d GROUP BY d.warehouse_id, d.workspace_id
  ), u AS (
    INSERT INTO inventory.warehouse_stock_totals AS t (organization_id, warehouse_id, workspace_id, items_in_stock, items, on_hand_qty, reserved_qty, value)
    SELECT p_org, s.warehouse_id, s.workspace_id, s.items_in_stock, s.items, s.on_hand_qty, s.reserved_qty, s.value
      FROM s ORDER BY s.warehouse_id
    ON CONFLICT (organization_id, warehouse_id) DO UPDATE
       SET items_in_stock = t.items_in_stock + EXCLUDED.items_in_stock, items = t.items + EXCLUDED.items,
           on_hand_qty = t.on_hand_qty + EXCLUDED.on_hand_qty, reserved_qty = t.reserved_qty + EXCLUDED.reserved_qty,
           value = t.value + EXCLUDED.value
    RETURNING 1
  )
  SELECT coalesce(sum(s.n), 0)::bigint FROM s
$$;

-- Recomputes an organization's rows from its levels and costs (backfill, bulk loads, repairs; not concurrently with
-- postings). Like location_values_rebuild: the whole organization whatever the caller's workspaces, the caller's
-- settings restored afterwards, another organization than the caller's refused.
CREATE FUNCTION "inventory"."warehouse_stock_rebuild"(p_org uuid) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_org text := nullif(current_setting('app.org_id', true), '');
  v_ws text := current_setting('app.workspace_ids', true);
BEGIN
  IF v_org IS NOT NULL AND v_org::uuid <> p_org THEN
    RAISE EXCEPTION 'inventory.warehouse_stock_rebuild: organization % is not the current one', p_org USING ERRCODE = 'insufficient_privilege';
  END IF;
  PERFORM set_config('app.org_id', p_org::text, true);
  PERFORM set_config('app.workspace_ids',
    coalesce((SELECT array_agg(w.id)::text FROM platform.workspaces w WHERE w.organization_id = p_org), ''), true);

  DELETE FROM inventory.warehouse_stock_deltas d WHERE d.organization_id = p_org;
  DELETE FROM inventory.warehouse_stock_totals t WHERE t.organization_id = p_org;
  DELETE FROM inventory.warehouse_items w WHERE w.organization_id = p_org;
  INSERT INTO inventory.warehouse_items (organization_id, warehouse_id, workspace_id, item_id, on_hand_qty, value)
  SELECT p_org, g.warehouse_id, g.workspace_id, g.item_id, g.q, round(g.q * coalesce(c.average_unit_cost, 0), 2)
    FROM (SELECT l.warehouse_id, l.workspace_id, s.item_id, sum(s.on_hand_qty) AS q
            FROM inventory.stock_levels s
            JOIN inventory.locations l ON l.organization_id = s.organization_id AND l.id = s.location_id
           WHERE s.organization_id = p_org
           GROUP BY l.warehouse_id, l.workspace_id, s.item_id) g
    LEFT JOIN inventory.item_costs c ON c.organization_id = p_org AND c.item_id = g.item_id;
  INSERT INTO inventory.warehouse_stock_totals (organization_id, warehouse_id, workspace_id, items_in_stock, items, on_hand_qty, reserved_qty, value)
  SELECT p_org, w.warehouse_id, w.workspace_id, count(*) FILTER (WHERE w.on_hand_qty <> 0), count(*), sum(w.on_hand_qty),
         coalesce(max(r.reserved), 0), sum(w.value)
    FROM inventory.warehouse_items w
    LEFT JOIN (SELECT l.warehouse_id, sum(s.reserved_qty) AS reserved
                 FROM inventory.stock_levels s
                 JOIN inventory.locations l ON l.organization_id = s.organization_id AND l.id = s.location_id
                WHERE s.organization_id = p_org AND s.reserved_qty <> 0
                GROUP BY l.warehouse_id) r ON r.warehouse_id = w.warehouse_id
   WHERE w.organization_id = p_org
   GROUP BY w.warehouse_id, w.workspace_id;

  PERFORM set_config('app.org_id', coalesce(v_org, ''), true);
  PERFORM set_config('app.workspace_ids', coalesce(v_ws, ''), true);
END $$;

-- The posting functions: their latest definitions (post_in, post_transfer, post_reversal of
-- 20261203000000_inventory_posting_functions, post_out of 20261203020000_inventory_post_out_refusal), unchanged but
-- for the warehouse rows, written after the cost row (a transfer: before its move, after its levels).

CREATE OR REPLACE FUNCTION "inventory"."post_in"(p_org uuid, p_user uuid, p_item uuid, p_variant uuid, p_location uuid, p_quantity numeric,
  p_unit_cost numeric, p_lot_number text, p_expires_on date, p_serial text, p_move_type text, p_source_type text, p_source_id uuid,
  p_note text, p_moved_at timestamptz)
RETURNS inventory.posted_move
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  it inventory.items;
  v_workspace uuid;
  v_place text;
  v_archived boolean;
  v record;
  lot record;
  ser record;
  r inventory.posted_move;
  v_serial_id uuid;
  c_quantity numeric;
  c_value numeric;
  c_average numeric;
  v_unit_cost numeric;
  v_value numeric;
  v_quantity numeric;
  v_total numeric;
BEGIN
  SELECT * INTO it FROM inventory.items i WHERE i.organization_id = p_org AND i.id = p_item;
  IF NOT FOUND THEN RETURN inventory.posting_error('NOT_FOUND', NULL, 'Item not found'); END IF;
  IF NOT it.track_inventory THEN RETURN inventory.posting_error('BAD_REQUEST', 'itemId', it.sku || ' does not track inventory'); END IF;
  IF it.archived_at IS NOT NULL THEN
    RETURN inventory.posting_error('PRECONDITION_FAILED', 'itemId', it.sku || ' is archived: restore it to move its stock');
  END IF;
  SELECT l.workspace_id, w.code || '/' || l.code, (l.archived_at IS NOT NULL OR w.archived_at IS NOT NULL)
    INTO v_workspace, v_place, v_archived
    FROM inventory.locations l JOIN inventory.warehouses w ON w.organization_id = l.organization_id AND w.id = l.warehouse_id
   WHERE l.organization_id = p_org AND l.id = p_location;
  IF NOT FOUND THEN RETURN inventory.posting_error('NOT_FOUND', NULL, 'Location not found'); END IF;
  IF v_archived THEN RETURN inventory.posting_error('PRECONDITION_FAILED', 'locationId', v_place || ' is archived'); END IF;
  SELECT * INTO v FROM inventory.posting_variant(p_org, p_item, it.sku, p_variant, true, p_location);
  IF (v.err).error_code IS NOT NULL THEN RETURN v.err; END IF;
  IF it.serial_control OR p_serial IS NOT NULL THEN
    r := inventory.posting_serial_rule(it.sku, it.serial_control, p_serial, p_quantity);
    IF r.error_code IS NOT NULL THEN RETURN r; END IF;
  END IF;
  SELECT * INTO lot FROM inventory.posting_lot(p_org, p_item, it.sku, it.lot_control, it.shelf_life_days, p_lot_number, true, p_expires_on, p_moved_at, false, p_user);
  IF (lot.err).error_code IS NOT NULL THEN RETURN lot.err; END IF;
  IF p_serial IS NOT NULL THEN
    SELECT * INTO ser FROM inventory.posting_serial_in(p_org, p_item, it.sku, p_serial, lot.lot_id, p_location, p_user);
    IF (ser.err).error_code IS NOT NULL THEN RETURN ser.err; END IF;
    v_serial_id := ser.serial_id;
  END IF;
  INSERT INTO inventory.stock_levels AS s (organization_id, id, workspace_id, item_id, variant_id, location_id, lot_id, on_hand_qty)
  VALUES (p_org, uuidv7(), v_workspace, p_item, v.variant_id, p_location, lot.lot_id, p_quantity)
  ON CONFLICT (organization_id, item_id, variant_id, location_id, lot_id)
  DO UPDATE SET on_hand_qty = s.on_hand_qty + excluded.on_hand_qty, updated_at = now();
  SELECT ic.quantity, ic.value, ic.average_unit_cost INTO c_quantity, c_value, c_average
    FROM inventory.item_costs ic WHERE ic.organization_id = p_org AND ic.item_id = p_item FOR UPDATE;
  IF NOT FOUND THEN
    SELECT * INTO c_quantity, c_value, c_average FROM inventory.posting_cost_lock(p_org, p_item, it.standard_unit_cost);
  END IF;
  v_unit_cost := coalesce(p_unit_cost, c_average);
  v_value := round(p_quantity * v_unit_cost, 2);
  r := inventory.posting_write(p_org, v_workspace, p_item, v.variant_id, NULL, p_location, p_quantity, lot.lot_id, v_serial_id,
    v_unit_cost, v_value, p_move_type, NULL, p_source_type, p_source_id, p_note, p_moved_at, p_user);
  -- The average: (old value + value in) / (old quantity + quantity in) when positive and the old quantity was not
  -- negative, otherwise the inbound unit cost (posting_cost_apply).
  v_quantity := c_quantity + p_quantity;
  v_total := c_value + v_value;
  UPDATE inventory.item_costs ic
     SET quantity = v_quantity, value = v_total, updated_at = now(),
         average_unit_cost = CASE WHEN c_quantity >= 0 AND v_quantity > 0 AND v_total >= 0 THEN round(v_total / v_quantity, 6) ELSE v_unit_cost END
   WHERE ic.organization_id = p_org AND ic.item_id = p_item;
  PERFORM inventory.warehouse_items_apply(p_org, p_item, p_location, p_quantity, c_average, NULL);
  RETURN r;
END $$;

CREATE OR REPLACE FUNCTION "inventory"."post_out"(p_org uuid, p_user uuid, p_item uuid, p_variant uuid, p_location uuid, p_quantity numeric,
  p_unit_cost_given boolean, p_refuse_expired boolean, p_lot_number text, p_serial text, p_move_type text, p_source_type text,
  p_source_id uuid, p_note text, p_moved_at timestamptz)
RETURNS inventory.posted_move
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  it inventory.items;
  v_workspace uuid;
  v_allow_negative boolean;
  v_place text;
  v_archived boolean;
  v record;
  lot record;
  ser record;
  r inventory.posted_move;
  v_serial_id uuid;
  c_quantity numeric;
  c_value numeric;
  c_average numeric;
  v_value numeric;
BEGIN
  SELECT * INTO it FROM inventory.items i WHERE i.organization_id = p_org AND i.id = p_item;
  IF NOT FOUND THEN RETURN inventory.posting_error('NOT_FOUND', NULL, 'Item not found'); END IF;
  IF NOT it.track_inventory THEN RETURN inventory.posting_error('BAD_REQUEST', 'itemId', it.sku || ' does not track inventory'); END IF;
  IF it.archived_at IS NOT NULL THEN
    RETURN inventory.posting_error('PRECONDITION_FAILED', 'itemId', it.sku || ' is archived: restore it to move its stock');
  END IF;
  SELECT l.workspace_id, w.allow_negative_stock, w.code || '/' || l.code, (l.archived_at IS NOT NULL OR w.archived_at IS NOT NULL)
    INTO v_workspace, v_allow_negative, v_place, v_archived
    FROM inventory.locations l JOIN inventory.warehouses w ON w.organization_id = l.organization_id AND w.id = l.warehouse_id
   WHERE l.organization_id = p_org AND l.id = p_location;
  IF NOT FOUND THEN RETURN inventory.posting_error('NOT_FOUND', NULL, 'Location not found'); END IF;
  IF v_archived THEN RETURN inventory.posting_error('PRECONDITION_FAILED', 'locationId', v_place || ' is archived'); END IF;
  SELECT * INTO v FROM inventory.posting_variant(p_org, p_item, it.sku, p_variant, false, p_location);
  IF (v.err).error_code IS NOT NULL THEN RETURN v.err; END IF;
  IF it.serial_control OR p_serial IS NOT NULL THEN
    r := inventory.posting_serial_rule(it.sku, it.serial_control, p_serial, p_quantity);
    IF r.error_code IS NOT NULL THEN RETURN r; END IF;
  END IF;
  IF p_unit_cost_given THEN
    RETURN inventory.posting_error('BAD_REQUEST', 'unitCost', 'Stock taken out carries the average cost; leave the unit cost empty');
  END IF;
  SELECT * INTO lot FROM inventory.posting_lot(p_org, p_item, it.sku, it.lot_control, it.shelf_life_days, p_lot_number, false, NULL, p_moved_at, p_refuse_expired, p_user);
  IF (lot.err).error_code IS NOT NULL THEN RETURN lot.err; END IF;
  IF v_allow_negative THEN
    PERFORM inventory.posting_level_add(p_org, v_workspace, p_item, v.variant_id, p_location, lot.lot_id, -p_quantity);
  ELSE
    -- The one conditional statement that holds the negative-stock rule; when it takes nothing, the refusal only reads.
    UPDATE inventory.stock_levels s SET on_hand_qty = s.on_hand_qty - p_quantity, updated_at = now()
     WHERE s.organization_id = p_org AND s.item_id = p_item AND s.location_id = p_location
       AND s.variant_id IS NOT DISTINCT FROM v.variant_id AND s.lot_id IS NOT DISTINCT FROM lot.lot_id
       AND s.on_hand_qty - s.reserved_qty >= p_quantity;
    IF NOT FOUND THEN
      RETURN inventory.posting_level_refusal(p_org, p_item, v.variant_id, p_location, lot.lot_id, p_quantity,
        it.sku, CASE WHEN lot.lot_id IS NOT NULL THEN p_lot_number END, v_place);
    END IF;
  END IF;
  IF p_serial IS NOT NULL THEN
    SELECT * INTO ser FROM inventory.posting_serial_out(p_org, p_item, it.sku, p_serial, p_location, v_place, NULL, it.lot_control, lot.lot_id, p_user);
    IF (ser.err).error_code IS NOT NULL THEN RETURN ser.err; END IF;
    v_serial_id := ser.serial_id;
  END IF;
  SELECT ic.quantity, ic.value, ic.average_unit_cost INTO c_quantity, c_value, c_average
    FROM inventory.item_costs ic WHERE ic.organization_id = p_org AND ic.item_id = p_item FOR UPDATE;
  IF NOT FOUND THEN
    SELECT * INTO c_quantity, c_value, c_average FROM inventory.posting_cost_lock(p_org, p_item, it.standard_unit_cost);
  END IF;
  -- The average of the moment; the organization's last units take all the value that is left (no rounding residue).
  v_value := CASE WHEN p_quantity = c_quantity THEN -c_value ELSE -round(p_quantity * c_average, 2) END;
  r := inventory.posting_write(p_org, v_workspace, p_item, v.variant_id, p_location, NULL, p_quantity, lot.lot_id, v_serial_id,
    c_average, v_value, p_move_type, NULL, p_source_type, p_source_id, p_note, p_moved_at, p_user);
  -- Outbound: the average stays.
  UPDATE inventory.item_costs ic SET quantity = c_quantity - p_quantity, value = c_value + v_value, updated_at = now()
   WHERE ic.organization_id = p_org AND ic.item_id = p_item;
  PERFORM inventory.warehouse_items_apply(p_org, p_item, p_location, -p_quantity, c_average, c_average);
  RETURN r;
END $$;

CREATE OR REPLACE FUNCTION "inventory"."post_transfer"(p_org uuid, p_user uuid, p_item uuid, p_variant uuid, p_from uuid, p_to uuid, p_quantity numeric,
  p_lot_number text, p_serial text, p_source_type text, p_source_id uuid, p_note text, p_moved_at timestamptz)
RETURNS inventory.posted_move
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  it inventory.items;
  src record;
  dst record;
  v record;
  lot record;
  ser record;
  r inventory.posted_move;
  v_serial_id uuid;
  v_average numeric;
BEGIN
  SELECT * INTO it FROM inventory.items i WHERE i.organization_id = p_org AND i.id = p_item;
  IF NOT FOUND THEN RETURN inventory.posting_error('NOT_FOUND', NULL, 'Item not found'); END IF;
  IF NOT it.track_inventory THEN RETURN inventory.posting_error('BAD_REQUEST', 'itemId', it.sku || ' does not track inventory'); END IF;
  IF it.archived_at IS NOT NULL THEN
    RETURN inventory.posting_error('PRECONDITION_FAILED', 'itemId', it.sku || ' is archived: restore it to move its stock');
  END IF;
  SELECT l.workspace_id, w.allow_negative_stock AS allow_negative, w.code || '/' || l.code AS place,
         (l.archived_at IS NOT NULL OR w.archived_at IS NOT NULL) AS archived
    INTO src
    FROM inventory.locations l JOIN inventory.warehouses w ON w.organization_id = l.organization_id AND w.id = l.warehouse_id
   WHERE l.organization_id = p_org AND l.id = p_from;
  IF NOT FOUND THEN RETURN inventory.posting_error('NOT_FOUND', NULL, 'Location not found'); END IF;
  SELECT l.workspace_id, w.code || '/' || l.code AS place, (l.archived_at IS NOT NULL OR w.archived_at IS NOT NULL) AS archived
    INTO dst
    FROM inventory.locations l JOIN inventory.warehouses w ON w.organization_id = l.organization_id AND w.id = l.warehouse_id
   WHERE l.organization_id = p_org AND l.id = p_to;
  IF NOT FOUND THEN RETURN inventory.posting_error('NOT_FOUND', NULL, 'Location not found'); END IF;
  IF src.archived THEN RETURN inventory.posting_error('PRECONDITION_FAILED', 'fromLocationId', src.place || ' is archived'); END IF;
  IF dst.archived THEN RETURN inventory.posting_error('PRECONDITION_FAILED', 'toLocationId', dst.place || ' is archived'); END IF;
  IF src.workspace_id <> dst.workspace_id THEN
    RETURN inventory.posting_error('BAD_REQUEST', 'toLocationId',
      'Stock moves between workspaces go through a transfer document (in transit); choose a location of the same workspace');
  END IF;
  SELECT * INTO v FROM inventory.posting_variant(p_org, p_item, it.sku, p_variant, true, p_to);
  IF (v.err).error_code IS NOT NULL THEN RETURN v.err; END IF;
  IF it.serial_control OR p_serial IS NOT NULL THEN
    r := inventory.posting_serial_rule(it.sku, it.serial_control, p_serial, p_quantity);
    IF r.error_code IS NOT NULL THEN RETURN r; END IF;
  END IF;
  SELECT * INTO lot FROM inventory.posting_lot(p_org, p_item, it.sku, it.lot_control, it.shelf_life_days, p_lot_number, false, NULL, p_moved_at, false, p_user);
  IF (lot.err).error_code IS NOT NULL THEN RETURN lot.err; END IF;
  PERFORM inventory.posting_lock_levels(p_org, src.workspace_id, p_item, v.variant_id, lot.lot_id, p_from, p_to);
  r := inventory.posting_level_take(p_org, src.workspace_id, p_item, v.variant_id, p_from, lot.lot_id, p_quantity, src.allow_negative,
    it.sku, CASE WHEN lot.lot_id IS NOT NULL THEN p_lot_number END, src.place);
  IF r.error_code IS NOT NULL THEN RETURN r; END IF;
  PERFORM inventory.posting_level_add(p_org, dst.workspace_id, p_item, v.variant_id, p_to, lot.lot_id, p_quantity);
  IF p_serial IS NOT NULL THEN
    SELECT * INTO ser FROM inventory.posting_serial_out(p_org, p_item, it.sku, p_serial, p_from, src.place, p_to, it.lot_control, lot.lot_id, p_user);
    IF (ser.err).error_code IS NOT NULL THEN RETURN ser.err; END IF;
    v_serial_id := ser.serial_id;
  END IF;
  PERFORM inventory.warehouse_items_transfer(p_org, p_item, p_from, p_to, p_quantity, it.standard_unit_cost);
  SELECT ic.average_unit_cost INTO v_average FROM inventory.item_costs ic WHERE ic.organization_id = p_org AND ic.item_id = p_item;
  RETURN inventory.posting_write(p_org, src.workspace_id, p_item, v.variant_id, p_from, p_to, p_quantity, lot.lot_id, v_serial_id,
    coalesce(v_average, it.standard_unit_cost, 0), 0, 'transfer', NULL, p_source_type, p_source_id, p_note, p_moved_at, p_user);
END $$;

CREATE OR REPLACE FUNCTION "inventory"."post_reversal"(p_org uuid, p_user uuid, p_move uuid, p_note text, p_moved_at timestamptz)
RETURNS inventory.posted_move
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  o inventory.stock_moves;
  it record;
  back record;
  home record;
  ser record;
  c record;
  r inventory.posted_move;
  m inventory.posted_move;
  v_sku text;
  v_archived timestamptz;
  v_lot_number text;
  v_serial text;
BEGIN
  SELECT * INTO o FROM inventory.stock_moves x WHERE x.organization_id = p_org AND x.id = p_move;
  IF NOT FOUND THEN RETURN inventory.posting_error('NOT_FOUND', NULL, 'Stock move not found'); END IF;
  IF o.reversal_of_move_id IS NOT NULL THEN
    RETURN inventory.posting_error('PRECONDITION_FAILED', 'moveId', 'This move is a reversal and cannot be reversed; record a new move instead');
  END IF;
  IF EXISTS (SELECT 1 FROM inventory.stock_moves x WHERE x.organization_id = p_org AND x.reversal_of_move_id = o.id) THEN
    RETURN inventory.posting_error('CONFLICT', 'moveId', 'This move has already been reversed');
  END IF;
  SELECT * INTO it FROM inventory.posting_item(p_org, o.item_id, false);
  IF (it.err).error_code IS NOT NULL THEN RETURN it.err; END IF;
  IF o.from_location_id IS NOT NULL THEN
    -- Stock comes back into the source: never into an archived location, never to an archived variant.
    SELECT * INTO home FROM inventory.posting_location(p_org, o.from_location_id, 'moveId');
    IF (home.err).error_code IS NOT NULL THEN RETURN home.err; END IF;
    IF o.variant_id IS NOT NULL THEN
      SELECT x.sku, x.archived_at INTO v_sku, v_archived FROM inventory.variants x
       WHERE x.organization_id = p_org AND x.item_id = o.item_id AND x.id = o.variant_id;
      IF v_archived IS NOT NULL THEN
        RETURN inventory.posting_error('PRECONDITION_FAILED', 'moveId', v_sku || ' is archived: restore it to take stock in');
      END IF;
    END IF;
  END IF;
  IF o.to_location_id IS NOT NULL THEN
    SELECT * INTO back FROM inventory.posting_location(p_org, o.to_location_id, NULL);
    IF (back.err).error_code IS NOT NULL THEN RETURN back.err; END IF;
  END IF;
  -- Written first: a concurrent second reversal waits here on the unique index, then finds it taken.
  INSERT INTO inventory.stock_moves AS x (organization_id, id, workspace_id, item_id, variant_id, from_location_id, to_location_id, quantity,
    lot_id, serial_id, unit_cost, value, move_type, reversal_of_move_id, source_document_type, source_document_id, note, moved_at, created_by)
  VALUES (p_org, uuidv7(), o.workspace_id, o.item_id, o.variant_id, o.to_location_id, o.from_location_id, o.quantity, o.lot_id, o.serial_id,
    o.unit_cost, -o.value, o.move_type, o.id, o.source_document_type, o.source_document_id, p_note, coalesce(p_moved_at, now()), p_user)
  ON CONFLICT (organization_id, reversal_of_move_id) DO NOTHING
  RETURNING NULL, NULL, NULL, x.id, x.move_type::text, x.item_id, x.variant_id, x.from_location_id, x.to_location_id, x.quantity,
    x.lot_id, x.serial_id, x.unit_cost, x.value, x.source_document_type, x.source_document_id, x.reversal_of_move_id, x.note, x.moved_at
  INTO m;
  IF m.id IS NULL THEN RETURN inventory.posting_error('CONFLICT', 'moveId', 'This move has already been reversed'); END IF;
  IF o.lot_id IS NOT NULL THEN
    SELECT l.lot_number INTO v_lot_number FROM inventory.lots l WHERE l.organization_id = p_org AND l.id = o.lot_id;
  END IF;
  IF o.serial_id IS NOT NULL THEN
    SELECT s.serial_number INTO v_serial FROM inventory.serials s WHERE s.organization_id = p_org AND s.id = o.serial_id;
  END IF;
  IF o.from_location_id IS NOT NULL AND o.to_location_id IS NOT NULL THEN
    -- A transfer back: the same two rows, locked in the same order as any transfer.
    PERFORM inventory.posting_lock_levels(p_org, o.workspace_id, o.item_id, o.variant_id, o.lot_id, o.to_location_id, o.from_location_id);
    r := inventory.posting_level_take(p_org, o.workspace_id, o.item_id, o.variant_id, o.to_location_id, o.lot_id, o.quantity, back.allow_negative,
      it.sku, v_lot_number, back.place);
    IF r.error_code IS NOT NULL THEN RETURN r; END IF;
    PERFORM inventory.posting_level_add(p_org, o.workspace_id, o.item_id, o.variant_id, o.from_location_id, o.lot_id, o.quantity);
    IF v_serial IS NOT NULL THEN
      SELECT * INTO ser FROM inventory.posting_serial_out(p_org, o.item_id, it.sku, v_serial, o.to_location_id, back.place, o.from_location_id,
        it.lot_control, o.lot_id, p_user);
      IF (ser.err).error_code IS NOT NULL THEN RETURN ser.err; END IF;
    END IF;
    PERFORM inventory.warehouse_items_transfer(p_org, o.item_id, o.to_location_id, o.from_location_id, o.quantity, it.standard_unit_cost);
  ELSIF o.to_location_id IS NOT NULL THEN
    -- Inbound undone: the stock leaves again, the average is recomputed from what remains.
    r := inventory.posting_level_take(p_org, o.workspace_id, o.item_id, o.variant_id, o.to_location_id, o.lot_id, o.quantity, back.allow_negative,
      it.sku, v_lot_number, back.place);
    IF r.error_code IS NOT NULL THEN RETURN r; END IF;
    IF v_serial IS NOT NULL THEN
      SELECT * INTO ser FROM inventory.posting_serial_out(p_org, o.item_id, it.sku, v_serial, o.to_location_id, back.place, NULL,
        it.lot_control, o.lot_id, p_user);
      IF (ser.err).error_code IS NOT NULL THEN RETURN ser.err; END IF;
    END IF;
    SELECT * INTO c FROM inventory.posting_cost_lock(p_org, o.item_id, it.standard_unit_cost);
    PERFORM inventory.posting_cost_apply(p_org, o.item_id, c.quantity, c.value, c.average, -o.quantity, -o.value, NULL, true);
    PERFORM inventory.warehouse_items_apply(p_org, o.item_id, o.to_location_id, -o.quantity, c.average, NULL);
  ELSE
    -- Outbound undone: the stock comes back at the cost it left with.
    PERFORM inventory.posting_level_add(p_org, o.workspace_id, o.item_id, o.variant_id, o.from_location_id, o.lot_id, o.quantity);
    IF v_serial IS NOT NULL THEN
      SELECT * INTO ser FROM inventory.posting_serial_in(p_org, o.item_id, it.sku, v_serial, o.lot_id, o.from_location_id, p_user);
      IF (ser.err).error_code IS NOT NULL THEN RETURN ser.err; END IF;
    END IF;
    SELECT * INTO c FROM inventory.posting_cost_lock(p_org, o.item_id, it.standard_unit_cost);
    PERFORM inventory.posting_cost_apply(p_org, o.item_id, c.quantity, c.value, c.average, o.quantity, -o.value, o.unit_cost, false);
    PERFORM inventory.warehouse_items_apply(p_org, o.item_id, o.from_location_id, o.quantity, c.average, NULL);
  END IF;
  RETURN m;
END $$;

-- The consistency check of 20261202140000_inventory_core plus the warehouse rows (the warehouse id in location_id):
--   warehouse_item        a row's on hand differs from Σ its item's levels in the warehouse, or a row is missing
--                         (levels, no row: recorded 0) or has no level (ledger 0)
--   warehouse_item_value  a row's value differs from round(on hand × the item's average, 2)
--   warehouse_items_in_stock, warehouse_items, warehouse_on_hand, warehouse_reserved, warehouse_value
--                         a warehouse's totals (base + Σ deltas) differ from Σ of its rows (reserved: of its levels)
-- Over the levels and rows the caller sees, like the level rows.
CREATE OR REPLACE FUNCTION "inventory"."check_levels"(p_org uuid)
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
  costs AS (SELECT c.item_id, c.quantity AS q, c.value AS v FROM inventory.item_costs c WHERE c.organization_id = p_org),
  wh_levels AS (
    SELECT s.item_id, l.warehouse_id, sum(s.on_hand_qty) AS q, sum(s.reserved_qty) AS r
      FROM inventory.stock_levels s JOIN inventory.locations l ON l.organization_id = s.organization_id AND l.id = s.location_id
     WHERE s.organization_id = p_org GROUP BY 1, 2),
  wh_items AS (
    SELECT w.item_id, w.warehouse_id, w.on_hand_qty AS q, w.value AS v,
           round(w.on_hand_qty * coalesce(c.average_unit_cost, 0), 2) AS expected_v
      FROM inventory.warehouse_items w
      LEFT JOIN inventory.item_costs c ON c.organization_id = w.organization_id AND c.item_id = w.item_id
     WHERE w.organization_id = p_org),
  wh_recorded AS (
    SELECT x.warehouse_id, sum(x.items_in_stock) AS items_in_stock, sum(x.items) AS items, sum(x.on_hand_qty) AS q,
           sum(x.reserved_qty) AS r, sum(x.value) AS v
      FROM (SELECT t.warehouse_id, t.items_in_stock, t.items, t.on_hand_qty, t.reserved_qty, t.value
              FROM inventory.warehouse_stock_totals t WHERE t.organization_id = p_org
            UNION ALL
            SELECT d.warehouse_id, d.items_in_stock, d.items, d.on_hand_qty, d.reserved_qty, d.value
              FROM inventory.warehouse_stock_deltas d WHERE d.organization_id = p_org) x
     GROUP BY 1),
  wh_expected AS (
    SELECT w.warehouse_id, count(*) FILTER (WHERE w.q <> 0) AS items_in_stock, count(*) AS items, sum(w.q) AS q, sum(w.v) AS v,
           (SELECT coalesce(sum(r.r), 0) FROM wh_levels r WHERE r.warehouse_id = w.warehouse_id) AS r
      FROM wh_items w GROUP BY 1),
  wh AS (
    SELECT coalesce(a.warehouse_id, e.warehouse_id) AS warehouse_id,
           coalesce(a.items_in_stock, 0) AS a_in, coalesce(e.items_in_stock, 0) AS e_in,
           coalesce(a.items, 0) AS a_items, coalesce(e.items, 0) AS e_items,
           coalesce(a.q, 0) AS a_q, coalesce(e.q, 0) AS e_q, coalesce(a.r, 0) AS a_r, coalesce(e.r, 0) AS e_r,
           coalesce(a.v, 0) AS a_v, coalesce(e.v, 0) AS e_v
      FROM wh_recorded a FULL JOIN wh_expected e ON e.warehouse_id = a.warehouse_id)
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
  UNION ALL
  SELECT 'warehouse_item', coalesce(w.item_id, s.item_id), NULL, coalesce(w.warehouse_id, s.warehouse_id), NULL, coalesce(w.q, 0), coalesce(s.q, 0)
    FROM wh_items w FULL JOIN wh_levels s ON s.item_id = w.item_id AND s.warehouse_id = w.warehouse_id
   WHERE w.item_id IS NULL OR s.item_id IS NULL OR w.q <> s.q
  UNION ALL
  SELECT 'warehouse_item_value', w.item_id, NULL, w.warehouse_id, NULL, w.v, w.expected_v FROM wh_items w WHERE w.v <> w.expected_v
  UNION ALL
  SELECT k.kind, NULL, NULL, wh.warehouse_id, NULL, k.recorded, k.expected
    FROM wh CROSS JOIN LATERAL (VALUES
      ('warehouse_items_in_stock', wh.a_in::numeric, wh.e_in::numeric),
      ('warehouse_items', wh.a_items::numeric, wh.e_items::numeric),
      ('warehouse_on_hand', wh.a_q, wh.e_q),
      ('warehouse_reserved', wh.a_r, wh.e_r),
      ('warehouse_value', wh.a_v, wh.e_v)) k(kind, recorded, expected)
   WHERE k.recorded <> k.expected
$$;

-- Executed by the runtime roles only (RLS applies to tessera_app).
DO $$
DECLARE f regprocedure;
BEGIN
  FOR f IN SELECT p.oid::regprocedure FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = 'inventory' AND p.proname IN ('warehouse_items_apply', 'warehouse_items_transfer', 'warehouse_stock_fold',
                                                            'warehouse_stock_rebuild', 'warehouse_stock_reserved') LOOP
    EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
    EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO tessera_app, tessera_system', f);
  END LOOP;
END $$;

-- Backfill: every organization's rows from its current levels and costs (set-based, one grouped pass per organization).
ALTER TABLE "platform"."organizations" NO FORCE ROW LEVEL SECURITY;
SELECT "inventory"."warehouse_stock_rebuild"(o.id) FROM "platform"."organizations" o;
ALTER TABLE "platform"."organizations" FORCE ROW LEVEL SECURITY;
