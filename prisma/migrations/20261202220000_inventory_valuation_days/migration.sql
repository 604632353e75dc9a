-- The valuation's totals as of a date without reading the ledger up to that date (issue 6: 5,000,000 moves; Σ of
-- every move up to a year ago took 3 s, the list budget is 50 ms).
--
-- inventory.valuation_days: per organization × workspace × UTC day, Σ signed quantity (in − out: a transfer inside
-- the workspace nets 0) and Σ ledger value of the moves of that day. Only CLOSED days: a workspace's rows cover every
-- day up to its newest row (days without moves have no row, except the newest, kept as the mark even at zero), and
-- that newest day is at most today − 2 (UTC). So the moves of today and yesterday — where posting happens — never
-- touch a row: no per-move hot row (posting at 1,000 moves/s updates nothing here).
--
-- Filled lazily and incrementally by inventory.valuation_days_fill(org) (the totals call it first: each run adds the
-- days closed since the last one, for the caller's visible workspaces; bench/ calls it after a bulk load), under a
-- transaction advisory lock per organization × workspace.
-- A move dated before today (UTC) — a back-dated adjustment, an import — is added by the AFTER INSERT trigger
-- stock_moves_valuation_days to its day's row when that day is already covered, under the same lock taken shared:
-- a fill and a back-dated move serialize (the fill's statements see the committed move, or the trigger sees the
-- committed fill), back-dated moves among themselves only on the day row. The trigger compares with the clock, not
-- the transaction start, and the fill closes only days ending before yesterday: a move the trigger left out because
-- it was dated today would need its transaction to stay open for more than a day to be missed by a fill.
-- Derived table: RLS like every tenant table (+ visible_workspace), no audit trigger (tests/db/policy.test.ts).

CREATE TABLE "inventory"."valuation_days" (
    "organization_id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "quantity" DECIMAL(18,4) NOT NULL DEFAULT 0,
    "value" DECIMAL(18,2) NOT NULL DEFAULT 0,

    CONSTRAINT "valuation_days_pkey" PRIMARY KEY ("organization_id", "workspace_id", "day")
);
SELECT platform.tenant_table('inventory.valuation_days');
DROP TRIGGER "audit_capture" ON "inventory"."valuation_days";
CREATE POLICY visible_workspace ON "inventory"."valuation_days" AS RESTRICTIVE
  USING ("workspace_id" = ANY (coalesce((SELECT nullif(current_setting('app.workspace_ids', true), '')::uuid[]), '{}'::uuid[])))
  WITH CHECK ("workspace_id" = ANY (coalesce((SELECT nullif(current_setting('app.workspace_ids', true), '')::uuid[]), '{}'::uuid[])));

-- Closes the days up to today − 2 (UTC) for each of the caller's visible workspaces that is behind; answers the day
-- up to which every visible workspace is covered (NULL when the caller sees no workspace). SECURITY INVOKER: the
-- caller's RLS applies to the moves read and the rows written.
CREATE FUNCTION "inventory"."valuation_days_fill"(p_org uuid) RETURNS date
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
        INSERT INTO inventory.valuation_days AS d (organization_id, workspace_id, day, quantity, value)
        SELECT p_org, v_ws, (m.moved_at AT TIME ZONE 'UTC')::date,
               sum(CASE WHEN m.to_location_id IS NOT NULL THEN m.quantity ELSE 0 END
                 - CASE WHEN m.from_location_id IS NOT NULL THEN m.quantity ELSE 0 END),
               sum(m.value)
          FROM inventory.stock_moves m
         WHERE m.organization_id = p_org AND m.workspace_id = v_ws
           AND m.moved_at < ((v_cutoff + 1)::timestamp AT TIME ZONE 'UTC')
           AND (v_through IS NULL OR m.moved_at >= ((v_through + 1)::timestamp AT TIME ZONE 'UTC'))
         GROUP BY 3;
        INSERT INTO inventory.valuation_days (organization_id, workspace_id, day) VALUES (p_org, v_ws, v_cutoff)
          ON CONFLICT DO NOTHING;
      END IF;
      v_through := v_cutoff;
    END IF;
    v_covered := least(coalesce(v_covered, v_through), v_through);
  END LOOP;
  RETURN v_covered;
END $$;

-- Back-dated moves (dated before today, UTC, by the clock): added to their day's row when that day is covered.
CREATE FUNCTION "inventory"."valuation_days_apply"() RETURNS trigger
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
    INSERT INTO inventory.valuation_days AS d (organization_id, workspace_id, day, quantity, value)
    VALUES (NEW.organization_id, NEW.workspace_id, v_day,
            CASE WHEN NEW.to_location_id IS NOT NULL THEN NEW.quantity ELSE 0 END
          - CASE WHEN NEW.from_location_id IS NOT NULL THEN NEW.quantity ELSE 0 END,
            NEW.value)
    ON CONFLICT (organization_id, workspace_id, day) DO UPDATE
       SET quantity = d.quantity + EXCLUDED.quantity, value = d.value + EXCLUDED.value;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "stock_moves_valuation_days" AFTER INSERT ON "inventory"."stock_moves"
  FOR EACH ROW EXECUTE FUNCTION "inventory"."valuation_days_apply"();

-- The stock report filtered by a category subtree pages items in SKU order: one ordered range per category of the
-- subtree, merged (Merge Append), so a page reads about as many items as it shows (a top category of 25,000 items:
-- ~150 ms reading and sorting them all → ~6–17 ms).
CREATE INDEX "items_organization_id_category_id_sku_idx" ON "inventory"."items"("organization_id", "category_id", "sku");
