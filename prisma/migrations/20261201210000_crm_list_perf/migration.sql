-- CRM list filters under row-level security (issue 5, docs/BENCHMARKS.md "CRM read paths at a million rows").
--
-- With FORCE ROW LEVEL SECURITY, PostgreSQL lets a condition of the query become an index condition ahead of the
-- policies only if its operators are LEAKPROOF (restriction_is_securely_promotable). uuid, text and integer
-- equality and ordering are; the enum equality (enum_eq) is not. So `tier = 'gold'` as tessera_app was only a filter
-- over the organization's rows: the (organization_id, tier, name, id) and (organization_id, status, name, id)
-- indexes served nothing but the organization, and with a million customers the planner walked the name index.
--
-- 1. Leakproof keys: smallint columns generated from the enums (STORED: PostgreSQL 18 generated columns are virtual
--    by default, and a virtual column is expanded back into the CASE over the enum, which is not leakproof). The
--    numbers are the enum's order; crm.customers' service filters by them (customers.service.ts, keyFilter).
ALTER TABLE "crm"."customers"
  ADD COLUMN "tier_key" SMALLINT GENERATED ALWAYS AS (
    CASE "tier" WHEN 'standard' THEN 1 WHEN 'silver' THEN 2 WHEN 'gold' THEN 3 WHEN 'platinum' THEN 4 END) STORED,
  ADD COLUMN "status_key" SMALLINT GENERATED ALWAYS AS (
    CASE "status" WHEN 'lead' THEN 1 WHEN 'prospect' THEN 2 WHEN 'active' THEN 3 WHEN 'inactive' THEN 4
                  WHEN 'churned' THEN 5 END) STORED,
  ADD COLUMN "type_key" SMALLINT GENERATED ALWAYS AS (
    CASE "type" WHEN 'company' THEN 1 WHEN 'individual' THEN 2 END) STORED;

-- 2. The list's tier and status filters in list order (name, id): a page is an index range, whatever the filter's
--    share of the organization. type has two values (80 % / 20 %): walking the name index with a filter on type_key
--    finds a page within a few rows, so it gets no index of its own.
CREATE INDEX "customers_organization_id_tier_key_name_id_idx" ON "crm"."customers"("organization_id", "tier_key", "name", "id");
CREATE INDEX "customers_organization_id_status_key_name_id_idx" ON "crm"."customers"("organization_id", "status_key", "name", "id");

-- 3. The capped count's covering index (migration 20261201190000) over the keys instead of the enums: the service
--    no longer compares the enum columns, so the index-only scan needs the keys to evaluate the filters.
DROP INDEX "crm"."customers_organization_id_active_filters_idx";
CREATE INDEX "customers_organization_id_active_filters_idx"
  ON "crm"."customers"("organization_id", "owner_membership_id", "tier_key", "status_key", "type_key", "workspace_id")
  WHERE "archived_at" IS NULL;

-- 4. Indexes that can never serve tessera_app (EXPLAIN ANALYZE as tessera_app at 1,000,000 customers, BENCHMARKS):
--    the enum-led list indexes (replaced by the key-led ones above), and the plain GIN over tags: it has no
--    organization_id (the tenant condition could only be a recheck), array overlap (&&) is not leakproof either,
--    and customers_organization_id_tags_idx covers the same filter for the owner role.
DROP INDEX "crm"."customers_organization_id_tier_name_id_idx";
DROP INDEX "crm"."customers_organization_id_status_name_id_idx";
DROP INDEX "crm"."customers_tags_idx";

