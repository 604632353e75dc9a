-- Audit capture of bulk inserts in one pass per statement (issue 6: creating a count snapshots every level in scope
-- as a line, and each line's audit row was most of its cost: 118,424 lines took 41 s, over the 30 s transaction
-- timeout; 26 s with this capture). A table tracked with p_bulk_inserts keeps the row trigger for UPDATE and DELETE
-- and records its INSERTs with a statement trigger over the statement's new rows (a transition table): the same
-- events, row for row, as audit.capture writes (tests/audit/capture-bulk.test.ts compares them), without a trigger
-- call and the column catalog read per row. For tables that take many rows in one statement; a table written one
-- row per statement (the stock ledger) keeps the row trigger, whose per-statement overhead is smaller.

-- The image of each inserted row exactly as audit.capture builds an INSERT's (20261203090000_audit_capture_lean):
-- generated columns left out, NULL columns left out, secret and extra-excluded columns left out, the record id the
-- key column (or the key columns joined with '/'), the workspace when the table has the column.
CREATE FUNCTION "audit"."capture_inserted"() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_generated text[] := ARRAY(SELECT a.attname::text FROM pg_attribute a
                               WHERE a.attrelid = TG_RELID AND a.attgenerated <> '' AND NOT a.attisdropped);
  v_extra text[] := coalesce(TG_ARGV[2:], '{}');
  -- Per column, once: audit.capture tests each row's keys, which are the table's columns.
  v_hidden text[] := ARRAY(SELECT a.attname::text FROM pg_attribute a
                            WHERE a.attrelid = TG_RELID AND a.attnum > 0 AND NOT a.attisdropped
                              AND (audit.is_secret_column(a.attname::text) OR a.attname::text = ANY (v_extra)));
  v_has_workspace boolean := EXISTS (SELECT 1 FROM pg_attribute a
                                      WHERE a.attrelid = TG_RELID AND a.attname = 'workspace_id' AND NOT a.attisdropped);
  v_keys text[] := string_to_array(TG_ARGV[1], ',');
BEGIN
  INSERT INTO audit.events (organization_id, id, workspace_id, actor_id, request_id, kind, table_name, record_id,
                            operation, action, changes, data, xact_id, created_at)
  SELECT (r ->> TG_ARGV[0])::uuid, uuidv7(),
         CASE WHEN v_has_workspace THEN (r ->> 'workspace_id')::uuid END,
         nullif(current_setting('app.user_id', true), '')::uuid,
         nullif(current_setting('app.request_id', true), ''),
         'change', TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME,
         CASE WHEN cardinality(v_keys) = 1 THEN r ->> v_keys[1]
              ELSE (SELECT string_agg(r ->> k.c, '/' ORDER BY k.o) FROM unnest(v_keys) WITH ORDINALITY AS k(c, o)) END,
         'INSERT', 'insert',
         (SELECT coalesce(jsonb_object_agg(n.key, jsonb_build_object('old', NULL::jsonb, 'new', n.value)), '{}')
            FROM jsonb_each(jsonb_strip_nulls(r - v_hidden)) n),
         NULL, pg_current_xact_id()::text::bigint, now()
    FROM (SELECT to_jsonb(t) - v_generated AS r FROM audit_inserted t) s;
  RETURN NULL;
END $$;

-- audit.track with a fourth argument: p_bulk_inserts. Both triggers are dropped first, so tracking a table again
-- (either way) never leaves it with two captures of its inserts.
DROP FUNCTION "audit"."track"(regclass, text[], text);
CREATE FUNCTION "audit"."track"(p_table regclass, p_exclude text[] DEFAULT '{}', p_org_column text DEFAULT 'organization_id',
                                p_bulk_inserts boolean DEFAULT false)
RETURNS void LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_id text;
  v_extra text := '';
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = p_table AND attname = p_org_column AND NOT attisdropped) THEN
    RAISE EXCEPTION 'audit.track: % has no column %', p_table, p_org_column;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = p_table AND attname = 'id' AND NOT attisdropped) THEN
    v_id := 'id';
  ELSE
    SELECT string_agg(a.attname, ',' ORDER BY k.ord) INTO v_id
      FROM pg_index x
      CROSS JOIN LATERAL unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
      JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
     WHERE x.indrelid = p_table AND x.indisprimary AND a.attname <> p_org_column;
  END IF;
  IF v_id IS NULL THEN RAISE EXCEPTION 'audit.track: % has neither an id column nor a primary key', p_table; END IF;
  SELECT coalesce(string_agg(format(', %L', e), ''), '') INTO v_extra FROM unnest(p_exclude) e;
  EXECUTE format('DROP TRIGGER IF EXISTS audit_capture ON %s', p_table);
  EXECUTE format('DROP TRIGGER IF EXISTS audit_capture_inserted ON %s', p_table);
  IF p_bulk_inserts THEN
    EXECUTE format('CREATE TRIGGER audit_capture AFTER UPDATE OR DELETE ON %s FOR EACH ROW EXECUTE FUNCTION audit.capture(%L, %L%s)',
                   p_table, p_org_column, v_id, v_extra);
    EXECUTE format('CREATE TRIGGER audit_capture_inserted AFTER INSERT ON %s REFERENCING NEW TABLE AS audit_inserted '
                   'FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_inserted(%L, %L%s)',
                   p_table, p_org_column, v_id, v_extra);
  ELSE
    EXECUTE format('CREATE TRIGGER audit_capture AFTER INSERT OR UPDATE OR DELETE ON %s FOR EACH ROW EXECUTE FUNCTION audit.capture(%L, %L%s)',
                   p_table, p_org_column, v_id, v_extra);
  END IF;
END $$;

-- A count's snapshot: its lines and its expected serials are inserted in one statement each.
SELECT audit.track('inventory.stock_count_lines', p_bulk_inserts => true);
SELECT audit.track('inventory.stock_count_serials', p_bulk_inserts => true);

REVOKE ALL ON FUNCTION "audit"."capture_inserted"(), "audit"."track"(regclass, text[], text, boolean) FROM PUBLIC;
