-- Deal search under RLS through crm.search_terms (entity 3), as customers and contacts since
-- 20261201210000_crm_list_perf. ILIKE and the pg_trgm operators are not leakproof, so under FORCE ROW LEVEL SECURITY
-- the trigram index deals_search_trgm_idx (20261201160000_crm_search_fields) was never an index condition for
-- tessera_app: crm.search's deal part filtered the organization's deals row by row. Text ranges on the terms'
-- primary key are leakproof (README "Search").
--
-- Terms of a deal: the words of its name, its number whole ("deal-00042") and its digits without leading zeros
-- ("42") — the same rules as a customer's name and number (crm.customer_search_terms). A deal found by its
-- customer's name goes through the customer's terms (entity 1), not copies of them here.
CREATE FUNCTION "crm"."deal_search_terms"(p_name text, p_number text)
RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
  SELECT coalesce(array_agg(DISTINCT left(t, 100)) FILTER (WHERE t <> ''), '{}') FROM (
    SELECT regexp_split_to_table(lower(p_name), '[^[:alnum:]]+') AS t
    UNION ALL SELECT lower(p_number)
    UNION ALL SELECT ltrim(regexp_replace(coalesce(p_number, ''), '\D', '', 'g'), '0')) x
  WHERE t IS NOT NULL
$$;

-- entity: 1 customer, 2 contact, 3 deal.
ALTER TABLE "crm"."search_terms" DROP CONSTRAINT "search_terms_entity_check";
ALTER TABLE "crm"."search_terms" ADD CONSTRAINT "search_terms_entity_check" CHECK ("entity" IN (1, 2, 3));

-- Existing deals, set-based. The owner (NOBYPASSRLS) sees no tenant rows under FORCE ROW LEVEL SECURITY; inside
-- this transaction crm.deals is read as its owner without forcing (ACCESS EXCLUSIVE: nobody else sees the moment),
-- then forced again. crm.search_terms is written the same way (its policy would reject rows of any organization
-- without app.org_id).
ALTER TABLE "crm"."deals" NO FORCE ROW LEVEL SECURITY;
ALTER TABLE "crm"."search_terms" NO FORCE ROW LEVEL SECURITY;
INSERT INTO "crm"."search_terms" ("organization_id", "entity", "term", "entity_id")
SELECT d."organization_id", 3, t.term, d."id"
  FROM "crm"."deals" d
 CROSS JOIN LATERAL unnest("crm"."deal_search_terms"(d."name", d."number")) AS t(term)
ON CONFLICT DO NOTHING;
ALTER TABLE "crm"."deals" FORCE ROW LEVEL SECURITY;
ALTER TABLE "crm"."search_terms" FORCE ROW LEVEL SECURITY;

-- Maintenance: like customers_search_terms_sync (SECURITY INVOKER: the writer's RLS applies to the terms as to the
-- deal), only when the name or number changes; old terms deleted through the primary key.
CREATE FUNCTION "crm"."deals_search_terms_sync"() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_old text[] := '{}';
  v_new text[] := '{}';
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    v_old := crm.deal_search_terms(OLD.name, OLD.number);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    v_new := crm.deal_search_terms(NEW.name, NEW.number);
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM crm.search_terms s
     WHERE s.organization_id = OLD.organization_id AND s.entity = 3 AND s.term = ANY (v_old) AND s.entity_id = OLD.id
       AND NOT (TG_OP = 'UPDATE' AND s.term = ANY (v_new) AND OLD.organization_id = NEW.organization_id AND OLD.id = NEW.id);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO crm.search_terms (organization_id, entity, term, entity_id)
    SELECT NEW.organization_id, 3, t, NEW.id FROM unnest(v_new) AS t
    ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "search_terms_sync" AFTER INSERT OR DELETE OR UPDATE OF "name", "number"
  ON "crm"."deals" FOR EACH ROW EXECUTE FUNCTION "crm"."deals_search_terms_sync"();

-- Never usable by tessera_app (above); it only cost every deal insert and rename.
DROP INDEX "crm"."deals_search_trgm_idx";