-- 5. Record search under RLS: crm.search_terms.
--    ILIKE (texticlike) and the pg_trgm operators are not leakproof either, so the trigram GIN indexes of migration
--    20261201160000_crm_search_fields are never used by tessera_app (EXPLAIN ANALYZE at 1,000,000 customers: the
--    list's `q` and crm.search scanned the organization's rows, 0.1–5.7 s; the same statements as the owner without
--    RLS used the trigram index). The search now looks words up in a per-organization table of normalized terms with
--    text range conditions (`term >= $w AND term < $w || U+10FFFF`, COLLATE "C": texteq / text_ge / text_lt are
--    leakproof), i.e. "a word starts with", and joins back to customers / contacts, whose policies still apply.
--    Terms of a customer: the words of its name, its number (whole, and its digits without leading zeros), its
--    e-mail (whole, and the domain), its phone's digits (whole, and the last 10), its tax id (letters and digits).
--    Of a contact: the words of its first and last name, e-mail and domain, phone digits (whole, last 10).
--    Terms are cut at 100 characters (the btree entry limit; a longer prefix is still a prefix).
CREATE FUNCTION "crm"."customer_search_terms"(p_name text, p_number text, p_email text, p_phone text, p_tax_id text)
RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
  SELECT coalesce(array_agg(DISTINCT left(t, 100)) FILTER (WHERE t <> ''), '{}') FROM (
    SELECT regexp_split_to_table(lower(p_name), '[^[:alnum:]]+') AS t
    UNION ALL SELECT lower(p_number)
    UNION ALL SELECT ltrim(regexp_replace(coalesce(p_number, ''), '\D', '', 'g'), '0')
    UNION ALL SELECT lower(p_email)
    UNION ALL SELECT lower(split_part(p_email, '@', 2))
    UNION ALL SELECT regexp_replace(coalesce(p_phone, ''), '\D', '', 'g')
    UNION ALL SELECT right(regexp_replace(coalesce(p_phone, ''), '\D', '', 'g'), 10)
    UNION ALL SELECT lower(regexp_replace(coalesce(p_tax_id, ''), '[^[:alnum:]]', '', 'g'))) x
  WHERE t IS NOT NULL
$$;

CREATE FUNCTION "crm"."contact_search_terms"(p_first_name text, p_last_name text, p_email text, p_phone text)
RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
  SELECT coalesce(array_agg(DISTINCT left(t, 100)) FILTER (WHERE t <> ''), '{}') FROM (
    SELECT regexp_split_to_table(lower(coalesce(p_first_name, '') || ' ' || coalesce(p_last_name, '')), '[^[:alnum:]]+') AS t
    UNION ALL SELECT lower(p_email)
    UNION ALL SELECT lower(split_part(p_email, '@', 2))
    UNION ALL SELECT regexp_replace(coalesce(p_phone, ''), '\D', '', 'g')
    UNION ALL SELECT right(regexp_replace(coalesce(p_phone, ''), '\D', '', 'g'), 10)) x
  WHERE t IS NOT NULL
$$;

-- entity: 1 customer, 2 contact. No workspace or owner here: every search joins back to crm.customers (for contacts
-- through their customer), whose tenant_isolation and visible_workspace policies and the service's record scope
-- decide what is returned; a term alone is never answered.
CREATE TABLE "crm"."search_terms" (
    "organization_id" UUID NOT NULL,
    "entity" SMALLINT NOT NULL,
    "term" TEXT COLLATE "C" NOT NULL,
    "entity_id" UUID NOT NULL,
    CONSTRAINT "search_terms_entity_check" CHECK ("entity" IN (1, 2))
);

-- Existing rows. The owner (NOBYPASSRLS) sees no tenant rows under FORCE ROW LEVEL SECURITY; inside this
-- transaction the two tables are read as their owner without forcing (ACCESS EXCLUSIVE: nobody else sees the
-- moment), then forced again.
ALTER TABLE "crm"."customers" NO FORCE ROW LEVEL SECURITY;
ALTER TABLE "crm"."contacts" NO FORCE ROW LEVEL SECURITY;
INSERT INTO "crm"."search_terms" ("organization_id", "entity", "term", "entity_id")
SELECT c."organization_id", 1, t.term, c."id"
  FROM "crm"."customers" c
 CROSS JOIN LATERAL unnest("crm"."customer_search_terms"(c."name", c."number", c."email", c."phone", c."tax_id")) AS t(term);
