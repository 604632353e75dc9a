-- Audit trail (ARCHITECTURE §8): every insert, update and delete on a tenant table is captured by a trigger into
-- audit.events; business events (sign-in, export, print, …) join the same stream through audit.record_event.
-- Events are sealed into a per-organization SHA-256 hash chain (audit.seals) by audit.seal, after their writing
-- transactions have committed, so sealing never serializes an organization's writes.
--
-- Who may do what (tested in tests/audit/roles.test.ts):
--   tessera_app, tessera_system: SELECT (RLS per organization; the system role bypasses RLS as everywhere);
--     no INSERT, UPDATE, DELETE or TRUNCATE. Events are written only by the trigger and by audit.record_event
--     (business events only, for the caller's own organization), seals only by audit.seal — all three
--     SECURITY DEFINER functions owned by tessera_owner.
--   tessera_owner: owns the tables (it could disable RLS anyway); two policies let the definer functions append
--     and read across organizations. Tampering by the owner is what the hash chain detects.
--
-- No foreign keys: audit rows outlive what they describe (a deleted workspace, a removed member) and must never
-- make a business write wait on, or fail because of, the audit tables.

CREATE TYPE "audit"."event_kind" AS ENUM ('change', 'business');

CREATE TABLE "audit"."events" (
    "organization_id" UUID NOT NULL,
    "id" UUID NOT NULL DEFAULT uuidv7(),
    "workspace_id" UUID,
    "actor_id" UUID,
    "request_id" TEXT,
    "kind" "audit"."event_kind" NOT NULL,
    "table_name" TEXT,
    "record_id" TEXT,
    "operation" TEXT,
    "action" TEXT NOT NULL,
    "changes" JSONB,
    "data" JSONB,
    -- The writing transaction (pg_current_xact_id): the sealer only takes events below the snapshot horizon.
    "xact_id" BIGINT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "events_pkey" PRIMARY KEY ("organization_id", "id"),
    CONSTRAINT "events_action_check" CHECK ("action" ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$' AND length("action") <= 100),
    CONSTRAINT "events_kind_check" CHECK (
      ("kind" = 'change' AND "table_name" IS NOT NULL AND "record_id" IS NOT NULL
        AND "operation" IN ('INSERT', 'UPDATE', 'DELETE') AND "action" = lower("operation"))
      OR ("kind" = 'business' AND "table_name" IS NULL AND "operation" IS NULL
        AND "action" NOT IN ('insert', 'update', 'delete')))
);
-- Plain ascending columns: one index serves the list's keyset order in both directions.
CREATE INDEX "events_organization_id_created_at_id_idx" ON "audit"."events"("organization_id", "created_at", "id");
-- Also serves business events of a record (table_name IS NULL AND record_id = …).
CREATE INDEX "events_organization_id_table_name_record_id_idx" ON "audit"."events"("organization_id", "table_name", "record_id");
CREATE INDEX "events_organization_id_actor_id_created_at_idx" ON "audit"."events"("organization_id", "actor_id", "created_at");
-- The sealer's order: (transaction, event id) after the chain's head.
CREATE INDEX "events_organization_id_xact_id_id_idx" ON "audit"."events"("organization_id", "xact_id", "id");

CREATE TABLE "audit"."seals" (
    "organization_id" UUID NOT NULL,
    "position" BIGINT NOT NULL,
    "event_id" UUID NOT NULL,
    "xact_id" BIGINT NOT NULL,
    "prev_hash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "sealed_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "seals_pkey" PRIMARY KEY ("organization_id", "position"),
    CONSTRAINT "seals_position_check" CHECK ("position" >= 1),
    CONSTRAINT "seals_hash_check" CHECK ("hash" ~ '^[0-9a-f]{64}$' AND "prev_hash" ~ '^[0-9a-f]{64}$')
);
CREATE UNIQUE INDEX "seals_organization_id_event_id_key" ON "audit"."seals"("organization_id", "event_id");

-- ---------------------------------------------------------------------------------------------------------------
-- Row-level security and privileges

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['audit.events', 'audit.seals']
  LOOP
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON %s
      USING (organization_id = (SELECT nullif(current_setting('app.org_id', true), '')::uuid))
      WITH CHECK (organization_id = (SELECT nullif(current_setting('app.org_id', true), '')::uuid))$p$, t);
    -- The SECURITY DEFINER functions below run as the owner and write for the row's organization whatever the
    -- caller's settings (a sign-up on the system client has no app.org_id).
    EXECUTE format('CREATE POLICY definer_append ON %s FOR INSERT TO tessera_owner WITH CHECK (true)', t);
    EXECUTE format('CREATE POLICY definer_read ON %s FOR SELECT TO tessera_owner USING (true)', t);
  END LOOP;
END $$;

REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON "audit"."events", "audit"."seals" FROM tessera_app, tessera_system;
GRANT SELECT ON "audit"."events", "audit"."seals" TO tessera_app, tessera_system;

-- ---------------------------------------------------------------------------------------------------------------
-- Columns never recorded: secrets by name, on every table.
CREATE FUNCTION "audit"."is_secret_column"(p_name text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT p_name ~ '(_hash$|token|secret|^password$)'
$$;

-- Whether the calling session may write audit rows for p_org: its own organization, or any when the login role
-- bypasses RLS (the system role: sign-in, sign-up, jobs).
CREATE FUNCTION "audit"."caller_may_write"(p_org uuid) RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
  SELECT p_org IS NOT NULL AND (
    p_org IS NOT DISTINCT FROM nullif(current_setting('app.org_id', true), '')::uuid
    OR coalesce((SELECT r.rolbypassrls FROM pg_roles r WHERE r.rolname = session_user), false))
$$;

-- The trigger. Arguments (from audit.track): organization column, record id column(s) comma-separated, then extra
-- columns to leave out. UPDATE records only the changed columns; a changed secret shows as {"redacted": true}.
CREATE FUNCTION "audit"."capture"() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_old jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END;
  v_new jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END;
  v_row jsonb := coalesce(v_new, v_old);
  v_extra text[] := coalesce(TG_ARGV[2:], '{}');
  v_hidden text[];
  v_changes jsonb;
  v_record text;
BEGIN
  SELECT coalesce(array_agg(k), '{}') INTO v_hidden
    FROM jsonb_object_keys(v_row) k WHERE audit.is_secret_column(k) OR k = ANY (v_extra);

  IF TG_OP = 'UPDATE' THEN
    SELECT jsonb_object_agg(n.key, CASE WHEN n.key = ANY (v_hidden) THEN '{"redacted": true}'::jsonb
                                        ELSE jsonb_build_object('old', v_old -> n.key, 'new', n.value) END)
      INTO v_changes
      FROM jsonb_each(v_new) n WHERE n.value IS DISTINCT FROM v_old -> n.key;
    IF v_changes IS NULL THEN RETURN NULL; END IF; -- nothing changed
  ELSE
    SELECT jsonb_object_agg(n.key, CASE WHEN TG_OP = 'INSERT' THEN jsonb_build_object('old', NULL::jsonb, 'new', n.value)
                                        ELSE jsonb_build_object('old', n.value, 'new', NULL::jsonb) END)
      INTO v_changes
      FROM jsonb_each(v_row - v_hidden) n;
  END IF;

  SELECT string_agg(v_row ->> c, '/' ORDER BY o) INTO v_record
    FROM unnest(string_to_array(TG_ARGV[1], ',')) WITH ORDINALITY AS x(c, o);

  INSERT INTO audit.events (organization_id, id, workspace_id, actor_id, request_id, kind, table_name, record_id,
                            operation, action, changes, data, xact_id, created_at)
  VALUES ((v_row ->> TG_ARGV[0])::uuid, uuidv7(),
          CASE WHEN v_row ? 'workspace_id' THEN (v_row ->> 'workspace_id')::uuid END,
          nullif(current_setting('app.user_id', true), '')::uuid,
          nullif(current_setting('app.request_id', true), ''),
          'change', TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME, v_record, TG_OP, lower(TG_OP), v_changes, NULL,
          pg_current_xact_id()::text::bigint, now());
  RETURN NULL;
END $$;

-- Installs (or re-installs) the trigger: `SELECT audit.track('schema.table')` in the table's migration, with
-- extra columns to leave out as the second argument. The record id is the `id` column, or the primary key's
-- columns other than the organization's joined with '/'. Re-run it if the primary key changes.
CREATE FUNCTION "audit"."track"(p_table regclass, p_exclude text[] DEFAULT '{}', p_org_column text DEFAULT 'organization_id')
RETURNS void LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_id text;
  v_extra text := '';
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = p_table AND attname = p_org_column AND NOT attisdropped) THEN
    RAISE EXCEPTION 'audit.track: % has no column %', p_table, p_org_column;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = p_table AND attname = 'id' AND NOT attisdropped) THEN
    v_id := 'id';
  ELSE
    SELECT string_agg(a.attname, ',' ORDER BY k.ord) INTO v_id
      FROM pg_index x
      CROSS JOIN LATERAL unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
      JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
     WHERE x.indrelid = p_table AND x.indisprimary AND a.attname <> p_org_column;
  END IF;
  IF v_id IS NULL THEN RAISE EXCEPTION 'audit.track: % has neither an id column nor a primary key', p_table; END IF;
  SELECT coalesce(string_agg(format(', %L', e), ''), '') INTO v_extra FROM unnest(p_exclude) e;
  EXECUTE format('DROP TRIGGER IF EXISTS audit_capture ON %s', p_table);
  EXECUTE format('CREATE TRIGGER audit_capture AFTER INSERT OR UPDATE OR DELETE ON %s FOR EACH ROW EXECUTE FUNCTION audit.capture(%L, %L%s)',
                 p_table, p_org_column, v_id, v_extra);
