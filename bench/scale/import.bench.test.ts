// The 100,000-row customers import, measured (docs/BENCHMARKS.md, "CRM import"). Skipped unless IMPORT_BENCH is set:
//   IMPORT_BENCH=100000 npx vitest run --config bench/vitest.config.ts import
// Upload through POST /api/imports, validation (report + dry run) and commit through the job functions, then the
// same file again (every row matched by e-mail: the idempotent re-run).
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

const ROWS = Number(process.env.IMPORT_BENCH ?? 0);
const BAD = Math.round(ROWS / 1000);

describe.skipIf(!ROWS)(`customers import of ${ROWS} rows`, () => {
  let dir = "";
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "tessera-import-bench-"));
    setStorage(new LocalStorage(dir));
  });
  afterAll(() => {
    setStorage(undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it("uploads, validates, commits and re-runs", async () => {
    const org = await makeOrg();
    const user = await makeUser(org);
    const cookie = `next-auth.session-token=${await encode({ token: { uid: user.id, sv: 1, sid: await makeSession(user.id) }, secret: process.env.NEXTAUTH_SECRET! })}`;
    const caller = await callerFor(user.id, { org: org.slug });
    const body = customerCsv(ROWS, { bad: BAD });
    const figures: Record<string, number | string> = { rows: ROWS, badRows: BAD, fileMB: +(Buffer.byteLength(body) / 1024 / 1024).toFixed(1) };
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
    console.log(`IMPORT_BENCH ${JSON.stringify(figures)}`);
  }, 1_800_000);
});
