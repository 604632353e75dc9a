-- CRM deal totals: the pipeline dashboard and the board's per-stage totals read pre-summed rows instead of summing
-- every open deal per request (500,000 deals: dashboard p95 ~880 ms, board ~250 ms; budget 150 ms, ARCHITECTURE §14).
--
-- crm.deal_totals holds, per organization × workspace × owner × currency × stage × close month, the count, Σ value and
-- Σ value × probability / 100 of the deals that are not archived. Nullable dimensions use sentinels so that the primary
-- key can hold them (NULL is never equal to NULL in a unique key):
--   workspace_key = coalesce(workspace_id, '00000000-0000-0000-0000-000000000000')  (organization-wide deals)
--   owner_key     = coalesce(owner_membership_id, '00000000-0000-0000-0000-000000000000')  (no owner)
--   close_month   = first day of the closed_at month in the ORGANIZATION's time zone for won / lost,
--                   of the expected_close_date month for open deals, '0001-01-01' when there is none.
-- stage_rank is the deals' generated position (1 lead … 5 closing, 6 won, 7 lost): smallint equality is leakproof,
-- so it is an index condition under forced RLS (enum equality is not).
--
-- Maintained by an AFTER INSERT/UPDATE/DELETE row trigger on crm.deals (old contribution out, new one in; rows that
-- reach count 0 are deleted) and rebuilt for an organization when its time zone changes (the month keys move).
-- Concurrency: two transactions changing deals of the same key update the same totals row and serialize on its row
-- lock until the first commits (a short wait per hot key; no lost update, no deadlock for single-deal writes).

CREATE TABLE "crm"."deal_totals" (
    "organization_id" UUID NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "stage_rank" SMALLINT NOT NULL,
    "close_month" DATE NOT NULL,
    "workspace_key" UUID NOT NULL,
    "owner_key" UUID NOT NULL,
    "deal_count" BIGINT NOT NULL,
    "value" DECIMAL NOT NULL,
    "weighted" DECIMAL NOT NULL,

    CONSTRAINT "deal_totals_pkey" PRIMARY KEY ("organization_id", "currency", "stage_rank", "close_month", "workspace_key", "owner_key"),
    CONSTRAINT "deal_totals_stage_rank_check" CHECK ("stage_rank" BETWEEN 1 AND 7)
);

-- The month key of a deal (see above); p_tz is the organization's time zone.
CREATE FUNCTION "crm"."deal_totals_month"(p_stage_rank smallint, p_closed_at timestamptz, p_expected date, p_tz text)
RETURNS date LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
  SELECT coalesce(CASE WHEN p_stage_rank >= 6 THEN date_trunc('month', p_closed_at AT TIME ZONE coalesce(p_tz, 'UTC'))::date
                       ELSE date_trunc('month', p_expected)::date END, DATE '0001-01-01')
$$;

-- Recompute one organization's totals from its deals (set-based: the migration's backfill, bulk loads, time zone change).
CREATE FUNCTION "crm"."deal_totals_rebuild"(p_org uuid) RETURNS void LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_tz text;
BEGIN
  SELECT o.time_zone INTO v_tz FROM platform.organizations o WHERE o.id = p_org;
  DELETE FROM crm.deal_totals t WHERE t.organization_id = p_org;
  INSERT INTO crm.deal_totals (organization_id, currency, stage_rank, close_month, workspace_key, owner_key, deal_count, value, weighted)
  SELECT d.organization_id, d.currency, d.stage_rank, crm.deal_totals_month(d.stage_rank, d.closed_at, d.expected_close_date, v_tz),
         coalesce(d.workspace_id, '00000000-0000-0000-0000-000000000000'::uuid),
         coalesce(d.owner_membership_id, '00000000-0000-0000-0000-000000000000'::uuid),
         count(*), sum(d.value), sum(d.value * d.probability / 100)
    FROM crm.deals d
   WHERE d.organization_id = p_org AND d.archived_at IS NULL
   GROUP BY 1, 2, 3, 4, 5, 6;
END $$;

-- Backfill (before RLS is forced on the new table, like crm.search_terms).
SELECT "crm"."deal_totals_rebuild"(o.id) FROM "platform"."organizations" o;

