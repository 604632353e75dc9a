// inventory.reports.adjustmentsByReason: the posted adjustments of a period per reason, valued from the ledger; the
// adjustments list's reason and posted-date filters (the report's drill-down); the export.
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { ZodError, z } from "zod";
import { systemDb } from "@/server/db/client";
import { EXPORTS } from "@/server/exports";
import { authorizeExport, exportStream } from "@/server/kernel/export/service";
import { withConnection } from "../helpers/db";
import { parseCsv } from "../helpers/csv";
import { callerFor, makeUser, sessionClaim, uniq } from "../helpers/factory";
import { failure, makeItem, stockroom, type Caller, type Stockroom } from "./helpers";

const today = () => new Date().toISOString().slice(0, 10);
const enumF = (...values: string[]) => ({ type: "enum" as const, values });

/** The field errors of a refused input (zod, as the tRPC error formatter flattens them for the form). */
async function inputErrors(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    if (e instanceof TRPCError && e.cause instanceof ZodError) return { code: e.code, fields: z.flattenError(e.cause).fieldErrors };
    throw e;
  }
  throw new Error("The input was accepted");
}

/** Creates and posts an adjustment; answers its id. */
async function posted(caller: Caller, warehouseId: string, reasonId: string, lines: { itemId: string; locationId: string; quantity: string; unitCost?: string }[]) {
  const d = await caller.inventory.adjustments.create({ warehouseId, reasonId, lines });
  const p = await caller.inventory.adjustments.post({ id: d.id, version: d.version });
  expect(p.status).toBe("posted");
  return p;
}

/** Moves an adjustment's posting moment (the report and the list read `posted_at`). */
async function postedAt(orgId: string, id: string, at: string) {
  await systemDb().stockAdjustment.update({ where: { organizationId_id: { organizationId: orgId, id } }, data: { postedAt: new Date(at) } });
}

/** The ids of the adjustments list for these filters (every page). */
async function listIds(caller: Caller, filters: Record<string, unknown>) {
  const out: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await caller.inventory.adjustments.list({ filters: filters as never, perPage: 2, cursor });
    out.push(...page.rows.map((r) => r.id));
    cursor = page.nextCursor;
  } while (cursor);
  return out.sort();
}

