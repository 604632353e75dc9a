-- The stock report's totals by item when EVERY warehouse of the organization is in view (the owner's or an admin's
-- report without a warehouse filter): an item is one group over all warehouses, valued once (round(its on hand ×
-- average, 2)), which the per-warehouse counters cannot add up; summed from warehouse_items per item it took
-- ~0.8 s at full scale (160,000 items × 4 warehouses), budget 50 ms.
--
-- Over the whole organization an item's on hand is its cost row's quantity: inventory.item_costs.quantity = Σ ledger
-- quantity of the item = Σ on hand of its levels (inventory.check_levels compares both), and the row exists exactly
-- when the item has a level (the posting functions create it with the item's first level: receipts, issues and
-- transfers between warehouses take the cost row; a transfer inside one warehouse that allows negative stock, the
-- only path that can create an item's first level without it, now inserts the cost row too — below).
-- So the organization's figures follow from the cost rows alone:
--   items = cost rows, items_in_stock = cost rows with quantity ≠ 0, on hand = Σ quantity,
--   value = Σ round(quantity × average_unit_cost, 2)
-- kept as insert-only rows of inventory.organization_stock_deltas, one per change, written by an AFTER trigger on
-- item_costs (insert, or update of quantity / average): the cost row is already locked by its writer, the delta is
-- an insert — no new lock, no hot row. The organization's figures = Σ of its rows. inventory.warehouse_stock_fold
-- (same job) replaces the rows by one row of their sum, in one statement (DELETE … RETURNING, then INSERT of the
-- sum): concurrent folds each replace the rows they deleted, so Σ never changes. Reservations come from the warehouse counters (Σ over the warehouses, linear).
-- Which path answers is decided by inventory.sees_every_warehouse(ids): whether the warehouses the caller sees are
-- all the organization's (a member of some workspaces only is answered from the per-warehouse rows, as before).
-- Derived tables: RLS by organization, no audit trigger.

CREATE TABLE "inventory"."organization_stock_deltas" (
    "organization_id" UUID NOT NULL,
    "id" UUID NOT NULL DEFAULT uuidv7(),
    "items_in_stock" BIGINT NOT NULL DEFAULT 0,
    "items" BIGINT NOT NULL DEFAULT 0,
    "on_hand_qty" DECIMAL(18,4) NOT NULL DEFAULT 0,
    "value" DECIMAL(18,2) NOT NULL DEFAULT 0,

    CONSTRAINT "organization_stock_deltas_pkey" PRIMARY KEY ("organization_id", "id")
);
SELECT platform.tenant_table('inventory.organization_stock_deltas');
DROP TRIGGER "audit_capture" ON "inventory"."organization_stock_deltas";

-- One delta per change of a cost row's quantity or average (nothing when the item's figures do not change).
CREATE FUNCTION "inventory"."organization_stock_apply"() RETURNS trigger
LANGUAGE plpgsql SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_old_q numeric := CASE WHEN TG_OP = 'UPDATE' THEN OLD.quantity ELSE 0 END;
  v_old_v numeric := CASE WHEN TG_OP = 'UPDATE' THEN round(OLD.quantity * OLD.average_unit_cost, 2) ELSE 0 END;
  v_new_v numeric := round(NEW.quantity * NEW.average_unit_cost, 2);
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.quantity = v_old_q AND v_new_v = v_old_v THEN RETURN NULL; END IF;
  INSERT INTO inventory.organization_stock_deltas (organization_id, items_in_stock, items, on_hand_qty, value)
  VALUES (NEW.organization_id, (NEW.quantity <> 0)::int - (v_old_q <> 0)::int, (TG_OP = 'INSERT')::int,
          NEW.quantity - v_old_q, v_new_v - v_old_v);
  RETURN NULL;
END $$;
CREATE TRIGGER "item_costs_organization_stock" AFTER INSERT OR UPDATE OF quantity, average_unit_cost ON "inventory"."item_costs"
  FOR EACH ROW EXECUTE FUNCTION "inventory"."organization_stock_apply"();

-- The fold of 20261203080000; the organization's rows replaced by one row of their sum in the same statement. Answers
-- the number of delta rows folded away.
CREATE OR REPLACE FUNCTION "inventory"."warehouse_stock_fold"(p_org uuid) RETURNS bigint
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
  ), od AS (
    DELETE FROM inventory.organization_stock_deltas x WHERE x.organization_id = p_org
    RETURNING x.items_in_stock, x.items, x.on_hand_qty, x.value
  ), os AS (
    SELECT count(*) AS n, sum(od.items_in_stock) AS items_in_stock, sum(od.items) AS items, sum(od.on_hand_qty) AS on_hand_qty,
           sum(od.value) AS value
      FROM od HAVING count(*) > 0
  ), ou AS (
    INSERT INTO inventory.organization_stock_deltas (organization_id, items_in_stock, items, on_hand_qty, value)
    SELECT p_org, os.items_in_stock, os.items, os.on_hand_qty, os.value FROM os
    RETURNING 1
  )
  SELECT coalesce((SELECT sum(s.n) FROM s), 0)::bigint + coalesce((SELECT sum(os.n) - 1 FROM os), 0)::bigint
