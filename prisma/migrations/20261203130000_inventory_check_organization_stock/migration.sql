-- The consistency check covers the organization's stock counter rows too (20261203120000): Σ of
-- inventory.organization_stock_deltas against the cost rows they are kept from (items = cost rows, items in stock =
-- those with quantity ≠ 0, Σ quantity, Σ round(quantity × average, 2)). Organization-wide, like the cost rows: the
-- service shows these kinds only to a member who sees every workspace.
--
-- The per-row comparisons of 20261203080000 (levels, cost rows, warehouse counters) keep their body under a new name;
-- inventory.check_levels, the name every caller uses (the service, tests, bench/), answers both.
ALTER FUNCTION "inventory"."check_levels"(uuid) RENAME TO "check_levels_detail";

CREATE FUNCTION "inventory"."check_levels"(p_org uuid)
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
$$;

REVOKE ALL ON FUNCTION "inventory"."check_levels"(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION "inventory"."check_levels"(uuid) TO tessera_app, tessera_system;
REVOKE ALL ON FUNCTION "inventory"."check_levels_detail"(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION "inventory"."check_levels_detail"(uuid) TO tessera_app, tessera_system;
