// Bulk inserts captured per statement (audit.track(…, p_bulk_inserts => true): audit.capture_inserted over the
// statement's new rows) record the same events, row for row, as the row trigger (audit.capture). Two throw-away
// tables of the same shape, one tracked each way, take the same rows in one statement; their events must match.
import { randomBytes, randomUUID } from "node:crypto";
import type pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { withConnection } from "../helpers/db";
import { makeOrg, makeUser } from "../helpers/factory";

/** The tables tracked with p_bulk_inserts (migrations 20261203160000 and 20261203170000). */
const BULK_TABLES = [
  "inventory.stock_count_lines", "inventory.stock_count_serials", "inventory.items", "inventory.item_units", "inventory.item_barcodes",
  "crm.customers", "crm.contacts",
];

let org: Awaited<ReturnType<typeof makeOrg>>;
let user: Awaited<ReturnType<typeof makeUser>>;

beforeAll(async () => {
  org = await makeOrg();
  user = await makeUser(org);
});

interface EventRow {
  table_name: string;
  record_id: string;
  organization_id: string;
  workspace_id: string | null;
  actor_id: string | null;
  request_id: string | null;
  kind: string;
  operation: string;
  action: string;
  changes: Record<string, unknown>;
  xact_id: string;
}

/** Runs fn in a schema of throw-away tables, in one transaction that is rolled back. */
async function inScratchSchema<T>(fn: (c: pg.Client, s: string) => Promise<T>): Promise<T> {
  const s = `audit_bulk_${randomBytes(4).toString("hex")}`;
  return withConnection("admin", async (c) => {
    await c.query("begin");
    try {
      // Every kind of column the image treats specially: generated (left out), secret by name (left out), excluded
      // by the table (left out), NULL (left out), a workspace (recorded), numbers, arrays and JSON (kept as JSON).
      for (const t of ["rowwise", "bulk"]) {
        await c.query(`
          CREATE SCHEMA IF NOT EXISTS ${s};
          CREATE TABLE ${s}.${t} (organization_id uuid NOT NULL, id uuid NOT NULL, workspace_id uuid, code text NOT NULL,
            note text, qty numeric(18,4), tags text[], spec jsonb, token_hash text, pin text,
            code_key text GENERATED ALWAYS AS (lower(code)) STORED, PRIMARY KEY (organization_id, id));
          CREATE TABLE ${s}.${t}_lines (organization_id uuid NOT NULL, doc text NOT NULL, line_no int NOT NULL, qty numeric,
            PRIMARY KEY (organization_id, doc, line_no));`);
        const bulk = t === "bulk";
        await c.query(`SELECT audit.track('${s}.${t}', '{pin}', p_bulk_inserts => ${bulk}), audit.track('${s}.${t}_lines', p_bulk_inserts => ${bulk})`);
      }
      await c.query("select set_config('app.user_id', $1, true), set_config('app.request_id', $2, true)", [user.id, `req-${randomUUID()}`]);
      return await fn(c, s);
    } finally {
      await c.query("rollback");
    }
  });
}

async function eventsOf(c: pg.Client, table: string): Promise<EventRow[]> {
  return (await c.query<EventRow>(
    `select table_name, record_id, organization_id, workspace_id, actor_id, request_id, kind::text as kind, operation, action, changes, xact_id::text as xact_id
       from audit.events where organization_id = $1 and table_name = $2 order by record_id, id`,
    [org.id, table],
  )).rows;
}

/** The events of a table as the other table's would read (the table name is the one difference allowed). */
const comparable = (rows: EventRow[]) => rows.map(({ table_name: _t, ...rest }) => rest);

