// The import history (crm.imports.history: newest first, keyset pages, per-organization, import permission) and the
// retention of uploaded files (import.retention: files, report and sample rows deleted after the organization's
// imports.retentionDays; the record stays, marked, with an audit event), on the test PostgreSQL and a local storage.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "@/server/db/client";
import { LocalStorage, setStorage, storage } from "@/server/kernel/files";
import { purgeExpiredImports } from "@/server/kernel/import/retention";
import { JOB_CATALOG } from "@/server/kernel/jobs/catalog";
import { logger } from "@/server/kernel/logger";
import { callerFor, makeOrg, makeUser } from "../helpers/factory";
import { codeOf } from "../helpers/trpc";
import { commit, report, uploadAndValidate, uploadFile } from "./import-helpers";

const dir = mkdtempSync(path.join(os.tmpdir(), "tessera-import-history-"));
beforeAll(() => setStorage(new LocalStorage(dir)));
afterAll(() => {
  setStorage(undefined);
  rmSync(dir, { recursive: true, force: true });
});

const DAY = 86_400_000;

async function backdate(orgId: string, id: string, days: number) {
  await systemDb().$executeRaw`update settings.imports set created_at = now() - make_interval(days => ${days}::int) where organization_id = ${orgId}::uuid and id = ${id}::uuid`;
}

describe("import history", () => {
  it("lists the organization's imports newest first, by keyset pages, with who, counts and state", async () => {
    const [org, other] = await Promise.all([makeOrg(), makeOrg()]);
    const [owner, stranger, manager] = await Promise.all([makeUser(org), makeUser(other), makeUser(org, { roles: ["manager"] })]);
    await systemDb().user.update({ where: { id: owner.id }, data: { name: "Olga Owner" } });
    const first = await uploadAndValidate(owner, org, "Name,E-mail\nAlpha,alpha@h.test\nBad,not-mail\n", "first.csv");
    await commit(owner, org, first.id);
    const second = await uploadAndValidate(owner, org, "Name\nBeta\n", "second.csv");
    const third = await uploadFile(owner, org, "Name\nGamma\n", "third.csv");
    expect(third.status).toBe(201);

    const c = await callerFor(owner.id, { org: org.slug });
    const p1 = await c.crm.imports.history({ perPage: 2 });
    expect(p1.rows.map((r) => r.fileName)).toEqual(["third.csv", "second.csv"]);
    expect(p1.nextCursor).toBeTruthy();
    const p2 = await c.crm.imports.history({ perPage: 2, cursor: p1.nextCursor });
    expect(p2.rows.map((r) => r.fileName)).toEqual(["first.csv"]);
    expect(p2.nextCursor).toBeUndefined();
    expect(p2.rows[0]).toMatchObject({
      id: first.id,
      kind: "crm.customers",
      status: "done",
      createdByName: "Olga Owner",
      totalRows: 2,
      createdRows: 1,
      updatedRows: 0,
      skippedRows: 0,
      failedRows: 1,
      hasReport: true,
      errorCount: 1,
      filesRemoved: false,
    });
    expect(p1.rows[1]).toMatchObject({ id: second.id, status: "validated", failedRows: 0, hasReport: false });
    expect(p1.rows[0]).toMatchObject({ status: "uploaded", totalRows: null });
    // Oldest first, and a status filter.
    expect((await c.crm.imports.history({ perPage: 10, sort: { id: "createdAt", desc: false } })).rows.map((r) => r.fileName)).toEqual(["first.csv", "second.csv", "third.csv"]);
    expect((await c.crm.imports.history({ perPage: 10, filters: { status: { type: "enum", values: ["done"] } } })).rows.map((r) => r.id)).toEqual([first.id]);
    expect((await c.crm.imports.history({ perPage: 10, q: "SECOND" })).rows.map((r) => r.id)).toEqual([second.id]);
    expect(await codeOf(c.crm.imports.history({ perPage: 10, cursor: "not-a-cursor" }))).toBe("BAD_REQUEST");

    // Another organization sees only its own (none); a member who may not import is refused.
    expect((await (await callerFor(stranger.id, { org: other.slug })).crm.imports.history({ perPage: 10 })).rows).toEqual([]);
    expect(await codeOf((await callerFor(manager.id, { org: org.slug })).crm.imports.history({ perPage: 10 }))).toBe("FORBIDDEN");
    // A foreign organization claim is NOT_FOUND (as for every procedure, tests/isolation).
    expect(await codeOf((await callerFor(stranger.id, { org: org.slug })).crm.imports.history({ perPage: 10 }))).toBe("NOT_FOUND");
  });
});

