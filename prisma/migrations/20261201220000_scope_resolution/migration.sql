-- Scope resolution in one statement (kernel README, "Resolving a request's scope").
--
-- platform.resolve_request_scope runs every per-request check of a scoped call in ONE round trip, inside the
-- caller's transaction and as the caller (SECURITY INVOKER: tessera_app, row-level security applies to every read,
-- exactly as the separate queries it replaces). Step by step, each statement seeing the settings of the one before:
--   1. set_config app.user_id / app.request_id (org and workspaces cleared);
--   2. the user (status, session_version) and, for a session, its auth.sessions row (revoked?); touches
--      last_seen_at at most once a minute without waiting for a concurrent request holding the row;
--   3. with an organization slug: the active membership and the organization's status (suspension), then
--      set_config app.org_id; the session timeout setting; the membership's active workspaces; its roles, their
--      record scopes and permissions; set_config app.workspace_ids;
--   4. with a workspace slug: the workspace (active and the membership's, or archived and one it would see), then
--      set_config app.workspace_ids to that workspace only.
-- It decides nothing: it answers what it found ("outcome" and the rows), and the procedure chain
-- (src/server/kernel/access.ts) turns that into UNAUTHORIZED / FORBIDDEN / NOT_FOUND in the same order as before.
CREATE FUNCTION "platform"."resolve_request_scope"(
  p_user_id uuid,
  p_request_id text,
  p_session_id uuid,
  p_session_version integer,
  p_org_slug text,
  p_ws_slug text
) RETURNS jsonb
LANGUAGE plpgsql
SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  u record;
  s record;
  m record;
  w record;
  v_user jsonb;
  v_timeout jsonb;
  v_ws_ids uuid[];
  v_roles jsonb;
  v_scopes jsonb;
  v_perms jsonb;
  v_ws jsonb;
BEGIN
  PERFORM set_config('app.org_id', '', true), set_config('app.workspace_ids', '', true),
          set_config('app.user_id', p_user_id::text, true), set_config('app.request_id', coalesce(p_request_id, ''), true);

  SELECT x.id, x.email, x.name, x.status::text AS status, x.session_version, x.is_platform_operator, x.locale,
         x.time_zone, x.email_verified_at
    INTO u FROM "auth"."users" x WHERE x.id = p_user_id;
  IF NOT FOUND THEN RETURN jsonb_build_object('outcome', 'no_user'); END IF;

  IF p_session_id IS NOT NULL THEN
    IF u.status <> 'active' OR u.session_version <> p_session_version THEN
      RETURN jsonb_build_object('outcome', 'session_ended');
    END IF;
    SELECT x.id, x.revoked_at, x.last_seen_at INTO s FROM "auth"."sessions" x WHERE x.id = p_session_id AND x.user_id = p_user_id;
    IF NOT FOUND OR s.revoked_at IS NOT NULL THEN RETURN jsonb_build_object('outcome', 'session_ended'); END IF;
    IF s.last_seen_at < now() - interval '1 minute' THEN
      UPDATE "auth"."sessions" SET last_seen_at = now()
       WHERE id = (SELECT x.id FROM "auth"."sessions" x
                    WHERE x.id = p_session_id AND x.revoked_at IS NULL AND x.last_seen_at < now() - interval '1 minute'
                    FOR UPDATE SKIP LOCKED);
    END IF;
  END IF;

  v_user := jsonb_build_object('id', u.id, 'email', u.email, 'name', u.name, 'isPlatformOperator', u.is_platform_operator,
                               'locale', u.locale, 'timeZone', u.time_zone, 'emailVerified', u.email_verified_at IS NOT NULL);
  IF p_org_slug IS NULL THEN RETURN jsonb_build_object('outcome', 'ok', 'user', v_user); END IF;

  -- Visible through the own_memberships and member_read policies before any organization is set.
  SELECT mm.id, mm.organization_id, mm.all_workspaces, o.status::text AS org_status, o.name AS org_name, o.suspension_reason
    INTO m
    FROM "auth"."memberships" mm JOIN "platform"."organizations" o ON o.id = mm.organization_id
   WHERE mm.user_id = p_user_id AND mm.status = 'active' AND o.slug = p_org_slug;
  IF NOT FOUND THEN RETURN jsonb_build_object('outcome', 'no_org', 'user', v_user); END IF;
  IF m.org_status <> 'active' THEN
    RETURN jsonb_build_object('outcome', 'suspended', 'user', v_user, 'orgName', m.org_name, 'reason', m.suspension_reason);
  END IF;

  PERFORM set_config('app.org_id', m.organization_id::text, true);

  SELECT x.value INTO v_timeout FROM "settings"."app_settings" x
   WHERE x.organization_id = m.organization_id AND x.workspace_id IS NULL AND x.key = 'security.sessionTimeoutMinutes';

  v_ws_ids := ARRAY(
    SELECT x.id FROM "platform"."workspaces" x
     WHERE x.organization_id = m.organization_id AND x.status = 'active'
       AND (m.all_workspaces OR EXISTS (SELECT 1 FROM "auth"."membership_workspaces" mw
                                         WHERE mw.organization_id = m.organization_id AND mw.membership_id = m.id
                                           AND mw.workspace_id = x.id))
     ORDER BY x.created_at, x.id);

  SELECT coalesce(jsonb_agg(r.key ORDER BY r.key), '[]'::jsonb), coalesce(jsonb_agg(r.record_scope::text), '[]'::jsonb)
    INTO v_roles, v_scopes
    FROM "auth"."membership_roles" mr
    JOIN "auth"."roles" r ON r.organization_id = mr.organization_id AND r.id = mr.role_id
   WHERE mr.organization_id = m.organization_id AND mr.membership_id = m.id;

  SELECT coalesce(jsonb_agg(DISTINCT rp.permission), '[]'::jsonb) INTO v_perms
    FROM "auth"."membership_roles" mr
    JOIN "auth"."role_permissions" rp ON rp.organization_id = mr.organization_id AND rp.role_id = mr.role_id
   WHERE mr.organization_id = m.organization_id AND mr.membership_id = m.id;

  PERFORM set_config('app.workspace_ids', CASE WHEN cardinality(v_ws_ids) > 0 THEN v_ws_ids::text ELSE '' END, true);

  IF p_ws_slug IS NOT NULL THEN
    -- An active workspace of the membership, or an archived one it would see (read-only, reachable by URL).
    SELECT x.id, x.name, x.status::text AS status INTO w FROM "platform"."workspaces" x
     WHERE x.organization_id = m.organization_id AND x.slug = p_ws_slug
       AND (x.id = ANY (v_ws_ids)
            OR (x.status = 'archived'
                AND (m.all_workspaces OR EXISTS (SELECT 1 FROM "auth"."membership_workspaces" mw
                                                  WHERE mw.organization_id = m.organization_id AND mw.membership_id = m.id
                                                    AND mw.workspace_id = x.id))));
    IF FOUND THEN
      PERFORM set_config('app.workspace_ids', '{' || w.id::text || '}', true);
      v_ws := jsonb_build_object('id', w.id, 'name', w.name, 'status', w.status);
    ELSE
      v_ws := 'null'::jsonb; -- asked for and not found (NOT_FOUND)
    END IF;
  END IF;

  RETURN jsonb_build_object(
    'outcome', 'ok', 'user', v_user,
    'orgId', m.organization_id, 'membershipId', m.id,
    'sessionTimeout', v_timeout,
    'workspaceIds', to_jsonb(v_ws_ids),
    'roles', v_roles, 'recordScopes', v_scopes, 'permissions', v_perms,
    'workspace', v_ws);
END
$fn$;

REVOKE ALL ON FUNCTION "platform"."resolve_request_scope"(uuid, text, uuid, integer, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION "platform"."resolve_request_scope"(uuid, text, uuid, integer, text, text) TO tessera_app;
