-- CRM dashboard: "top customers by won value" and "closing in 30 days" read pre-summed rows instead of the deals
-- (200,000 deals: 33 ms and 26 ms, growing with the deals; budget for the whole dashboard 150 ms, ARCHITECTURE §14).
--
-- crm.customer_won_totals: per organization × currency × customer, the count and Σ value of its won deals that are not
-- archived, kept at three grains so that the dashboard's visibility (workspace; record scope "own"; the owner filter)
-- reads the top 10 straight from an index in the common cases:
--   (workspace_key, owner_key) = (ALL, ALL)     every won deal of the customer            — member sees every workspace
--                                (ALL, owner)   the won deals of one owner                 — "own" scope or owner filter
--                                (ws,  owner)   per workspace and owner (ws = NONE: org-wide) — a member who sees only some
--                                               workspaces: summed per customer over the visible rows (bounded by the
--                                               customers with won deals, not by the deals)
--   ALL = 'ffffffff-ffff-ffff-ffff-ffffffffffff', NONE = the zero uuid (crm.deal_totals' sentinel for NULL).
-- Index (organization_id, currency, workspace_key, owner_key, won_value desc, customer_id): "top 10 by won value" is the
-- first 10 entries of one index range (uuid and bpchar equality are leakproof: index conditions under forced RLS).
--
-- crm.deal_close_day_totals: per organization × currency × expected close DAY × workspace × owner, the count, Σ value and
-- Σ value × probability / 100 of the open deals (stage_rank 1–5) that are not archived and have an expected close date.
-- "Closing in the next 30 days" sums at most 31 days × workspaces × owners rows (date comparisons are leakproof).
--
-- Both are maintained by one AFTER INSERT/UPDATE/DELETE row trigger on crm.deals (old contribution out, new one in; rows
-- that reach count 0 are deleted), rebuilt per organization by crm.deal_dashboard_rebuild (bulk loads: bench/). Neither
-- depends on the organization's time zone. Derived tables: RLS like every tenant table, no audit trigger (the deals'
-- own changes are audited; tests/db/policy.test.ts lists them as derived).

CREATE TABLE "crm"."customer_won_totals" (
    "organization_id" UUID NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "workspace_key" UUID NOT NULL,
    "owner_key" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "won_count" BIGINT NOT NULL,
    "won_value" DECIMAL(24,2) NOT NULL,

    CONSTRAINT "customer_won_totals_pkey" PRIMARY KEY ("organization_id", "currency", "workspace_key", "owner_key", "customer_id")
);

CREATE INDEX "customer_won_totals_top_idx" ON "crm"."customer_won_totals"
  ("organization_id", "currency", "workspace_key", "owner_key", "won_value" DESC, "customer_id");

CREATE TABLE "crm"."deal_close_day_totals" (
    "organization_id" UUID NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "close_date" DATE NOT NULL,
    "workspace_key" UUID NOT NULL,
    "owner_key" UUID NOT NULL,
    "deal_count" BIGINT NOT NULL,
    "value" DECIMAL(24,2) NOT NULL,
    "weighted" DECIMAL(24,4) NOT NULL,

    CONSTRAINT "deal_close_day_totals_pkey" PRIMARY KEY ("organization_id", "currency", "close_date", "workspace_key", "owner_key")
);

-- One deal's contribution (p_sign +1 in, -1 out) to both tables.
CREATE FUNCTION "crm"."deal_dashboard_apply"(d crm.deals, p_sign integer) RETURNS void LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_zero constant uuid := '00000000-0000-0000-0000-000000000000';
  v_all constant uuid := 'ffffffff-ffff-ffff-ffff-ffffffffffff';
  v_ws uuid := coalesce(d.workspace_id, v_zero);
  v_owner uuid := coalesce(d.owner_membership_id, v_zero);
BEGIN
  IF d.archived_at IS NOT NULL THEN
    RETURN;
  END IF;
  IF d.stage_rank = 6 THEN
    INSERT INTO crm.customer_won_totals AS t (organization_id, currency, workspace_key, owner_key, customer_id, won_count, won_value)
    SELECT d.organization_id, d.currency, g.ws, g.owner, d.customer_id, p_sign, p_sign * d.value
      FROM (VALUES (v_all, v_all), (v_all, v_owner), (v_ws, v_owner)) g(ws, owner)
    ON CONFLICT (organization_id, currency, workspace_key, owner_key, customer_id) DO UPDATE
      SET won_count = t.won_count + excluded.won_count, won_value = t.won_value + excluded.won_value;
    IF p_sign < 0 THEN
      DELETE FROM crm.customer_won_totals t
       WHERE t.organization_id = d.organization_id AND t.currency = d.currency AND t.customer_id = d.customer_id
         AND (t.workspace_key, t.owner_key) IN ((v_all, v_all), (v_all, v_owner), (v_ws, v_owner)) AND t.won_count = 0;
    END IF;
  ELSIF d.stage_rank BETWEEN 1 AND 5 AND d.expected_close_date IS NOT NULL THEN
    INSERT INTO crm.deal_close_day_totals AS t (organization_id, currency, close_date, workspace_key, owner_key, deal_count, value, weighted)
    VALUES (d.organization_id, d.currency, d.expected_close_date, v_ws, v_owner, p_sign, p_sign * d.value, p_sign * d.value * d.probability / 100)
    ON CONFLICT (organization_id, currency, close_date, workspace_key, owner_key) DO UPDATE
      SET deal_count = t.deal_count + excluded.deal_count, value = t.value + excluded.value, weighted = t.weighted + excluded.weighted;
    IF p_sign < 0 THEN
      DELETE FROM crm.deal_close_day_totals t
       WHERE t.organization_id = d.organization_id AND t.currency = d.currency AND t.close_date = d.expected_close_date
         AND t.workspace_key = v_ws AND t.owner_key = v_owner AND t.deal_count = 0;
    END IF;
  END IF;
