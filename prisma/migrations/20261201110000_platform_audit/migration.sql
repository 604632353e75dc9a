-- The platform's own audit trail (issue 4: "everything in the platform console is written to the audit stream").
-- Operator actions that belong to no organization (the plan and feature catalog) cannot join an organization's
-- stream (audit.events requires one), so they go here: one global, append-only table with its own hash chain.
--
-- Who may do what (tested in tests/platform/platform-audit.test.ts):
--   tessera_system: INSERT and SELECT (the operator console runs on the system client); UPDATE, DELETE and TRUNCATE
--     are revoked, and a trigger refuses them anyway (for the owner too: only a superuser disabling the trigger
--     can rewrite history, which the hash chain then shows).
--   tessera_app: no privilege at all.
--
-- The chain: position n has hash = sha256(prev_hash || canonical(row)), genesis prev_hash = 64 zeros, computed by a
-- BEFORE INSERT trigger under a transaction-scoped advisory lock, so writers queue (catalog edits are rare) and
-- each one sees the previous head once the lock is granted (the unique position refuses a fork anyway).

CREATE TABLE "audit"."platform_events" (
    "id" UUID NOT NULL DEFAULT uuidv7(),
    "position" BIGINT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" UUID,
    "request_id" TEXT,
    "action" TEXT NOT NULL,
    "entity_type" TEXT,
    "entity_id" TEXT,
    "data" JSONB,
    "prev_hash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    CONSTRAINT "platform_events_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "platform_events_action_check" CHECK ("action" IN ('plan.created', 'plan.updated', 'plan.features_changed')),
    CONSTRAINT "platform_events_position_check" CHECK ("position" >= 1),
    CONSTRAINT "platform_events_hash_check" CHECK ("hash" ~ '^[0-9a-f]{64}$' AND "prev_hash" ~ '^[0-9a-f]{64}$')
);
CREATE UNIQUE INDEX "platform_events_position_key" ON "audit"."platform_events"("position");
CREATE INDEX "platform_events_created_at_id_idx" ON "audit"."platform_events"("created_at", "id");
CREATE INDEX "platform_events_action_created_at_idx" ON "audit"."platform_events"("action", "created_at");

ALTER TABLE "audit"."platform_events" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "audit"."platform_events" FORCE ROW LEVEL SECURITY;
REVOKE ALL ON "audit"."platform_events" FROM PUBLIC, tessera_app, tessera_system;
GRANT SELECT, INSERT ON "audit"."platform_events" TO tessera_system;

-- The canonical text of an event: jsonb's own text form (fixed key order, exact numbers), the timestamp in UTC.
CREATE FUNCTION "audit"."platform_canonical"(e audit.platform_events) RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
  SELECT jsonb_build_object(
    'id', e.id, 'position', e.position, 'actor_id', e.actor_id, 'request_id', e.request_id, 'action', e.action,
    'entity_type', e.entity_type, 'entity_id', e.entity_id, 'data', e.data,
    'created_at', to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))::text
$$;

-- Runs as the inserting role (the system role bypasses RLS, so it sees the head). Position, link and hash are
-- always computed here: whatever the caller passes for them is overwritten.
CREATE FUNCTION "audit"."platform_events_chain"() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_pos bigint;
  v_hash text;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('audit.platform_events', 0));
  SELECT e.position, e.hash INTO v_pos, v_hash FROM audit.platform_events e ORDER BY e.position DESC LIMIT 1;
  NEW.position := coalesce(v_pos, 0) + 1;
  NEW.prev_hash := coalesce(v_hash, repeat('0', 64));
  NEW.created_at := now();
  NEW.hash := encode(sha256(convert_to(NEW.prev_hash || audit.platform_canonical(NEW), 'UTF8')), 'hex');
  RETURN NEW;
END $$;

CREATE FUNCTION "audit"."platform_events_refuse"() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  RAISE EXCEPTION 'audit.platform_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER "platform_events_chain" BEFORE INSERT ON "audit"."platform_events"
  FOR EACH ROW EXECUTE FUNCTION audit.platform_events_chain();
-- Statement-level, so it refuses even when the statement would touch no visible row.
CREATE TRIGGER "platform_events_refuse_change" BEFORE UPDATE OR DELETE ON "audit"."platform_events"
  FOR EACH STATEMENT EXECUTE FUNCTION audit.platform_events_refuse();
CREATE TRIGGER "platform_events_refuse_truncate" BEFORE TRUNCATE ON "audit"."platform_events"
  FOR EACH STATEMENT EXECUTE FUNCTION audit.platform_events_refuse();
