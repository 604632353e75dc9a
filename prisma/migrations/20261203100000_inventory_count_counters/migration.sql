-- Cycle count counters: the counts list read, per count on its page, a lateral aggregate over all the count's lines
-- (line count, counted count, lines with a difference — the last one reading each counted line's level NOW): one open
-- count of 26,128 lines made the list page 144 ms (budget 50 ms p95, ARCHITECTURE §14).
--
-- inventory.stock_count_totals holds one row per count (created with the count):
--   line_count, counted_count  the count's lines and its counted lines (counted_qty not null), kept exact by triggers
--                              on stock_count_lines: INSERT and DELETE statement-level with transition tables (the
--                              snapshot writes thousands of lines in one INSERT … SELECT, a count's deletion cascades
--                              to all its lines: one totals UPDATE per statement and count), UPDATE row-level with a
--                              WHEN clause (transition tables cannot be combined with a column list; every line
--                              update of the services touches one row, and posting's per-line updates, which change
--                              neither counted_qty nor count_id, never call the function).
--   difference_count           posted counts only: the lines with a difference, frozen at posting (counts.service.ts
--                              postCount, with THE hasDifference definition, status 'posted'); NULL otherwise (open
--                              and cancelled counts compare with on hand NOW, computed by the list per count).
--   has_serials                the count has (or had) stock_count_serials rows: without any, the serial part of
--                              hasDifference is false for every line and the list skips its per-line lookup. Only
--                              ever set (never reset): a conservative flag.
-- A separate table, not columns of stock_counts: the header is audited (audit.track) and every counted line would
-- otherwise write an audit event of the counters. Derived, so without the audit trigger (tests/db/policy.test.ts
-- lists it), RLS tenant_isolation + visible_workspace like the count (workspace_id held equal to the count's by the
-- composite foreign key).
-- Concurrency: entries on lines of one count update its totals row and queue on its row lock until commit (no lost
-- update; lock order count row → line → totals row in every writer, so no deadlock).

CREATE UNIQUE INDEX "stock_counts_organization_id_id_workspace_id_key" ON "inventory"."stock_counts"("organization_id", "id", "workspace_id");

CREATE TABLE "inventory"."stock_count_totals" (
    "organization_id" UUID NOT NULL,
    "count_id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "line_count" INTEGER NOT NULL DEFAULT 0,
    "counted_count" INTEGER NOT NULL DEFAULT 0,
    "difference_count" INTEGER,
    "has_serials" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "stock_count_totals_pkey" PRIMARY KEY ("organization_id", "count_id"),
    CONSTRAINT "stock_count_totals_counts_check" CHECK ("counted_count" >= 0 AND "counted_count" <= "line_count"
                                                        AND ("difference_count" IS NULL OR "difference_count" BETWEEN 0 AND "counted_count"))
);
ALTER TABLE "inventory"."stock_count_totals" ADD CONSTRAINT "stock_count_totals_organization_id_count_id_workspace_id_fkey"
  FOREIGN KEY ("organization_id", "count_id", "workspace_id") REFERENCES "inventory"."stock_counts"("organization_id", "id", "workspace_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill (before RLS is forced on the new table; the counts, lines and serials read as their owner without forcing,
-- ACCESS EXCLUSIVE until commit). The posted difference count repeats counts.service.ts hasDifference for status
-- 'posted' as it stands at this migration (counted, and posted quantity ≠ 0 or a serial moved / expected and not found).
ALTER TABLE "inventory"."stock_counts" NO FORCE ROW LEVEL SECURITY;
ALTER TABLE "inventory"."stock_count_lines" NO FORCE ROW LEVEL SECURITY;
ALTER TABLE "inventory"."stock_count_serials" NO FORCE ROW LEVEL SECURITY;
INSERT INTO "inventory"."stock_count_totals" (organization_id, count_id, workspace_id, line_count, counted_count, difference_count, has_serials)
SELECT d.organization_id, d.id, d.workspace_id,
       coalesce(l.lines, 0), coalesce(l.counted, 0), CASE WHEN d.status = 'posted' THEN coalesce(l.differences, 0) END,
       EXISTS (SELECT 1 FROM inventory.stock_count_serials cs
                 JOIN inventory.stock_count_lines cl ON cl.organization_id = cs.organization_id AND cl.id = cs.line_id
                WHERE cl.organization_id = d.organization_id AND cl.count_id = d.id)
  FROM inventory.stock_counts d
  LEFT JOIN LATERAL (
    SELECT count(*)::int AS lines, count(cl.counted_qty)::int AS counted,
           count(*) FILTER (WHERE cl.counted_qty IS NOT NULL AND (
             coalesce(cl.posted_qty, 0) <> 0
             OR EXISTS (SELECT 1 FROM inventory.stock_count_serials cs
                         WHERE cs.organization_id = cl.organization_id AND cs.line_id = cl.id
                           AND (cs.move_id IS NOT NULL OR (cs.expected AND NOT cs.found)))))::int AS differences
      FROM inventory.stock_count_lines cl
     WHERE cl.organization_id = d.organization_id AND cl.count_id = d.id) l ON true;
ALTER TABLE "inventory"."stock_counts" FORCE ROW LEVEL SECURITY;
ALTER TABLE "inventory"."stock_count_lines" FORCE ROW LEVEL SECURITY;
ALTER TABLE "inventory"."stock_count_serials" FORCE ROW LEVEL SECURITY;

SELECT platform.tenant_table('inventory.stock_count_totals');
DROP TRIGGER "audit_capture" ON "inventory"."stock_count_totals";
CREATE POLICY visible_workspace ON "inventory"."stock_count_totals" AS RESTRICTIVE
  USING ("workspace_id" = ANY (coalesce((SELECT nullif(current_setting('app.workspace_ids', true), '')::uuid[]), '{}'::uuid[])))
  WITH CHECK ("workspace_id" = ANY (coalesce((SELECT nullif(current_setting('app.workspace_ids', true), '')::uuid[]), '{}'::uuid[])));

-- Maintenance: SECURITY INVOKER (the writer's RLS applies to the totals as to the count and its lines).

-- A new count gets its totals row (zeros).
CREATE FUNCTION "inventory"."stock_count_totals_create"() RETURNS trigger
LANGUAGE plpgsql SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  INSERT INTO inventory.stock_count_totals (organization_id, count_id, workspace_id)
  SELECT n.organization_id, n.id, n.workspace_id FROM new_counts n;
  RETURN NULL;
END $$;
CREATE TRIGGER "stock_count_totals_create" AFTER INSERT ON "inventory"."stock_counts"
  REFERENCING NEW TABLE AS new_counts FOR EACH STATEMENT EXECUTE FUNCTION "inventory"."stock_count_totals_create"();

-- Lines written or deleted by a statement: one UPDATE of each count's totals (TG_OP decides the sign). A writer that
-- cannot see a count's totals row (RLS) would leave it wrong: refused instead. On DELETE the row may be gone already
-- (the count's own deletion cascades to both).
CREATE FUNCTION "inventory"."stock_count_totals_lines"() RETURNS trigger
LANGUAGE plpgsql SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_rows int;
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE inventory.stock_count_totals t
       SET line_count = t.line_count + x.lines, counted_count = t.counted_count + x.counted
      FROM (SELECT n.organization_id, n.count_id, count(*)::int AS lines, count(n.counted_qty)::int AS counted
              FROM new_lines n GROUP BY 1, 2) x
     WHERE t.organization_id = x.organization_id AND t.count_id = x.count_id;
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    IF v_rows <> (SELECT count(*) FROM (SELECT DISTINCT n.organization_id, n.count_id FROM new_lines n) c) THEN
      RAISE EXCEPTION 'inventory.stock_count_totals: a count of these lines has no totals row this writer can see';
    END IF;
  ELSE
    UPDATE inventory.stock_count_totals t
       SET line_count = t.line_count - x.lines, counted_count = t.counted_count - x.counted
      FROM (SELECT o.organization_id, o.count_id, count(*)::int AS lines, count(o.counted_qty)::int AS counted
              FROM old_lines o GROUP BY 1, 2) x
     WHERE t.organization_id = x.organization_id AND t.count_id = x.count_id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "stock_count_totals_lines_insert" AFTER INSERT ON "inventory"."stock_count_lines"
  REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION "inventory"."stock_count_totals_lines"();
CREATE TRIGGER "stock_count_totals_lines_delete" AFTER DELETE ON "inventory"."stock_count_lines"
  REFERENCING OLD TABLE AS old_lines FOR EACH STATEMENT EXECUTE FUNCTION "inventory"."stock_count_totals_lines"();

-- A line counted, cleared, or moved to another count: its old contribution out, the new one in.
CREATE FUNCTION "inventory"."stock_count_totals_line_update"() RETURNS trigger
LANGUAGE plpgsql SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF (OLD.organization_id, OLD.count_id) = (NEW.organization_id, NEW.count_id) THEN
    UPDATE inventory.stock_count_totals t
       SET counted_count = t.counted_count + CASE WHEN NEW.counted_qty IS NULL THEN -1 ELSE 1 END
     WHERE t.organization_id = NEW.organization_id AND t.count_id = NEW.count_id;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'inventory.stock_count_totals: count % has no totals row this writer can see', NEW.count_id;
    END IF;
  ELSE
    UPDATE inventory.stock_count_totals t
       SET line_count = t.line_count - 1, counted_count = t.counted_count - CASE WHEN OLD.counted_qty IS NULL THEN 0 ELSE 1 END
     WHERE t.organization_id = OLD.organization_id AND t.count_id = OLD.count_id;
    UPDATE inventory.stock_count_totals t
       SET line_count = t.line_count + 1, counted_count = t.counted_count + CASE WHEN NEW.counted_qty IS NULL THEN 0 ELSE 1 END
     WHERE t.organization_id = NEW.organization_id AND t.count_id = NEW.count_id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "stock_count_totals_line_update" AFTER UPDATE OF "counted_qty", "count_id", "organization_id" ON "inventory"."stock_count_lines"
  FOR EACH ROW WHEN ((OLD."counted_qty" IS NULL) <> (NEW."counted_qty" IS NULL)
                     OR OLD."count_id" <> NEW."count_id" OR OLD."organization_id" <> NEW."organization_id")
  EXECUTE FUNCTION "inventory"."stock_count_totals_line_update"();

-- Serials written on a count's lines: the count has serials (set once; an UPDATE that finds it set locks nothing).
CREATE FUNCTION "inventory"."stock_count_totals_serials"() RETURNS trigger
LANGUAGE plpgsql SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  UPDATE inventory.stock_count_totals t SET has_serials = true
    FROM (SELECT DISTINCT cl.organization_id, cl.count_id
            FROM new_serials n
            JOIN inventory.stock_count_lines cl ON cl.organization_id = n.organization_id AND cl.id = n.line_id) x
   WHERE t.organization_id = x.organization_id AND t.count_id = x.count_id AND NOT t.has_serials;
  RETURN NULL;
END $$;
CREATE TRIGGER "stock_count_totals_serials_insert" AFTER INSERT ON "inventory"."stock_count_serials"
  REFERENCING NEW TABLE AS new_serials FOR EACH STATEMENT EXECUTE FUNCTION "inventory"."stock_count_totals_serials"();
CREATE TRIGGER "stock_count_totals_serials_update" AFTER UPDATE ON "inventory"."stock_count_serials"
  REFERENCING NEW TABLE AS new_serials FOR EACH STATEMENT EXECUTE FUNCTION "inventory"."stock_count_totals_serials"();