describe("adjustments by reason", () => {
  let room: Stockroom;
  let ids: { found: string; damaged1: string; damaged2: string; draft: string; cancelled: string; branch: string };
  beforeAll(async () => {
    room = await stockroom();
    const item = await makeItem(room);
    const other = await makeItem(room);
    const r = room.reasons;
    await room.owner.inventory.stock.receive({ itemId: item.id, locationId: room.main.a, quantity: "10", unitCost: "2" });
    // FOUND +3 at 2: 6.00 added.
    const found = await posted(room.owner, room.main.id, r.FOUND, [{ itemId: item.id, locationId: room.main.a, quantity: "3", unitCost: "2" }]);
    // DAMAGED: −2 at the average 2 (4.00 removed) and +1 at 5 (5.00 added); average then 27 / 12 = 2.25.
    const damaged1 = await posted(room.owner, room.main.id, r.DAMAGED, [
      { itemId: item.id, locationId: room.main.a, quantity: "-2" },
      { itemId: item.id, locationId: room.main.b, quantity: "1", unitCost: "5" },
    ]);
    // DAMAGED again: −1 at 2.25.
    const damaged2 = await posted(room.owner, room.main.id, r.DAMAGED, [{ itemId: item.id, locationId: room.main.a, quantity: "-1" }]);
    // Not counted: a draft, and a posted adjustment cancelled since (its moves reversed).
    const draft = await room.owner.inventory.adjustments.create({ warehouseId: room.main.id, reasonId: r.LOST, lines: [{ itemId: item.id, locationId: room.main.a, quantity: "-1" }] });
    const cancelled = await posted(room.owner, room.main.id, r.CORRECTION, [{ itemId: other.id, locationId: room.main.a, quantity: "5", unitCost: "1" }]);
    await room.owner.inventory.adjustments.cancel({ id: cancelled.id, version: cancelled.version, reason: "Wrong item" });
    // The second workspace's warehouse: OPENING +4 at 3.
    const branch = await posted(room.owner, room.second.id, r.OPENING, [{ itemId: other.id, locationId: room.second.c, quantity: "4", unitCost: "3" }]);
    ids = { found: found.id, damaged1: damaged1.id, damaged2: damaged2.id, draft: draft.id, cancelled: cancelled.id, branch: branch.id };
  });

  it("sums the posted adjustments per reason from their moves, in the reasons' order, with totals", async () => {
    const report = await room.owner.inventory.reports.adjustmentsByReason({ from: today(), to: today() });
    expect(report.timeZone).toBe("UTC");
    expect(report.rows).toEqual([
      { reasonId: room.reasons.DAMAGED, code: "DAMAGED", name: "Damaged", archived: false, documents: 2, lines: 3, linesUp: 1, linesDown: 2, valueIncreased: "5.00", valueDecreased: "6.25", netValue: "-1.25" },
      { reasonId: room.reasons.FOUND, code: "FOUND", name: "Found", archived: false, documents: 1, lines: 1, linesUp: 1, linesDown: 0, valueIncreased: "6.00", valueDecreased: "0.00", netValue: "6.00" },
      { reasonId: room.reasons.OPENING, code: "OPENING", name: "Opening balance", archived: false, documents: 1, lines: 1, linesUp: 1, linesDown: 0, valueIncreased: "12.00", valueDecreased: "0.00", netValue: "12.00" },
    ]);
    expect(report.totals).toEqual({ documents: 4, lines: 5, linesUp: 3, linesDown: 2, valueIncreased: "23.00", valueDecreased: "6.25", netValue: "16.75" });
    // The net is the ledger's: Σ value of the counted documents' moves.
    const ledger = await withConnection("system", async (c) => {
      const { rows } = await c.query<{ v: string }>(
        `select sum(value)::numeric(18,2)::text as v from inventory.stock_moves where organization_id = $1 and source_document_type = 'inventory.stock_adjustment' and source_document_id = any($2::uuid[])`,
        [room.org.id, [ids.found, ids.damaged1, ids.damaged2, ids.branch]],
      );
      return rows[0]!.v;
    });
    expect(ledger).toBe("16.75");
  });

  it("filters by warehouse and by reason; an archived reason still reports its past adjustments", async () => {
    const main = await room.owner.inventory.reports.adjustmentsByReason({ from: today(), to: today(), warehouseId: room.main.id });
    expect(main.rows.map((r) => r.code)).toEqual(["DAMAGED", "FOUND"]);
    expect(main.totals.netValue).toBe("4.75");
    const second = await room.owner.inventory.reports.adjustmentsByReason({ from: today(), to: today(), warehouseId: room.second.id });
    expect(second.rows.map((r) => [r.code, r.netValue])).toEqual([["OPENING", "12.00"]]);
    const found = await room.owner.inventory.reports.adjustmentsByReason({ from: today(), to: today(), reasonId: room.reasons.FOUND });
    expect(found.rows.map((r) => r.code)).toEqual(["FOUND"]);
    expect(found.totals).toMatchObject({ documents: 1, netValue: "6.00" });
    // A reason without posted adjustments in the period: no rows, zero totals.
    const lost = await room.owner.inventory.reports.adjustmentsByReason({ from: today(), to: today(), reasonId: room.reasons.LOST });
    expect(lost).toMatchObject({ rows: [], totals: { documents: 0, lines: 0, valueIncreased: "0.00", valueDecreased: "0.00", netValue: "0.00" } });

    const reason = await room.owner.inventory.adjustmentReasons.create({ code: `R${uniq().slice(-6)}`, name: "Archived later" });
    const item = await makeItem(room);
    const old = await posted(room.owner, room.main.id, reason.id, [{ itemId: item.id, locationId: room.main.b, quantity: "1", unitCost: "1" }]);
    // Posted on a day of its own, so the other tests' period (today) does not see it.
    await postedAt(room.org.id, old.id, "2026-01-15T12:00:00Z");
    const archived = await room.owner.inventory.adjustmentReasons.archive({ id: reason.id, version: reason.version });
    const r = await room.owner.inventory.reports.adjustmentsByReason({ from: "2026-01-15", to: "2026-01-15", reasonId: reason.id });
    expect(r.rows).toEqual([expect.objectContaining({ reasonId: reason.id, archived: true, documents: 1, netValue: "1.00" })]);
    await room.owner.inventory.adjustmentReasons.restore({ id: reason.id, version: archived.version });
  });

  it("shows a member only the adjustments of their workspaces; other warehouses and organizations answer NOT_FOUND", async () => {
    const user = await makeUser(room.org, { roles: ["warehouse"], workspaces: ["second"] });
    const member = await callerFor(user.id, { org: room.org.slug });
    const seen = await member.inventory.reports.adjustmentsByReason({ from: today(), to: today() });
    expect(seen.rows.map((r) => r.code)).toEqual(["OPENING"]);
    expect(seen.totals).toMatchObject({ documents: 1, netValue: "12.00" });
    expect((await failure(member.inventory.reports.adjustmentsByReason({ from: today(), to: today(), warehouseId: room.main.id }))).code).toBe("NOT_FOUND");

    const foreign = await stockroom();
    expect((await failure(room.owner.inventory.reports.adjustmentsByReason({ from: today(), to: today(), reasonId: foreign.reasons.DAMAGED }))).code).toBe("NOT_FOUND");
    expect((await failure(room.owner.inventory.reports.adjustmentsByReason({ from: today(), to: today(), reasonId: "00000000-0000-7000-8000-000000000000" }))).code).toBe("NOT_FOUND");
    expect((await failure(room.owner.inventory.reports.adjustmentsByReason({ from: today(), to: today(), warehouseId: foreign.main.id }))).code).toBe("NOT_FOUND");
    // And the other organization's own report knows nothing of ours.
    expect((await foreign.owner.inventory.reports.adjustmentsByReason({ from: today(), to: today() })).rows).toEqual([]);
  });

  it("refuses bad input with field errors, and callers without inventory.stock.read", async () => {
    expect(await inputErrors(room.owner.inventory.reports.adjustmentsByReason({ from: "2026-12-02", to: "2026-12-01" }))).toEqual({
      code: "BAD_REQUEST", fields: { to: ["The end date must not be before the start date"] },
    });
    expect(await inputErrors(room.owner.inventory.reports.adjustmentsByReason({ from: "2026-02-30", to: "2026-12-01" }))).toEqual({
      code: "BAD_REQUEST", fields: { from: ["Enter a date as YYYY-MM-DD"] },
    });
    expect(await inputErrors(room.owner.inventory.reports.adjustmentsByReason({ from: "2026-12-01", to: "2026-12-01", reasonId: "nope" }))).toEqual({
      code: "BAD_REQUEST", fields: { reasonId: ["Choose a reason"] },
    });
    const user = await makeUser(room.org, { roles: ["sales"] });
    const clerk = await callerFor(user.id, { org: room.org.slug });
    expect((await failure(clerk.inventory.reports.adjustmentsByReason({ from: today(), to: today() }))).code).toBe("FORBIDDEN");
    await expect(
      authorizeExport(EXPORTS, await sessionClaim(user.id), { listKey: "inventory.adjustmentsByReason", format: "csv", org: room.org.slug, ws: null, input: JSON.stringify({ filters: { from: today(), to: today() } }) }, `req-${uniq()}`),
    ).rejects.toMatchObject({ status: 403 });
  });

  it("drills down: the adjustments list filtered by reason, posted status and posted days lists exactly the counted documents", async () => {
    const posted = { type: "dateRange", from: today(), to: today() };
    expect(await listIds(room.owner, { status: enumF("posted"), reason: enumF(room.reasons.DAMAGED), posted })).toEqual([ids.damaged1, ids.damaged2].sort());
    expect(await listIds(room.owner, { status: enumF("posted"), reason: enumF(room.reasons.CORRECTION), posted })).toEqual([]);
    expect(await listIds(room.owner, { reason: enumF(room.reasons.CORRECTION) })).toEqual([ids.cancelled]);
    expect(await listIds(room.owner, { status: enumF("posted"), reason: enumF(room.reasons.OPENING), warehouse: enumF(room.main.id), posted })).toEqual([]);
    // The transfers list has no reason filter.
    expect((await failure(room.owner.inventory.transfers.list({ filters: { reason: enumF(room.reasons.DAMAGED) } as never, perPage: 5 }))).code).toBe("BAD_REQUEST");
  });

  it("exports one row per reason, headers in the user's language", async () => {
    const input = JSON.stringify({ filters: { from: today(), to: today(), warehouseId: room.main.id } });
    const x = await authorizeExport(EXPORTS, await sessionClaim(room.ownerId), { listKey: "inventory.adjustmentsByReason", format: "csv", org: room.org.slug, ws: "main", input }, `req-${uniq()}`);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await new Response(exportStream(x)).arrayBuffer());
    const [header, ...rows] = parseCsv(text.slice(1)).filter((r) => r.length > 1);
    expect(header).toEqual(["Code", "Reason", "Archived", "Adjustments", "Lines", "Lines adding stock", "Lines removing stock", "Value added", "Value removed", "Net value"]);
    expect(rows).toEqual([
      ["DAMAGED", "Damaged", "no", "2", "3", "1", "2", "5.00", "6.25", "'-1.25"],
      ["FOUND", "Found", "no", "1", "1", "1", "0", "6.00", "0.00", "6.00"],
    ]);
    // A bad period is refused before any row.
    await expect(
      authorizeExport(EXPORTS, await sessionClaim(room.ownerId), { listKey: "inventory.adjustmentsByReason", format: "csv", org: room.org.slug, ws: "main", input: JSON.stringify({ filters: { from: today(), to: "2000-01-01" } }) }, `req-${uniq()}`),
    ).rejects.toMatchObject({ status: 400 });
  });
});

