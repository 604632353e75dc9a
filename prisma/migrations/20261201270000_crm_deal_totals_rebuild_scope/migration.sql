-- crm.deal_totals_rebuild recomputes ALL of an organization's totals, but it ran with the caller's row-level security:
-- a member who sees only some workspaces (changing the organization's time zone) would have rebuilt the totals from
-- the deals they can see and lost the others, and a migration (no app.org_id) saw no deals at all. The rebuild now
-- reads the organization's deals with the organization and all its workspaces in scope, restores the caller's
-- settings afterwards, and refuses another organization than the caller's.
CREATE OR REPLACE FUNCTION "crm"."deal_totals_rebuild"(p_org uuid) RETURNS void LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_tz text;
  v_org text := nullif(current_setting('app.org_id', true), '');
  v_ws text := current_setting('app.workspace_ids', true);
BEGIN
  IF v_org IS NOT NULL AND v_org::uuid <> p_org THEN
    RAISE EXCEPTION 'crm.deal_totals_rebuild: organization % is not the current one', p_org USING ERRCODE = 'insufficient_privilege';
  END IF;
  PERFORM set_config('app.org_id', p_org::text, true);
  PERFORM set_config('app.workspace_ids',
    coalesce((SELECT array_agg(w.id)::text FROM platform.workspaces w WHERE w.organization_id = p_org), ''), true);

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

  PERFORM set_config('app.org_id', coalesce(v_org, ''), true);
  PERFORM set_config('app.workspace_ids', coalesce(v_ws, ''), true);
END $$;

-- Organizations whose deals existed before the totals (the first backfill ran without an organization in scope).
SELECT "crm"."deal_totals_rebuild"(o.id) FROM "platform"."organizations" o;