END $$;

-- Business events. The actor and request come from the transaction's settings, as for changes.
CREATE FUNCTION "audit"."record_event"(p_org uuid, p_action text, p_entity_id text DEFAULT NULL, p_data jsonb DEFAULT NULL,
                                       p_workspace uuid DEFAULT NULL)
RETURNS uuid LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE v_id uuid := uuidv7();
BEGIN
  IF NOT audit.caller_may_write(p_org) THEN
    RAISE EXCEPTION 'audit.record_event: not allowed for organization %', p_org USING ERRCODE = 'insufficient_privilege';
  END IF;
  INSERT INTO audit.events (organization_id, id, workspace_id, actor_id, request_id, kind, table_name, record_id,
                            operation, action, changes, data, xact_id, created_at)
  VALUES (p_org, v_id, p_workspace, nullif(current_setting('app.user_id', true), '')::uuid,
          nullif(current_setting('app.request_id', true), ''), 'business', NULL, p_entity_id, NULL, p_action, NULL,
          p_data, pg_current_xact_id()::text::bigint, now());
  RETURN v_id;
END $$;

-- ---------------------------------------------------------------------------------------------------------------
-- Hash chain

-- The canonical text of an event: jsonb's own text form (keys in a fixed order, numbers exact), the timestamp
-- spelled in UTC so the session's time zone cannot change it.
CREATE FUNCTION "audit"."canonical"(e audit.events) RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
  SELECT jsonb_build_object(
    'organization_id', e.organization_id, 'id', e.id, 'workspace_id', e.workspace_id, 'actor_id', e.actor_id,
    'request_id', e.request_id, 'kind', e.kind, 'table_name', e.table_name, 'record_id', e.record_id,
    'operation', e.operation, 'action', e.action, 'changes', e.changes, 'data', e.data, 'xact_id', e.xact_id,
    'created_at', to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))::text
