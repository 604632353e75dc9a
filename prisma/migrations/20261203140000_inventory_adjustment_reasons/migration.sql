-- Stock adjustment reasons as a closed list (issue 6): inventory.adjustment_reasons per organization (code unique per
-- organization, stored upper-case so unique means case-insensitively unique; name; sort order; archived_at), and
-- stock_adjustments.reason_id (NOT NULL, composite foreign key). stock_adjustments.reason stays: the reason's name as
-- the document was saved (a snapshot; old documents keep showing it when the reason is renamed later).
-- Backfill: every organization gets the default reasons; every other distinct free-text reason of an organization
-- (case-insensitively, trimmed) becomes a reason of its own (code from the text, upper-case letters / digits / _,
-- "REASON" when nothing is left, suffixed _2, _3 … on a collision), and every adjustment points at its reason.
-- createOrganization (adjustment-reasons.service.ts, seedDefaultReasons) gives new organizations the same defaults.

CREATE TABLE "inventory"."adjustment_reasons" (
    "organization_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "sort_order" INTEGER NOT NULL DEFAULT 0,
    "archived_at" TIMESTAMPTZ(6),
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" UUID,
    "updated_by" UUID,

    CONSTRAINT "adjustment_reasons_pkey" PRIMARY KEY ("organization_id", "id"),
    CONSTRAINT "adjustment_reasons_code_check" CHECK ("code" ~ '^[A-Z0-9_-]{1,20}$'),
    CONSTRAINT "adjustment_reasons_name_check" CHECK (length(btrim("name")) BETWEEN 1 AND 80)
);
CREATE UNIQUE INDEX "adjustment_reasons_organization_id_code_key" ON "inventory"."adjustment_reasons"("organization_id", "code");
CREATE INDEX "adjustment_reasons_organization_id_sort_order_idx" ON "inventory"."adjustment_reasons"("organization_id", "sort_order");
ALTER TABLE "inventory"."adjustment_reasons" ADD CONSTRAINT "adjustment_reasons_organization_id_fkey"
  FOREIGN KEY ("organization_id") REFERENCES "platform"."organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
SELECT platform.tenant_table('inventory.adjustment_reasons');

ALTER TABLE "inventory"."stock_adjustments" ADD COLUMN "reason_id" UUID;

-- Existing rows, read and written as the owner without forcing RLS inside this transaction (as in
-- 20261201250000_crm_deal_search_terms); the audit trigger records the new reasons and the adjustments' reason_id.
ALTER TABLE "platform"."organizations" NO FORCE ROW LEVEL SECURITY;
ALTER TABLE "inventory"."adjustment_reasons" NO FORCE ROW LEVEL SECURITY;
ALTER TABLE "inventory"."stock_adjustments" NO FORCE ROW LEVEL SECURITY;

INSERT INTO "inventory"."adjustment_reasons" ("organization_id", "id", "code", "name", "sort_order")
SELECT o."id", uuidv7(), d.code, d.name, d.sort_order
  FROM "platform"."organizations" o
 CROSS JOIN (VALUES ('DAMAGED', 'Damaged', 10), ('EXPIRED', 'Expired', 20), ('LOST', 'Lost or stolen', 30),
                    ('FOUND', 'Found', 40), ('CORRECTION', 'Data correction', 50), ('OPENING', 'Opening balance', 60)) AS d(code, name, sort_order)
ON CONFLICT DO NOTHING;

UPDATE "inventory"."stock_adjustments" a SET "reason_id" = r."id"
  FROM "inventory"."adjustment_reasons" r
 WHERE r."organization_id" = a."organization_id" AND lower(r."name") = lower(btrim(a."reason"));

DO $$
DECLARE
  r record;
  v_base text;
  v_code text;
  v_n int;
  v_id uuid;
  v_sort int := 100;
BEGIN
  FOR r IN
    SELECT a.organization_id AS org, lower(btrim(a.reason)) AS key, min(btrim(a.reason)) AS name
      FROM inventory.stock_adjustments a
     WHERE a.reason_id IS NULL
     GROUP BY a.organization_id, lower(btrim(a.reason))
     ORDER BY 1, 2
  LOOP
    v_base := btrim(left(btrim(regexp_replace(upper(r.name), '[^A-Z0-9]+', '_', 'g'), '_'), 20), '_');
    IF v_base = '' THEN v_base := 'REASON'; END IF;
    v_code := v_base;
    v_n := 1;
    WHILE EXISTS (SELECT 1 FROM inventory.adjustment_reasons x WHERE x.organization_id = r.org AND x.code = v_code) LOOP
      v_n := v_n + 1;
      v_code := btrim(left(v_base, 19 - length(v_n::text)), '_') || '_' || v_n;
    END LOOP;
    v_id := uuidv7();
    v_sort := v_sort + 10;
    INSERT INTO inventory.adjustment_reasons (organization_id, id, code, name, sort_order)
    VALUES (r.org, v_id, v_code, btrim(left(r.name, 80)), v_sort);
    UPDATE inventory.stock_adjustments a SET reason_id = v_id
     WHERE a.organization_id = r.org AND a.reason_id IS NULL AND lower(btrim(a.reason)) = r.key;
  END LOOP;
END $$;

ALTER TABLE "platform"."organizations" FORCE ROW LEVEL SECURITY;
ALTER TABLE "inventory"."adjustment_reasons" FORCE ROW LEVEL SECURITY;
ALTER TABLE "inventory"."stock_adjustments" FORCE ROW LEVEL SECURITY;

ALTER TABLE "inventory"."stock_adjustments" ALTER COLUMN "reason_id" SET NOT NULL;
CREATE INDEX "stock_adjustments_organization_id_reason_id_idx" ON "inventory"."stock_adjustments"("organization_id", "reason_id");
ALTER TABLE "inventory"."stock_adjustments" ADD CONSTRAINT "stock_adjustments_organization_id_reason_id_fkey"
  FOREIGN KEY ("organization_id", "reason_id") REFERENCES "inventory"."adjustment_reasons"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
