// Document numbering (ARCHITECTURE §9) against the real database: gapless and duplicate-free under concurrency on
// separate connections, rollbacks give their number back, yearly reset in the organization's time zone, workspace
// overrides, formats frozen after first use, and another tenant can neither see nor move the counters.
import { randomUUID } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { ZodError, z } from "zod";
import { PrismaClient } from "@/generated/prisma/client";
import { systemDb } from "@/server/db/client";
import { applySettings, type Tx } from "@/server/db/scope";
import { AppError } from "@/server/kernel/errors";
import * as numbering from "@/server/kernel/numbering";
import { callerFor, makeOrg, makeUser } from "../helpers/factory";
import { asApp, urls } from "../helpers/db";
import { asMember, scopeIn } from "../helpers/scoped";
import { codeOf } from "../helpers/trpc";

/** The code, message and form field errors a call ends with, as the error formatter sends them to the client. */
async function failureOf(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    if (!(e instanceof TRPCError)) throw e;
    const cause = e.cause;
    const fieldErrors = cause instanceof ZodError ? z.flattenError(cause).fieldErrors : cause instanceof AppError ? cause.fieldErrors : undefined;
    return { code: e.code, message: e.message, fieldErrors };
  }
  throw new Error("expected the call to fail");
}

async function setup(opts: { timeZone?: string } = {}) {
  const org = await makeOrg();
  const owner = await makeUser(org, { roles: ["owner"] });
  if (opts.timeZone) await systemDb().organization.update({ where: { id: org.id }, data: { timeZone: opts.timeZone } });
  const as = <T>(fn: (tx: Tx, scope: Awaited<ReturnType<typeof scopeIn>>) => Promise<T>, wsSlug = "main") =>
    asMember({ userId: owner.id, orgSlug: org.slug, wsSlug }, fn);
  return { org, owner, as };
}

const seqOf = (as: Awaited<ReturnType<typeof setup>>["as"], type: string) =>
  as(async (tx, s) => (await numbering.list(tx, s)).find((r) => r.documentType === type && !r.workspace)!);