$$;

CREATE FUNCTION "audit"."link_hash"(p_prev text, e audit.events) RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
  SELECT encode(sha256(convert_to(p_prev || audit.canonical(e), 'UTF8')), 'hex')
$$;

-- Seals up to p_limit committed events of one organization; returns how many. Only events of transactions below
-- the snapshot's xmin are taken: every transaction under that horizon has ended, and any event not yet visible
-- belongs to a transaction at or above it, so the chain never skips an event that commits later (it is sealed by
-- a later run, after everything before it). Concurrent sealers of one organization queue on an advisory lock.
CREATE FUNCTION "audit"."seal"(p_org uuid, p_limit integer DEFAULT 1000)
RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_horizon bigint;
  v_pos bigint := 0;
  v_hash text := repeat('0', 64);
  v_xact bigint;
  v_event uuid;
  v_prev text;
  v_count integer := 0;
  e audit.events;
BEGIN
  IF NOT audit.caller_may_write(p_org) THEN
    RAISE EXCEPTION 'audit.seal: not allowed for organization %', p_org USING ERRCODE = 'insufficient_privilege';
  END IF;
  PERFORM pg_advisory_xact_lock(hashtextextended('audit.seal:' || p_org::text, 0));
  v_horizon := pg_snapshot_xmin(pg_current_snapshot())::text::bigint;
  SELECT s.position, s.hash, s.xact_id, s.event_id INTO v_pos, v_hash, v_xact, v_event
    FROM audit.seals s WHERE s.organization_id = p_org ORDER BY s.position DESC LIMIT 1;
  IF NOT FOUND THEN
    v_pos := 0;
    v_hash := repeat('0', 64);
  END IF;
  FOR e IN
    SELECT * FROM audit.events x
     WHERE x.organization_id = p_org AND x.xact_id < v_horizon
       AND (v_event IS NULL OR (x.xact_id, x.id) > (v_xact, v_event))
     ORDER BY x.xact_id, x.id
     LIMIT p_limit
  LOOP
    v_prev := v_hash;
    v_pos := v_pos + 1;
    v_hash := audit.link_hash(v_prev, e);
    INSERT INTO audit.seals (organization_id, position, event_id, xact_id, prev_hash, hash, sealed_at)
    VALUES (p_org, v_pos, e.id, e.xact_id, v_prev, v_hash, now());
    v_count := v_count + 1;
  END LOOP;
  RETURN v_count;
END $$;

REVOKE ALL ON FUNCTION "audit"."capture"(), "audit"."track"(regclass, text[], text),
  "audit"."record_event"(uuid, text, text, jsonb, uuid), "audit"."seal"(uuid, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION "audit"."record_event"(uuid, text, text, jsonb, uuid), "audit"."seal"(uuid, integer)
  TO tessera_app, tessera_system;

-- ---------------------------------------------------------------------------------------------------------------
-- Every tenant table is tracked. platform.organizations too: it is the tenant's own profile (name, tax id, time
-- zone, status), so its changes belong to that organization's trail. auth.users is global (a user spans
-- organizations) and holds the password hash; sign-in and sign-out are recorded as business events instead.
SELECT audit.track('platform.organizations', '{}', 'id');
SELECT audit.track('platform.workspaces');
SELECT audit.track('auth.memberships');
SELECT audit.track('auth.membership_workspaces');
SELECT audit.track('auth.roles');
SELECT audit.track('auth.role_permissions');
SELECT audit.track('auth.membership_roles');