describe("audit capture of bulk inserts (one statement trigger)", () => {
  it("records exactly the events the row trigger records, row for row", async () => {
    await inScratchSchema(async (c, s) => {
      const ws = randomUUID();
      const rows = [
        [randomUUID(), ws, "A-1", "first", "12.5000", ["x", "y"], { w: 1, nested: { ok: true } }, "secret-hash", "1234"],
        [randomUUID(), null, "B-2", null, null, null, null, null, null],
        [randomUUID(), ws, "c-3", "it's \"quoted\"", "0", [], {}, null, "9"],
      ];
      for (const t of ["rowwise", "bulk"]) {
        await c.query(
          `insert into ${s}.${t} (organization_id, id, workspace_id, code, note, qty, tags, spec, token_hash, pin)
           select $1, r.id, r.ws, r.code, r.note, r.qty, r.tags, r.spec, r.token_hash, r.pin
             from jsonb_to_recordset($2::jsonb) as r(id uuid, ws uuid, code text, note text, qty numeric, tags text[], spec jsonb, token_hash text, pin text)`,
          [org.id, JSON.stringify(rows.map(([id, ws, code, note, qty, tags, spec, token_hash, pin]) => ({ id, ws, code, note, qty, tags, spec, token_hash, pin })))],
        );
        await c.query(`insert into ${s}.${t}_lines (organization_id, doc, line_no, qty) select $1, 'D-' || g % 2, g, g * 1.5 from generate_series(1, 5) g`, [org.id]);
      }
      const rowwise = await eventsOf(c, `${s}.rowwise`);
      const bulk = await eventsOf(c, `${s}.bulk`);
      expect(rowwise).toHaveLength(3);
      expect(comparable(bulk)).toEqual(comparable(rowwise));
      // The image itself (so that two equally wrong captures cannot pass): no generated, secret, excluded or NULL column.
      const first = bulk.find((e) => e.record_id === rows[0]![0])!;
      expect(first).toMatchObject({ workspace_id: ws, actor_id: user.id, kind: "change", operation: "INSERT", action: "insert" });
      expect(Object.keys(first.changes).sort()).toEqual(["code", "id", "note", "organization_id", "qty", "spec", "tags", "workspace_id"]);
      expect(first.changes.qty).toEqual({ old: null, new: 12.5 });
      expect(first.changes.spec).toEqual({ old: null, new: { w: 1, nested: { ok: true } } });
      // Composite keys: the record id is the key columns other than the organization's, joined with '/'.
      const lines = await eventsOf(c, `${s}.bulk_lines`);
      expect(comparable(lines)).toEqual(comparable(await eventsOf(c, `${s}.rowwise_lines`)));
      expect(lines.map((e) => e.record_id).sort()).toEqual(["D-0/2", "D-0/4", "D-1/1", "D-1/3", "D-1/5"]);
    });
  });

  it("keeps the row trigger for updates and deletes, and never captures an insert twice when tracked again", async () => {
    await inScratchSchema(async (c, s) => {
      const id = randomUUID();
      await c.query(`insert into ${s}.bulk (organization_id, id, code) values ($1, $2, 'K-1')`, [org.id, id]);
      await c.query(`update ${s}.bulk set note = 'changed' where id = $1`, [id]);
      await c.query(`delete from ${s}.bulk where id = $1`, [id]);
      expect((await eventsOf(c, `${s}.bulk`)).map((e) => [e.operation, e.changes.note ?? null])).toEqual([
        ["INSERT", null],
        ["UPDATE", { old: null, new: "changed" }],
        ["DELETE", { old: "changed", new: null }],
      ]);
      // Tracked again either way, the table has exactly one capture of its inserts.
      for (const bulk of [false, true, true]) {
        await c.query(`SELECT audit.track('${s}.bulk', '{pin}', p_bulk_inserts => ${bulk})`);
        const other = randomUUID();
        await c.query(`insert into ${s}.bulk (organization_id, id, code) values ($1, $2, 'K-2')`, [org.id, other]);
        expect((await eventsOf(c, `${s}.bulk`)).filter((e) => e.record_id === other)).toHaveLength(1);
        await c.query(`delete from ${s}.bulk where id = $1`, [other]);
      }
    });
  });

  it("captures per statement the inserts of the tables filled in bulk: a count's snapshot, the imports", async () => {
    const triggers = await withConnection("admin", async (c) =>
      (await c.query<{ table: string; name: string; level: string; events: string }>(`
        select c.relname::text as table, t.tgname::text as name,
               case when (t.tgtype & 1) = 1 then 'row' else 'statement' end as level,
               concat_ws(',', case when (t.tgtype & 4) = 4 then 'insert' end, case when (t.tgtype & 16) = 16 then 'update' end,
                         case when (t.tgtype & 8) = 8 then 'delete' end) as events
          from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
         where n.nspname || '.' || c.relname = any($1) and t.tgname like 'audit_capture%'
         order by 1, 2`, [BULK_TABLES])).rows,
    );
    expect(triggers).toEqual(
      BULK_TABLES.map((t) => t.split(".")[1]!).sort().flatMap((table) => [
        { table, name: "audit_capture", level: "row", events: "update,delete" },
        { table, name: "audit_capture_inserted", level: "statement", events: "insert" },
      ]),
    );
  });
});
