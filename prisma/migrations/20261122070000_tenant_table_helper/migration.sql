-- One call turns a new table into a tenant table the way ARCHITECTURE §3 and §8 require: row-level security enabled
-- and forced with the tenant_isolation policy (the same expression as every tenant table before it), and the audit
-- trigger. A module migration creates its table with organization_id first and a (organization_id, id) key, then:
--   SELECT platform.tenant_table('crm.customers');
--   SELECT platform.tenant_table('crm.contacts', '{personal_id_hash}');   -- extra columns the audit never records
-- tests/db/policy.test.ts still checks every table, however it was made.
CREATE FUNCTION "platform"."tenant_table"(p_table regclass, p_audit_exclude text[] DEFAULT '{}')
RETURNS void LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', p_table);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', p_table);
  EXECUTE format($p$CREATE POLICY tenant_isolation ON %s
      USING (organization_id = (SELECT nullif(current_setting('app.org_id', true), '')::uuid))
      WITH CHECK (organization_id = (SELECT nullif(current_setting('app.org_id', true), '')::uuid))$p$, p_table);
  PERFORM audit.track(p_table, p_audit_exclude);
END $$;

-- Only migrations (the owner) shape tables.
REVOKE ALL ON FUNCTION "platform"."tenant_table"(regclass, text[]) FROM PUBLIC;
