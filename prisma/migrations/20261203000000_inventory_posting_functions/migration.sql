-- Posting a stock move in ONE statement (issue 6: "1,000 moves/s sustained"). The stock services (stock.service.ts)
-- called eleven to sixteen statements per move (item, location + warehouse, variant, lot, serial, level, cost row
-- insert-if-missing + lock, move, cost update), each a round trip through Prisma. These functions do the same work,
-- in the same order and under the same locks, inside the database:
--   inventory.post_in        receipt / production output / return, and an adjustment or count that adds stock
--   inventory.post_out       issue / production consumption, and an adjustment or count that removes stock
--   inventory.post_transfer  between two locations of one workspace
--   inventory.post_reversal  the mirror image of a move
-- Each answers one inventory.posted_move row: the move written, or — for a refusal the services report as a domain
-- error — error_code (an AppError code), error_field (the input field) and error_message, exactly the messages the
-- services always gave. A refusal does NOT raise: the caller's transaction stays usable, as it did when the
-- TypeScript services threw their AppError (whatever they had written before the refusal stays in the caller's
-- transaction, as before; every caller rolls back or uses a savepoint). Only unexpected failures raise.
--
-- SECURITY INVOKER (the default) with a fixed search_path: row-level security applies to every statement as to the
-- services' own queries — another organization's or an invisible workspace's ids are simply not found (NOT_FOUND),
-- and nothing can be written for another organization (the policies' WITH CHECK).
--
-- Lock order, unchanged: stock level rows (a transfer locks its two rows in location id order) → the item's cost
-- row → the ledger insert's location_values rows (trigger). Concurrency: stock leaves a level only through the
-- conditional UPDATE (… AND on_hand_qty - reserved_qty >= q), re-checked by PostgreSQL on the newest row version.

-- Indexes of the ledger that nothing reads: each move wrote 12 index entries. No query reads moves by location or by
-- variant except within one item's moves (the ledger's location filter, the valuation's covering index), locations and
-- variants are archived, never deleted (the foreign keys' checks on a parent delete would still find the rows through
-- the (organization_id, item_id, …) indexes), so these three go. Kept: the primary key, the reversal key, the ledger's
-- (item, moved_at, id), the valuation's covering index, lot and serial (trace), source document (the import's
-- opening-stock check), workspace (the dashboard's recent moves) and (moved_at, id).
DROP INDEX "inventory"."stock_moves_organization_id_from_location_id_idx";
DROP INDEX "inventory"."stock_moves_organization_id_to_location_id_idx";
DROP INDEX "inventory"."stock_moves_organization_id_item_id_variant_id_idx";

CREATE TYPE "inventory"."posted_move" AS (
  error_code text,
  error_field text,
  error_message text,
  id uuid,
  move_type text,
  item_id uuid,
  variant_id uuid,
  from_location_id uuid,
  to_location_id uuid,
  quantity numeric,
  lot_id uuid,
  serial_id uuid,
  unit_cost numeric,
  value numeric,
  source_document_type text,
  source_document_id uuid,
  reversal_of_move_id uuid,
  note text,
  moved_at timestamptz
);

-- A refusal.
CREATE FUNCTION "inventory"."posting_error"(p_code text, p_field text, p_message text) RETURNS "inventory"."posted_move"
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
  SELECT ROW(p_code, p_field, p_message, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::inventory.posted_move
$$;

-- Quantities as the services print them (qtyText): 4 decimals, trailing zeros trimmed.
CREATE FUNCTION "inventory"."qty_text"(p numeric) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$ SELECT trim_scale(round(p, 4))::text $$;

-- The item of a move (services: itemFor). p_moving: tracked and not archived.
CREATE FUNCTION "inventory"."posting_item"(p_org uuid, p_item uuid, p_moving boolean,
  OUT sku text, OUT lot_control boolean, OUT serial_control boolean, OUT shelf_life_days integer, OUT standard_unit_cost numeric,
  OUT err inventory.posted_move)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_track boolean;
  v_archived timestamptz;
BEGIN
  SELECT i.sku, i.lot_control, i.serial_control, i.shelf_life_days, i.standard_unit_cost, i.track_inventory, i.archived_at
    INTO sku, lot_control, serial_control, shelf_life_days, standard_unit_cost, v_track, v_archived
    FROM inventory.items i WHERE i.organization_id = p_org AND i.id = p_item;
  IF NOT FOUND THEN err := inventory.posting_error('NOT_FOUND', NULL, 'Item not found'); RETURN; END IF;
  IF p_moving AND NOT v_track THEN err := inventory.posting_error('BAD_REQUEST', 'itemId', sku || ' does not track inventory'); RETURN; END IF;
  IF p_moving AND v_archived IS NOT NULL THEN
    err := inventory.posting_error('PRECONDITION_FAILED', 'itemId', sku || ' is archived: restore it to move its stock'); RETURN;
  END IF;
END $$;

-- A location of a move (services: locationFor + movableLocation when p_field is given).
CREATE FUNCTION "inventory"."posting_location"(p_org uuid, p_location uuid, p_field text,
  OUT workspace_id uuid, OUT allow_negative boolean, OUT place text, OUT archived boolean, OUT err inventory.posted_move)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  SELECT l.workspace_id, w.allow_negative_stock, w.code || '/' || l.code, (l.archived_at IS NOT NULL OR w.archived_at IS NOT NULL)
    INTO workspace_id, allow_negative, place, archived
    FROM inventory.locations l
    JOIN inventory.warehouses w ON w.organization_id = l.organization_id AND w.id = l.warehouse_id
   WHERE l.organization_id = p_org AND l.id = p_location;
  IF NOT FOUND THEN err := inventory.posting_error('NOT_FOUND', NULL, 'Location not found'); RETURN; END IF;
  IF p_field IS NOT NULL AND archived THEN err := inventory.posting_error('PRECONDITION_FAILED', p_field, place || ' is archived'); END IF;
END $$;

-- The variant of a move (services: variantFor). Stock coming in needs an active variant when the item has active
-- variants, never an archived one; stock going out may name an archived one, or none where the location holds stock
-- without a variant.
CREATE FUNCTION "inventory"."posting_variant"(p_org uuid, p_item uuid, p_sku text, p_variant uuid, p_in boolean, p_location uuid,
  OUT variant_id uuid, OUT err inventory.posted_move)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_sku text;
  v_archived timestamptz;
BEGIN
  IF p_variant IS NULL THEN
    IF NOT EXISTS (SELECT 1 FROM inventory.variants v WHERE v.organization_id = p_org AND v.item_id = p_item AND v.archived_at IS NULL) THEN RETURN; END IF;
    IF NOT p_in AND EXISTS (SELECT 1 FROM inventory.stock_levels s WHERE s.organization_id = p_org AND s.item_id = p_item
                              AND s.location_id = p_location AND s.variant_id IS NULL AND s.on_hand_qty > 0) THEN RETURN; END IF;
    err := inventory.posting_error('BAD_REQUEST', 'variantId', p_sku || ' has variants: choose one');
    RETURN;
  END IF;
  SELECT v.sku, v.archived_at INTO v_sku, v_archived FROM inventory.variants v
   WHERE v.organization_id = p_org AND v.item_id = p_item AND v.id = p_variant;
  IF NOT FOUND THEN err := inventory.posting_error('BAD_REQUEST', 'variantId', 'Choose a variant of ' || p_sku); RETURN; END IF;
  IF v_archived IS NOT NULL AND p_in THEN
    err := inventory.posting_error('PRECONDITION_FAILED', 'variantId', v_sku || ' is archived: restore it to take stock in'); RETURN;
  END IF;
  variant_id := p_variant;
END $$;

-- The serial rule of a move (services: needSerial): the refusal, or NULL.
CREATE FUNCTION "inventory"."posting_serial_rule"(p_sku text, p_serial_control boolean, p_serial text, p_quantity numeric)
RETURNS inventory.posted_move
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
  SELECT CASE
    WHEN NOT p_serial_control AND p_serial IS NOT NULL
      THEN inventory.posting_error('BAD_REQUEST', 'serialNumber', p_sku || ' is not serial-controlled: leave the serial number empty')
    WHEN p_serial_control AND p_serial IS NULL
      THEN inventory.posting_error('BAD_REQUEST', 'serialNumber', p_sku || ' is serial-controlled: enter a serial number')
    WHEN p_serial_control AND p_quantity <> 1
      THEN inventory.posting_error('BAD_REQUEST', 'quantity', p_sku || ' is serial-controlled: move one serial at a time (quantity 1)')
  END
$$;

-- The lot of a move (services: lotFor): required exactly for lot-controlled items; p_create makes a new lot (expiring
-- p_expires_on, or the move's UTC day + the item's shelf life); p_refuse_expired refuses a lot expired before today (UTC).
CREATE FUNCTION "inventory"."posting_lot"(p_org uuid, p_item uuid, p_sku text, p_lot_control boolean, p_shelf_life_days integer,
  p_lot_number text, p_create boolean, p_expires_on date, p_moved_at timestamptz, p_refuse_expired boolean, p_user uuid,
  OUT lot_id uuid, OUT err inventory.posted_move)
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_expires date;
BEGIN
  IF NOT p_lot_control THEN
    IF p_lot_number IS NOT NULL THEN
      err := inventory.posting_error('BAD_REQUEST', 'lotNumber', p_sku || ' is not lot-controlled: leave the lot empty');
    END IF;
    RETURN;
  END IF;
  IF p_lot_number IS NULL THEN err := inventory.posting_error('BAD_REQUEST', 'lotNumber', p_sku || ' is lot-controlled: enter a lot number'); RETURN; END IF;
  SELECT l.id, l.expires_on INTO lot_id, v_expires FROM inventory.lots l
   WHERE l.organization_id = p_org AND l.item_id = p_item AND l.lot_number = p_lot_number;
  IF NOT FOUND THEN
    IF NOT p_create THEN err := inventory.posting_error('BAD_REQUEST', 'lotNumber', format('Lot %s of %s not found', p_lot_number, p_sku)); RETURN; END IF;
    -- Two receipts of the same new lot at once: the second waits for the first's row and then uses it.
    INSERT INTO inventory.lots (organization_id, id, item_id, lot_number, expires_on, created_by, updated_by)
    VALUES (p_org, uuidv7(), p_item, p_lot_number,
            coalesce(p_expires_on, (p_moved_at AT TIME ZONE 'UTC')::date + nullif(p_shelf_life_days, 0)), p_user, p_user)
    ON CONFLICT (organization_id, item_id, lot_number) DO NOTHING;
    SELECT l.id, l.expires_on INTO lot_id, v_expires FROM inventory.lots l
     WHERE l.organization_id = p_org AND l.item_id = p_item AND l.lot_number = p_lot_number;
  END IF;
  IF p_refuse_expired AND v_expires < (clock_timestamp() AT TIME ZONE 'UTC')::date THEN
    err := inventory.posting_error('BAD_REQUEST', 'lotNumber', format('Lot %s of %s expired on %s', p_lot_number, p_sku, to_char(v_expires, 'YYYY-MM-DD')));
    lot_id := NULL;
  END IF;
END $$;

-- A serial comes into stock at a location (services: serialIn): CONFLICT when it is already in stock (also when a
-- concurrent receipt of the same new serial commits first).
CREATE FUNCTION "inventory"."posting_serial_in"(p_org uuid, p_item uuid, p_sku text, p_serial text, p_lot uuid, p_location uuid, p_user uuid,
  OUT serial_id uuid, OUT err inventory.posted_move)
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  UPDATE inventory.serials s SET status = 'in_stock', location_id = p_location, lot_id = p_lot, updated_by = p_user, updated_at = now()
   WHERE s.organization_id = p_org AND s.item_id = p_item AND s.serial_number = p_serial AND s.status <> 'in_stock'
  RETURNING s.id INTO serial_id;
  IF FOUND THEN RETURN; END IF;
  INSERT INTO inventory.serials (organization_id, id, item_id, serial_number, lot_id, status, location_id, created_by, updated_by)
  VALUES (p_org, uuidv7(), p_item, p_serial, p_lot, 'in_stock', p_location, p_user, p_user)
  ON CONFLICT (organization_id, item_id, serial_number) DO NOTHING
  RETURNING id INTO serial_id;
  IF NOT FOUND THEN
    err := inventory.posting_error('CONFLICT', 'serialNumber', format('Serial %s of %s is already in stock', p_serial, p_sku));
  END IF;
END $$;

-- A serial leaves a location (services: serialOut): out of stock (p_to NULL) or to another location; it must be in
-- stock at the source, in the level's lot for a lot-controlled item.
CREATE FUNCTION "inventory"."posting_serial_out"(p_org uuid, p_item uuid, p_sku text, p_serial text, p_from uuid, p_place text,
  p_to uuid, p_lot_control boolean, p_lot uuid, p_user uuid, OUT serial_id uuid, OUT err inventory.posted_move)
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  UPDATE inventory.serials s
     SET location_id = p_to, status = CASE WHEN p_to IS NULL THEN 'issued' ELSE 'in_stock' END::inventory.serial_status,
         updated_by = p_user, updated_at = now()
   WHERE s.organization_id = p_org AND s.item_id = p_item AND s.serial_number = p_serial AND s.status = 'in_stock'
     AND s.location_id = p_from AND (NOT p_lot_control OR s.lot_id IS NOT DISTINCT FROM p_lot)
  RETURNING s.id INTO serial_id;
  IF NOT FOUND THEN
    err := inventory.posting_error('BAD_REQUEST', 'serialNumber',
      format('Serial %s of %s is not in stock at %s%s', p_serial, p_sku, p_place, CASE WHEN p_lot_control THEN ' in this lot' ELSE '' END));
  END IF;
END $$;

-- Adds q (signed) to a level, creating it (services: addToLevel).
CREATE FUNCTION "inventory"."posting_level_add"(p_org uuid, p_workspace uuid, p_item uuid, p_variant uuid, p_location uuid, p_lot uuid, p_q numeric)
RETURNS void
LANGUAGE sql SET search_path = pg_catalog, pg_temp AS $$
  INSERT INTO inventory.stock_levels (organization_id, id, workspace_id, item_id, variant_id, location_id, lot_id, on_hand_qty)
  VALUES (p_org, uuidv7(), p_workspace, p_item, p_variant, p_location, p_lot, p_q)
  ON CONFLICT (organization_id, item_id, variant_id, location_id, lot_id)
  DO UPDATE SET on_hand_qty = stock_levels.on_hand_qty + excluded.on_hand_qty, updated_at = now()
$$;

-- Takes q off a level in one conditional statement (services: takeFromLevel): refused on `quantity`, naming the item,
-- the location and what is available, unless available ≥ q or the warehouse allows negative stock.
CREATE FUNCTION "inventory"."posting_level_take"(p_org uuid, p_workspace uuid, p_item uuid, p_variant uuid, p_location uuid, p_lot uuid,
  p_q numeric, p_allow_negative boolean, p_sku text, p_lot_number text, p_place text)
RETURNS inventory.posted_move
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_available numeric;
BEGIN
  IF p_allow_negative THEN
    PERFORM inventory.posting_level_add(p_org, p_workspace, p_item, p_variant, p_location, p_lot, -p_q);
    RETURN NULL;
  END IF;
  UPDATE inventory.stock_levels s SET on_hand_qty = s.on_hand_qty - p_q, updated_at = now()
   WHERE s.organization_id = p_org AND s.item_id = p_item AND s.location_id = p_location
     AND s.variant_id IS NOT DISTINCT FROM p_variant AND s.lot_id IS NOT DISTINCT FROM p_lot
     AND s.on_hand_qty - s.reserved_qty >= p_q;
  IF FOUND THEN RETURN NULL; END IF;
  SELECT s.available_qty INTO v_available FROM inventory.stock_levels s
   WHERE s.organization_id = p_org AND s.item_id = p_item AND s.location_id = p_location
     AND s.variant_id IS NOT DISTINCT FROM p_variant AND s.lot_id IS NOT DISTINCT FROM p_lot;
  RETURN inventory.posting_error('BAD_REQUEST', 'quantity', format('Not enough %s%s at %s: %s available, %s requested',
    p_sku, CASE WHEN p_lot_number IS NOT NULL THEN ' (lot ' || p_lot_number || ')' ELSE '' END, p_place,
    inventory.qty_text(coalesce(v_available, 0)), inventory.qty_text(p_q)));
END $$;

-- Locks the two level rows of a transfer (creating the missing ones at 0) in location id order: no deadlock between
-- transfers in opposite directions (services: lockLevels).
CREATE FUNCTION "inventory"."posting_lock_levels"(p_org uuid, p_workspace uuid, p_item uuid, p_variant uuid, p_lot uuid, p_a uuid, p_b uuid)
RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_loc uuid;
BEGIN
  FOREACH v_loc IN ARRAY CASE WHEN p_a < p_b THEN ARRAY[p_a, p_b] ELSE ARRAY[p_b, p_a] END LOOP
    INSERT INTO inventory.stock_levels (organization_id, id, workspace_id, item_id, variant_id, location_id, lot_id, on_hand_qty)
    VALUES (p_org, uuidv7(), p_workspace, p_item, p_variant, v_loc, p_lot, 0)
    ON CONFLICT (organization_id, item_id, variant_id, location_id, lot_id) DO NOTHING;
    PERFORM 1 FROM inventory.stock_levels s
      WHERE s.organization_id = p_org AND s.item_id = p_item AND s.location_id = v_loc
        AND s.variant_id IS NOT DISTINCT FROM p_variant AND s.lot_id IS NOT DISTINCT FROM p_lot
      FOR UPDATE;
  END LOOP;
END $$;

-- Locks the item's cost row, creating it at the standard cost (services: lockCost).
CREATE FUNCTION "inventory"."posting_cost_lock"(p_org uuid, p_item uuid, p_standard numeric,
  OUT quantity numeric, OUT value numeric, OUT average numeric)
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  SELECT c.quantity, c.value, c.average_unit_cost INTO quantity, value, average
    FROM inventory.item_costs c WHERE c.organization_id = p_org AND c.item_id = p_item FOR UPDATE;
  IF FOUND THEN RETURN; END IF;
  INSERT INTO inventory.item_costs (organization_id, item_id, quantity, value, average_unit_cost)
  VALUES (p_org, p_item, 0, 0, coalesce(p_standard, 0))
  ON CONFLICT (organization_id, item_id) DO NOTHING;
  SELECT c.quantity, c.value, c.average_unit_cost INTO quantity, value, average
    FROM inventory.item_costs c WHERE c.organization_id = p_org AND c.item_id = p_item FOR UPDATE;
END $$;

-- Applies a move's quantity and value change to the locked cost row (services: applyCost). Inbound moves recompute
-- the average: (old value + value in) / (old quantity + quantity in) when the result is positive and the old quantity
-- was not negative, otherwise the inbound unit cost; outbound moves leave it, except reversals of inbound moves
-- (p_recompute), which recompute it from what remains.
CREATE FUNCTION "inventory"."posting_cost_apply"(p_org uuid, p_item uuid, p_old_quantity numeric, p_old_value numeric, p_old_average numeric,
  p_dq numeric, p_dv numeric, p_inbound_unit_cost numeric, p_recompute boolean)
RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_quantity numeric := p_old_quantity + p_dq;
  v_value numeric := p_old_value + p_dv;
  v_average numeric := p_old_average;
BEGIN
  IF p_dq > 0 AND p_inbound_unit_cost IS NOT NULL THEN
    v_average := CASE WHEN p_old_quantity >= 0 AND v_quantity > 0 AND v_value >= 0 THEN round(v_value / v_quantity, 6) ELSE p_inbound_unit_cost END;
  ELSIF p_recompute AND v_quantity > 0 AND v_value >= 0 THEN
    v_average := round(v_value / v_quantity, 6);
  END IF;
  UPDATE inventory.item_costs c SET quantity = v_quantity, value = v_value, average_unit_cost = v_average, updated_at = now()
   WHERE c.organization_id = p_org AND c.item_id = p_item;
END $$;

-- Writes a move to the ledger (its audit row and location_values follow from the table's triggers).
CREATE FUNCTION "inventory"."posting_write"(p_org uuid, p_workspace uuid, p_item uuid, p_variant uuid, p_from uuid, p_to uuid,
  p_quantity numeric, p_lot uuid, p_serial uuid, p_unit_cost numeric, p_value numeric, p_move_type text, p_reversal_of uuid,
  p_source_type text, p_source_id uuid, p_note text, p_moved_at timestamptz, p_user uuid)
RETURNS inventory.posted_move
LANGUAGE sql SET search_path = pg_catalog, pg_temp AS $$
  INSERT INTO inventory.stock_moves AS m (organization_id, id, workspace_id, item_id, variant_id, from_location_id, to_location_id, quantity,
    lot_id, serial_id, unit_cost, value, move_type, reversal_of_move_id, source_document_type, source_document_id, note, moved_at, created_by)
  VALUES (p_org, uuidv7(), p_workspace, p_item, p_variant, p_from, p_to, p_quantity, p_lot, p_serial, p_unit_cost, p_value,
    p_move_type::inventory.move_type, p_reversal_of, p_source_type, p_source_id, p_note, coalesce(p_moved_at, now()), p_user)
  RETURNING ROW(NULL, NULL, NULL, m.id, m.move_type::text, m.item_id, m.variant_id, m.from_location_id, m.to_location_id, m.quantity,
    m.lot_id, m.serial_id, m.unit_cost, m.value, m.source_document_type, m.source_document_id, m.reversal_of_move_id, m.note, m.moved_at)::inventory.posted_move
$$;

-- ---------------------------------------------------------------------------------------------------------------
-- The three hot paths (post_in, post_out, post_transfer) read the item, the location(s) and the cost row inline
-- rather than through posting_item / posting_location / posting_cost_*: a PL/pgSQL call costs about as much as the
-- query it wraps. Same queries, same messages, same order.

-- Stock in: receipt / production output / return (p_unit_cost given), or an adjustment / count adding stock
-- (p_unit_cost NULL: the item's average). Checks in the services' order: item, location, variant, serial rule, lot,
-- serial; then level → cost lock → move → cost.
CREATE FUNCTION "inventory"."post_in"(p_org uuid, p_user uuid, p_item uuid, p_variant uuid, p_location uuid, p_quantity numeric,
  p_unit_cost numeric, p_lot_number text, p_expires_on date, p_serial text, p_move_type text, p_source_type text, p_source_id uuid,
  p_note text, p_moved_at timestamptz)
RETURNS inventory.posted_move
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  it inventory.items;
  v_workspace uuid;
  v_place text;
  v_archived boolean;
  v record;
  lot record;
  ser record;
  r inventory.posted_move;
  v_serial_id uuid;
  c_quantity numeric;
  c_value numeric;
  c_average numeric;
  v_unit_cost numeric;
  v_value numeric;
  v_quantity numeric;
  v_total numeric;
BEGIN
  SELECT * INTO it FROM inventory.items i WHERE i.organization_id = p_org AND i.id = p_item;
  IF NOT FOUND THEN RETURN inventory.posting_error('NOT_FOUND', NULL, 'Item not found'); END IF;
  IF NOT it.track_inventory THEN RETURN inventory.posting_error('BAD_REQUEST', 'itemId', it.sku || ' does not track inventory'); END IF;
  IF it.archived_at IS NOT NULL THEN
    RETURN inventory.posting_error('PRECONDITION_FAILED', 'itemId', it.sku || ' is archived: restore it to move its stock');
  END IF;
  SELECT l.workspace_id, w.code || '/' || l.code, (l.archived_at IS NOT NULL OR w.archived_at IS NOT NULL)
    INTO v_workspace, v_place, v_archived
    FROM inventory.locations l JOIN inventory.warehouses w ON w.organization_id = l.organization_id AND w.id = l.warehouse_id
   WHERE l.organization_id = p_org AND l.id = p_location;
  IF NOT FOUND THEN RETURN inventory.posting_error('NOT_FOUND', NULL, 'Location not found'); END IF;
  IF v_archived THEN RETURN inventory.posting_error('PRECONDITION_FAILED', 'locationId', v_place || ' is archived'); END IF;
  SELECT * INTO v FROM inventory.posting_variant(p_org, p_item, it.sku, p_variant, true, p_location);
  IF (v.err).error_code IS NOT NULL THEN RETURN v.err; END IF;
  IF it.serial_control OR p_serial IS NOT NULL THEN
    r := inventory.posting_serial_rule(it.sku, it.serial_control, p_serial, p_quantity);
    IF r.error_code IS NOT NULL THEN RETURN r; END IF;
  END IF;
  SELECT * INTO lot FROM inventory.posting_lot(p_org, p_item, it.sku, it.lot_control, it.shelf_life_days, p_lot_number, true, p_expires_on, p_moved_at, false, p_user);
  IF (lot.err).error_code IS NOT NULL THEN RETURN lot.err; END IF;
  IF p_serial IS NOT NULL THEN
    SELECT * INTO ser FROM inventory.posting_serial_in(p_org, p_item, it.sku, p_serial, lot.lot_id, p_location, p_user);
    IF (ser.err).error_code IS NOT NULL THEN RETURN ser.err; END IF;
    v_serial_id := ser.serial_id;
  END IF;
  INSERT INTO inventory.stock_levels AS s (organization_id, id, workspace_id, item_id, variant_id, location_id, lot_id, on_hand_qty)
  VALUES (p_org, uuidv7(), v_workspace, p_item, v.variant_id, p_location, lot.lot_id, p_quantity)
  ON CONFLICT (organization_id, item_id, variant_id, location_id, lot_id)
  DO UPDATE SET on_hand_qty = s.on_hand_qty + excluded.on_hand_qty, updated_at = now();
  SELECT ic.quantity, ic.value, ic.average_unit_cost INTO c_quantity, c_value, c_average
    FROM inventory.item_costs ic WHERE ic.organization_id = p_org AND ic.item_id = p_item FOR UPDATE;
  IF NOT FOUND THEN
    SELECT * INTO c_quantity, c_value, c_average FROM inventory.posting_cost_lock(p_org, p_item, it.standard_unit_cost);
  END IF;
  v_unit_cost := coalesce(p_unit_cost, c_average);
  v_value := round(p_quantity * v_unit_cost, 2);
  r := inventory.posting_write(p_org, v_workspace, p_item, v.variant_id, NULL, p_location, p_quantity, lot.lot_id, v_serial_id,
    v_unit_cost, v_value, p_move_type, NULL, p_source_type, p_source_id, p_note, p_moved_at, p_user);
  -- The average: (old value + value in) / (old quantity + quantity in) when positive and the old quantity was not
  -- negative, otherwise the inbound unit cost (posting_cost_apply).
  v_quantity := c_quantity + p_quantity;
  v_total := c_value + v_value;
  UPDATE inventory.item_costs ic
     SET quantity = v_quantity, value = v_total, updated_at = now(),
         average_unit_cost = CASE WHEN c_quantity >= 0 AND v_quantity > 0 AND v_total >= 0 THEN round(v_total / v_quantity, 6) ELSE v_unit_cost END
   WHERE ic.organization_id = p_org AND ic.item_id = p_item;
  RETURN r;
END $$;

-- Stock out: issue / production consumption (p_refuse_expired), or an adjustment / count removing stock
-- (p_unit_cost_given: refused, stock taken out carries the average). Checks in the services' order: item, location,
-- variant, serial rule, (unit cost), lot; then level (the conditional update), serial, cost lock → move → cost.
CREATE FUNCTION "inventory"."post_out"(p_org uuid, p_user uuid, p_item uuid, p_variant uuid, p_location uuid, p_quantity numeric,
  p_unit_cost_given boolean, p_refuse_expired boolean, p_lot_number text, p_serial text, p_move_type text, p_source_type text,
  p_source_id uuid, p_note text, p_moved_at timestamptz)
RETURNS inventory.posted_move
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  it inventory.items;
  v_workspace uuid;
  v_allow_negative boolean;
  v_place text;
  v_archived boolean;
  v record;
  lot record;
  ser record;
  r inventory.posted_move;
  v_serial_id uuid;
  c_quantity numeric;
  c_value numeric;
  c_average numeric;
  v_value numeric;
BEGIN
  SELECT * INTO it FROM inventory.items i WHERE i.organization_id = p_org AND i.id = p_item;
  IF NOT FOUND THEN RETURN inventory.posting_error('NOT_FOUND', NULL, 'Item not found'); END IF;
  IF NOT it.track_inventory THEN RETURN inventory.posting_error('BAD_REQUEST', 'itemId', it.sku || ' does not track inventory'); END IF;
  IF it.archived_at IS NOT NULL THEN
    RETURN inventory.posting_error('PRECONDITION_FAILED', 'itemId', it.sku || ' is archived: restore it to move its stock');
  END IF;
  SELECT l.workspace_id, w.allow_negative_stock, w.code || '/' || l.code, (l.archived_at IS NOT NULL OR w.archived_at IS NOT NULL)
    INTO v_workspace, v_allow_negative, v_place, v_archived
    FROM inventory.locations l JOIN inventory.warehouses w ON w.organization_id = l.organization_id AND w.id = l.warehouse_id
   WHERE l.organization_id = p_org AND l.id = p_location;
  IF NOT FOUND THEN RETURN inventory.posting_error('NOT_FOUND', NULL, 'Location not found'); END IF;
  IF v_archived THEN RETURN inventory.posting_error('PRECONDITION_FAILED', 'locationId', v_place || ' is archived'); END IF;
  SELECT * INTO v FROM inventory.posting_variant(p_org, p_item, it.sku, p_variant, false, p_location);
  IF (v.err).error_code IS NOT NULL THEN RETURN v.err; END IF;
  IF it.serial_control OR p_serial IS NOT NULL THEN
    r := inventory.posting_serial_rule(it.sku, it.serial_control, p_serial, p_quantity);
    IF r.error_code IS NOT NULL THEN RETURN r; END IF;
  END IF;
  IF p_unit_cost_given THEN
    RETURN inventory.posting_error('BAD_REQUEST', 'unitCost', 'Stock taken out carries the average cost; leave the unit cost empty');
  END IF;
  SELECT * INTO lot FROM inventory.posting_lot(p_org, p_item, it.sku, it.lot_control, it.shelf_life_days, p_lot_number, false, NULL, p_moved_at, p_refuse_expired, p_user);
  IF (lot.err).error_code IS NOT NULL THEN RETURN lot.err; END IF;
  IF v_allow_negative THEN
    PERFORM inventory.posting_level_add(p_org, v_workspace, p_item, v.variant_id, p_location, lot.lot_id, -p_quantity);
  ELSE
    -- The one conditional statement that holds the negative-stock rule (posting_level_take answers the refusal).
    UPDATE inventory.stock_levels s SET on_hand_qty = s.on_hand_qty - p_quantity, updated_at = now()
     WHERE s.organization_id = p_org AND s.item_id = p_item AND s.location_id = p_location
       AND s.variant_id IS NOT DISTINCT FROM v.variant_id AND s.lot_id IS NOT DISTINCT FROM lot.lot_id
       AND s.on_hand_qty - s.reserved_qty >= p_quantity;
    IF NOT FOUND THEN
      RETURN inventory.posting_level_take(p_org, v_workspace, p_item, v.variant_id, p_location, lot.lot_id, p_quantity, false,
        it.sku, CASE WHEN lot.lot_id IS NOT NULL THEN p_lot_number END, v_place);
    END IF;
  END IF;
  IF p_serial IS NOT NULL THEN
    SELECT * INTO ser FROM inventory.posting_serial_out(p_org, p_item, it.sku, p_serial, p_location, v_place, NULL, it.lot_control, lot.lot_id, p_user);
    IF (ser.err).error_code IS NOT NULL THEN RETURN ser.err; END IF;
    v_serial_id := ser.serial_id;
  END IF;
  SELECT ic.quantity, ic.value, ic.average_unit_cost INTO c_quantity, c_value, c_average
    FROM inventory.item_costs ic WHERE ic.organization_id = p_org AND ic.item_id = p_item FOR UPDATE;
  IF NOT FOUND THEN
    SELECT * INTO c_quantity, c_value, c_average FROM inventory.posting_cost_lock(p_org, p_item, it.standard_unit_cost);
  END IF;
  -- The average of the moment; the organization's last units take all the value that is left (no rounding residue).
  v_value := CASE WHEN p_quantity = c_quantity THEN -c_value ELSE -round(p_quantity * c_average, 2) END;
  r := inventory.posting_write(p_org, v_workspace, p_item, v.variant_id, p_location, NULL, p_quantity, lot.lot_id, v_serial_id,
    c_average, v_value, p_move_type, NULL, p_source_type, p_source_id, p_note, p_moved_at, p_user);
  -- Outbound: the average stays.
  UPDATE inventory.item_costs ic SET quantity = c_quantity - p_quantity, value = c_value + v_value, updated_at = now()
   WHERE ic.organization_id = p_org AND ic.item_id = p_item;
  RETURN r;
END $$;

-- Between two locations of one workspace; value 0, the current average for information (no cost lock). The caller
-- refuses the same location twice. Checks in the services' order: item, from, to (found), from / to archived,
-- workspaces, variant (as stock coming in), serial rule, lot; then both levels locked in location id order, taken,
-- added, the serial moved, the move written.
CREATE FUNCTION "inventory"."post_transfer"(p_org uuid, p_user uuid, p_item uuid, p_variant uuid, p_from uuid, p_to uuid, p_quantity numeric,
  p_lot_number text, p_serial text, p_source_type text, p_source_id uuid, p_note text, p_moved_at timestamptz)
RETURNS inventory.posted_move
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  it inventory.items;
  src record;
  dst record;
  v record;
  lot record;
  ser record;
  r inventory.posted_move;
  v_serial_id uuid;
  v_average numeric;
BEGIN
  SELECT * INTO it FROM inventory.items i WHERE i.organization_id = p_org AND i.id = p_item;
  IF NOT FOUND THEN RETURN inventory.posting_error('NOT_FOUND', NULL, 'Item not found'); END IF;
  IF NOT it.track_inventory THEN RETURN inventory.posting_error('BAD_REQUEST', 'itemId', it.sku || ' does not track inventory'); END IF;
  IF it.archived_at IS NOT NULL THEN
    RETURN inventory.posting_error('PRECONDITION_FAILED', 'itemId', it.sku || ' is archived: restore it to move its stock');
  END IF;
  SELECT l.workspace_id, w.allow_negative_stock AS allow_negative, w.code || '/' || l.code AS place,
         (l.archived_at IS NOT NULL OR w.archived_at IS NOT NULL) AS archived
    INTO src
    FROM inventory.locations l JOIN inventory.warehouses w ON w.organization_id = l.organization_id AND w.id = l.warehouse_id
   WHERE l.organization_id = p_org AND l.id = p_from;
  IF NOT FOUND THEN RETURN inventory.posting_error('NOT_FOUND', NULL, 'Location not found'); END IF;
  SELECT l.workspace_id, w.code || '/' || l.code AS place, (l.archived_at IS NOT NULL OR w.archived_at IS NOT NULL) AS archived
    INTO dst
    FROM inventory.locations l JOIN inventory.warehouses w ON w.organization_id = l.organization_id AND w.id = l.warehouse_id
   WHERE l.organization_id = p_org AND l.id = p_to;
  IF NOT FOUND THEN RETURN inventory.posting_error('NOT_FOUND', NULL, 'Location not found'); END IF;
  IF src.archived THEN RETURN inventory.posting_error('PRECONDITION_FAILED', 'fromLocationId', src.place || ' is archived'); END IF;
  IF dst.archived THEN RETURN inventory.posting_error('PRECONDITION_FAILED', 'toLocationId', dst.place || ' is archived'); END IF;
  IF src.workspace_id <> dst.workspace_id THEN
    RETURN inventory.posting_error('BAD_REQUEST', 'toLocationId',
      'Stock moves between workspaces go through a transfer document (in transit); choose a location of the same workspace');
  END IF;
  SELECT * INTO v FROM inventory.posting_variant(p_org, p_item, it.sku, p_variant, true, p_to);
  IF (v.err).error_code IS NOT NULL THEN RETURN v.err; END IF;
  IF it.serial_control OR p_serial IS NOT NULL THEN
    r := inventory.posting_serial_rule(it.sku, it.serial_control, p_serial, p_quantity);
    IF r.error_code IS NOT NULL THEN RETURN r; END IF;
  END IF;
  SELECT * INTO lot FROM inventory.posting_lot(p_org, p_item, it.sku, it.lot_control, it.shelf_life_days, p_lot_number, false, NULL, p_moved_at, false, p_user);
  IF (lot.err).error_code IS NOT NULL THEN RETURN lot.err; END IF;
  PERFORM inventory.posting_lock_levels(p_org, src.workspace_id, p_item, v.variant_id, lot.lot_id, p_from, p_to);
  r := inventory.posting_level_take(p_org, src.workspace_id, p_item, v.variant_id, p_from, lot.lot_id, p_quantity, src.allow_negative,
    it.sku, CASE WHEN lot.lot_id IS NOT NULL THEN p_lot_number END, src.place);
  IF r.error_code IS NOT NULL THEN RETURN r; END IF;
  PERFORM inventory.posting_level_add(p_org, dst.workspace_id, p_item, v.variant_id, p_to, lot.lot_id, p_quantity);
  IF p_serial IS NOT NULL THEN
    SELECT * INTO ser FROM inventory.posting_serial_out(p_org, p_item, it.sku, p_serial, p_from, src.place, p_to, it.lot_control, lot.lot_id, p_user);
    IF (ser.err).error_code IS NOT NULL THEN RETURN ser.err; END IF;
    v_serial_id := ser.serial_id;
  END IF;
  SELECT ic.average_unit_cost INTO v_average FROM inventory.item_costs ic WHERE ic.organization_id = p_org AND ic.item_id = p_item;
  RETURN inventory.posting_write(p_org, src.workspace_id, p_item, v.variant_id, p_from, p_to, p_quantity, lot.lot_id, v_serial_id,
    coalesce(v_average, it.standard_unit_cost, 0), 0, 'transfer', NULL, p_source_type, p_source_id, p_note, p_moved_at, p_user);
END $$;

-- The mirror image of a move: locations swapped, same type, quantity, lot, serial and unit cost, value negated.
-- A move is reversed at most once (the unique index; a concurrent second reversal waits for the first and answers
-- CONFLICT), a reversal is never reversed. Stock coming back in never goes to an archived location or an archived
-- variant (PRECONDITION_FAILED on moveId); taking stock back out follows the negative-stock rule.
CREATE FUNCTION "inventory"."post_reversal"(p_org uuid, p_user uuid, p_move uuid, p_note text, p_moved_at timestamptz)
RETURNS inventory.posted_move
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  o inventory.stock_moves;
  it record;
  back record;
  home record;
  ser record;
  c record;
  r inventory.posted_move;
  m inventory.posted_move;
  v_sku text;
  v_archived timestamptz;
  v_lot_number text;
  v_serial text;
BEGIN
  SELECT * INTO o FROM inventory.stock_moves x WHERE x.organization_id = p_org AND x.id = p_move;
  IF NOT FOUND THEN RETURN inventory.posting_error('NOT_FOUND', NULL, 'Stock move not found'); END IF;
  IF o.reversal_of_move_id IS NOT NULL THEN
    RETURN inventory.posting_error('PRECONDITION_FAILED', 'moveId', 'This move is a reversal and cannot be reversed; record a new move instead');
  END IF;
  IF EXISTS (SELECT 1 FROM inventory.stock_moves x WHERE x.organization_id = p_org AND x.reversal_of_move_id = o.id) THEN
    RETURN inventory.posting_error('CONFLICT', 'moveId', 'This move has already been reversed');
  END IF;
  SELECT * INTO it FROM inventory.posting_item(p_org, o.item_id, false);
  IF (it.err).error_code IS NOT NULL THEN RETURN it.err; END IF;
  IF o.from_location_id IS NOT NULL THEN
    -- Stock comes back into the source: never into an archived location, never to an archived variant.
    SELECT * INTO home FROM inventory.posting_location(p_org, o.from_location_id, 'moveId');
    IF (home.err).error_code IS NOT NULL THEN RETURN home.err; END IF;
    IF o.variant_id IS NOT NULL THEN
      SELECT x.sku, x.archived_at INTO v_sku, v_archived FROM inventory.variants x
       WHERE x.organization_id = p_org AND x.item_id = o.item_id AND x.id = o.variant_id;
      IF v_archived IS NOT NULL THEN
        RETURN inventory.posting_error('PRECONDITION_FAILED', 'moveId', v_sku || ' is archived: restore it to take stock in');
      END IF;
    END IF;
  END IF;
  IF o.to_location_id IS NOT NULL THEN
    SELECT * INTO back FROM inventory.posting_location(p_org, o.to_location_id, NULL);
    IF (back.err).error_code IS NOT NULL THEN RETURN back.err; END IF;
  END IF;
  -- Written first: a concurrent second reversal waits here on the unique index, then finds it taken.
  INSERT INTO inventory.stock_moves AS x (organization_id, id, workspace_id, item_id, variant_id, from_location_id, to_location_id, quantity,
    lot_id, serial_id, unit_cost, value, move_type, reversal_of_move_id, source_document_type, source_document_id, note, moved_at, created_by)
  VALUES (p_org, uuidv7(), o.workspace_id, o.item_id, o.variant_id, o.to_location_id, o.from_location_id, o.quantity, o.lot_id, o.serial_id,
    o.unit_cost, -o.value, o.move_type, o.id, o.source_document_type, o.source_document_id, p_note, coalesce(p_moved_at, now()), p_user)
  ON CONFLICT (organization_id, reversal_of_move_id) DO NOTHING
  RETURNING NULL, NULL, NULL, x.id, x.move_type::text, x.item_id, x.variant_id, x.from_location_id, x.to_location_id, x.quantity,
    x.lot_id, x.serial_id, x.unit_cost, x.value, x.source_document_type, x.source_document_id, x.reversal_of_move_id, x.note, x.moved_at
  INTO m;
  IF m.id IS NULL THEN RETURN inventory.posting_error('CONFLICT', 'moveId', 'This move has already been reversed'); END IF;
  IF o.lot_id IS NOT NULL THEN
    SELECT l.lot_number INTO v_lot_number FROM inventory.lots l WHERE l.organization_id = p_org AND l.id = o.lot_id;
  END IF;
  IF o.serial_id IS NOT NULL THEN
    SELECT s.serial_number INTO v_serial FROM inventory.serials s WHERE s.organization_id = p_org AND s.id = o.serial_id;
  END IF;
  IF o.from_location_id IS NOT NULL AND o.to_location_id IS NOT NULL THEN
    -- A transfer back: the same two rows, locked in the same order as any transfer.
    PERFORM inventory.posting_lock_levels(p_org, o.workspace_id, o.item_id, o.variant_id, o.lot_id, o.to_location_id, o.from_location_id);
    r := inventory.posting_level_take(p_org, o.workspace_id, o.item_id, o.variant_id, o.to_location_id, o.lot_id, o.quantity, back.allow_negative,
      it.sku, v_lot_number, back.place);
    IF r.error_code IS NOT NULL THEN RETURN r; END IF;
    PERFORM inventory.posting_level_add(p_org, o.workspace_id, o.item_id, o.variant_id, o.from_location_id, o.lot_id, o.quantity);
    IF v_serial IS NOT NULL THEN
      SELECT * INTO ser FROM inventory.posting_serial_out(p_org, o.item_id, it.sku, v_serial, o.to_location_id, back.place, o.from_location_id,
        it.lot_control, o.lot_id, p_user);
      IF (ser.err).error_code IS NOT NULL THEN RETURN ser.err; END IF;
    END IF;
  ELSIF o.to_location_id IS NOT NULL THEN
    -- Inbound undone: the stock leaves again, the average is recomputed from what remains.
    r := inventory.posting_level_take(p_org, o.workspace_id, o.item_id, o.variant_id, o.to_location_id, o.lot_id, o.quantity, back.allow_negative,
      it.sku, v_lot_number, back.place);
    IF r.error_code IS NOT NULL THEN RETURN r; END IF;
    IF v_serial IS NOT NULL THEN
      SELECT * INTO ser FROM inventory.posting_serial_out(p_org, o.item_id, it.sku, v_serial, o.to_location_id, back.place, NULL,
        it.lot_control, o.lot_id, p_user);
      IF (ser.err).error_code IS NOT NULL THEN RETURN ser.err; END IF;
    END IF;
    SELECT * INTO c FROM inventory.posting_cost_lock(p_org, o.item_id, it.standard_unit_cost);
    PERFORM inventory.posting_cost_apply(p_org, o.item_id, c.quantity, c.value, c.average, -o.quantity, -o.value, NULL, true);
  ELSE
    -- Outbound undone: the stock comes back at the cost it left with.
    PERFORM inventory.posting_level_add(p_org, o.workspace_id, o.item_id, o.variant_id, o.from_location_id, o.lot_id, o.quantity);
    IF v_serial IS NOT NULL THEN
      SELECT * INTO ser FROM inventory.posting_serial_in(p_org, o.item_id, it.sku, v_serial, o.lot_id, o.from_location_id, p_user);
      IF (ser.err).error_code IS NOT NULL THEN RETURN ser.err; END IF;
    END IF;
    SELECT * INTO c FROM inventory.posting_cost_lock(p_org, o.item_id, it.standard_unit_cost);
    PERFORM inventory.posting_cost_apply(p_org, o.item_id, c.quantity, c.value, c.average, o.quantity, -o.value, o.unit_cost, false);
  END IF;
  RETURN m;
END $$;

-- Executed by the runtime roles only (RLS applies to tessera_app; tessera_system bypasses it, as for its own queries).
DO $$
DECLARE f regprocedure;
BEGIN
  FOR f IN SELECT p.oid::regprocedure FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = 'inventory' AND (p.proname LIKE 'post\_%' OR p.proname LIKE 'posting\_%' OR p.proname = 'qty_text') LOOP
    EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
    EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO tessera_app, tessera_system', f);
  END LOOP;
END $$;
