-- The valuation days are filled in bounded steps, so that no single call has to read a whole ledger: the first fill of
-- a large organization (5,000,000 moves: ~18 s, more on a bigger ledger) ran inside the first totals request and
-- could outlive its transaction timeout, roll back and never progress. inventory.valuation_days_fill(p_org,
-- p_max_days) closes at most p_max_days days per visible workspace (from the day after its newest row, or from its
-- first move's day) and answers the day covered for all of them, as before; the rows stay exact at every step (a
-- partly filled workspace is simply covered up to an earlier day, and the totals read the moves after it). The
-- periodic job inventory.valuation-days fills every organization in committed steps; a request fills at most a month.
-- The one-argument form (bench/ after a bulk load) fills everything, as before.
CREATE FUNCTION "inventory"."valuation_days_fill"(p_org uuid, p_max_days integer) RETURNS date
LANGUAGE plpgsql SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_cutoff date := (clock_timestamp() AT TIME ZONE 'UTC')::date - 2;
  v_ws uuid;
  v_through date;
  v_start date;
  v_end date;
  v_covered date;
BEGIN
  IF p_max_days IS NOT NULL AND p_max_days < 1 THEN
    RAISE EXCEPTION 'inventory.valuation_days_fill: p_max_days must be at least 1' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  FOR v_ws IN SELECT unnest(coalesce(nullif(current_setting('app.workspace_ids', true), '')::uuid[], '{}'::uuid[])) LOOP
    SELECT max(d.day) INTO v_through FROM inventory.valuation_days d WHERE d.organization_id = p_org AND d.workspace_id = v_ws;
    IF v_through IS NULL OR v_through < v_cutoff THEN
      PERFORM pg_advisory_xact_lock(hashtext('inventory.valuation_days'), hashtext(p_org::text || v_ws::text));
      SELECT max(d.day) INTO v_through FROM inventory.valuation_days d WHERE d.organization_id = p_org AND d.workspace_id = v_ws;
      IF v_through IS NULL OR v_through < v_cutoff THEN
        -- This step's days: from the day after the newest row (none yet: the workspace's first move's day) to at most
        -- p_max_days later, never past the cutoff.
        v_start := v_through + 1;
        IF v_start IS NULL THEN
          SELECT (min(m.moved_at) AT TIME ZONE 'UTC')::date INTO v_start FROM inventory.stock_moves m
           WHERE m.organization_id = p_org AND m.workspace_id = v_ws;
        END IF;
        v_end := CASE WHEN p_max_days IS NULL OR v_start IS NULL THEN v_cutoff ELSE least(v_cutoff, v_start + p_max_days - 1) END;
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
           AND m.moved_at < ((v_end + 1)::timestamp AT TIME ZONE 'UTC')
           AND (v_through IS NULL OR m.moved_at >= ((v_through + 1)::timestamp AT TIME ZONE 'UTC'))
         GROUP BY 3, 4;
        -- The mark: the workspace's rows cover every day up to its newest row, so the step's last day gets a row.
        IF NOT EXISTS (SELECT 1 FROM inventory.valuation_days d WHERE d.organization_id = p_org AND d.workspace_id = v_ws AND d.day = v_end) THEN
          INSERT INTO inventory.valuation_days (organization_id, workspace_id, warehouse_id, day)
          SELECT p_org, v_ws, w.id, v_end FROM inventory.warehouses w
           WHERE w.organization_id = p_org AND w.workspace_id = v_ws ORDER BY w.id LIMIT 1;
        END IF;
        v_through := v_end;
      END IF;
    END IF;
    v_covered := least(coalesce(v_covered, v_through), v_through);
  END LOOP;
  RETURN v_covered;
END $$;

CREATE OR REPLACE FUNCTION "inventory"."valuation_days_fill"(p_org uuid) RETURNS date
LANGUAGE sql SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$
  SELECT inventory.valuation_days_fill(p_org, NULL::integer)
$$;
