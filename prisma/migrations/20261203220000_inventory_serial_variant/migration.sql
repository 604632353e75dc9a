-- A serial's variant (issue 6: "each variant has its own SKU, barcode, price delta and stock"). Serials carried no
-- variant, so a serial received as one variant could be issued or moved as another: the two levels changed while the
-- serial stayed what it was, and a count could not tell which of an item's variant lines expected it.
--   serials.variant_id   the variant the serial is stock of (NULL: the item's stock without a variant), set when it
--                        comes into stock (a receipt, a stock-adding adjustment or count, an outbound move reversed),
--                        kept by transfers; backfilled from each serial's latest move.
--   posting_serial_in    takes the move's variant and records it (also when an issued serial comes back).
--   posting_serial_out   takes the move's variant: the serial must be in stock at the source AS that variant; when it
--                        is there as another one, the refusal says which ("Serial S of SKU at WH/LOC is recorded as
--                        RED, not BLUE").
-- The posting functions are their latest definitions (20261203080000_inventory_warehouse_stock_totals) with only the
-- serial helpers' calls changed to pass the move's variant; the old helpers are dropped.

ALTER TABLE "inventory"."serials" ADD COLUMN "variant_id" UUID;
ALTER TABLE "inventory"."serials" ADD CONSTRAINT "serials_organization_id_item_id_variant_id_fkey"
  FOREIGN KEY ("organization_id", "item_id", "variant_id") REFERENCES "inventory"."variants"("organization_id", "item_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
CREATE INDEX "serials_organization_id_item_id_variant_id_idx" ON "inventory"."serials"("organization_id", "item_id", "variant_id");

-- Every serial's variant: the one of its latest move (a serial's moves named the variant the poster chose, until now
-- unchecked; the latest one's level is where its stock was counted). The serials and the ledger are read and written
-- as their owner without forcing row-level security (the migration sees every organization), ACCESS EXCLUSIVE until
-- commit; each serial changed is recorded by its audit trigger like any update.
ALTER TABLE "inventory"."serials" NO FORCE ROW LEVEL SECURITY;
ALTER TABLE "inventory"."stock_moves" NO FORCE ROW LEVEL SECURITY;
UPDATE inventory.serials s SET variant_id = m.variant_id
  FROM (SELECT DISTINCT ON (x.organization_id, x.serial_id) x.organization_id, x.serial_id, x.variant_id
          FROM inventory.stock_moves x WHERE x.serial_id IS NOT NULL
         ORDER BY x.organization_id, x.serial_id, x.moved_at DESC, x.id DESC) m
 WHERE m.organization_id = s.organization_id AND m.serial_id = s.id AND m.variant_id IS NOT NULL;
ALTER TABLE "inventory"."serials" FORCE ROW LEVEL SECURITY;
ALTER TABLE "inventory"."stock_moves" FORCE ROW LEVEL SECURITY;

CREATE FUNCTION "inventory"."posting_serial_in"(p_org uuid, p_item uuid, p_variant uuid, p_sku text, p_serial text, p_lot uuid,
  p_location uuid, p_user uuid, OUT serial_id uuid, OUT err inventory.posted_move)
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  UPDATE inventory.serials s SET status = 'in_stock', location_id = p_location, lot_id = p_lot, variant_id = p_variant,
         updated_by = p_user, updated_at = now()
   WHERE s.organization_id = p_org AND s.item_id = p_item AND s.serial_number = p_serial AND s.status <> 'in_stock'
  RETURNING s.id INTO serial_id;
  IF FOUND THEN RETURN; END IF;
  INSERT INTO inventory.serials (organization_id, id, item_id, variant_id, serial_number, lot_id, status, location_id, created_by, updated_by)
  VALUES (p_org, uuidv7(), p_item, p_variant, p_serial, p_lot, 'in_stock', p_location, p_user, p_user)
  ON CONFLICT (organization_id, item_id, serial_number) DO NOTHING
  RETURNING id INTO serial_id;
  IF NOT FOUND THEN
    err := inventory.posting_error('CONFLICT', 'serialNumber', format('Serial %s of %s is already in stock', p_serial, p_sku));
  END IF;
END $$;

CREATE FUNCTION "inventory"."posting_serial_out"(p_org uuid, p_item uuid, p_variant uuid, p_sku text, p_serial text, p_from uuid,
  p_place text, p_to uuid, p_lot_control boolean, p_lot uuid, p_user uuid, OUT serial_id uuid, OUT err inventory.posted_move)
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_recorded uuid;
BEGIN
  UPDATE inventory.serials s
     SET location_id = p_to, status = CASE WHEN p_to IS NULL THEN 'issued' ELSE 'in_stock' END::inventory.serial_status,
         updated_by = p_user, updated_at = now()
   WHERE s.organization_id = p_org AND s.item_id = p_item AND s.serial_number = p_serial AND s.status = 'in_stock'
     AND s.location_id = p_from AND (NOT p_lot_control OR s.lot_id IS NOT DISTINCT FROM p_lot)
     AND s.variant_id IS NOT DISTINCT FROM p_variant
  RETURNING s.id INTO serial_id;
  IF FOUND THEN RETURN; END IF;
  SELECT s.variant_id INTO v_recorded FROM inventory.serials s
   WHERE s.organization_id = p_org AND s.item_id = p_item AND s.serial_number = p_serial AND s.status = 'in_stock'
     AND s.location_id = p_from AND (NOT p_lot_control OR s.lot_id IS NOT DISTINCT FROM p_lot);
  IF FOUND THEN
    err := inventory.posting_error('BAD_REQUEST', 'serialNumber', format('Serial %s of %s at %s is recorded as %s, not %s', p_serial, p_sku, p_place,
      coalesce((SELECT v.sku FROM inventory.variants v WHERE v.organization_id = p_org AND v.id = v_recorded), 'no variant'),
      coalesce((SELECT v.sku FROM inventory.variants v WHERE v.organization_id = p_org AND v.id = p_variant), 'no variant')));
  ELSE
    err := inventory.posting_error('BAD_REQUEST', 'serialNumber',
      format('Serial %s of %s is not in stock at %s%s', p_serial, p_sku, p_place, CASE WHEN p_lot_control THEN ' in this lot' ELSE '' END));
  END IF;
END $$;

CREATE OR REPLACE FUNCTION "inventory"."post_in"(p_org uuid, p_user uuid, p_item uuid, p_variant uuid, p_location uuid, p_quantity numeric,
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
    SELECT * INTO ser FROM inventory.posting_serial_in(p_org, p_item, v.variant_id, it.sku, p_serial, lot.lot_id, p_location, p_user);
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
  PERFORM inventory.warehouse_items_apply(p_org, p_item, p_location, p_quantity, c_average, NULL);
  RETURN r;
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
    SELECT * INTO ser FROM inventory.posting_serial_out(p_org, p_item, v.variant_id, it.sku, p_serial, p_location, v_place, NULL, it.lot_control, lot.lot_id, p_user);
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
  PERFORM inventory.warehouse_items_apply(p_org, p_item, p_location, -p_quantity, c_average, c_average);
  RETURN r;
END $$;

CREATE OR REPLACE FUNCTION "inventory"."post_transfer"(p_org uuid, p_user uuid, p_item uuid, p_variant uuid, p_from uuid, p_to uuid, p_quantity numeric,
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
    SELECT * INTO ser FROM inventory.posting_serial_out(p_org, p_item, v.variant_id, it.sku, p_serial, p_from, src.place, p_to, it.lot_control, lot.lot_id, p_user);
    IF (ser.err).error_code IS NOT NULL THEN RETURN ser.err; END IF;
    v_serial_id := ser.serial_id;
  END IF;
  PERFORM inventory.warehouse_items_transfer(p_org, p_item, p_from, p_to, p_quantity, it.standard_unit_cost);
  SELECT ic.average_unit_cost INTO v_average FROM inventory.item_costs ic WHERE ic.organization_id = p_org AND ic.item_id = p_item;
  RETURN inventory.posting_write(p_org, src.workspace_id, p_item, v.variant_id, p_from, p_to, p_quantity, lot.lot_id, v_serial_id,
    coalesce(v_average, it.standard_unit_cost, 0), 0, 'transfer', NULL, p_source_type, p_source_id, p_note, p_moved_at, p_user);
END $$;

CREATE OR REPLACE FUNCTION "inventory"."post_reversal"(p_org uuid, p_user uuid, p_move uuid, p_note text, p_moved_at timestamptz)
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
      SELECT * INTO ser FROM inventory.posting_serial_out(p_org, o.item_id, o.variant_id, it.sku, v_serial, o.to_location_id, back.place, o.from_location_id,
        it.lot_control, o.lot_id, p_user);
      IF (ser.err).error_code IS NOT NULL THEN RETURN ser.err; END IF;
    END IF;
    PERFORM inventory.warehouse_items_transfer(p_org, o.item_id, o.to_location_id, o.from_location_id, o.quantity, it.standard_unit_cost);
  ELSIF o.to_location_id IS NOT NULL THEN
    -- Inbound undone: the stock leaves again, the average is recomputed from what remains.
    r := inventory.posting_level_take(p_org, o.workspace_id, o.item_id, o.variant_id, o.to_location_id, o.lot_id, o.quantity, back.allow_negative,
      it.sku, v_lot_number, back.place);
    IF r.error_code IS NOT NULL THEN RETURN r; END IF;
    IF v_serial IS NOT NULL THEN
      SELECT * INTO ser FROM inventory.posting_serial_out(p_org, o.item_id, o.variant_id, it.sku, v_serial, o.to_location_id, back.place, NULL,
        it.lot_control, o.lot_id, p_user);
      IF (ser.err).error_code IS NOT NULL THEN RETURN ser.err; END IF;
    END IF;
    SELECT * INTO c FROM inventory.posting_cost_lock(p_org, o.item_id, it.standard_unit_cost);
    PERFORM inventory.posting_cost_apply(p_org, o.item_id, c.quantity, c.value, c.average, -o.quantity, -o.value, NULL, true);
    PERFORM inventory.warehouse_items_apply(p_org, o.item_id, o.to_location_id, -o.quantity, c.average, NULL);
  ELSE
    -- Outbound undone: the stock comes back at the cost it left with.
    PERFORM inventory.posting_level_add(p_org, o.workspace_id, o.item_id, o.variant_id, o.from_location_id, o.lot_id, o.quantity);
    IF v_serial IS NOT NULL THEN
      SELECT * INTO ser FROM inventory.posting_serial_in(p_org, o.item_id, o.variant_id, it.sku, v_serial, o.lot_id, o.from_location_id, p_user);
      IF (ser.err).error_code IS NOT NULL THEN RETURN ser.err; END IF;
    END IF;
    SELECT * INTO c FROM inventory.posting_cost_lock(p_org, o.item_id, it.standard_unit_cost);
    PERFORM inventory.posting_cost_apply(p_org, o.item_id, c.quantity, c.value, c.average, o.quantity, -o.value, o.unit_cost, false);
    PERFORM inventory.warehouse_items_apply(p_org, o.item_id, o.from_location_id, o.quantity, c.average, NULL);
  END IF;
  RETURN m;
END $$;

DROP FUNCTION "inventory"."posting_serial_in"(uuid, uuid, text, text, uuid, uuid, uuid);
DROP FUNCTION "inventory"."posting_serial_out"(uuid, uuid, text, text, uuid, text, uuid, boolean, uuid, uuid);

-- Executed by the runtime roles only, as every posting function.
REVOKE ALL ON FUNCTION "inventory"."posting_serial_in"(uuid, uuid, uuid, text, text, uuid, uuid, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION "inventory"."posting_serial_in"(uuid, uuid, uuid, text, text, uuid, uuid, uuid) TO tessera_app, tessera_system;
REVOKE ALL ON FUNCTION "inventory"."posting_serial_out"(uuid, uuid, uuid, text, text, uuid, text, uuid, boolean, uuid, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION "inventory"."posting_serial_out"(uuid, uuid, uuid, text, text, uuid, text, uuid, boolean, uuid, uuid) TO tessera_app, tessera_system;
