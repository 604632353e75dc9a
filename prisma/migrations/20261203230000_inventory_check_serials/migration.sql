-- The consistency check covers serials (issue 6: "a consistency check (levels = sum of ledger) runs in tests and as an
-- admin action"): for a serial-controlled item every level holds exactly the serials recorded in stock there, of its
-- variant and lot. New kind
--   serials   a level of a serial-controlled item (recorded: its on hand) differs from the number of its serials in
--             stock at that location, as that variant, in that lot (expected); a serial in stock where no level is
--             (recorded 0) is reported too.
-- Over the levels and locations the caller sees, like the level rows. Everything else is
-- 20261203130000_inventory_check_organization_stock's check_levels unchanged.
CREATE OR REPLACE FUNCTION "inventory"."check_levels"(p_org uuid)
RETURNS TABLE (kind text, item_id uuid, variant_id uuid, location_id uuid, lot_id uuid, recorded numeric, ledger numeric)
LANGUAGE sql STABLE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$
  SELECT d.kind, d.item_id, d.variant_id, d.location_id, d.lot_id, d.recorded, d.ledger FROM inventory.check_levels_detail(p_org) d
  UNION ALL
  SELECT k.kind, NULL, NULL, NULL, NULL, k.recorded, k.expected
    FROM (SELECT coalesce(sum(o.items_in_stock), 0)::numeric AS items_in_stock, coalesce(sum(o.items), 0)::numeric AS items,
                 coalesce(sum(o.on_hand_qty), 0) AS q, coalesce(sum(o.value), 0) AS v
            FROM inventory.organization_stock_deltas o WHERE o.organization_id = p_org) a
   CROSS JOIN (SELECT count(*) FILTER (WHERE c.quantity <> 0)::numeric AS items_in_stock, count(*)::numeric AS items,
                      coalesce(sum(c.quantity), 0) AS q, coalesce(sum(round(c.quantity * c.average_unit_cost, 2)), 0) AS v
                 FROM inventory.item_costs c WHERE c.organization_id = p_org) e
   CROSS JOIN LATERAL (VALUES
      ('organization_items_in_stock', a.items_in_stock, e.items_in_stock),
      ('organization_items', a.items, e.items),
      ('organization_on_hand', a.q, e.q),
      ('organization_value', a.v, e.v)) k(kind, recorded, expected)
   WHERE k.recorded <> k.expected
  UNION ALL
  -- A full join needs plain equalities: NULL variant / lot as the nil uuid on both sides.
  SELECT 'serials', coalesce(l.item_id, s.item_id), nullif(coalesce(l.v, s.v), '00000000-0000-0000-0000-000000000000'::uuid),
         coalesce(l.location_id, s.location_id), nullif(coalesce(l.t, s.t), '00000000-0000-0000-0000-000000000000'::uuid),
         coalesce(l.q, 0), coalesce(s.n, 0)::numeric
    FROM (SELECT x.item_id, coalesce(x.variant_id, '00000000-0000-0000-0000-000000000000'::uuid) AS v, x.location_id,
                 coalesce(x.lot_id, '00000000-0000-0000-0000-000000000000'::uuid) AS t, x.on_hand_qty AS q
            FROM inventory.stock_levels x JOIN inventory.items i ON i.organization_id = x.organization_id AND i.id = x.item_id
           WHERE x.organization_id = p_org AND i.serial_control) l
    FULL JOIN (SELECT r.item_id, coalesce(r.variant_id, '00000000-0000-0000-0000-000000000000'::uuid) AS v, r.location_id,
                      coalesce(r.lot_id, '00000000-0000-0000-0000-000000000000'::uuid) AS t, count(*) AS n
                 FROM inventory.serials r
                 -- the locations the caller sees (serials carry no workspace; levels do)
                 JOIN inventory.locations lc ON lc.organization_id = r.organization_id AND lc.id = r.location_id
                WHERE r.organization_id = p_org AND r.status = 'in_stock'
                GROUP BY 1, 2, 3, 4) s
      ON s.item_id = l.item_id AND s.v = l.v AND s.location_id = l.location_id AND s.t = l.t
   WHERE coalesce(l.q, 0) <> coalesce(s.n, 0)
$$;