$$;

-- Recomputes an organization's figures (one row) from its cost rows (backfill, bulk loads, repairs; not concurrently with postings).
CREATE FUNCTION "inventory"."organization_stock_rebuild"(p_org uuid) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_org text := nullif(current_setting('app.org_id', true), '');
BEGIN
  IF v_org IS NOT NULL AND v_org::uuid <> p_org THEN
    RAISE EXCEPTION 'inventory.organization_stock_rebuild: organization % is not the current one', p_org USING ERRCODE = 'insufficient_privilege';
  END IF;
  PERFORM set_config('app.org_id', p_org::text, true);
  DELETE FROM inventory.organization_stock_deltas d WHERE d.organization_id = p_org;
  INSERT INTO inventory.organization_stock_deltas (organization_id, items_in_stock, items, on_hand_qty, value)
  SELECT p_org, count(*) FILTER (WHERE c.quantity <> 0), count(*), coalesce(sum(c.quantity), 0),
         coalesce(sum(round(c.quantity * c.average_unit_cost, 2)), 0)
    FROM inventory.item_costs c WHERE c.organization_id = p_org;
  PERFORM set_config('app.org_id', coalesce(v_org, ''), true);
END $$;

-- Whether the warehouses p_ids (those the caller sees) are every warehouse of the caller's organization: answers a
-- yes / no about the other workspaces, nothing else (the organization's workspaces are read for that one check).
CREATE FUNCTION "inventory"."sees_every_warehouse"(p_ids uuid[]) RETURNS boolean
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_org uuid := nullif(current_setting('app.org_id', true), '')::uuid;
  v_ws text := current_setting('app.workspace_ids', true);
  v_all boolean;
BEGIN
  IF v_org IS NULL THEN RETURN false; END IF;
  PERFORM set_config('app.workspace_ids',
    coalesce((SELECT array_agg(w.id)::text FROM platform.workspaces w WHERE w.organization_id = v_org), ''), true);
  v_all := NOT EXISTS (SELECT 1 FROM inventory.warehouses w WHERE w.organization_id = v_org AND w.id <> ALL (p_ids));
  PERFORM set_config('app.workspace_ids', coalesce(v_ws, ''), true);
  RETURN v_all;
END $$;

-- A transfer inside one warehouse (no cost lock) that creates the item's first level anywhere — only possible where
-- negative stock is allowed — inserts the item's cost row at its standard cost, so "an item has a level" keeps
-- meaning "it has a cost row". Otherwise the function of 20261203080000, unchanged.
CREATE OR REPLACE FUNCTION "inventory"."warehouse_items_transfer"(p_org uuid, p_item uuid, p_from uuid, p_to uuid, p_quantity numeric, p_standard numeric)
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
        INSERT INTO inventory.item_costs (organization_id, item_id, quantity, value, average_unit_cost)
        VALUES (p_org, p_item, 0, 0, coalesce(p_standard, 0))
        ON CONFLICT (organization_id, item_id) DO NOTHING;
      END IF;
    END IF;
    RETURN;
  END IF;
  SELECT * INTO c FROM inventory.posting_cost_lock(p_org, p_item, p_standard);
  PERFORM inventory.warehouse_items_apply(p_org, p_item, p_from, -p_quantity, c.average, c.average);
  PERFORM inventory.warehouse_items_apply(p_org, p_item, p_to, p_quantity, c.average, c.average);
END $$;

-- Executed by the runtime roles only (RLS applies to tessera_app).
DO $$
DECLARE f regprocedure;
BEGIN
  FOR f IN SELECT p.oid::regprocedure FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = 'inventory' AND p.proname IN ('organization_stock_apply', 'organization_stock_rebuild',
                                                            'sees_every_warehouse') LOOP
    EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
    EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO tessera_app, tessera_system', f);
  END LOOP;
END $$;

-- Backfill: every organization's row from its cost rows (the trigger starts from here).
ALTER TABLE "platform"."organizations" NO FORCE ROW LEVEL SECURITY;
SELECT "inventory"."organization_stock_rebuild"(o.id) FROM "platform"."organizations" o;
ALTER TABLE "platform"."organizations" FORCE ROW LEVEL SECURITY;
