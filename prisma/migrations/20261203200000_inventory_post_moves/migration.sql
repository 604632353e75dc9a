-- Posting a document's moves in ONE call (issue 6: "1,000 moves/s sustained"). A document posted its lines one
-- statement each (inventory.post_in / post_out / post_transfer), and on the benchmark machine the Node / Prisma cost of
-- each round trip, not the functions, was the gap (docs/BENCHMARKS.md "Posting on the fifth machine").
-- inventory.post_moves(p_org, p_user, p_lines) takes the lines as a JSON array and calls the EXISTING posting function
-- for each element, in array order — no copy of their checks, locks or writes: they stay the one place of the posting
-- rules. Each element names its function ("kind": "in" | "out" | "transfer") and carries exactly that function's
-- arguments (camelCase keys; a missing key is NULL):
--   in        itemId, variantId, locationId, quantity, unitCost, lotNumber, expiresOn, serialNumber, moveType,
--             sourceDocumentType, sourceDocumentId, note, movedAt
--   out       itemId, variantId, locationId, quantity, unitCostGiven, refuseExpired, lotNumber, serialNumber, moveType,
--             sourceDocumentType, sourceDocumentId, note, movedAt
--   transfer  itemId, variantId, fromLocationId, toLocationId, quantity, lotNumber, serialNumber, sourceDocumentType,
--             sourceDocumentId, note, movedAt
-- It answers one row per element posted: ordinal (1-based position in the array) and the function's posted_move row.
-- It STOPS at the first refusal: the rows so far and the refusal's row, with its ordinal; the elements after it are
-- not called. Like the functions, it does not raise on a refusal (what the earlier elements wrote stays in the
-- caller's transaction, which rolls back or uses a savepoint, as every caller of the services does); an unknown kind
-- raises. Lock order is the caller's: elements go in array order, so callers pass them in (item, location) order, as
-- they did line by line.
-- SECURITY INVOKER with a fixed search_path, as the functions it calls: row-level security applies unchanged.
CREATE FUNCTION "inventory"."post_moves"(p_org uuid, p_user uuid, p_lines jsonb)
RETURNS TABLE (ordinal integer, move inventory.posted_move)
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  e jsonb;
  n bigint;
  r inventory.posted_move;
BEGIN
  FOR e, n IN SELECT x.value, x.n FROM jsonb_array_elements(p_lines) WITH ORDINALITY AS x(value, n) LOOP
    CASE e ->> 'kind'
      WHEN 'in' THEN
        r := inventory.post_in(p_org, p_user, (e ->> 'itemId')::uuid, (e ->> 'variantId')::uuid, (e ->> 'locationId')::uuid,
          (e ->> 'quantity')::numeric, (e ->> 'unitCost')::numeric, e ->> 'lotNumber', (e ->> 'expiresOn')::date, e ->> 'serialNumber',
          e ->> 'moveType', e ->> 'sourceDocumentType', (e ->> 'sourceDocumentId')::uuid, e ->> 'note', (e ->> 'movedAt')::timestamptz);
      WHEN 'out' THEN
        r := inventory.post_out(p_org, p_user, (e ->> 'itemId')::uuid, (e ->> 'variantId')::uuid, (e ->> 'locationId')::uuid,
          (e ->> 'quantity')::numeric, (e ->> 'unitCostGiven')::boolean, (e ->> 'refuseExpired')::boolean, e ->> 'lotNumber',
          e ->> 'serialNumber', e ->> 'moveType', e ->> 'sourceDocumentType', (e ->> 'sourceDocumentId')::uuid, e ->> 'note',
          (e ->> 'movedAt')::timestamptz);
      WHEN 'transfer' THEN
        r := inventory.post_transfer(p_org, p_user, (e ->> 'itemId')::uuid, (e ->> 'variantId')::uuid, (e ->> 'fromLocationId')::uuid,
          (e ->> 'toLocationId')::uuid, (e ->> 'quantity')::numeric, e ->> 'lotNumber', e ->> 'serialNumber', e ->> 'sourceDocumentType',
          (e ->> 'sourceDocumentId')::uuid, e ->> 'note', (e ->> 'movedAt')::timestamptz);
      ELSE
        RAISE EXCEPTION 'inventory.post_moves: element % has kind %, expected in, out or transfer', n, coalesce(e ->> 'kind', 'null');
    END CASE;
    ordinal := n;
    move := r;
    RETURN NEXT;
    IF r.error_code IS NOT NULL THEN RETURN; END IF;
  END LOOP;
END $$;

-- Executed by the runtime roles only, as every posting function.
REVOKE ALL ON FUNCTION "inventory"."post_moves"(uuid, uuid, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION "inventory"."post_moves"(uuid, uuid, jsonb) TO tessera_app, tessera_system;
