-- The valuation by category as of a date without reading every move up to that date (issue 6 at full scale: grouped
-- by category a year ago 3.8 s, the totals with a top-level category filter 0.5 s; budget 50 ms).
--
-- inventory.valuation_category_days: per organization × workspace × item category × closed UTC day, Σ signed quantity
-- (in − out over every location: a transfer nets 0) and Σ ledger value of that day's moves of the category's items,
-- by the item's CURRENT category (the report groups by it). inventory.valuation_category_months: the same per UTC
-- month (first day of the month) = Σ of the month's day rows, so a date a year back reads about a month of day rows
-- and two years of month rows (~25,000 rows at 240 categories) instead of ~500,000 day rows. Items without a
-- category are kept under the nil uuid 00000000-0000-0000-0000-000000000000 (the reports' "no category" group; no
-- foreign key: categories are never deleted, and the nil uuid is none).
--
-- Coverage, fill and locks are valuation_days' own: the same fill step closes a workspace's days in both (under the
-- transaction advisory lock per organization × workspace), and a back-dated move on a covered day is added to both by
-- the trigger stock_moves_valuation_days (lock taken shared). So the category rows cover exactly the days the
-- workspace's valuation_days cover, and the reports read Σ month rows before the month of `first` + Σ day rows of
-- that month before `first` + the moves after.
--
-- Recategorization: when an item's category changes, the trigger items_valuation_category moves the item's history
-- on covered days from the old category's rows to the new one's (O(the item's moves), through the ledger's
-- (organization_id, item_id, moved_at) index), in every workspace of the organization: the moves of workspaces the
-- editing member does not see move too (the function widens app.workspace_ids to the organization's workspaces for
-- its statements and restores the caller's value; nothing is returned to the caller). It takes each workspace's lock
-- exclusively in workspace id order, so a concurrent fill or back-dated move either completes before (its rows are
-- moved) or reads the new category after; the fill now also takes its locks in workspace id order.
--
-- Derived and filled lazily: the migration empties valuation_days (it sees no tenant rows: RLS) so that both tables
-- are refilled together from the ledger by the job inventory.valuation-days or the next totals request (bench/ calls
-- the fill after a bulk load). Derived tables: RLS + visible_workspace, no audit trigger (tests/db/policy.test.ts).

TRUNCATE "inventory"."valuation_days";

CREATE TABLE "inventory"."valuation_category_days" (
    "organization_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "workspace_id" UUID NOT NULL,
    "category_id" UUID NOT NULL,
    "quantity" DECIMAL(18,4) NOT NULL DEFAULT 0,
    "value" DECIMAL(18,2) NOT NULL DEFAULT 0,

    CONSTRAINT "valuation_category_days_pkey" PRIMARY KEY ("organization_id", "day", "workspace_id", "category_id")
);
SELECT platform.tenant_table('inventory.valuation_category_days');
DROP TRIGGER "audit_capture" ON "inventory"."valuation_category_days";
CREATE POLICY visible_workspace ON "inventory"."valuation_category_days" AS RESTRICTIVE
  USING ("workspace_id" = ANY (coalesce((SELECT nullif(current_setting('app.workspace_ids', true), '')::uuid[]), '{}'::uuid[])))
  WITH CHECK ("workspace_id" = ANY (coalesce((SELECT nullif(current_setting('app.workspace_ids', true), '')::uuid[]), '{}'::uuid[])));
ALTER TABLE "inventory"."valuation_category_days" ADD CONSTRAINT "valuation_category_days_organization_id_workspace_id_fkey"
  FOREIGN KEY ("organization_id", "workspace_id") REFERENCES "platform"."workspaces"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "inventory"."valuation_category_months" (
    "organization_id" UUID NOT NULL,
    "month" DATE NOT NULL,
    "workspace_id" UUID NOT NULL,
    "category_id" UUID NOT NULL,
    "quantity" DECIMAL(18,4) NOT NULL DEFAULT 0,
    "value" DECIMAL(18,2) NOT NULL DEFAULT 0,

    CONSTRAINT "valuation_category_months_pkey" PRIMARY KEY ("organization_id", "month", "workspace_id", "category_id"),
    CONSTRAINT "valuation_category_months_month_check" CHECK (extract(day FROM "month") = 1)
);
SELECT platform.tenant_table('inventory.valuation_category_months');
DROP TRIGGER "audit_capture" ON "inventory"."valuation_category_months";
CREATE POLICY visible_workspace ON "inventory"."valuation_category_months" AS RESTRICTIVE
  USING ("workspace_id" = ANY (coalesce((SELECT nullif(current_setting('app.workspace_ids', true), '')::uuid[]), '{}'::uuid[])))
  WITH CHECK ("workspace_id" = ANY (coalesce((SELECT nullif(current_setting('app.workspace_ids', true), '')::uuid[]), '{}'::uuid[])));
ALTER TABLE "inventory"."valuation_category_months" ADD CONSTRAINT "valuation_category_months_organization_id_workspace_id_fkey"
  FOREIGN KEY ("organization_id", "workspace_id") REFERENCES "platform"."workspaces"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The fill of 20261203060000 plus the category rows of each step (and its locks in workspace id order).
CREATE OR REPLACE FUNCTION "inventory"."valuation_days_fill"(p_org uuid, p_max_days integer) RETURNS date
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
  FOR v_ws IN SELECT w FROM unnest(coalesce(nullif(current_setting('app.workspace_ids', true), '')::uuid[], '{}'::uuid[])) w ORDER BY 1 LOOP
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
        -- The same days by the items' category, then added to their months (a step may end inside a month).
        INSERT INTO inventory.valuation_category_days (organization_id, day, workspace_id, category_id, quantity, value)
        SELECT p_org, (m.moved_at AT TIME ZONE 'UTC')::date, v_ws, coalesce(i.category_id, '00000000-0000-0000-0000-000000000000'::uuid),
               sum(CASE WHEN m.to_location_id IS NOT NULL THEN m.quantity ELSE 0 END
                 - CASE WHEN m.from_location_id IS NOT NULL THEN m.quantity ELSE 0 END), sum(m.value)
          FROM inventory.stock_moves m
          JOIN inventory.items i ON i.organization_id = p_org AND i.id = m.item_id
         WHERE m.organization_id = p_org AND m.workspace_id = v_ws
           AND m.moved_at < ((v_end + 1)::timestamp AT TIME ZONE 'UTC')
           AND (v_through IS NULL OR m.moved_at >= ((v_through + 1)::timestamp AT TIME ZONE 'UTC'))
         GROUP BY 2, 4;
        INSERT INTO inventory.valuation_category_months AS c (organization_id, month, workspace_id, category_id, quantity, value)
        SELECT p_org, date_trunc('month', d.day::timestamp)::date, v_ws, d.category_id, sum(d.quantity), sum(d.value)
          FROM inventory.valuation_category_days d
         WHERE d.organization_id = p_org AND d.workspace_id = v_ws AND d.day <= v_end AND (v_through IS NULL OR d.day > v_through)
         GROUP BY 2, 4
        ON CONFLICT (organization_id, month, workspace_id, category_id) DO UPDATE
           SET quantity = c.quantity + EXCLUDED.quantity, value = c.value + EXCLUDED.value;
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

-- Back-dated moves: as 20261203030000, plus the move's signed quantity and ledger value on its item's category's day
-- and month rows.
CREATE OR REPLACE FUNCTION "inventory"."valuation_days_apply"() RETURNS trigger
LANGUAGE plpgsql SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_day date;
  v_through date;
  v_category uuid;
  v_quantity numeric := CASE WHEN NEW.to_location_id IS NOT NULL THEN NEW.quantity ELSE 0 END
                      - CASE WHEN NEW.from_location_id IS NOT NULL THEN NEW.quantity ELSE 0 END;
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
    SELECT coalesce(i.category_id, '00000000-0000-0000-0000-000000000000'::uuid) INTO v_category
      FROM inventory.items i WHERE i.organization_id = NEW.organization_id AND i.id = NEW.item_id;
    INSERT INTO inventory.valuation_category_days AS c (organization_id, day, workspace_id, category_id, quantity, value)
    VALUES (NEW.organization_id, v_day, NEW.workspace_id, v_category, v_quantity, NEW.value)
    ON CONFLICT (organization_id, day, workspace_id, category_id) DO UPDATE
       SET quantity = c.quantity + EXCLUDED.quantity, value = c.value + EXCLUDED.value;
    INSERT INTO inventory.valuation_category_months AS c (organization_id, month, workspace_id, category_id, quantity, value)
    VALUES (NEW.organization_id, date_trunc('month', v_day::timestamp)::date, NEW.workspace_id, v_category, v_quantity, NEW.value)
    ON CONFLICT (organization_id, month, workspace_id, category_id) DO UPDATE
       SET quantity = c.quantity + EXCLUDED.quantity, value = c.value + EXCLUDED.value;
  END IF;
  RETURN NULL;
END $$;

-- An item's category changes: its covered history moves from the old category's rows to the new one's, in every
-- workspace of the organization (see the header).
CREATE FUNCTION "inventory"."valuation_category_move"() RETURNS trigger
LANGUAGE plpgsql SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_caller text := current_setting('app.workspace_ids', true);
  v_all uuid[];
  v_ws uuid;
  v_through date;
  v_old uuid := coalesce(OLD.category_id, '00000000-0000-0000-0000-000000000000'::uuid);
  v_new uuid := coalesce(NEW.category_id, '00000000-0000-0000-0000-000000000000'::uuid);
BEGIN
  SELECT array_agg(w.id ORDER BY w.id) INTO v_all FROM platform.workspaces w WHERE w.organization_id = NEW.organization_id;
  IF v_all IS NULL THEN
    RETURN NULL;
  END IF;
  PERFORM set_config('app.workspace_ids', v_all::text, true);
  FOREACH v_ws IN ARRAY v_all LOOP
    PERFORM pg_advisory_xact_lock(hashtext('inventory.valuation_days'), hashtext(NEW.organization_id::text || v_ws::text));
    SELECT max(d.day) INTO v_through FROM inventory.valuation_days d
     WHERE d.organization_id = NEW.organization_id AND d.workspace_id = v_ws;
    CONTINUE WHEN v_through IS NULL;
    WITH per_day AS (
      SELECT (m.moved_at AT TIME ZONE 'UTC')::date AS day,
             sum(CASE WHEN m.to_location_id IS NOT NULL THEN m.quantity ELSE 0 END
               - CASE WHEN m.from_location_id IS NOT NULL THEN m.quantity ELSE 0 END) AS quantity,
             sum(m.value) AS value
        FROM inventory.stock_moves m
       WHERE m.organization_id = NEW.organization_id AND m.item_id = NEW.id AND m.workspace_id = v_ws
         AND m.moved_at < ((v_through + 1)::timestamp AT TIME ZONE 'UTC')
       GROUP BY 1
    ), sides AS (
      SELECT p.day, s.category_id, s.sign * p.quantity AS quantity, s.sign * p.value AS value
        FROM per_day p CROSS JOIN (VALUES (v_old, -1), (v_new, 1)) s(category_id, sign)
    ), days AS (
      INSERT INTO inventory.valuation_category_days AS c (organization_id, day, workspace_id, category_id, quantity, value)
      SELECT NEW.organization_id, x.day, v_ws, x.category_id, x.quantity, x.value FROM sides x
      ON CONFLICT (organization_id, day, workspace_id, category_id) DO UPDATE
         SET quantity = c.quantity + EXCLUDED.quantity, value = c.value + EXCLUDED.value
    )
    INSERT INTO inventory.valuation_category_months AS c (organization_id, month, workspace_id, category_id, quantity, value)
    SELECT NEW.organization_id, date_trunc('month', x.day::timestamp)::date, v_ws, x.category_id, sum(x.quantity), sum(x.value)
      FROM sides x GROUP BY 2, 4
    ON CONFLICT (organization_id, month, workspace_id, category_id) DO UPDATE
       SET quantity = c.quantity + EXCLUDED.quantity, value = c.value + EXCLUDED.value;
  END LOOP;
  PERFORM set_config('app.workspace_ids', coalesce(v_caller, ''), true);
  RETURN NULL;
END $$;
CREATE TRIGGER "items_valuation_category" AFTER UPDATE OF "category_id" ON "inventory"."items"
  FOR EACH ROW WHEN (OLD."category_id" IS DISTINCT FROM NEW."category_id")
  EXECUTE FUNCTION "inventory"."valuation_category_move"();