INSERT INTO "crm"."search_terms" ("organization_id", "entity", "term", "entity_id")
SELECT ct."organization_id", 2, t.term, ct."id"
  FROM "crm"."contacts" ct
 CROSS JOIN LATERAL unnest("crm"."contact_search_terms"(ct."first_name", ct."last_name", ct."email", ct."phone")) AS t(term);
ALTER TABLE "crm"."customers" FORCE ROW LEVEL SECURITY;
ALTER TABLE "crm"."contacts" FORCE ROW LEVEL SECURITY;

-- The lookup: (organization, entity, term range) → entity ids, in one index range per word.
ALTER TABLE "crm"."search_terms" ADD CONSTRAINT "search_terms_pkey" PRIMARY KEY ("organization_id", "entity", "term", "entity_id");

-- Tenant table (RLS enabled + forced, tenant_isolation), WITHOUT the audit trigger: the rows are derived from
-- crm.customers and crm.contacts by the triggers below, whose own changes are audited; auditing each term would
-- write ~10 events per audited customer change (tests/db/policy.test.ts lists the table as derived).
SELECT platform.tenant_table('crm.search_terms');
DROP TRIGGER "audit_capture" ON "crm"."search_terms";

-- Maintenance: SECURITY INVOKER (the writer's RLS applies to the terms as to the row), only when a searched column
-- changes; old terms are deleted through the primary key (term = any(old terms)).
CREATE FUNCTION "crm"."customers_search_terms_sync"() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_old text[] := '{}';
  v_new text[] := '{}';
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    v_old := crm.customer_search_terms(OLD.name, OLD.number, OLD.email, OLD.phone, OLD.tax_id);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    v_new := crm.customer_search_terms(NEW.name, NEW.number, NEW.email, NEW.phone, NEW.tax_id);
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM crm.search_terms s
     WHERE s.organization_id = OLD.organization_id AND s.entity = 1 AND s.term = ANY (v_old) AND s.entity_id = OLD.id
       AND NOT (TG_OP = 'UPDATE' AND s.term = ANY (v_new) AND OLD.organization_id = NEW.organization_id AND OLD.id = NEW.id);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO crm.search_terms (organization_id, entity, term, entity_id)
    SELECT NEW.organization_id, 1, t, NEW.id FROM unnest(v_new) AS t
    ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION "crm"."contacts_search_terms_sync"() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_old text[] := '{}';
  v_new text[] := '{}';
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    v_old := crm.contact_search_terms(OLD.first_name, OLD.last_name, OLD.email, OLD.phone);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    v_new := crm.contact_search_terms(NEW.first_name, NEW.last_name, NEW.email, NEW.phone);
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM crm.search_terms s
     WHERE s.organization_id = OLD.organization_id AND s.entity = 2 AND s.term = ANY (v_old) AND s.entity_id = OLD.id
       AND NOT (TG_OP = 'UPDATE' AND s.term = ANY (v_new) AND OLD.organization_id = NEW.organization_id AND OLD.id = NEW.id);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO crm.search_terms (organization_id, entity, term, entity_id)
    SELECT NEW.organization_id, 2, t, NEW.id FROM unnest(v_new) AS t
    ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "search_terms_sync" AFTER INSERT OR DELETE OR UPDATE OF "name", "number", "email", "phone", "tax_id"
  ON "crm"."customers" FOR EACH ROW EXECUTE FUNCTION "crm"."customers_search_terms_sync"();
CREATE TRIGGER "search_terms_sync" AFTER INSERT OR DELETE OR UPDATE OF "first_name", "last_name", "email", "phone"
  ON "crm"."contacts" FOR EACH ROW EXECUTE FUNCTION "crm"."contacts_search_terms_sync"();
