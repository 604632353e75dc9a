-- The customers list's (and segments') tags filter under RLS through crm.search_terms (entity 4, "customer tag").
-- `tags && $1` (arrayoverlap) is not LEAKPROOF, so under FORCE ROW LEVEL SECURITY it was never an index condition
-- for tessera_app: the GIN index customers_organization_id_tags_idx served only the owner role, and the filter read
-- every row of the organization. Text equality on the terms' primary key is leakproof: `term = any($tags)` is one
-- index range per tag, and the ids join back to crm.customers, whose policies and the service's record scope decide
-- what is seen (README "List at scale under RLS").
--
-- Terms of entity 4: each tag of a customer whole and as stored (case kept: the filter matches tags exactly, as the
-- array overlap did), cut at 100 characters like every term (tags are at most 50: crm.schemas.ts).
CREATE FUNCTION "crm"."customer_tag_terms"(p_tags text[])
RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
  SELECT coalesce(array_agg(DISTINCT left(t, 100)) FILTER (WHERE t <> ''), '{}') FROM unnest(p_tags) AS t
  WHERE t IS NOT NULL
$$;

-- entity: 1 customer, 2 contact, 3 deal, 4 customer tag.
ALTER TABLE "crm"."search_terms" DROP CONSTRAINT "search_terms_entity_check";
ALTER TABLE "crm"."search_terms" ADD CONSTRAINT "search_terms_entity_check" CHECK ("entity" IN (1, 2, 3, 4));

-- Existing customers, set-based. The owner (NOBYPASSRLS) sees no tenant rows under FORCE ROW LEVEL SECURITY; inside
-- this transaction crm.customers is read and crm.search_terms written as their owner without forcing (ACCESS
-- EXCLUSIVE: nobody else sees the moment), then forced again.
ALTER TABLE "crm"."customers" NO FORCE ROW LEVEL SECURITY;
ALTER TABLE "crm"."search_terms" NO FORCE ROW LEVEL SECURITY;
INSERT INTO "crm"."search_terms" ("organization_id", "entity", "term", "entity_id")
SELECT c."organization_id", 4, t.term, c."id"
  FROM "crm"."customers" c
 CROSS JOIN LATERAL unnest("crm"."customer_tag_terms"(c."tags")) AS t(term)
 WHERE cardinality(c."tags") > 0
ON CONFLICT DO NOTHING;
ALTER TABLE "crm"."customers" FORCE ROW LEVEL SECURITY;
ALTER TABLE "crm"."search_terms" FORCE ROW LEVEL SECURITY;

-- Maintenance: like customers_search_terms_sync (SECURITY INVOKER: the writer's RLS applies to the terms as to the
-- customer), only when the tags change (a rename does not touch them, a bulk "add tag" does); old terms deleted
-- through the primary key.
CREATE FUNCTION "crm"."customers_tag_terms_sync"() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_old text[] := '{}';
  v_new text[] := '{}';
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    v_old := crm.customer_tag_terms(OLD.tags);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    v_new := crm.customer_tag_terms(NEW.tags);
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') AND cardinality(v_old) > 0 THEN
    DELETE FROM crm.search_terms s
     WHERE s.organization_id = OLD.organization_id AND s.entity = 4 AND s.term = ANY (v_old) AND s.entity_id = OLD.id
       AND NOT (TG_OP = 'UPDATE' AND s.term = ANY (v_new) AND OLD.organization_id = NEW.organization_id AND OLD.id = NEW.id);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND cardinality(v_new) > 0 THEN
    INSERT INTO crm.search_terms (organization_id, entity, term, entity_id)
    SELECT NEW.organization_id, 4, t, NEW.id FROM unnest(v_new) AS t
    ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "tag_terms_sync" AFTER INSERT OR DELETE OR UPDATE OF "tags"
  ON "crm"."customers" FOR EACH ROW EXECUTE FUNCTION "crm"."customers_tag_terms_sync"();

-- Never an index condition for tessera_app (above); it only cost every customer insert and tag change.
DROP INDEX "crm"."customers_organization_id_tags_idx";