END $$;

-- Recompute one organization's rows from its deals (set-based: backfill, bulk loads). Like crm.deal_totals_rebuild
-- (20261201270000): it reads the whole organization (all workspaces) whatever the caller's workspaces, restores the
-- caller's settings afterwards, and refuses another organization than the caller's.
CREATE FUNCTION "crm"."deal_dashboard_rebuild"(p_org uuid) RETURNS void LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_org text := nullif(current_setting('app.org_id', true), '');
  v_ws text := current_setting('app.workspace_ids', true);
  v_zero constant uuid := '00000000-0000-0000-0000-000000000000';
  v_all constant uuid := 'ffffffff-ffff-ffff-ffff-ffffffffffff';
BEGIN
  IF v_org IS NOT NULL AND v_org::uuid <> p_org THEN
    RAISE EXCEPTION 'crm.deal_dashboard_rebuild: organization % is not the current one', p_org USING ERRCODE = 'insufficient_privilege';
  END IF;
  PERFORM set_config('app.org_id', p_org::text, true);
  PERFORM set_config('app.workspace_ids',
    coalesce((SELECT array_agg(w.id)::text FROM platform.workspaces w WHERE w.organization_id = p_org), ''), true);

  DELETE FROM crm.customer_won_totals t WHERE t.organization_id = p_org;
  INSERT INTO crm.customer_won_totals (organization_id, currency, workspace_key, owner_key, customer_id, won_count, won_value)
  SELECT d.organization_id, d.currency, g.ws, g.owner, d.customer_id, count(*), sum(d.value)
    FROM crm.deals d
   CROSS JOIN LATERAL (VALUES (v_all, v_all),
                              (v_all, coalesce(d.owner_membership_id, v_zero)),
                              (coalesce(d.workspace_id, v_zero), coalesce(d.owner_membership_id, v_zero))) g(ws, owner)
   WHERE d.organization_id = p_org AND d.archived_at IS NULL AND d.stage_rank = 6
   GROUP BY 1, 2, 3, 4, 5;

  DELETE FROM crm.deal_close_day_totals t WHERE t.organization_id = p_org;
  INSERT INTO crm.deal_close_day_totals (organization_id, currency, close_date, workspace_key, owner_key, deal_count, value, weighted)
  SELECT d.organization_id, d.currency, d.expected_close_date, coalesce(d.workspace_id, v_zero), coalesce(d.owner_membership_id, v_zero),
         count(*), sum(d.value), sum(d.value * d.probability / 100)
    FROM crm.deals d
   WHERE d.organization_id = p_org AND d.archived_at IS NULL AND d.stage_rank BETWEEN 1 AND 5 AND d.expected_close_date IS NOT NULL
   GROUP BY 1, 2, 3, 4, 5;

  PERFORM set_config('app.org_id', coalesce(v_org, ''), true);
  PERFORM set_config('app.workspace_ids', coalesce(v_ws, ''), true);
END $$;

-- Backfill (before RLS is forced on the new tables; the rebuild scopes itself to each organization).
-- platform.organizations is read as its owner without forcing for this one statement (tessera_owner sees no
-- organization under FORCE RLS; docs/architecture.md "Migrations"); the rebuild sets app.org_id itself.
ALTER TABLE "platform"."organizations" NO FORCE ROW LEVEL SECURITY;
SELECT "crm"."deal_dashboard_rebuild"(o.id) FROM "platform"."organizations" o;
ALTER TABLE "platform"."organizations" FORCE ROW LEVEL SECURITY;

SELECT platform.tenant_table('crm.customer_won_totals');
DROP TRIGGER "audit_capture" ON "crm"."customer_won_totals";
SELECT platform.tenant_table('crm.deal_close_day_totals');
DROP TRIGGER "audit_capture" ON "crm"."deal_close_day_totals";

-- Maintenance: SECURITY INVOKER (the writer's RLS applies to the totals as to the deal). Skips updates that change
-- nothing the two tables depend on (names, notes, version bumps, closed_at of an already closed deal).
CREATE FUNCTION "crm"."deal_dashboard_sync"() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND (OLD.organization_id, OLD.workspace_id, OLD.owner_membership_id, OLD.customer_id, OLD.currency, OLD.stage_rank,
          OLD.expected_close_date, OLD.value, OLD.probability, OLD.archived_at IS NULL)
         IS NOT DISTINCT FROM
         (NEW.organization_id, NEW.workspace_id, NEW.owner_membership_id, NEW.customer_id, NEW.currency, NEW.stage_rank,
          NEW.expected_close_date, NEW.value, NEW.probability, NEW.archived_at IS NULL) THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM crm.deal_dashboard_apply(OLD, -1);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM crm.deal_dashboard_apply(NEW, 1);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "deal_dashboard_sync" AFTER INSERT OR UPDATE OR DELETE ON "crm"."deals"
  FOR EACH ROW EXECUTE FUNCTION "crm"."deal_dashboard_sync"();
