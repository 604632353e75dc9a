-- One call gives a workspace-owned tenant table the restrictive visible_workspace policy (ARCHITECTURE §3): a row of a
-- workspace is visible and writable only to members who may see that workspace (`app.workspace_ids`, set by
-- platform.resolve_request_scope); with p_org_wide, rows without a workspace (workspace_id NULL) to every member.
-- Restrictive: ANDed with tenant_isolation. The expression is the one every such table had written out by hand before
-- (crm.customers, inventory.warehouses, …: those applied migrations stay as they are); a module migration now writes,
-- after `SELECT platform.tenant_table('sales.orders');`:
--   SELECT platform.workspace_table('sales.orders');           -- workspace_id NOT NULL (inventory's warehouses)
--   SELECT platform.workspace_table('sales.quotes', true);     -- workspace_id NULL = organization-wide (crm.customers)
-- The column is `workspace_id`. The qual is an array membership with an initplan (no per-row function call), the same
-- plan as before; tests/db/workspace-table.test.ts checks the policy it creates and what it lets through.
CREATE FUNCTION "platform"."workspace_table"(p_table regclass, p_org_wide boolean DEFAULT false)
RETURNS void LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_qual text := $q$"workspace_id" = ANY (coalesce((SELECT nullif(current_setting('app.workspace_ids', true), '')::uuid[]), '{}'::uuid[]))$q$;
BEGIN
  IF p_org_wide THEN
    v_qual := '"workspace_id" IS NULL OR ' || v_qual;
  END IF;
  EXECUTE format('CREATE POLICY visible_workspace ON %s AS RESTRICTIVE USING (%s) WITH CHECK (%s)', p_table, v_qual, v_qual);
END $$;

-- Only migrations (the owner) shape tables.
REVOKE ALL ON FUNCTION "platform"."workspace_table"(regclass, boolean) FROM PUBLIC;