describe("retention of uploaded files", () => {
  it("deletes the file, the report and the sample rows after the organization's retention period; the record stays", async () => {
    const [org, keeper] = await Promise.all([makeOrg(), makeOrg()]);
    const [owner, keeperOwner] = await Promise.all([makeUser(org), makeUser(keeper)]);
    const old = await uploadAndValidate(owner, org, "Name,E-mail\nOld Co,old@r.test\nBad,not-mail\n", "old.csv");
    await commit(owner, org, old.id);
    const fresh = await uploadAndValidate(owner, org, "Name\nFresh Co\n", "fresh.csv");
    const running = await uploadFile(owner, org, "Name\nRunning Co\n", "running.csv");
    await (await callerFor(owner.id, { org: org.slug })).crm.imports.validate({ id: running.body.id }); // validating, job not run
    // The other organization keeps its files 90 days.
    const kc = await callerFor(keeperOwner.id, { org: keeper.slug, ws: "main" });
    await kc.settings.values.set({ key: "imports.retentionDays", scope: "organization", value: 90 });
    const kept = await uploadAndValidate(keeperOwner, keeper, "Name\nKept Co\n", "kept.csv");

    await Promise.all([backdate(org.id, old.id, 31), backdate(org.id, fresh.id, 29), backdate(org.id, running.body.id, 40), backdate(keeper.id, kept.id, 31)]);
    const before = await systemDb().dataImport.findUniqueOrThrow({ where: { organizationId_id: { organizationId: org.id, id: old.id } } });
    expect(before.reportKey).toBeTruthy();
    expect(await storage().head(before.storageKey)).not.toBeNull();
    expect(await storage().head(before.reportKey!)).not.toBeNull();
    expect((before.sample as unknown[]).length).toBe(2);

    const purged = await purgeExpiredImports(systemDb());
    const mine = purged.filter((p) => p.organizationId === org.id || p.organizationId === keeper.id);
    expect(mine).toEqual([{ organizationId: org.id, id: old.id }]);

    // The objects are gone, the record stays (history), marked, without the file's rows.
    expect(await storage().head(before.storageKey)).toBeNull();
    expect(await storage().head(before.reportKey!)).toBeNull();
    const after = await systemDb().dataImport.findUniqueOrThrow({ where: { organizationId_id: { organizationId: org.id, id: old.id } } });
    expect(after).toMatchObject({ status: "done", createdRows: 1, failedRows: 1, sample: [], firstErrors: [] });
    expect(after.filesRemovedAt).toBeInstanceOf(Date);
    const others = await systemDb().dataImport.findMany({ where: { id: { in: [fresh.id, running.body.id, kept.id] } } });
    expect(others.map((r) => r.filesRemovedAt)).toEqual([null, null, null]);
    for (const r of others) expect(await storage().head(r.storageKey)).not.toBeNull();

    // One business event for the removal; the sample rows never reached the audit images of the record.
    const events = await systemDb().auditEvent.findMany({ where: { organizationId: org.id, action: "import.files_removed" } });
    expect(events.map((e) => [e.recordId, (e.data as { fileName?: string }).fileName])).toEqual([[old.id, "old.csv"]]);
    const images = await systemDb().auditEvent.findMany({ where: { organizationId: org.id, tableName: "settings.imports", recordId: old.id } });
    expect(images.length).toBeGreaterThan(0);
    expect(JSON.stringify(images.map((e) => e.changes))).not.toContain("old@r.test");

    // The history says so; the report link answers that it expired; the import cannot run again from the file.
    const c = await callerFor(owner.id, { org: org.slug });
    const row = (await c.crm.imports.history({ perPage: 10 })).rows.find((r) => r.id === old.id)!;
    expect(row).toMatchObject({ filesRemoved: true, hasReport: true, createdRows: 1 });
    const res = await report(owner, org, old.id);
    expect(res.status).toBe(412);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/expired/);
    expect((await c.crm.imports.status({ id: old.id })).filesRemovedAt).toBeInstanceOf(Date);

    // A removed validated import cannot be validated or committed any more.
    await backdate(org.id, fresh.id, 31);
    await purgeExpiredImports(systemDb(), { now: new Date(Date.now() + DAY) });
    expect(await codeOf(c.crm.imports.commit({ id: fresh.id }))).toBe("PRECONDITION_FAILED");
    expect(await codeOf(c.crm.imports.validate({ id: fresh.id }))).toBe("PRECONDITION_FAILED");
    // A second run finds nothing more of these (idempotent), and the running one is still left alone.
    const again = await purgeExpiredImports(systemDb());
    expect(again.filter((p) => p.organizationId === org.id || p.organizationId === keeper.id)).toEqual([]);
    expect((await systemDb().dataImport.findFirstOrThrow({ where: { id: running.body.id } })).filesRemovedAt).toBeNull();
  });

  it("runs daily as the import.retention job of the application's catalog", async () => {
    const entry = JOB_CATALOG.find((j) => j.name === "import.retention");
    expect(entry).toMatchObject({ cron: "41 3 * * *" });
    const org = await makeOrg();
    const owner = await makeUser(org);
    const up = await uploadFile(owner, org, "Name\nOld\n", "old.csv");
    await backdate(org.id, up.body.id, 31);
    await entry!.handler({}, { jobId: "test", log: logger });
    expect((await systemDb().dataImport.findFirstOrThrow({ where: { id: up.body.id } })).filesRemovedAt).toBeInstanceOf(Date);
  });
});
