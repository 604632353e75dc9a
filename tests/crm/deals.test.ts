// CRM deals: numbering, base-currency default, workspace rule, the probability caps (the service clamps, the database
// check refuses), closing and reopening with the status history, lines priced by the kernel, the pipeline board's
// aggregates against hand-computed sums, cross-organization NOT_FOUND, workspace and "own" visibility, permissions.
import { beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "@/server/db/client";
import { EXPORTS } from "@/server/exports";
import { authorizeExport, exportStream } from "@/server/kernel/export/service";
import { probabilityFor } from "@/server/modules/crm/deals.service";
import { withConnection } from "../helpers/db";
import { parseCsv } from "../helpers/csv";
import { makeOrg, makeUser, sessionClaim } from "../helpers/factory";
import { codeOf } from "../helpers/trpc";
import { as, fieldErrorsOf, membershipOf, ownRole, type Caller, type Org } from "./pipeline-helpers";

describe("crm.deals", () => {
  let org: Org;
  let other: Org;
  let owner: Caller;
  let otherOwner: Caller;
  let customerId: string;

  beforeAll(async () => {
    [org, other] = await Promise.all([makeOrg(), makeOrg()]);
    const [u1, u2] = await Promise.all([makeUser(org), makeUser(other)]);
    [owner, otherOwner] = await Promise.all([as(u1, org), as(u2, other)]);
    customerId = (await owner.crm.customers.create({ name: "Pipeline Customer" })).id;
  });

  it("numbers deals DEAL-00001…, defaults the currency to the organization's base and the probability to the stage's cap", async () => {
    const a = await owner.crm.deals.create({ name: "First", customerId, value: "1000" });
    const b = await owner.crm.deals.create({ name: "Second", customerId, stage: "proposal", currency: "eur", expectedCloseDate: "2027-01-15" });
    expect([a.number, b.number]).toEqual(["DEAL-00001", "DEAL-00002"]);
    expect(a).toMatchObject({ currency: "USD", stage: "lead", probability: 20, value: "1000.00", closedAt: null, version: 1 });
    expect(b).toMatchObject({ currency: "EUR", stage: "proposal", probability: 60, expectedCloseDate: "2027-01-15" });
    // A refused create (unknown owner) leaves no gap in the numbers.
    expect(await fieldErrorsOf(owner.crm.deals.create({ name: "Bad", customerId, ownerMembershipId: "00000000-0000-7000-8000-000000000000" }))).toHaveProperty("ownerMembershipId");
    expect((await owner.crm.deals.create({ name: "Third", customerId, probability: 90 })).number).toBe("DEAL-00003");
    expect(await fieldErrorsOf(owner.crm.deals.create({ name: " ", customerId }))).toHaveProperty("name");
    expect(await fieldErrorsOf(owner.crm.deals.create({ name: "X", customerId, value: "-5" }))).toHaveProperty("value");
  });

  it("clamps a created deal's probability to its stage's cap", async () => {
    const d = await owner.crm.deals.create({ name: "Clamped", customerId, stage: "qualified", probability: 95 });
    expect(d.probability).toBe(40);
  });

  it("applies the probability rule on moves: cap forward, clamp given values, won 100, lost 0", async () => {
    expect(probabilityFor("lead", 20, "proposal")).toBe(60);
    expect(probabilityFor("negotiation", 80, "qualified")).toBe(40);
    expect(probabilityFor("negotiation", 30, "qualified")).toBe(30);
    expect(probabilityFor("lead", 10, "negotiation", 95)).toBe(80);
    expect(probabilityFor("lost", 0, "proposal")).toBe(60);
    let d = await owner.crm.deals.create({ name: "Mover", customerId, value: "500" });
    d = await owner.crm.deals.moveStage({ id: d.id, version: d.version, stage: "proposal" });
    expect(d).toMatchObject({ stage: "proposal", probability: 60, version: 2 });
    d = await owner.crm.deals.moveStage({ id: d.id, version: d.version, stage: "negotiation", probability: 99 });
    expect(d.probability).toBe(80);
    d = await owner.crm.deals.moveStage({ id: d.id, version: d.version, stage: "negotiation", probability: 55 });
    expect(d).toMatchObject({ stage: "negotiation", probability: 55 });
    d = await owner.crm.deals.moveStage({ id: d.id, version: d.version, stage: "qualified" });
    expect(d.probability).toBe(40);
    // Stale version: CONFLICT.
    expect(await codeOf(owner.crm.deals.moveStage({ id: d.id, version: 1, stage: "closing" }))).toBe("CONFLICT");
  });

  it("holds the caps in the database: deals_probability_check refuses a direct update", async () => {
    const d = await owner.crm.deals.create({ name: "Raw", customerId });
    const attempt = (q: string) =>
      withConnection("system", (c) => c.query(q, [org.id, d.id])).then(
        () => "ok",
        (e: { constraint?: string }) => e.constraint,
      );
    expect(await attempt("update crm.deals set probability = 21 where organization_id = $1 and id = $2")).toBe("deals_probability_check");
    expect(await attempt("update crm.deals set stage = 'won', closed_at = now(), probability = 90 where organization_id = $1 and id = $2")).toBe("deals_probability_check");
    expect(await attempt("update crm.deals set stage = 'lost', closed_at = now(), probability = 5 where organization_id = $1 and id = $2")).toBe("deals_probability_check");
    expect(await attempt("update crm.deals set stage = 'won', probability = 100 where organization_id = $1 and id = $2")).toBe("deals_closed_check");
    expect(await attempt("update crm.deals set probability = 20 where organization_id = $1 and id = $2")).toBe("ok");
  });

  it("keeps the generated stage_rank (the board's leakproof key) in step with the stage", async () => {
    let d = await owner.crm.deals.create({ name: "Ranked", customerId });
    d = await owner.crm.deals.moveStage({ id: d.id, version: d.version, stage: "negotiation" });
    const rank = async () => (await systemDb().deal.findFirstOrThrow({ where: { organizationId: org.id, id: d.id }, select: { stageRank: true } })).stageRank;
    expect(await rank()).toBe(4);
    d = await owner.crm.deals.moveStage({ id: d.id, version: d.version, stage: "lost", lostReason: "x" });
    expect(await rank()).toBe(7);
    // Never written by hand.
    const refused = await withConnection("system", (c) => c.query("update crm.deals set stage_rank = 1 where organization_id = $1 and id = $2", [org.id, d.id])).then(
      () => "ok",
      () => "refused",
    );
    expect(refused).toBe("refused");
  });

  it("closes won and lost deals (lost needs a reason), reopens them, and records each stage change", async () => {
    let d = await owner.crm.deals.create({ name: "Closer", customerId, stage: "closing" });
    expect(await fieldErrorsOf(owner.crm.deals.moveStage({ id: d.id, version: d.version, stage: "lost" }))).toHaveProperty("lostReason");
    d = await owner.crm.deals.moveStage({ id: d.id, version: d.version, stage: "won", wonReason: "Best price" });
    expect(d).toMatchObject({ stage: "won", probability: 100, wonReason: "Best price" });
    expect(d.closedAt).toBeInstanceOf(Date);
    d = await owner.crm.deals.moveStage({ id: d.id, version: d.version, stage: "negotiation" });
    expect(d).toMatchObject({ stage: "negotiation", probability: 80, closedAt: null, wonReason: null });
    d = await owner.crm.deals.moveStage({ id: d.id, version: d.version, stage: "lost", lostReason: "Budget cut", lostToCompetitor: "Rival Inc" });
    expect(d).toMatchObject({ stage: "lost", probability: 0, lostReason: "Budget cut", lostToCompetitor: "Rival Inc" });
    expect(d.closedAt).toBeInstanceOf(Date);
    const full = await owner.crm.deals.get({ id: d.id });
    expect(full.history.map((h) => [h.from, h.to, h.reason])).toEqual([
      ["closing", "won", "Best price"],
      ["won", "negotiation", null],
      ["negotiation", "lost", "Budget cut"],
    ]);
    const events = await systemDb().auditEvent.count({ where: { organizationId: org.id, action: "status_change", recordId: d.id } });
    expect(events).toBe(3);
  });

  it("prices lines with the kernel (discount, tax, rounding per line) and makes the value the sum of the nets", async () => {
    const d = await owner.crm.deals.create({ name: "Lines", customerId, value: "999" });
    const out = await owner.crm.deals.setLines({
      id: d.id,
      version: d.version,
      lines: [
        { product: "Licence", quantity: "3", unitPrice: "33.335", discountPercent: "10", taxRate: "20" },
        { product: "Support", quantity: "1.5", unitPrice: "0.07", discountPercent: "0", taxRate: "12.5" },
      ],
    });
    // 3 × 33.335 = 100.005, −10 % = 90.0045 → 90.00; tax 20 % = 18.00. 1.5 × 0.07 = 0.105 → 0.11 (half-up); tax 0.01375 → 0.01.
    expect(out.lines.map((l) => [l.netAmount, l.taxAmount, l.grossAmount])).toEqual([
      ["90.00", "18.00", "108.00"],
      ["0.11", "0.01", "0.12"],
    ]);
    expect(out.totals).toEqual({ net: "90.11", tax: "18.01", gross: "108.12" });
    expect(out).toMatchObject({ value: "90.11", version: 2 });
    expect(await fieldErrorsOf(owner.crm.deals.update({ id: d.id, version: 2, value: "5" }))).toHaveProperty("value");
    expect(await fieldErrorsOf(owner.crm.deals.setLines({ id: d.id, version: 2, lines: [{ product: "X", quantity: "0", unitPrice: "1", discountPercent: "0", taxRate: "0" }] }))).toHaveProperty("lines.0.quantity");
    expect(await fieldErrorsOf(owner.crm.deals.setLines({ id: d.id, version: 2, lines: [{ product: "X", quantity: "1", unitPrice: "1", discountPercent: "101", taxRate: "0" }] }))).toHaveProperty("lines.0.discountPercent");
    // Replacing the lines renumbers them; no lines leaves the value as it was.
    const one = await owner.crm.deals.setLines({ id: d.id, version: 2, lines: [{ product: "Only", quantity: "2", unitPrice: "10", discountPercent: "0", taxRate: "0" }] });
    expect(one.lines.map((l) => [l.lineNo, l.product])).toEqual([[1, "Only"]]);
    expect(one.value).toBe("20.00");
    const none = await owner.crm.deals.setLines({ id: d.id, version: one.version, lines: [] });
    expect(none).toMatchObject({ value: "20.00", lines: [] });
  });

  it("updates with the version read; archived deals are read-only until restored", async () => {
    const d = await owner.crm.deals.create({ name: "Edit me", customerId });
    const u = await owner.crm.deals.update({ id: d.id, version: 1, name: "Edited", competitors: ["A", "A", "B"], expectedCloseDate: "2027-03-01", source: "referral" });
    expect(u).toMatchObject({ name: "Edited", competitors: ["A", "B"], expectedCloseDate: "2027-03-01", source: "referral", version: 2 });
    expect(await codeOf(owner.crm.deals.update({ id: d.id, version: 1, name: "Stale" }))).toBe("CONFLICT");
    const a = await owner.crm.deals.archive({ id: d.id });
    expect(a.archivedAt).not.toBeNull();
    expect(await codeOf(owner.crm.deals.update({ id: d.id, version: a.version, name: "No" }))).toBe("PRECONDITION_FAILED");
    expect(await codeOf(owner.crm.deals.moveStage({ id: d.id, version: a.version, stage: "proposal" }))).toBe("PRECONDITION_FAILED");
    const list = await owner.crm.deals.list({ q: "Edited" });
    expect(list.rows).toHaveLength(0);
    expect((await owner.crm.deals.list({ q: "Edited", filters: { archived: { type: "enum", values: ["archived"] } } })).rows).toHaveLength(1);
    const r = await owner.crm.deals.restore({ id: d.id });
    expect(r.archivedAt).toBeNull();
  });

  it("lists with the contract: keyset by number, filters by stage, customer, owner and close date, q over number and name", async () => {
    const o = await makeOrg();
    const u = await makeUser(o);
    const c = await as(u, o);
    const mine = await membershipOf(o, u.id);
    const cust = await c.crm.customers.create({ name: "Listed" });
    const cust2 = await c.crm.customers.create({ name: "Other" });
    for (let i = 1; i <= 5; i++)
      await c.crm.deals.create({ name: `Deal ${i}`, customerId: i % 2 ? cust.id : cust2.id, stage: i <= 2 ? "lead" : "proposal", expectedCloseDate: `2027-0${i}-10`, ownerMembershipId: i === 5 ? mine : null });
    const p1 = await c.crm.deals.list({ perPage: 2 });
    expect(p1.rows.map((r) => r.number)).toEqual(["DEAL-00005", "DEAL-00004"]);
    expect(p1.total).toBe(5);
    const p2 = await c.crm.deals.list({ perPage: 2, cursor: p1.nextCursor });
    expect(p2.rows.map((r) => r.number)).toEqual(["DEAL-00003", "DEAL-00002"]);
    expect((await c.crm.deals.list({ filters: { stage: { type: "enum", values: ["proposal"] } } })).total).toBe(3);
    expect((await c.crm.deals.list({ filters: { customer: { type: "enum", values: [cust2.id] } } })).rows.map((r) => r.name).sort()).toEqual(["Deal 2", "Deal 4"]);
    expect((await c.crm.deals.list({ filters: { owner: { type: "enum", values: [mine] } } })).rows.map((r) => r.name)).toEqual(["Deal 5"]);
    expect((await c.crm.deals.list({ filters: { closeDate: { type: "dateRange", from: "2027-02-01", to: "2027-03-10" } } })).rows.map((r) => r.name).sort()).toEqual(["Deal 2", "Deal 3"]);
    expect((await c.crm.deals.list({ q: "DEAL-00003" })).rows.map((r) => r.name)).toEqual(["Deal 3"]);
    const byClose = await c.crm.deals.list({ sort: { id: "expectedCloseDate", desc: false }, page: 1, perPage: 2 });
    expect(byClose.rows.map((r) => r.name)).toEqual(["Deal 1", "Deal 2"]);
    expect(byClose.rows[0]).toMatchObject({ customerName: "Listed", expectedCloseDate: "2027-01-10" });
  });

  it("filters by currency and by the day a deal closed in the organization's time zone (as the dashboard's months count)", async () => {
    const o = await makeOrg();
    const u = await makeUser(o);
    const c = await as(u, o);
    // UTC+14: 2026-11-30 11:00 UTC is already 1 December there; 09:00 UTC is still 30 November.
    await systemDb().organization.update({ where: { id: o.id }, data: { timeZone: "Pacific/Kiritimati" } });
    const cust = await c.crm.customers.create({ name: "Closer" });
    const close = async (name: string, stage: "won" | "lost", at: string, currency = "USD") => {
      const d = await c.crm.deals.create({ name, customerId: cust.id, stage: "closing", currency });
      await c.crm.deals.moveStage({ id: d.id, version: d.version, stage, wonReason: stage === "won" ? "ok" : undefined, lostReason: stage === "lost" ? "price" : undefined });
      await systemDb().deal.updateMany({ where: { organizationId: o.id, id: d.id }, data: { closedAt: new Date(at) } });
    };
    await close("Dec local", "won", "2026-11-30T11:00:00Z");
    await close("Nov local", "won", "2026-11-30T09:00:00Z");
    await close("Dec lost", "lost", "2026-12-31T09:59:00Z"); // 31 Dec 23:59 local
    await close("Jan local", "won", "2026-12-31T10:00:00Z"); // 1 Jan 00:00 local
    await close("Dec EUR", "won", "2026-12-15T12:00:00Z", "EUR");
    await c.crm.deals.create({ name: "Open", customerId: cust.id });
    // The board takes the dashboard's currency too (pipeline links carry it).
    const usdOpen = (await c.crm.deals.board({ currency: "USD" })).columns.find((col) => col.stage === "lead")!;
    expect(usdOpen.cards.map((card) => card.name)).toEqual(["Open"]);
    expect((await c.crm.deals.board({ currency: "EUR" })).columns.find((col) => col.stage === "lead")!.count).toBe(0);
    expect(await fieldErrorsOf(c.crm.deals.board({ currency: "XXZ" }))).toHaveProperty("currency");
    const dec = { type: "dateRange" as const, from: "2026-12-01", to: "2026-12-31" };
    const names = async (filters: Parameters<Caller["crm"]["deals"]["list"]>[0]["filters"]) => (await c.crm.deals.list({ filters })).rows.map((r) => r.name).sort();
    expect(await names({ closed: dec })).toEqual(["Dec EUR", "Dec local", "Dec lost"]);
    expect(await names({ closed: dec, stage: { type: "enum", values: ["won"] } })).toEqual(["Dec EUR", "Dec local"]);
    expect(await names({ closed: dec, stage: { type: "enum", values: ["won"] }, currency: { type: "enum", values: ["USD"] } })).toEqual(["Dec local"]);
    expect(await names({ closed: { type: "dateRange", to: "2026-11-30" } })).toEqual(["Nov local"]);
    expect(await names({ closed: { type: "dateRange", from: "2027-01-01" } })).toEqual(["Jan local"]);
    expect(await names({ currency: { type: "enum", values: ["EUR"] } })).toEqual(["Dec EUR"]);
    // The dashboard's December won count for USD is the list's row count behind its link.
    const dash = await c.crm.dashboard({ currency: "USD" });
    const decMonth = dash.wonLost.find((m) => m.month === "2026-12")!;
    expect(decMonth).toMatchObject({ from: "2026-12-01", to: "2026-12-31", wonCount: 1, lostCount: 1 });
    const closed = { type: "dateRange" as const, from: decMonth.from, to: decMonth.to };
    const usd = { type: "enum" as const, values: ["USD"] };
    expect((await c.crm.deals.list({ filters: { stage: { type: "enum", values: ["won"] }, closed, currency: usd } })).total).toBe(decMonth.wonCount);
    expect((await c.crm.deals.list({ filters: { stage: { type: "enum", values: ["lost"] }, closed, currency: usd } })).total).toBe(decMonth.lostCount);
    // The export (crm.deals) answers the list's rows for the same input.
    const x = await authorizeExport(EXPORTS, await sessionClaim(u.id), { listKey: "crm.deals", format: "csv", org: o.slug, ws: null, input: JSON.stringify({ filters: { closed, stage: { type: "enum", values: ["won"] } } }) }, "req-deals-export");
    const csv = parseCsv(new TextDecoder("utf-8", { ignoreBOM: true }).decode(await new Response(exportStream(x)).arrayBuffer()).slice(1));
    expect(csv[0]?.slice(0, 3)).toEqual(["Number", "Name", "Customer"]);
    expect(csv.slice(1).map((r) => r[1]).sort()).toEqual(["Dec EUR", "Dec local"]);
  });

  it("sums the board per stage and currency in SQL, with weighted values, cards by expected close, and no double counting", async () => {
    const o = await makeOrg();
    const u = await makeUser(o);
    const c = await as(u, o);
    const mine = await membershipOf(o, u.id);
    const cust = await c.crm.customers.create({ name: "Board Co" });
    await c.crm.contacts.create({ customerId: cust.id, firstName: "A" });
    await c.crm.contacts.create({ customerId: cust.id, firstName: "B" }); // joins must not multiply rows
    const mk = async (name: string, stage: "lead" | "proposal" | "negotiation", value: string, probability?: number, currency?: string, close?: string) =>
      c.crm.deals.create({ name, customerId: cust.id, stage, value, probability, currency, expectedCloseDate: close, ownerMembershipId: name.startsWith("M") ? mine : null });
    await mk("P1", "proposal", "1000.00", 50, undefined, "2027-02-01");
    await mk("P2", "proposal", "333.33", undefined, undefined, "2027-01-01");
    await mk("M3", "proposal", "250.50", 10, "EUR", "2027-03-01");
    await mk("N1", "negotiation", "2000", 75);
    await mk("L1", "lead", "10.01", 15);
    const w = await mk("W1", "negotiation", "700");
    await c.crm.deals.moveStage({ id: w.id, version: w.version, stage: "won" });
    const l = await mk("LOST", "lead", "90");
    await c.crm.deals.moveStage({ id: l.id, version: l.version, stage: "lost", lostReason: "No budget" });
    const arch = await mk("Archived", "proposal", "5000");
    await c.crm.deals.archive({ id: arch.id });

    const b = await c.crm.deals.board({});
    const col = (s: string) => b.columns.find((x) => x.stage === s)!;
    expect(b.baseCurrency).toBe("USD");
    expect(col("proposal").count).toBe(3);
    // USD: 1000 + 333.33 = 1333.33; weighted 1000 × 50 % + 333.33 × 60 % = 500 + 199.998 = 699.998 → 700.00.
    expect(col("proposal").totals).toEqual([
      { currency: "USD", count: 2, value: "1333.33", weighted: "700.00" },
      { currency: "EUR", count: 1, value: "250.50", weighted: "25.05" },
    ]);
    expect(col("proposal").cards.map((x) => x.name)).toEqual(["P2", "P1", "M3"]);
    expect(col("negotiation").totals).toEqual([{ currency: "USD", count: 1, value: "2000.00", weighted: "1500.00" }]);
    expect(col("lead").totals).toEqual([{ currency: "USD", count: 1, value: "10.01", weighted: "1.50" }]);
    expect(col("won").totals).toEqual([{ currency: "USD", count: 1, value: "700.00", weighted: "700.00" }]);
    expect(col("lost").totals).toEqual([{ currency: "USD", count: 1, value: "90.00", weighted: "0.00" }]);
    expect(col("qualified")).toMatchObject({ count: 0, totals: [], cards: [] });

    // Filters: owner, close date window; perStage limits cards, not totals.
    const byOwner = await c.crm.deals.board({ owner: mine });
    expect(byOwner.columns.reduce((n, x) => n + x.count, 0)).toBe(1);
    const window = await c.crm.deals.board({ closeFrom: "2027-01-15", closeTo: "2027-02-15" });
    expect(window.columns.find((x) => x.stage === "proposal")!.totals).toEqual([{ currency: "USD", count: 1, value: "1000.00", weighted: "500.00" }]);
    const few = await c.crm.deals.board({ perStage: 1 });
    expect(few.columns.find((x) => x.stage === "proposal")).toMatchObject({ count: 3 });
    expect(few.columns.find((x) => x.stage === "proposal")!.cards).toHaveLength(1);

    // Won more than 30 days ago drops off the board.
    await withConnection("system", (pg) => pg.query("update crm.deals set closed_at = now() - interval '31 days' where organization_id = $1 and id = $2", [o.id, w.id]));
    expect((await c.crm.deals.board({})).columns.find((x) => x.stage === "won")!.count).toBe(0);
  });

  it("keeps a workspace customer's deals in its workspace and hides them from other workspaces' members", async () => {
    const o = await makeOrg({ workspaces: ["main", "second"] });
    const boss = await as(await makeUser(o), o);
    const mainOnly = await as(await makeUser(o, { roles: ["sales"], workspaces: ["main"] }), o);
    const local = await boss.crm.customers.create({ name: "Second Co", workspaceId: o.workspaces.second! });
    expect(await fieldErrorsOf(boss.crm.deals.create({ name: "Wrong ws", customerId: local.id, workspaceId: o.workspaces.main! }))).toHaveProperty("workspaceId");
    const d = await boss.crm.deals.create({ name: "Local deal", customerId: local.id });
    expect(d.workspaceId).toBe(o.workspaces.second);
    expect(await codeOf(mainOnly.crm.deals.get({ id: d.id }))).toBe("NOT_FOUND");
    expect(await codeOf(mainOnly.crm.deals.moveStage({ id: d.id, version: d.version, stage: "proposal" }))).toBe("NOT_FOUND");
    expect((await mainOnly.crm.deals.list({})).rows).toHaveLength(0);
    expect((await mainOnly.crm.deals.board({})).columns.every((c) => c.count === 0)).toBe(true);
    expect((await boss.crm.deals.board({})).columns.find((c) => c.stage === "lead")!.count).toBe(1);
  });

  it("shows a member with an 'own' record scope only the deals they own", async () => {
    const o = await makeOrg();
    const boss = await as(await makeUser(o), o);
    const key = await ownRole(o, ["crm.deal.read", "crm.deal.manage", "crm.customer.read"]);
    const rep = await makeUser(o, { roles: [key] });
    const repCaller = await as(rep, o);
    const repM = await membershipOf(o, rep.id);
    // An own-scope member sees only the customers they own (crm/visibility.ts): the shared customer is theirs.
    const cust = await boss.crm.customers.create({ name: "Shared", ownerMembershipId: repM });
    const theirs = await boss.crm.deals.create({ name: "Rep's", customerId: cust.id, ownerMembershipId: repM });
    const others = await boss.crm.deals.create({ name: "Boss's", customerId: cust.id });
    expect((await repCaller.crm.deals.list({})).rows.map((r) => r.name)).toEqual(["Rep's"]);
    expect(await codeOf(repCaller.crm.deals.get({ id: others.id }))).toBe("NOT_FOUND");
    expect(await codeOf(repCaller.crm.deals.moveStage({ id: others.id, version: 1, stage: "proposal" }))).toBe("NOT_FOUND");
    expect((await repCaller.crm.deals.get({ id: theirs.id })).name).toBe("Rep's");
    expect((await repCaller.crm.deals.board({})).columns.find((c) => c.stage === "lead")!.count).toBe(1);
    // What they create is theirs.
    const created = await repCaller.crm.deals.create({ name: "Mine", customerId: cust.id });
    expect(created.ownerMembershipId).toBe(repM);
  });

  it("lets the viewer read but not create, move, edit lines or archive (FORBIDDEN)", async () => {
    const viewer = await as(await makeUser(org, { roles: ["viewer"] }), org);
    const d = await owner.crm.deals.create({ name: "Viewed", customerId });
    expect((await viewer.crm.deals.get({ id: d.id })).name).toBe("Viewed");
    expect((await viewer.crm.deals.board({})).columns.length).toBe(7);
    expect(await codeOf(viewer.crm.deals.create({ name: "No", customerId }))).toBe("FORBIDDEN");
    expect(await codeOf(viewer.crm.deals.moveStage({ id: d.id, version: 1, stage: "won" }))).toBe("FORBIDDEN");
    expect(await codeOf(viewer.crm.deals.update({ id: d.id, version: 1, name: "No" }))).toBe("FORBIDDEN");
    expect(await codeOf(viewer.crm.deals.setLines({ id: d.id, version: 1, lines: [] }))).toBe("FORBIDDEN");
    expect(await codeOf(viewer.crm.deals.archive({ id: d.id }))).toBe("FORBIDDEN");
  });

  it("answers NOT_FOUND for another organization's ids on every procedure taking one", async () => {
    const d = await owner.crm.deals.create({ name: "Private", customerId });
    const id = d.id;
    expect(await codeOf(otherOwner.crm.deals.get({ id }))).toBe("NOT_FOUND");
    expect(await codeOf(otherOwner.crm.deals.update({ id, version: 1, name: "X" }))).toBe("NOT_FOUND");
    expect(await codeOf(otherOwner.crm.deals.moveStage({ id, version: 1, stage: "won" }))).toBe("NOT_FOUND");
    expect(await codeOf(otherOwner.crm.deals.setLines({ id, version: 1, lines: [] }))).toBe("NOT_FOUND");
    expect(await codeOf(otherOwner.crm.deals.archive({ id }))).toBe("NOT_FOUND");
    expect(await codeOf(otherOwner.crm.deals.restore({ id }))).toBe("NOT_FOUND");
    expect(await codeOf(otherOwner.crm.deals.create({ name: "X", customerId }))).toBe("NOT_FOUND");
    expect((await otherOwner.crm.deals.list({ filters: { customer: { type: "enum", values: [customerId] } } })).rows).toHaveLength(0);
    expect((await owner.crm.deals.get({ id })).version).toBe(1);
  });

  it("seeds Acme's demo pipeline through the services (deals across every stage, leads in every status)", async () => {
    const acme = await systemDb().organization.findFirstOrThrow({ where: { slug: "acme" }, select: { id: true } });
    const stages = await systemDb().deal.groupBy({ by: ["stage"], where: { organizationId: acme.id }, _count: true });
    expect(stages.map((s) => s.stage).sort()).toEqual(["closing", "lost", "negotiation", "proposal", "qualified", "won", "lead"].sort());
    expect(stages.reduce((n, s) => n + s._count, 0)).toBeGreaterThanOrEqual(25);
    const leads = await systemDb().lead.groupBy({ by: ["status"], where: { organizationId: acme.id }, _count: true });
    expect(leads.map((l) => l.status).sort()).toEqual(["contacted", "disqualified", "new", "qualified"]);
  });
});
