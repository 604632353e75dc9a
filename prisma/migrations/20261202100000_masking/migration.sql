-- Field masking for sensitive fields (ARCHITECTURE §7, seed 002; src/server/kernel/masking/README.md).
--
-- 1. crm.sensitive.view ("See phone numbers, e-mail addresses and tax ids unmasked"): owner "*" and sales "crm.*"
--    cover it, admin and manager get it by name (its action is not "read": "*.*.read" / "crm.*.read" never include
--    it, so viewers and accountants see masked values). Existing organizations' system roles receive it from the
--    post-migrate reconcile (catalog-reconcile.ts; a role_permissions backfill here would see no rows under FORCE RLS).

-- 2. The masking settings (security.maskPhones / maskEmails / maskTaxIds, organization level) come with the request
--    scope: platform.resolve_request_scope reads them in the statement that already read the session timeout (one
--    statement, as before; "sessionTimeout" is still answered, "settings" is new). Otherwise unchanged from
--    20261201220000_scope_resolution.
CREATE OR REPLACE FUNCTION "platform"."resolve_request_scope"(
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
  v_settings jsonb;
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

  -- The organization-level settings enforced on every request, in this one statement: the session timeout and the
  -- field masking switches (kernel/masking). Text equality on the partial unique index (organization_id, key).
  SELECT coalesce(jsonb_object_agg(x.key, x.value), '{}'::jsonb) INTO v_settings FROM "settings"."app_settings" x
   WHERE x.organization_id = m.organization_id AND x.workspace_id IS NULL
     AND x.key IN ('security.sessionTimeoutMinutes', 'security.maskPhones', 'security.maskEmails', 'security.maskTaxIds');

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
    'sessionTimeout', v_settings -> 'security.sessionTimeoutMinutes', 'settings', v_settings,
    'workspaceIds', to_jsonb(v_ws_ids),
    'roles', v_roles, 'recordScopes', v_scopes, 'permissions', v_perms,
    'workspace', v_ws);
END
$fn$;