-- Tenant table (RLS enabled + forced, tenant_isolation), WITHOUT the audit trigger: derived from crm.deals, whose own
-- changes are audited (tests/db/policy.test.ts lists the table as derived).
SELECT platform.tenant_table('crm.deal_totals');
DROP TRIGGER "audit_capture" ON "crm"."deal_totals";

-- Maintenance: SECURITY INVOKER (the writer's RLS applies to the totals as to the deal). Skips updates that change no
-- dimension and no measure (names, notes, version bumps).
CREATE FUNCTION "crm"."deal_totals_sync"() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_tz text;
  v_month date;
  v_count bigint;
  v_zero constant uuid := '00000000-0000-0000-0000-000000000000';
BEGIN
  IF TG_OP = 'UPDATE'
     AND (OLD.organization_id, OLD.workspace_id, OLD.owner_membership_id, OLD.currency, OLD.stage_rank, OLD.closed_at,
          OLD.expected_close_date, OLD.value, OLD.probability, OLD.archived_at IS NULL)
         IS NOT DISTINCT FROM
         (NEW.organization_id, NEW.workspace_id, NEW.owner_membership_id, NEW.currency, NEW.stage_rank, NEW.closed_at,
          NEW.expected_close_date, NEW.value, NEW.probability, NEW.archived_at IS NULL) THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.archived_at IS NULL THEN
    SELECT o.time_zone INTO v_tz FROM platform.organizations o WHERE o.id = OLD.organization_id;
    v_month := crm.deal_totals_month(OLD.stage_rank, OLD.closed_at, OLD.expected_close_date, v_tz);
    UPDATE crm.deal_totals t
       SET deal_count = t.deal_count - 1, value = t.value - OLD.value, weighted = t.weighted - OLD.value * OLD.probability / 100
     WHERE t.organization_id = OLD.organization_id AND t.currency = OLD.currency AND t.stage_rank = OLD.stage_rank
       AND t.close_month = v_month AND t.workspace_key = coalesce(OLD.workspace_id, v_zero)
       AND t.owner_key = coalesce(OLD.owner_membership_id, v_zero)
    RETURNING t.deal_count INTO v_count;
    IF v_count = 0 THEN
      DELETE FROM crm.deal_totals t
       WHERE t.organization_id = OLD.organization_id AND t.currency = OLD.currency AND t.stage_rank = OLD.stage_rank
         AND t.close_month = v_month AND t.workspace_key = coalesce(OLD.workspace_id, v_zero)
         AND t.owner_key = coalesce(OLD.owner_membership_id, v_zero) AND t.deal_count = 0;
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.archived_at IS NULL THEN
    IF v_tz IS NULL OR OLD.organization_id IS DISTINCT FROM NEW.organization_id THEN
      SELECT o.time_zone INTO v_tz FROM platform.organizations o WHERE o.id = NEW.organization_id;
    END IF;
    INSERT INTO crm.deal_totals AS t (organization_id, currency, stage_rank, close_month, workspace_key, owner_key, deal_count, value, weighted)
    VALUES (NEW.organization_id, NEW.currency, NEW.stage_rank,
            crm.deal_totals_month(NEW.stage_rank, NEW.closed_at, NEW.expected_close_date, v_tz),
            coalesce(NEW.workspace_id, v_zero), coalesce(NEW.owner_membership_id, v_zero),
            1, NEW.value, NEW.value * NEW.probability / 100)
    ON CONFLICT (organization_id, currency, stage_rank, close_month, workspace_key, owner_key) DO UPDATE
      SET deal_count = t.deal_count + 1, value = t.value + excluded.value, weighted = t.weighted + excluded.weighted;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "deal_totals_sync" AFTER INSERT OR UPDATE OR DELETE ON "crm"."deals"
  FOR EACH ROW EXECUTE FUNCTION "crm"."deal_totals_sync"();

-- The month keys of won / lost deals are in the organization's time zone: a new time zone rebuilds its totals.
CREATE FUNCTION "crm"."deal_totals_time_zone"() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  PERFORM crm.deal_totals_rebuild(NEW.id);
  RETURN NULL;
END $$;

CREATE TRIGGER "deal_totals_time_zone" AFTER UPDATE OF "time_zone" ON "platform"."organizations"
  FOR EACH ROW WHEN (OLD."time_zone" IS DISTINCT FROM NEW."time_zone") EXECUTE FUNCTION "crm"."deal_totals_time_zone"();
