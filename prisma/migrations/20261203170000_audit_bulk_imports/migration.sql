-- The tables the imports fill a chunk at a time (insert … select from jsonb_to_recordset, 1,000 rows per statement)
-- capture their inserts per statement too (20261203160000_audit_bulk_insert_capture): 10,000 item inserts in one
-- statement spent 2.3–2.5 s in the row trigger and 1.4 s in the statement trigger on the benchmark data. The same
-- events; the exclusions each table was tracked with (none) are kept.
SELECT audit.track('inventory.items', p_bulk_inserts => true);
SELECT audit.track('inventory.item_units', p_bulk_inserts => true);
SELECT audit.track('inventory.item_barcodes', p_bulk_inserts => true);
SELECT audit.track('crm.customers', p_bulk_inserts => true);
SELECT audit.track('crm.contacts', p_bulk_inserts => true);
