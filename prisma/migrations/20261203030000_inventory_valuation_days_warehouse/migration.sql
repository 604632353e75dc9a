-- The valuation by warehouse as of a date without reading the ledger up to that date (issue 6 at full scale: grouped
-- by warehouse a year ago 4.3 s, the totals with a warehouse filter over 30 s; budget 50 ms).
--
-- inventory.valuation_days gets a warehouse dimension: a row = per organization × workspace × warehouse × closed UTC
-- day, Σ of that day's move SIDES in the warehouse — the to-side + quantity, the from-side − quantity; value as the
-- reports' sideSums: a receipt / issue side carries the move's own value, each side of a transfer ± round(quantity ×
-- unit_cost, 2). A transfer inside one warehouse nets 0 on its row, a transfer between two warehouses of the
-- workspace touches two rows (a move's locations are in its workspace: composite FKs), and Σ over the warehouses of a
-- day = Σ signed quantity and Σ ledger value of the day (a transfer's ledger value is 0), so the unfiltered totals
-- read the same Σ as before.
--
-- Coverage stays per workspace (same advisory lock per organization × workspace): the workspace's rows cover every
-- day up to its newest row, whatever the warehouse; the fill adds a zero mark row at today − 2 on one warehouse of the
-- workspace (its smallest id) when no warehouse has a row that day. Warehouses never change workspace, locations
-- never change warehouse, and neither is ever deleted (archived only), so a row's warehouse stays right and the mark
-- never goes away. A workspace without a warehouse has no moves and no mark: the fill takes its lock and finds
-- nothing each time.
--
-- Derived and filled lazily: the migration empties it (it sees no tenant rows anyway); the next totals / warehouse
-- valuation call of each workspace refills it from the ledger (bench/ calls the fill after a bulk load).

TRUNCATE "inventory"."valuation_days";
ALTER TABLE "inventory"."valuation_days" DROP CONSTRAINT "valuation_days_pkey";
ALTER TABLE "inventory"."valuation_days" ADD COLUMN "warehouse_id" UUID NOT NULL;
ALTER TABLE "inventory"."valuation_days" ADD CONSTRAINT "valuation_days_pkey" PRIMARY KEY ("organization_id", "workspace_id", "warehouse_id", "day");
-- The workspace's coverage (max(day)) in one index probe, whatever the number of its warehouses.
CREATE INDEX "valuation_days_organization_id_workspace_id_day_idx" ON "inventory"."valuation_days"("organization_id", "workspace_id", "day");
ALTER TABLE "inventory"."valuation_days" ADD CONSTRAINT "valuation_days_organization_id_warehouse_id_workspace_id_fkey"
  FOREIGN KEY ("organization_id", "warehouse_id", "workspace_id") REFERENCES "inventory"."warehouses"("organization_id", "id", "workspace_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Closes the days up to today − 2 (UTC) for each of the caller's visible workspaces that is behind, per warehouse;
-- answers the day up to which every visible workspace is covered (NULL when the caller sees no workspace).
-- SECURITY INVOKER: the caller's RLS applies to the moves and locations read and the rows written.
CREATE OR REPLACE FUNCTION "inventory"."valuation_days_fill"(p_org uuid) RETURNS date
LANGUAGE plpgsql SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_cutoff date := (clock_timestamp() AT TIME ZONE 'UTC')::date - 2;
  v_ws uuid;
  v_through date;
  v_covered date;
BEGIN
  FOR v_ws IN SELECT unnest(coalesce(nullif(current_setting('app.workspace_ids', true), '')::uuid[], '{}'::uuid[])) LOOP
    SELECT max(d.day) INTO v_through FROM inventory.valuation_days d WHERE d.organization_id = p_org AND d.workspace_id = v_ws;
    IF v_through IS NULL OR v_through < v_cutoff THEN
      PERFORM pg_advisory_xact_lock(hashtext('inventory.valuation_days'), hashtext(p_org::text || v_ws::text));
      SELECT max(d.day) INTO v_through FROM inventory.valuation_days d WHERE d.organization_id = p_org AND d.workspace_id = v_ws;
      IF v_through IS NULL OR v_through < v_cutoff THEN
        INSERT INTO inventory.valuation_days AS d (organization_id, workspace_id, warehouse_id, day, quantity, value)
        SELECT p_org, v_ws, l.warehouse_id, (m.moved_at AT TIME ZONE 'UTC')::date, sum(s.quantity), sum(s.value)
          FROM inventory.stock_moves m
         CROSS JOIN LATERAL (VALUES
                 (m.to_location_id, m.quantity,
                  CASE WHEN m.from_location_id IS NULL THEN m.value ELSE round(m.quantity * m.unit_cost, 2) END),
                 (m.from_location_id, -m.quantity,
                  CASE WHEN m.to_location_id IS NULL THEN m.value ELSE -round(m.quantity * m.unit_cost, 2) END)
               ) s(location_id, quantity, value)
          JOIN inventory.locations l ON l.organization_id = p_org AND l.id = s.location_id
         WHERE m.organization_id = p_org AND m.workspace_id = v_ws
           AND m.moved_at < ((v_cutoff + 1)::timestamp AT TIME ZONE 'UTC')
           AND (v_through IS NULL OR m.moved_at >= ((v_through + 1)::timestamp AT TIME ZONE 'UTC'))
         GROUP BY 3, 4;
        IF NOT EXISTS (SELECT 1 FROM inventory.valuation_days d WHERE d.organization_id = p_org AND d.workspace_id = v_ws AND d.day = v_cutoff) THEN
          INSERT INTO inventory.valuation_days (organization_id, workspace_id, warehouse_id, day)
          SELECT p_org, v_ws, w.id, v_cutoff FROM inventory.warehouses w
           WHERE w.organization_id = p_org AND w.workspace_id = v_ws ORDER BY w.id LIMIT 1;
        END IF;
      END IF;
      v_through := v_cutoff;
    END IF;
    v_covered := least(coalesce(v_covered, v_through), v_through);
  END LOOP;
  RETURN v_covered;
END $$;

-- Back-dated moves (dated before today, UTC, by the clock): each side added to its warehouse's row of the move's day
-- when the workspace covers that day (both sides in one warehouse: one row, the sides summed first).
CREATE OR REPLACE FUNCTION "inventory"."valuation_days_apply"() RETURNS trigger
LANGUAGE plpgsql SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_day date;
  v_through date;
BEGIN
  IF NEW.moved_at >= (date_trunc('day', clock_timestamp() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC') THEN
    RETURN NULL;
  END IF;
  v_day := (NEW.moved_at AT TIME ZONE 'UTC')::date;
  PERFORM pg_advisory_xact_lock_shared(hashtext('inventory.valuation_days'), hashtext(NEW.organization_id::text || NEW.workspace_id::text));
  SELECT max(d.day) INTO v_through FROM inventory.valuation_days d
   WHERE d.organization_id = NEW.organization_id AND d.workspace_id = NEW.workspace_id;
  IF v_through IS NOT NULL AND v_day <= v_through THEN
    INSERT INTO inventory.valuation_days AS d (organization_id, workspace_id, warehouse_id, day, quantity, value)
    SELECT NEW.organization_id, NEW.workspace_id, l.warehouse_id, v_day, sum(s.quantity), sum(s.value)
      FROM (VALUES
              (NEW.to_location_id, NEW.quantity,
               CASE WHEN NEW.from_location_id IS NULL THEN NEW.value ELSE round(NEW.quantity * NEW.unit_cost, 2) END),
              (NEW.from_location_id, -NEW.quantity,
               CASE WHEN NEW.to_location_id IS NULL THEN NEW.value ELSE -round(NEW.quantity * NEW.unit_cost, 2) END)
           ) s(location_id, quantity, value)
      JOIN inventory.locations l ON l.organization_id = NEW.organization_id AND l.id = s.location_id
     GROUP BY l.warehouse_id
    ON CONFLICT (organization_id, workspace_id, warehouse_id, day) DO UPDATE
       SET quantity = d.quantity + EXCLUDED.quantity, value = d.value + EXCLUDED.value;
  END IF;
  RETURN NULL;
END $$;
