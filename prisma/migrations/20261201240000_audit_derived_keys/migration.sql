-- Generated columns (the customers' tier/status/type keys, the deals' stage rank: leakproof index keys that only
-- mirror an enum column) never appear in the audit trail: a change records the enum, not the derived key beside it.
-- Same function as in 20261122020000_audit, with the generated columns removed from the row images.
CREATE OR REPLACE FUNCTION "audit"."capture"() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  -- Generated columns (index keys derived from another column) are left out: the audit records their source.
  v_generated text[] := ARRAY(SELECT a.attname::text FROM pg_attribute a
                               WHERE a.attrelid = TG_RELID AND a.attgenerated <> '' AND NOT a.attisdropped);
  v_old jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) - v_generated END;
  v_new jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) - v_generated END;
  v_row jsonb := coalesce(v_new, v_old);
  v_extra text[] := coalesce(TG_ARGV[2:], '{}');
  v_hidden text[];
  v_changes jsonb;
  v_record text;
BEGIN
  SELECT coalesce(array_agg(k), '{}') INTO v_hidden
    FROM jsonb_object_keys(v_row) k WHERE audit.is_secret_column(k) OR k = ANY (v_extra);

  IF TG_OP = 'UPDATE' THEN
    SELECT jsonb_object_agg(n.key, CASE WHEN n.key = ANY (v_hidden) THEN '{"redacted": true}'::jsonb
                                        ELSE jsonb_build_object('old', v_old -> n.key, 'new', n.value) END)
      INTO v_changes
      FROM jsonb_each(v_new) n WHERE n.value IS DISTINCT FROM v_old -> n.key;
    IF v_changes IS NULL THEN RETURN NULL; END IF; -- nothing changed
  ELSE
    SELECT jsonb_object_agg(n.key, CASE WHEN TG_OP = 'INSERT' THEN jsonb_build_object('old', NULL::jsonb, 'new', n.value)
                                        ELSE jsonb_build_object('old', n.value, 'new', NULL::jsonb) END)
      INTO v_changes
      FROM jsonb_each(v_row - v_hidden) n;
  END IF;

  SELECT string_agg(v_row ->> c, '/' ORDER BY o) INTO v_record
    FROM unnest(string_to_array(TG_ARGV[1], ',')) WITH ORDINALITY AS x(c, o);

  INSERT INTO audit.events (organization_id, id, workspace_id, actor_id, request_id, kind, table_name, record_id,
                            operation, action, changes, data, xact_id, created_at)
  VALUES ((v_row ->> TG_ARGV[0])::uuid, uuidv7(),
          CASE WHEN v_row ? 'workspace_id' THEN (v_row ->> 'workspace_id')::uuid END,
          nullif(current_setting('app.user_id', true), '')::uuid,
          nullif(current_setting('app.request_id', true), ''),
          'change', TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME, v_record, TG_OP, lower(TG_OP), v_changes, NULL,
          pg_current_xact_id()::text::bigint, now());
  RETURN NULL;
END $$;
