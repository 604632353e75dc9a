-- Reversals in post_moves: a fourth kind, "reverse", calls the existing inventory.post_reversal with the element's
-- moveId, note and movedAt — so cancelling a posted document (its moves reversed newest first) is one post_moves call
-- per 1,000 moves instead of one post_reversal statement per move. Everything else is unchanged from
-- 20261203200000_inventory_post_moves: elements in array order, the existing functions' checks, locks and writes, and
-- the stop at the first refusal.
CREATE OR REPLACE FUNCTION "inventory"."post_moves"(p_org uuid, p_user uuid, p_lines jsonb)
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
      WHEN 'reverse' THEN
        r := inventory.post_reversal(p_org, p_user, (e ->> 'moveId')::uuid, e ->> 'note', (e ->> 'movedAt')::timestamptz);
      ELSE
        RAISE EXCEPTION 'inventory.post_moves: element % has kind %, expected in, out, transfer or reverse', n, coalesce(e ->> 'kind', 'null');
    END CASE;
    ordinal := n;
    move := r;
    RETURN NEXT;
    IF r.error_code IS NOT NULL THEN RETURN; END IF;
  END LOOP;
END $$;