-- 3. Search must not match masked classes: a masked member who could search by phone digits or a tax id prefix could
--    read them back one digit at a time. Every term now has a kind — 0 name word / number, 1 e-mail (whole and
--    domain), 2 phone digits, 3 tax id — and a masked member's lookups keep only the kinds they may see
--    (`t.kind <> all(…)`, an int2 comparison: leakproof, checked inside the primary key's index scan). The kind is in
--    the primary key: the same text may be a name word and a phone's digits of one record.
ALTER TABLE "crm"."search_terms" ADD COLUMN "kind" SMALLINT NOT NULL DEFAULT 0;
ALTER TABLE "crm"."search_terms" ADD CONSTRAINT "search_terms_kind_check" CHECK ("kind" BETWEEN 0 AND 3);
ALTER TABLE "crm"."search_terms" DROP CONSTRAINT "search_terms_pkey";
ALTER TABLE "crm"."search_terms" ADD CONSTRAINT "search_terms_pkey" PRIMARY KEY ("organization_id", "entity", "term", "entity_id", "kind");

-- The terms of a customer / contact with their kinds (the same terms as crm.customer_search_terms /
-- crm.contact_search_terms, which stay for their callers).
CREATE FUNCTION "crm"."customer_search_term_kinds"(p_name text, p_number text, p_email text, p_phone text, p_tax_id text)
RETURNS TABLE (term text, kind smallint) LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
  SELECT DISTINCT left(x.t, 100), x.k FROM (
    SELECT regexp_split_to_table(lower(p_name), '[^[:alnum:]]+') AS t, 0::smallint AS k
    UNION ALL SELECT lower(p_number), 0::smallint
    UNION ALL SELECT ltrim(regexp_replace(coalesce(p_number, ''), '\D', '', 'g'), '0'), 0::smallint
    UNION ALL SELECT lower(p_email), 1::smallint
    UNION ALL SELECT lower(split_part(p_email, '@', 2)), 1::smallint
    UNION ALL SELECT regexp_replace(coalesce(p_phone, ''), '\D', '', 'g'), 2::smallint
    UNION ALL SELECT right(regexp_replace(coalesce(p_phone, ''), '\D', '', 'g'), 10), 2::smallint
    UNION ALL SELECT lower(regexp_replace(coalesce(p_tax_id, ''), '[^[:alnum:]]', '', 'g')), 3::smallint) x
  WHERE x.t IS NOT NULL AND x.t <> ''
$$;

CREATE FUNCTION "crm"."contact_search_term_kinds"(p_first_name text, p_last_name text, p_email text, p_phone text)
RETURNS TABLE (term text, kind smallint) LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
  SELECT DISTINCT left(x.t, 100), x.k FROM (
    SELECT regexp_split_to_table(lower(coalesce(p_first_name, '') || ' ' || coalesce(p_last_name, '')), '[^[:alnum:]]+') AS t, 0::smallint AS k
    UNION ALL SELECT lower(p_email), 1::smallint
    UNION ALL SELECT lower(split_part(p_email, '@', 2)), 1::smallint
    UNION ALL SELECT regexp_replace(coalesce(p_phone, ''), '\D', '', 'g'), 2::smallint
    UNION ALL SELECT right(regexp_replace(coalesce(p_phone, ''), '\D', '', 'g'), 10), 2::smallint) x
  WHERE x.t IS NOT NULL AND x.t <> ''
$$;

-- Maintenance with kinds: like before (SECURITY INVOKER, only when a searched column changes), (term, kind) pairs.
CREATE OR REPLACE FUNCTION "crm"."customers_search_terms_sync"() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_old_t text[] := '{}';
  v_old_k smallint[] := '{}';
  v_new_t text[] := '{}';
  v_new_k smallint[] := '{}';
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    SELECT coalesce(array_agg(x.term), '{}'), coalesce(array_agg(x.kind), '{}') INTO v_old_t, v_old_k
      FROM crm.customer_search_term_kinds(OLD.name, OLD.number, OLD.email, OLD.phone, OLD.tax_id) x;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    SELECT coalesce(array_agg(x.term), '{}'), coalesce(array_agg(x.kind), '{}') INTO v_new_t, v_new_k
      FROM crm.customer_search_term_kinds(NEW.name, NEW.number, NEW.email, NEW.phone, NEW.tax_id) x;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM crm.search_terms s
     USING unnest(v_old_t, v_old_k) AS o(term, kind)
     WHERE s.organization_id = OLD.organization_id AND s.entity = 1 AND s.term = o.term AND s.entity_id = OLD.id AND s.kind = o.kind
       AND NOT (TG_OP = 'UPDATE' AND OLD.organization_id = NEW.organization_id AND OLD.id = NEW.id
                AND (o.term, o.kind) IN (SELECT n.term, n.kind FROM unnest(v_new_t, v_new_k) AS n(term, kind)));
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO crm.search_terms (organization_id, entity, term, entity_id, kind)
    SELECT NEW.organization_id, 1, n.term, NEW.id, n.kind FROM unnest(v_new_t, v_new_k) AS n(term, kind)
    ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION "crm"."contacts_search_terms_sync"() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_old_t text[] := '{}';
  v_old_k smallint[] := '{}';
  v_new_t text[] := '{}';
  v_new_k smallint[] := '{}';
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    SELECT coalesce(array_agg(x.term), '{}'), coalesce(array_agg(x.kind), '{}') INTO v_old_t, v_old_k
      FROM crm.contact_search_term_kinds(OLD.first_name, OLD.last_name, OLD.email, OLD.phone) x;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    SELECT coalesce(array_agg(x.term), '{}'), coalesce(array_agg(x.kind), '{}') INTO v_new_t, v_new_k
      FROM crm.contact_search_term_kinds(NEW.first_name, NEW.last_name, NEW.email, NEW.phone) x;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM crm.search_terms s
     USING unnest(v_old_t, v_old_k) AS o(term, kind)
     WHERE s.organization_id = OLD.organization_id AND s.entity = 2 AND s.term = o.term AND s.entity_id = OLD.id AND s.kind = o.kind
       AND NOT (TG_OP = 'UPDATE' AND OLD.organization_id = NEW.organization_id AND OLD.id = NEW.id
                AND (o.term, o.kind) IN (SELECT n.term, n.kind FROM unnest(v_new_t, v_new_k) AS n(term, kind)));
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO crm.search_terms (organization_id, entity, term, entity_id, kind)
    SELECT NEW.organization_id, 2, n.term, NEW.id, n.kind FROM unnest(v_new_t, v_new_k) AS n(term, kind)
    ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;

-- Existing customers' and contacts' terms again, with their kinds (deals' terms are all kind 0 already). Read and
-- written as the owner without forcing RLS inside this transaction, as in 20261201250000_crm_deal_search_terms.
ALTER TABLE "crm"."customers" NO FORCE ROW LEVEL SECURITY;
ALTER TABLE "crm"."contacts" NO FORCE ROW LEVEL SECURITY;
ALTER TABLE "crm"."search_terms" NO FORCE ROW LEVEL SECURITY;
DELETE FROM "crm"."search_terms" WHERE "entity" IN (1, 2);
INSERT INTO "crm"."search_terms" ("organization_id", "entity", "term", "entity_id", "kind")
SELECT c."organization_id", 1, t.term, c."id", t.kind
  FROM "crm"."customers" c
 CROSS JOIN LATERAL "crm"."customer_search_term_kinds"(c."name", c."number", c."email", c."phone", c."tax_id") AS t
ON CONFLICT DO NOTHING;
INSERT INTO "crm"."search_terms" ("organization_id", "entity", "term", "entity_id", "kind")
SELECT ct."organization_id", 2, t.term, ct."id", t.kind
  FROM "crm"."contacts" ct
 CROSS JOIN LATERAL "crm"."contact_search_term_kinds"(ct."first_name", ct."last_name", ct."email", ct."phone") AS t
ON CONFLICT DO NOTHING;
ALTER TABLE "crm"."customers" FORCE ROW LEVEL SECURITY;
ALTER TABLE "crm"."contacts" FORCE ROW LEVEL SECURITY;
ALTER TABLE "crm"."search_terms" FORCE ROW LEVEL SECURITY;