describe("numbering.next", () => {
  it("every organization starts with a sequence per registered document type", async () => {
    const { as } = await setup();
    const rows = await as((tx, s) => numbering.list(tx, s));
    // Keyed series ("series" scope, e.g. part numbers per category) are created by their owner records, not here.
    expect(rows.map((r) => r.documentType)).toEqual(numbering.DOCUMENT_TYPES.filter((d) => d.scope !== "series").map((d) => d.key));
    expect(rows.find((r) => r.documentType === "customer")).toMatchObject({ format: "CUST-{#####}", reset: "never", used: false, nextNumber: "CUST-00001" });
    expect(rows.find((r) => r.documentType === "invoice")).toMatchObject({ format: "INV-{YYYY}-{#####}", reset: "yearly" });
  });

  it("200 concurrent allocations over 20 connections: no gaps, no duplicates, rolled-back ones reused", async () => {
    const { org, owner } = await setup();
    // A client of its own with 20 connections, so the allocations really run side by side.
    const client = new PrismaClient({
      adapter: new PrismaPg({ connectionString: urls().app, max: 20 }),
      transactionOptions: { maxWait: 60_000, timeout: 60_000 },
    });
    try {
      const pids = new Set<number>();
      const results = await Promise.allSettled(
        Array.from({ length: 200 }, (_, i) =>
          client.$transaction(async (tx) => {
            await applySettings(tx as unknown as Tx, { userId: owner.id });
            const scope = await scopeIn(tx as unknown as Tx, owner.id, org.slug, "main");
            const [row] = await tx.$queryRaw<{ pid: number }[]>`select pg_backend_pid() as pid`;
            pids.add(row!.pid);
            const n = await numbering.next(tx as unknown as Tx, scope, "sales_order", { date: "2026-06-15" });
            // Every tenth transaction fails after taking its number: the number must come back.
            if (i % 10 === 3) throw new Error(`rolled back ${n}`);
            return n;
          }),
        ),
      );
      const committed = results.filter((r) => r.status === "fulfilled").map((r) => (r as PromiseFulfilledResult<string>).value);
      const failed = results.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason));
      expect(failed).toHaveLength(20);
      expect(failed.every((f) => f.includes("rolled back SO-2026-"))).toBe(true);
      expect(committed).toHaveLength(180);
      expect(new Set(committed).size).toBe(180);
      const values = committed.map((n) => Number(n.replace("SO-2026-", ""))).sort((a, b) => a - b);
      expect(values).toEqual(Array.from({ length: 180 }, (_, i) => i + 1));
      expect(pids.size).toBe(20);
    } finally {
      await client.$disconnect();
    }
  }, 120_000);

  it("a rolled-back transaction leaves no gap", async () => {
    const { as } = await setup();
    expect(await as((tx, s) => numbering.next(tx, s, "purchase_order", { date: "2026-03-01" }))).toBe("PO-2026-00001");
    await expect(
      as(async (tx, s) => {
        expect(await numbering.next(tx, s, "purchase_order", { date: "2026-03-01" })).toBe("PO-2026-00002");
        throw new Error("the document failed to save");
      }),
    ).rejects.toThrow("the document failed to save");
    expect(await as((tx, s) => numbering.next(tx, s, "purchase_order", { date: "2026-03-01" }))).toBe("PO-2026-00002");
  });

  it("resets yearly by the date in the organization's time zone; 'never' keeps counting", async () => {
    const { as } = await setup({ timeZone: "America/Chicago" });
    const next = (type: string, date: Date | string) => as((tx, s) => numbering.next(tx, s, type, { date }));
    expect(await next("invoice", "2026-12-31")).toBe("INV-2026-00001");
    expect(await next("invoice", "2026-12-31")).toBe("INV-2026-00002");
    // 03:00 UTC on 1 January is still 31 December in Chicago.
    expect(await next("invoice", new Date("2027-01-01T03:00:00Z"))).toBe("INV-2026-00003");
    expect(await next("invoice", new Date("2027-01-01T07:00:00Z"))).toBe("INV-2027-00001");
    expect(await next("invoice", "2026-12-30")).toBe("INV-2026-00004");
    expect(await next("customer", "2026-12-31")).toBe("CUST-00001");
    expect(await next("customer", "2027-01-02")).toBe("CUST-00002");
  });

  it("widens the number past the counter's width instead of wrapping", async () => {
    const { org, as } = await setup();
    const seq = await seqOf(as, "customer");
    await systemDb().numberSequenceCounter.create({ data: { organizationId: org.id, sequenceId: seq.id, period: "", lastValue: 99_998n } });
    expect(await as((tx, s) => numbering.next(tx, s, "customer"))).toBe("CUST-99999");
    expect(await as((tx, s) => numbering.next(tx, s, "customer"))).toBe("CUST-100000");
  });

  it("a workspace's own sequence wins over the organization's", async () => {
    const { org, as } = await setup();
    await as((tx, s) => numbering.createWorkspaceSequence(tx, s, { documentType: "stock_transfer", workspaceId: org.workspaces.second!, format: "B2-TRF-{YY}{MM}-{###}", reset: "yearly" }));
    expect(await as((tx, s) => numbering.next(tx, s, "stock_transfer", { date: "2026-04-09" }), "second")).toBe("B2-TRF-2604-001");
    expect(await as((tx, s) => numbering.next(tx, s, "stock_transfer", { date: "2026-04-09" }), "main")).toBe("TRF-2026-00001");
    expect(await as((tx, s) => numbering.next(tx, s, "stock_transfer", { date: "2026-04-09" }), "second")).toBe("B2-TRF-2604-002");
    // Explicitly numbering for another workspace from an organization-level scope.
    expect(await as((tx, s) => numbering.next(tx, s, "stock_transfer", { date: "2026-04-09", workspaceId: org.workspaces.second! }))).toBe("B2-TRF-2604-003");
  });

  it("an unknown document type is PRECONDITION_FAILED with a clear message", async () => {
    const { as } = await setup();
    await expect(as((tx, s) => numbering.next(tx, s, "space_rocket"))).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: expect.stringContaining('Unknown document type "space_rocket"'),
    });
  });
});

