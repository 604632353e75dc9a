-- Inventory reorder rules and the dashboard's derived stock values (issue 6).
-- reorder_rules: min / max / reorder point / reorder quantity per item (× variant) × warehouse, in the warehouse's
-- workspace (restrictive visible_workspace policy, like the warehouse). Audited tenant table.
-- location_values: quantity, value and last issue per item × location, maintained by a trigger on every ledger insert
-- (the move's own transaction), so the dashboard never sums the ledger. Derived: no audit trigger. Rebuilt per
-- organization from the ledger by inventory.location_values_rebuild, which this migration runs for every existing
-- organization (docs/architecture.md "Migrations": platform.organizations read without forcing for one statement).

CREATE TABLE "inventory"."reorder_rules" (
    "organization_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "warehouse_id" UUID NOT NULL,
    "item_id" UUID NOT NULL,
    "variant_id" UUID,
    "min_qty" DECIMAL(18,4),
    "max_qty" DECIMAL(18,4),
    "reorder_point_qty" DECIMAL(18,4) NOT NULL,
    "reorder_qty" DECIMAL(18,4) NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" UUID,
    "updated_by" UUID,

    CONSTRAINT "reorder_rules_pkey" PRIMARY KEY ("organization_id", "id"),
    CONSTRAINT "reorder_rules_quantities_check" CHECK (
      coalesce("min_qty", 0) >= 0 AND coalesce("max_qty", 0) >= 0 AND "reorder_point_qty" >= 0 AND "reorder_qty" >= 0),
    CONSTRAINT "reorder_rules_order_check" CHECK (
      ("min_qty" IS NULL OR "min_qty" <= "reorder_point_qty") AND ("max_qty" IS NULL OR "reorder_point_qty" <= "max_qty")),
    CONSTRAINT "reorder_rules_quantity_check" CHECK ("reorder_qty" > 0 OR "max_qty" IS NOT NULL)
);
CREATE UNIQUE INDEX "reorder_rules_organization_id_item_id_warehouse_id_variant_id_key"
  ON "inventory"."reorder_rules"("organization_id", "item_id", "warehouse_id", "variant_id") NULLS NOT DISTINCT;
CREATE INDEX "reorder_rules_organization_id_warehouse_id_workspace_id_idx" ON "inventory"."reorder_rules"("organization_id", "warehouse_id", "workspace_id");
CREATE INDEX "reorder_rules_organization_id_workspace_id_idx" ON "inventory"."reorder_rules"("organization_id", "workspace_id");
ALTER TABLE "inventory"."reorder_rules" ADD CONSTRAINT "reorder_rules_organization_id_warehouse_id_workspace_id_fkey"
  FOREIGN KEY ("organization_id", "warehouse_id", "workspace_id") REFERENCES "inventory"."warehouses"("organization_id", "id", "workspace_id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "inventory"."reorder_rules" ADD CONSTRAINT "reorder_rules_organization_id_item_id_fkey"
  FOREIGN KEY ("organization_id", "item_id") REFERENCES "inventory"."items"("organization_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "inventory"."reorder_rules" ADD CONSTRAINT "reorder_rules_organization_id_item_id_variant_id_fkey"
  FOREIGN KEY ("organization_id", "item_id", "variant_id") REFERENCES "inventory"."variants"("organization_id", "item_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
SELECT platform.tenant_table('inventory.reorder_rules');
CREATE POLICY visible_workspace ON "inventory"."reorder_rules" AS RESTRICTIVE
  USING ("workspace_id" = ANY (coalesce((SELECT nullif(current_setting('app.workspace_ids', true), '')::uuid[]), '{}'::uuid[])))
  WITH CHECK ("workspace_id" = ANY (coalesce((SELECT nullif(current_setting('app.workspace_ids', true), '')::uuid[]), '{}'::uuid[])));

-- Per item × location: Σ quantity and Σ value of the ledger's moves through it, the last issue out of it and the first
-- move into it (slow movers: stock that has been there N days without an issue).
-- A move's value at a location: receipts / issues / adjustments their own (signed) value; a transfer moves
-- round(quantity × its unit cost, 2) out of the source and into the destination (the ledger's transfer value is 0),
-- so Σ over locations = Σ ledger value.
CREATE TABLE "inventory"."location_values" (
    "organization_id" UUID NOT NULL,
    "location_id" UUID NOT NULL,
    "item_id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "quantity" DECIMAL(18,4) NOT NULL DEFAULT 0,
    "value" DECIMAL(18,2) NOT NULL DEFAULT 0,
    "last_issue_at" TIMESTAMPTZ(6),
    "first_in_at" TIMESTAMPTZ(6),
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "location_values_pkey" PRIMARY KEY ("organization_id", "location_id", "item_id")
);
CREATE INDEX "location_values_organization_id_item_id_idx" ON "inventory"."location_values"("organization_id", "item_id");
CREATE INDEX "location_values_organization_id_workspace_id_idx" ON "inventory"."location_values"("organization_id", "workspace_id");
ALTER TABLE "inventory"."location_values" ADD CONSTRAINT "location_values_organization_id_location_id_workspace_id_fkey"
  FOREIGN KEY ("organization_id", "location_id", "workspace_id") REFERENCES "inventory"."locations"("organization_id", "id", "workspace_id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "inventory"."location_values" ADD CONSTRAINT "location_values_organization_id_item_id_fkey"
  FOREIGN KEY ("organization_id", "item_id") REFERENCES "inventory"."items"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
SELECT platform.tenant_table('inventory.location_values');
DROP TRIGGER "audit_capture" ON "inventory"."location_values";
CREATE POLICY visible_workspace ON "inventory"."location_values" AS RESTRICTIVE
  USING ("workspace_id" = ANY (coalesce((SELECT nullif(current_setting('app.workspace_ids', true), '')::uuid[]), '{}'::uuid[])))
  WITH CHECK ("workspace_id" = ANY (coalesce((SELECT nullif(current_setting('app.workspace_ids', true), '')::uuid[]), '{}'::uuid[])));

-- Maintained in the move's transaction, after the services' level and cost rows (lock order: levels → item cost →
-- location values, the two rows of a transfer in location id order). SECURITY INVOKER: the writer's RLS applies.
CREATE FUNCTION "inventory"."location_values_apply"() RETURNS trigger
LANGUAGE plpgsql SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  moved numeric(18,2) := CASE WHEN NEW.from_location_id IS NOT NULL AND NEW.to_location_id IS NOT NULL
                              THEN round(NEW.quantity * NEW.unit_cost, 2) ELSE NULL END;
BEGIN
  INSERT INTO inventory.location_values AS v (organization_id, location_id, item_id, workspace_id, quantity, value, last_issue_at, first_in_at)
  SELECT NEW.organization_id, x.loc, NEW.item_id, NEW.workspace_id, x.q, x.val, x.issued, x.arrived
    FROM (VALUES
      (NEW.to_location_id, NEW.quantity, coalesce(moved, NEW.value), NULL::timestamptz, NEW.moved_at),
      (NEW.from_location_id, -NEW.quantity, coalesce(-moved, NEW.value),
       CASE WHEN NEW.to_location_id IS NULL AND NEW.move_type IN ('issue', 'production_consume') THEN NEW.moved_at END, NULL::timestamptz)
    ) AS x(loc, q, val, issued, arrived)
   WHERE x.loc IS NOT NULL
   ORDER BY x.loc
  ON CONFLICT (organization_id, location_id, item_id) DO UPDATE
     SET quantity = v.quantity + EXCLUDED.quantity, value = v.value + EXCLUDED.value,
         last_issue_at = greatest(v.last_issue_at, EXCLUDED.last_issue_at),
         first_in_at = least(v.first_in_at, EXCLUDED.first_in_at), updated_at = now();
  RETURN NULL;
END $$;
CREATE TRIGGER "stock_moves_location_values" AFTER INSERT ON "inventory"."stock_moves"
  FOR EACH ROW EXECUTE FUNCTION "inventory"."location_values_apply"();

-- Recompute one organization's rows from its ledger (backfill, bulk loads). Like crm.deal_dashboard_rebuild: it reads
-- the whole organization (all workspaces) whatever the caller's workspaces, restores the caller's settings
-- afterwards, and refuses another organization than the caller's.
CREATE FUNCTION "inventory"."location_values_rebuild"(p_org uuid) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_org text := nullif(current_setting('app.org_id', true), '');
  v_ws text := current_setting('app.workspace_ids', true);
BEGIN
  IF v_org IS NOT NULL AND v_org::uuid <> p_org THEN
    RAISE EXCEPTION 'inventory.location_values_rebuild: organization % is not the current one', p_org USING ERRCODE = 'insufficient_privilege';
  END IF;
  PERFORM set_config('app.org_id', p_org::text, true);
  PERFORM set_config('app.workspace_ids',
    coalesce((SELECT array_agg(w.id)::text FROM platform.workspaces w WHERE w.organization_id = p_org), ''), true);

  DELETE FROM inventory.location_values v WHERE v.organization_id = p_org;
  INSERT INTO inventory.location_values (organization_id, location_id, item_id, workspace_id, quantity, value, last_issue_at, first_in_at)
  SELECT p_org, f.loc, f.item_id, f.workspace_id, sum(f.q), sum(f.v), max(f.issued), min(f.arrived)
    FROM (
      SELECT m.to_location_id AS loc, m.item_id, m.workspace_id, m.quantity AS q,
             CASE WHEN m.from_location_id IS NULL THEN m.value ELSE round(m.quantity * m.unit_cost, 2) END AS v,
             NULL::timestamptz AS issued, m.moved_at AS arrived
        FROM inventory.stock_moves m WHERE m.organization_id = p_org AND m.to_location_id IS NOT NULL
      UNION ALL
      SELECT m.from_location_id, m.item_id, m.workspace_id, -m.quantity,
             CASE WHEN m.to_location_id IS NULL THEN m.value ELSE -round(m.quantity * m.unit_cost, 2) END,
             CASE WHEN m.to_location_id IS NULL AND m.move_type IN ('issue', 'production_consume') THEN m.moved_at END,
             NULL::timestamptz
        FROM inventory.stock_moves m WHERE m.organization_id = p_org AND m.from_location_id IS NOT NULL) f
   GROUP BY f.loc, f.item_id, f.workspace_id;

  PERFORM set_config('app.org_id', coalesce(v_org, ''), true);
  PERFORM set_config('app.workspace_ids', coalesce(v_ws, ''), true);
END $$;

-- Backfill: the organizations' existing ledgers (the rebuild scopes itself to each organization).
ALTER TABLE "platform"."organizations" NO FORCE ROW LEVEL SECURITY;
SELECT "inventory"."location_values_rebuild"(o.id) FROM "platform"."organizations" o;
ALTER TABLE "platform"."organizations" FORCE ROW LEVEL SECURITY;

-- Recent moves of the organization (dashboard): newest first without scanning the ledger.
CREATE INDEX "stock_moves_organization_id_moved_at_id_idx" ON "inventory"."stock_moves"("organization_id", "moved_at", "id");
