// The 100,000-row customers import, measured (docs/BENCHMARKS.md, "CRM import"). Skipped unless IMPORT_BENCH is set:
//   IMPORT_BENCH=100000 npx vitest run --config bench/vitest.config.ts import
// Upload through POST /api/imports, validation (report + dry run) and commit through the job functions, then the
// same file again (every row matched by e-mail: the idempotent re-run).
// IMPORT_BENCH_ROW_AUDIT=1 measures the same code with crm.customers and crm.contacts capturing their INSERTs with the
// per-row trigger (audit.capture) instead of the statement trigger (audit.capture_inserted, migration
// 20261203170000_audit_bulk_imports): the before/after of that change. The tracking is restored after the run.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as upload } from "@/app/api/imports/route";
import { systemDb } from "@/server/db/client";
import { LocalStorage, setStorage } from "@/server/kernel/files";
import { runCommit, runValidation } from "@/server/kernel/import/run";
import { callerFor, makeOrg, makeSession, makeUser } from "../../tests/helpers/factory";
import { customerCsv } from "../../tests/crm/import-data";
import { withConnection } from "../../tests/helpers/db";

const ROWS = Number(process.env.IMPORT_BENCH ?? 0);
const BAD = Math.round(ROWS / 1000);
const ROW_AUDIT = process.env.IMPORT_BENCH_ROW_AUDIT === "1";
const TABLES = ["crm.customers", "crm.contacts"];

/** Tracks the two tables again, with the row trigger for inserts (`rowInserts`) or the statement trigger. */
const track = (rowInserts: boolean) =>
  withConnection("admin", (c) =>
    c.query("select audit.track(t::regclass, p_bulk_inserts => $2) from unnest($1::text[]) t", [TABLES, !rowInserts]),
  );
/** The audit triggers on the two tables, e.g. "crm.customers:audit_capture,audit_capture_inserted". */
const auditTriggers = () =>
  withConnection("admin", async (c) => {
    const { rows } = await c.query<{ t: string }>(
      `select t.relname || ':' || string_agg(g.tgname, ',' order by g.tgname) as t
         from unnest($1::text[]) u(n) join pg_class t on t.oid = u.n::regclass
         join pg_trigger g on g.tgrelid = t.oid and g.tgname like 'audit%'
        group by t.relname order by 1`,
      [TABLES],
    );
    return rows.map((r) => r.t).join(" ");
  });

describe.skipIf(!ROWS)(`customers import of ${ROWS} rows`, () => {
  let dir = "";
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "tessera-import-bench-"));
    setStorage(new LocalStorage(dir));
    if (ROW_AUDIT) await track(true);
  });
  afterAll(async () => {
    setStorage(undefined);
    rmSync(dir, { recursive: true, force: true });
    if (ROW_AUDIT) await track(false);
  });

  it("uploads, validates, commits and re-runs", async () => {
    const org = await makeOrg();
    const user = await makeUser(org);
    const cookie = `next-auth.session-token=${await encode({ token: { uid: user.id, sv: 1, sid: await makeSession(user.id) }, secret: process.env.NEXTAUTH_SECRET! })}`;
    const caller = await callerFor(user.id, { org: org.slug });
    const body = customerCsv(ROWS, { bad: BAD });
    const figures: Record<string, number | string> = {
      rows: ROWS,
      badRows: BAD,
      fileMB: +(Buffer.byteLength(body) / 1024 / 1024).toFixed(1),
      insertAudit: ROW_AUDIT ? "row" : "statement",
      triggers: await auditTriggers(),
    };
    const time = async <T>(label: string, fn: () => Promise<T>) => {
      const t = performance.now();
      const out = await fn();
      figures[label] = +((performance.now() - t) / 1000).toFixed(2);
      return out;
    };

    const run = async (label: string) => {
      const form = new FormData();
      form.set("org", org.slug);
      form.set("kind", "crm.customers");
      form.set("file", new File([body], "customers.csv", { type: "text/csv" }));
      const res = await time(`${label}UploadS`, () => upload(new Request("http://bench.local/api/imports", { method: "POST", body: form, headers: { cookie } })));
      expect(res.status).toBe(201);
      const { id } = (await res.json()) as { id: string };
      await caller.crm.imports.validate({ id });
      await time(`${label}ValidateS`, () => runValidation(org.id, id));
      const v = await caller.crm.imports.status({ id });
      await caller.crm.imports.commit({ id });
      await time(`${label}CommitS`, () => runCommit(org.id, id));
      return { v, done: await caller.crm.imports.status({ id }) };
    };

    const first = await run("first");
    expect(first.v).toMatchObject({ totalRows: ROWS, errorRows: BAD, toCreate: ROWS - BAD });
    expect(first.done).toMatchObject({ status: "done", createdRows: ROWS - BAD });
    const second = await run("rerun");
    expect(second.v).toMatchObject({ toCreate: 0, toUpdate: 0, toSkip: ROWS - BAD });
    expect(await systemDb().customer.count({ where: { organizationId: org.id } })).toBe(ROWS - BAD);
    expect(await systemDb().contact.count({ where: { organizationId: org.id } })).toBe(ROWS - BAD);
    // Either capture writes one INSERT event per customer and per contact.
    const events = await withConnection("admin", (c) =>
      c.query<{ n: string }>("select count(*) as n from audit.events where organization_id = $1 and table_name = any($2) and operation = 'INSERT'", [org.id, TABLES]),
    );
    expect(Number(events.rows[0]!.n)).toBe(2 * (ROWS - BAD));
    console.log(`IMPORT_BENCH ${JSON.stringify(figures)}`);
  }, 1_800_000);
});
