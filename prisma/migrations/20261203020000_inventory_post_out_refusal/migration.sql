-- inventory.post_out refused "not enough" by calling posting_level_take after its own conditional UPDATE had taken
-- nothing: posting_level_take runs the same UPDATE again in a new statement, which sees what committed in between (a
-- receipt, a release), so it could take the stock and answer no refusal and no move. The refusal now only reads what
-- is available (posting_level_refusal); the one conditional UPDATE stays the only statement that takes stock.
-- posting_level_take uses the same refusal text.

-- The "not enough" refusal of a take that matched no level (services: takeFromLevel's message). Reads only.
CREATE FUNCTION "inventory"."posting_level_refusal"(p_org uuid, p_item uuid, p_variant uuid, p_location uuid, p_lot uuid,
  p_q numeric, p_sku text, p_lot_number text, p_place text)
RETURNS inventory.posted_move
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_available numeric;
BEGIN
  SELECT s.available_qty INTO v_available FROM inventory.stock_levels s
   WHERE s.organization_id = p_org AND s.item_id = p_item AND s.location_id = p_location
     AND s.variant_id IS NOT DISTINCT FROM p_variant AND s.lot_id IS NOT DISTINCT FROM p_lot;
  RETURN inventory.posting_error('BAD_REQUEST', 'quantity', format('Not enough %s%s at %s: %s available, %s requested',
    p_sku, CASE WHEN p_lot_number IS NOT NULL THEN ' (lot ' || p_lot_number || ')' ELSE '' END, p_place,
    inventory.qty_text(coalesce(v_available, 0)), inventory.qty_text(p_q)));
END $$;

CREATE OR REPLACE FUNCTION "inventory"."posting_level_take"(p_org uuid, p_workspace uuid, p_item uuid, p_variant uuid, p_location uuid, p_lot uuid,
  p_q numeric, p_allow_negative boolean, p_sku text, p_lot_number text, p_place text)
RETURNS inventory.posted_move
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
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
  RETURN inventory.posting_level_refusal(p_org, p_item, p_variant, p_location, p_lot, p_q, p_sku, p_lot_number, p_place);
END $$;

CREATE OR REPLACE FUNCTION "inventory"."post_out"(p_org uuid, p_user uuid, p_item uuid, p_variant uuid, p_location uuid, p_quantity numeric,
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
    -- The one conditional statement that holds the negative-stock rule; when it takes nothing, the refusal only reads.
    UPDATE inventory.stock_levels s SET on_hand_qty = s.on_hand_qty - p_quantity, updated_at = now()
     WHERE s.organization_id = p_org AND s.item_id = p_item AND s.location_id = p_location
       AND s.variant_id IS NOT DISTINCT FROM v.variant_id AND s.lot_id IS NOT DISTINCT FROM lot.lot_id
       AND s.on_hand_qty - s.reserved_qty >= p_quantity;
    IF NOT FOUND THEN
      RETURN inventory.posting_level_refusal(p_org, p_item, v.variant_id, p_location, lot.lot_id, p_quantity,
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

-- Executed by the runtime roles only, as every posting function.
REVOKE ALL ON FUNCTION "inventory"."posting_level_refusal"(uuid, uuid, uuid, uuid, uuid, numeric, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION "inventory"."posting_level_refusal"(uuid, uuid, uuid, uuid, uuid, numeric, text, text, text) TO tessera_app, tessera_system;
