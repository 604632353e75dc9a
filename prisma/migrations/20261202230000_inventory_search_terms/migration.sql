-- The items list's search (`inventory.items.list` with `q`) under RLS through inventory.search_terms, as the CRM's
-- crm.search_terms (migration 20261201210000_crm_list_perf; src/server/modules/crm/README.md "Search").
--
-- The list matched `name ILIKE '%q%'`: ILIKE is not LEAKPROOF, so under FORCE ROW LEVEL SECURITY it was never an
-- index condition for tessera_app — a search read the organization's items row by row and its capped count scanned
-- them all (docs/BENCHMARKS.md, "Inventory": 200,000 items, "valve" 117 / 125 ms p50 / p95). Text equality and
-- ordering are leakproof: a query word is looked up as a range `term >= w and term < w || U+10FFFF` (COLLATE "C")
-- of this table's primary key — "a term starts with w" — and the item ids are joined back to inventory.items, whose
-- tenant policy and the list's filters still decide what is returned (src/server/modules/inventory/search-terms.ts).
--
-- Terms of an item (inventory.item_search_terms, the only definition; lower case, cut at 100 characters):
--   * the words of its name, split on anything that is not a letter or a digit ("Ball valve DN50" → ball, valve, dn50);
--   * its name's whitespace-separated tokens that keep inner punctuation, stripped of prose punctuation at their ends
--     ("O-ring 12.5mm, NBR" → o-ring, 12.5mm), so a typed "o-ring" or "12.5" matches as written;
--   * its SKU whole ("mat-copper-w": the SKU prefix search) and the SKU's words (mat, copper, w).
-- A term always holds a letter or a digit ("-" of "Valve - ball" is none).
-- `archived` mirrors `items.archived_at is not null` (the list shows active items unless asked), so the default
-- list's count of a search reads nothing but this index.
CREATE FUNCTION "inventory"."item_search_terms"(p_name text, p_sku text)
RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
  SELECT coalesce(array_agg(DISTINCT left(t, 100)) FILTER (WHERE t ~ '[[:alnum:]]'), '{}') FROM (
    SELECT regexp_split_to_table(lower(p_name), '[^[:alnum:]]+') AS t
    UNION ALL SELECT btrim(regexp_split_to_table(lower(p_name), '\s+'), ',;:!?()[]{}"''«»')
    UNION ALL SELECT lower(p_sku)
    UNION ALL SELECT regexp_split_to_table(lower(p_sku), '[^[:alnum:]]+')) x
  WHERE t IS NOT NULL
$$;

-- No workspace here (items are organization-wide) and no foreign key (the trigger below keeps the rows in step,
-- like crm.search_terms). A term is never an answer: every query joins the ids back to inventory.items.
CREATE TABLE "inventory"."search_terms" (
    "organization_id" UUID NOT NULL,
    "term" TEXT COLLATE "C" NOT NULL,
    "item_id" UUID NOT NULL,
    "archived" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "search_terms_pkey" PRIMARY KEY ("organization_id", "term", "item_id", "archived")
);

-- Tenant table (RLS enabled + forced, tenant_isolation), WITHOUT the audit trigger: derived from inventory.items,
-- whose own changes are audited (tests/db/policy.test.ts lists it in DERIVED_TENANT_TABLES).
SELECT platform.tenant_table('inventory.search_terms');
DROP TRIGGER "audit_capture" ON "inventory"."search_terms";

-- Maintenance: SECURITY INVOKER (the writer's RLS applies to the terms as to the item), only when the name, the SKU
-- or the archive state changes; rows are found through the primary key (term = any(the item's terms)). An archive or
-- a restore rewrites the item's rows with the new `archived`.
CREATE FUNCTION "inventory"."items_search_terms_sync"() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_old text[] := '{}';
  v_new text[] := '{}';
  v_moved boolean := false;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    v_old := inventory.item_search_terms(OLD.name, OLD.sku);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    v_new := inventory.item_search_terms(NEW.name, NEW.sku);
  END IF;
  IF TG_OP = 'UPDATE' THEN
    v_moved := (OLD.archived_at IS NULL) <> (NEW.archived_at IS NULL);
    IF NOT v_moved AND v_old = v_new THEN
      RETURN NULL;
    END IF;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM inventory.search_terms s
     WHERE s.organization_id = OLD.organization_id AND s.term = ANY (v_old) AND s.item_id = OLD.id
       AND (TG_OP = 'DELETE' OR v_moved OR NOT (s.term = ANY (v_new)));
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO inventory.search_terms (organization_id, term, item_id, archived)
    SELECT NEW.organization_id, t, NEW.id, NEW.archived_at IS NOT NULL FROM unnest(v_new) AS t
    ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "search_terms_sync" AFTER INSERT OR DELETE OR UPDATE OF "name", "sku", "archived_at"
  ON "inventory"."items" FOR EACH ROW EXECUTE FUNCTION "inventory"."items_search_terms_sync"();

-- One organization's terms recomputed from its items (idempotent: delete, then insert set-based). The fill path for
-- rows the trigger never saw: this migration's backfill, bench/generate.ts after its bulk load (trigger disabled) and
-- on an existing .bench with items but no terms. Like inventory.location_values_rebuild it refuses another
-- organization than the caller's and restores the caller's app.org_id afterwards. Answers the number of terms.
CREATE FUNCTION "inventory"."search_terms_rebuild"(p_org uuid) RETURNS bigint
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_org text := nullif(current_setting('app.org_id', true), '');
  v_n bigint;
BEGIN
  IF v_org IS NOT NULL AND v_org::uuid <> p_org THEN
    RAISE EXCEPTION 'inventory.search_terms_rebuild: organization % is not the current one', p_org USING ERRCODE = 'insufficient_privilege';
  END IF;
  PERFORM set_config('app.org_id', p_org::text, true);
  DELETE FROM inventory.search_terms s WHERE s.organization_id = p_org;
  INSERT INTO inventory.search_terms (organization_id, term, item_id, archived)
  SELECT p_org, t.term, i.id, i.archived_at IS NOT NULL
    FROM inventory.items i
   CROSS JOIN LATERAL unnest(inventory.item_search_terms(i.name, i.sku)) AS t(term)
   WHERE i.organization_id = p_org;
  GET DIAGNOSTICS v_n = ROW_COUNT;
  PERFORM set_config('app.org_id', coalesce(v_org, ''), true);
  RETURN v_n;
END $$;

-- Backfill: every existing organization's items (docs/architecture.md "Migrations": platform.organizations read
-- without forcing for this statement; the rebuild scopes itself to each organization, so the items and terms stay
-- under their policies). At 200,000 items: ~1.8 million terms, ~15 s.
ALTER TABLE "platform"."organizations" NO FORCE ROW LEVEL SECURITY;
SELECT "inventory"."search_terms_rebuild"(o.id) FROM "platform"."organizations" o;
ALTER TABLE "platform"."organizations" FORCE ROW LEVEL SECURITY;