describe("adjustments by reason: days in the organization's time zone", () => {
  it("counts an adjustment on the day it was posted in the organization's calendar, boundaries included", async () => {
    const room = await stockroom();
    await systemDb().organization.update({ where: { id: room.org.id }, data: { timeZone: "Asia/Tokyo" } });
    const item = await makeItem(room);
    const line = (q: string) => [{ itemId: item.id, locationId: room.main.a, quantity: q, unitCost: "1" }];
    const first = await posted(room.owner, room.main.id, room.reasons.FOUND, line("1"));
    const last = await posted(room.owner, room.main.id, room.reasons.FOUND, line("2"));
    // 2026-04-01 00:00 in Tokyo is 2026-03-31 15:00 UTC; one second earlier is still March 31st there.
    await postedAt(room.org.id, first.id, "2026-03-31T15:00:00Z");
    await postedAt(room.org.id, last.id, "2026-03-31T14:59:59Z");
    const april = await room.owner.inventory.reports.adjustmentsByReason({ from: "2026-04-01", to: "2026-04-30" });
    expect(april).toMatchObject({ timeZone: "Asia/Tokyo", totals: { documents: 1, netValue: "1.00" } });
    const march = await room.owner.inventory.reports.adjustmentsByReason({ from: "2026-03-01", to: "2026-03-31" });
    expect(march.totals).toMatchObject({ documents: 1, netValue: "2.00" });
    const day = await room.owner.inventory.reports.adjustmentsByReason({ from: "2026-03-31", to: "2026-04-01" });
    expect(day.totals).toMatchObject({ documents: 2, netValue: "3.00" });
    // The list's posted filter reads the same days.
    expect(await listIds(room.owner, { posted: { type: "dateRange", from: "2026-04-01", to: "2026-04-01" } })).toEqual([first.id]);
    expect(await listIds(room.owner, { posted: { type: "dateRange", to: "2026-03-31" } })).toEqual([last.id]);
  });
});