describe("settings.sequences procedures", () => {
  it("list and preview, with a candidate format, without allocating", async () => {
    const { org, owner, as } = await setup();
    const api = await callerFor(owner.id, { org: org.slug, ws: "main" });
    const { rows, total } = await api.settings.sequences.list();
    expect(total).toBe(numbering.DOCUMENT_TYPES.filter((d) => d.scope !== "series").length);
    const so = rows.find((r) => r.documentType === "sales_order")!;
    expect(so).toMatchObject({ label: "Sales order", workspace: null, used: false, version: 1 });
    const year = new Date().getUTCFullYear();
    expect((await api.settings.sequences.preview({ id: so.id })).number).toMatch(new RegExp(`^SO-(${year}|${year + 1}|${year - 1})-00001$`));
    expect((await api.settings.sequences.preview({ documentType: "customer", format: "C{######}" })).number).toBe("C000001");
    expect((await api.settings.sequences.preview({ documentType: "customer" })).number).toBe("CUST-00001");
    await as((tx, s) => numbering.next(tx, s, "customer"));
    expect((await api.settings.sequences.preview({ documentType: "customer" })).number).toBe("CUST-00002");
    expect((await api.settings.sequences.preview({ documentType: "customer" })).number).toBe("CUST-00002");
    expect(await failureOf(api.settings.sequences.preview({ documentType: "customer", format: "C{#}{#}" }))).toMatchObject({
      code: "BAD_REQUEST",
      fieldErrors: { format: ["The format can have only one counter token"] },
    });
  });

  it("update: validated, optimistic, and refused once the sequence has been used", async () => {
    const { org, owner, as } = await setup();
    const api = await callerFor(owner.id, { org: org.slug, ws: "main" });
    const seq = await seqOf(as, "sales_quote");
    for (const [format, message] of [
      ["SQ-{YYYY}", "The format needs one counter token such as {#####}"],
      ["SQ-{#####}", "A yearly reset needs {YYYY} or {YY} in the format, or numbers would repeat"],
      ["SQ-{DD}-{###}", "Unknown token {DD}: use {YYYY}, {YY}, {MM} or a counter such as {#####}"],
      [`${"X".repeat(60)}{YY}{#}`, "The format can be at most 64 characters"],
    ] as const) {
      expect(await failureOf(api.settings.sequences.update({ id: seq.id, format, reset: "yearly", version: 1 }))).toMatchObject({
        code: "BAD_REQUEST",
        fieldErrors: { format: expect.arrayContaining([message]) },
      });
    }
    const updated = await api.settings.sequences.update({ id: seq.id, format: "Q{YY}/{####}", reset: "yearly", version: 1 });
    expect(updated).toMatchObject({ format: "Q{YY}/{####}", version: 2 });
    await expect(api.settings.sequences.update({ id: seq.id, format: "Q{YY}-{####}", reset: "yearly", version: 1 })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("changed by someone else"),
    });
    expect(await as((tx, s) => numbering.next(tx, s, "sales_quote", { date: "2026-02-02" }))).toBe("Q26/0001");
    expect(await failureOf(api.settings.sequences.update({ id: seq.id, format: "Q{YY}-{####}", reset: "yearly", version: 2 }))).toMatchObject({
      code: "CONFLICT",
      fieldErrors: { format: ["Already used: the format can no longer change"] },
    });
    expect((await api.settings.sequences.list()).rows.find((r) => r.id === seq.id)).toMatchObject({ used: true, format: "Q{YY}/{####}" });
  });

  it("permissions: a manager may read but not change; a sales clerk may not read", async () => {
    const { org, as } = await setup();
    const manager = await makeUser(org, { roles: ["manager"] });
    const clerk = await makeUser(org, { roles: ["sales"] });
    const seq = await seqOf(as, "invoice");
    const m = await callerFor(manager.id, { org: org.slug, ws: "main" });
    expect(await codeOf(m.settings.sequences.list())).toBe("OK");
    expect(await codeOf(m.settings.sequences.update({ id: seq.id, format: "I-{YYYY}-{#####}", reset: "yearly", version: 1 }))).toBe("FORBIDDEN");
    const c = await callerFor(clerk.id, { org: org.slug, ws: "main" });
    expect(await codeOf(c.settings.sequences.list())).toBe("FORBIDDEN");
    expect(await codeOf(c.settings.sequences.preview({ documentType: "invoice" }))).toBe("FORBIDDEN");
  });

  it("another organization can neither see, preview, edit nor move your sequences", async () => {
    const a = await setup();
    const b = await setup();
    const seqA = await seqOf(a.as, "customer");
    await a.as((tx, s) => numbering.next(tx, s, "customer"));
    const apiB = await callerFor(b.owner.id, { org: b.org.slug, ws: "main" });
    expect((await apiB.settings.sequences.list()).rows.some((r) => r.id === seqA.id)).toBe(false);
    expect(await codeOf(apiB.settings.sequences.preview({ id: seqA.id }))).toBe("NOT_FOUND");
    expect(await codeOf(apiB.settings.sequences.update({ id: seqA.id, format: "X-{#####}", reset: "never", version: 1 }))).toBe("NOT_FOUND");
    // B's own allocations do not touch A's counter.
    expect(await b.as((tx, s) => numbering.next(tx, s, "customer"))).toBe("CUST-00001");
    // Beneath the application: as tessera_app in B's organization, A's counter and sequence are invisible.
    const touched = await asApp({ orgId: b.org.id, userId: b.owner.id }, async (c) => [
      (await c.query("update settings.number_sequence_counters set last_value = 1000 where sequence_id = $1", [seqA.id])).rowCount,
      (await c.query("update settings.number_sequences set format = 'X-{#}' where id = $1", [seqA.id])).rowCount,
      (await c.query("select 1 from settings.number_sequences where organization_id = $1", [a.org.id])).rowCount,
    ]);
    expect(touched).toEqual([0, 0, 0]);
    // A creating a workspace override in B's workspace is NOT_FOUND.
    await expect(
      a.as((tx, s) => numbering.createWorkspaceSequence(tx, s, { documentType: "customer", workspaceId: b.org.workspaces.main!, format: "X{#}", reset: "never" })),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await a.as((tx, s) => numbering.next(tx, s, "customer"))).toBe("CUST-00002");
  });

  it("refuses a request with no scope and a forged id", async () => {
    const { owner } = await setup();
    const api = await callerFor(owner.id, {});
    expect(await codeOf(api.settings.sequences.list())).toBe("BAD_REQUEST");
    const anon = await callerFor(null, { org: "acme", ws: "hq" });
    expect(await codeOf(anon.settings.sequences.preview({ id: randomUUID() }))).toBe("UNAUTHORIZED");
  });
});
