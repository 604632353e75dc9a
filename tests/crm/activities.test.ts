// CRM activities: targets (customer, contact, deal, lead) with the customer and workspace filled from the target,
// the list contract with its filters and states (open / done / overdue / today / upcoming in the organization's time
// zone), keyset paging, optimistic version, completion with a follow-up task, delete, cross-organization and
// cross-workspace NOT_FOUND, record scope "own", permissions, and the audit trail.
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "@/server/db/client";
import { callerFor, makeOrg, makeUser } from "../helpers/factory";
import { codeOf } from "../helpers/trpc";
import { makeDeal, makeLead, makeOwnScopeRole, membershipOf } from "./fixtures";

type Org = Awaited<ReturnType<typeof makeOrg>>;
type Caller = Awaited<ReturnType<typeof callerFor>>;
const as = (user: { id: string }, org: Org) => callerFor(user.id, { org: org.slug });
const HOUR = 3600_000;
const enumOf = (...values: string[]) => ({ type: "enum" as const, values });

async function fieldErrorsOf(p: Promise<unknown>): Promise<Record<string, string[]> | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    if (!(e instanceof TRPCError)) throw e;
    const cause = e.cause as { fieldErrors?: Record<string, string[]>; issues?: { path: (string | number)[]; message: string }[] } | undefined;
    const fields: Record<string, string[]> = { ...(cause?.fieldErrors ?? {}) };
    for (const i of cause?.issues ?? []) (fields[i.path.join(".")] ??= []).push(i.message);
    return fields;
  }
}

describe("crm.activities", () => {
  let org: Org;
  let other: Org;
  let owner: Caller;
  let otherOwner: Caller;
  let myMembership: string;

  beforeAll(async () => {
    [org, other] = await Promise.all([makeOrg(), makeOrg()]);
    const [u1, u2] = await Promise.all([makeUser(org), makeUser(other)]);
    [owner, otherOwner] = await Promise.all([as(u1, org), as(u2, other)]);
    myMembership = await membershipOf(org.id, u1.id);
  });

  it("logs on a customer, a contact, a deal or a lead; fills customer and workspace from the target; owner defaults to me", async () => {
    const cust = await owner.crm.customers.create({ name: "Targets Ltd", workspaceId: org.workspaces.second! });
    const contact = await owner.crm.contacts.create({ customerId: cust.id, firstName: "Ann", lastName: "Lee" });
    const deal = await makeDeal(org.id, cust.id, { stage: "proposal", value: "1000", workspaceId: org.workspaces.second! });
    const lead = await makeLead(org.id);

    const a = await owner.crm.activities.create({ customerId: cust.id, type: "call", subject: "  Intro call  " });
    expect(a).toMatchObject({ customerId: cust.id, customerName: "Targets Ltd", workspaceId: org.workspaces.second, ownerMembershipId: myMembership, subject: "Intro call", doneAt: null, version: 1, ownerName: "Test User" });
    const b = await owner.crm.activities.create({ contactId: contact.id, type: "email", subject: "Sent the offer", done: true });
    expect(b).toMatchObject({ customerId: cust.id, contactId: contact.id, contactName: "Ann Lee", workspaceId: org.workspaces.second });
    expect(b.doneAt).toBeInstanceOf(Date);
    const c = await owner.crm.activities.create({ dealId: deal.id, type: "demo", subject: "Demo" });
    expect(c).toMatchObject({ customerId: cust.id, dealId: deal.id, dealName: deal.name, dealNumber: deal.number, workspaceId: org.workspaces.second });
    const d = await owner.crm.activities.create({ leadId: lead.id, type: "note", subject: "Met at the fair" });
    expect(d).toMatchObject({ customerId: null, leadId: lead.id, leadName: lead.name, workspaceId: null });

    const list = await owner.crm.activities.list({ filters: { customer: enumOf(cust.id) }, sort: { id: "createdAt", desc: false } });
    expect(list.rows.map((r) => r.subject)).toEqual(["Intro call", "Sent the offer", "Demo"]);
    expect(list.total).toBe(3);
    expect((await owner.crm.activities.list({ filters: { deal: enumOf(deal.id) } })).rows.map((r) => r.id)).toEqual([c.id]);
    expect((await owner.crm.activities.list({ filters: { contact: enumOf(contact.id) } })).rows.map((r) => r.id)).toEqual([b.id]);
    expect((await owner.crm.activities.list({ filters: { lead: enumOf(lead.id) } })).rows.map((r) => r.id)).toEqual([d.id]);
    expect((await owner.crm.activities.get({ id: a.id })).subject).toBe("Intro call");
  });

  it("needs exactly one visible, unarchived target and valid fields", async () => {
    const cust = await owner.crm.customers.create({ name: "One Target" });
    const lead = await makeLead(org.id);
    expect(await fieldErrorsOf(owner.crm.activities.create({ type: "call", subject: "Nothing" }))).toHaveProperty("target");
    expect(await fieldErrorsOf(owner.crm.activities.create({ customerId: cust.id, leadId: lead.id, type: "call", subject: "Two" }))).toHaveProperty("target");
    expect(await fieldErrorsOf(owner.crm.activities.create({ customerId: cust.id, type: "call", subject: " " }))).toHaveProperty("subject");
    expect(await fieldErrorsOf(owner.crm.activities.create({ customerId: cust.id, type: "fax" as "call", subject: "x" }))).toHaveProperty("type");
    expect(await fieldErrorsOf(owner.crm.activities.create({ customerId: cust.id, type: "call", subject: "x", nextActionAt: new Date() }))).toHaveProperty("nextAction");
    expect(await codeOf(owner.crm.activities.create({ customerId: "00000000-0000-7000-8000-000000000000", type: "call", subject: "x" }))).toBe("NOT_FOUND");
    const foreignM = await systemDb().membership.findFirstOrThrow({ where: { organizationId: other.id }, select: { id: true } });
    expect(await fieldErrorsOf(owner.crm.activities.create({ customerId: cust.id, type: "call", subject: "x", ownerMembershipId: foreignM.id }))).toHaveProperty("ownerMembershipId");
    await owner.crm.customers.archive({ id: cust.id });
    expect(await codeOf(owner.crm.activities.create({ customerId: cust.id, type: "call", subject: "Archived" }))).toBe("PRECONDITION_FAILED");
  });

  it("filters by state in the organization's time zone, by type, owner (me) and text", async () => {
    const o = await makeOrg();
    // A zone far from UTC so "today" is the organization's, not the server's.
    await systemDb().organization.update({ where: { id: o.id }, data: { timeZone: "Pacific/Kiritimati" } });
    const u = await makeUser(o);
    const c = await as(u, o);
    const colleague = await makeUser(o, { roles: ["sales"] });
    const colleagueM = await membershipOf(o.id, colleague.id);
    const cust = await c.crm.customers.create({ name: "States Inc" });
    // Kiritimati is UTC+14: its today runs from (its midnight) to (next midnight).
    const [bounds] = await systemDb().$queryRaw<{ start: Date; end: Date }[]>`
      select ((now() at time zone 'Pacific/Kiritimati')::date)::timestamp at time zone 'Pacific/Kiritimati' as start,
             ((now() at time zone 'Pacific/Kiritimati')::date + 1)::timestamp at time zone 'Pacific/Kiritimati' as "end"`;
    const { start, end } = bounds!;
    const now = Date.now();
    const mk = (subject: string, dueAt: Date | null, extra: object = {}) => c.crm.activities.create({ customerId: cust.id, type: "task", subject, dueAt, ...extra });
    const overdueOld = await mk("Overdue yesterday", new Date(start!.getTime() - HOUR));
    const laterToday = await mk("Later today", new Date(Math.min(now + 60_000, end!.getTime() - 1000)));
    const tomorrow = await mk("Tomorrow", new Date(end!.getTime() + HOUR));
    const undated = await mk("Undated", null);
    const done = await mk("Done one", new Date(start!.getTime() - 5 * HOUR), { done: true });
    const hers = await mk("Colleague's call", new Date(end!.getTime() + 2 * HOUR), { ownerMembershipId: colleagueM, type: "call" });

    const ids = async (state: string) => (await c.crm.activities.list({ filters: { state: enumOf(state) } })).rows.map((r) => r.id);
    expect(await ids("overdue")).toEqual([overdueOld.id]);
    expect(await ids("today")).toEqual([laterToday.id]);
    expect(await ids("upcoming")).toEqual([tomorrow.id, hers.id]);
    expect(await ids("done")).toEqual([done.id]);
    // Default sort: due ascending, undated last.
    expect(await ids("open")).toEqual([overdueOld.id, laterToday.id, tomorrow.id, hers.id, undated.id]);
    expect((await c.crm.activities.list({ filters: { state: enumOf("overdue", "today") } })).rows.map((r) => r.id)).toEqual([overdueOld.id, laterToday.id]);
    expect((await c.crm.activities.list({ filters: { state: enumOf("overdue") } })).rows[0]!.overdue).toBe(true);
    expect((await c.crm.activities.list({ filters: { owner: enumOf("me"), type: enumOf("call") } })).rows).toHaveLength(0);
    expect((await c.crm.activities.list({ filters: { owner: enumOf(colleagueM) } })).rows.map((r) => r.id)).toEqual([hers.id]);
    expect((await c.crm.activities.list({ q: "yesterday" })).rows.map((r) => r.id)).toEqual([overdueOld.id]);
    expect(await codeOf(c.crm.activities.list({ filters: { state: enumOf("someday") } }))).toBe("BAD_REQUEST");
    expect(await codeOf(c.crm.activities.list({ filters: { customer: enumOf("not-a-uuid") } }))).toBe("BAD_REQUEST");
    expect(await codeOf(c.crm.activities.list({ sort: { id: "subject", desc: false } }))).toBe("BAD_REQUEST");
    expect(await codeOf(c.crm.activities.list({ cursor: "garbage" }))).toBe("BAD_REQUEST");
  });

  it("pages by keyset over equal due times (microseconds) and undated rows without losing or repeating one", async () => {
    const o = await makeOrg();
    const c = await as(await makeUser(o), o);
    const cust = await c.crm.customers.create({ name: "Paging" });
    const same = new Date(Date.now() + 24 * HOUR);
    for (let i = 0; i < 7; i++) await c.crm.activities.create({ customerId: cust.id, type: "task", subject: `T${i}`, dueAt: i < 5 ? same : null });
    // Two rows microseconds apart (a JS Date cannot say that; the cursor must).
    await systemDb().$executeRaw`update crm.activities set due_at = due_at + interval '3 microseconds' where organization_id = ${o.id}::uuid and subject = 'T1'`;
    for (const desc of [false, true]) {
      const all = await c.crm.activities.list({ perPage: 100, sort: { id: "due", desc } });
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await c.crm.activities.list({ perPage: 2, sort: { id: "due", desc }, cursor });
        seen.push(...page.rows.map((r) => r.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(all.rows.map((r) => r.id));
      expect(new Set(seen).size).toBe(7);
    }
    const byCreated: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await c.crm.activities.list({ perPage: 3, sort: { id: "createdAt", desc: true }, cursor });
      byCreated.push(...page.rows.map((r) => r.subject));
      cursor = page.nextCursor;
    } while (cursor);
    expect(byCreated).toEqual(["T6", "T5", "T4", "T3", "T2", "T1", "T0"]);
    expect((await c.crm.activities.list({ page: 2, perPage: 5 })).rows).toHaveLength(2);
  });

  it("updates with the version read; completes with an outcome and a follow-up task in the same transaction", async () => {
    const cust = await owner.crm.customers.create({ name: "Complete Co" });
    const contact = await owner.crm.contacts.create({ customerId: cust.id, firstName: "Cy" });
    const a = await owner.crm.activities.create({ contactId: contact.id, type: "call", subject: "Call Cy", dueAt: new Date(Date.now() + HOUR) });
    const u = await owner.crm.activities.update({ id: a.id, version: 1, subject: "Call Cy back", body: "About pricing" });
    expect(u).toMatchObject({ version: 2, subject: "Call Cy back", body: "About pricing", type: "call" });
    expect(await codeOf(owner.crm.activities.update({ id: a.id, version: 1, subject: "Stale" }))).toBe("CONFLICT");
    expect(await codeOf(owner.crm.activities.complete({ id: a.id, version: 1 }))).toBe("CONFLICT");

    const next = new Date(Date.now() + 48 * HOUR);
    const { activity, followUp } = await owner.crm.activities.complete({ id: a.id, version: 2, outcome: "Interested", nextAction: "Send proposal", nextActionAt: next });
    expect(activity).toMatchObject({ outcome: "Interested", nextAction: "Send proposal", version: 3 });
    expect(activity.doneAt).toBeInstanceOf(Date);
    expect(followUp).toMatchObject({ type: "task", subject: "Send proposal", customerId: cust.id, contactId: contact.id, ownerMembershipId: myMembership, doneAt: null });
    expect(followUp!.dueAt!.getTime()).toBe(next.getTime());
    expect(await codeOf(owner.crm.activities.complete({ id: a.id, version: 3 }))).toBe("PRECONDITION_FAILED");
    // Without a next action: no follow-up.
    const b = await owner.crm.activities.create({ customerId: cust.id, type: "meeting", subject: "Lunch" });
    expect((await owner.crm.activities.complete({ id: b.id, version: 1, outcome: "Fine" })).followUp).toBeNull();
    // A refused follow-up (bad input) leaves the activity open: all or nothing.
    const c = await owner.crm.activities.create({ customerId: cust.id, type: "task", subject: "Atomic" });
    expect(await codeOf(owner.crm.activities.complete({ id: c.id, version: 1, nextAction: "x".repeat(201) }))).toBe("BAD_REQUEST");
    expect((await owner.crm.activities.get({ id: c.id })).doneAt).toBeNull();

    await owner.crm.activities.delete({ id: b.id });
    expect(await codeOf(owner.crm.activities.get({ id: b.id }))).toBe("NOT_FOUND");
  });

  it("answers NOT_FOUND for another organization's ids on every procedure taking one", async () => {
    const fc = await otherOwner.crm.customers.create({ name: "Foreign" });
    const fContact = await otherOwner.crm.contacts.create({ customerId: fc.id, firstName: "Fo" });
    const fDeal = await makeDeal(other.id, fc.id, { stage: "lead" });
    const fLead = await makeLead(other.id);
    const fa = await otherOwner.crm.activities.create({ customerId: fc.id, type: "call", subject: "Theirs" });
    const calls: [string, () => Promise<unknown>][] = [
      ["get", () => owner.crm.activities.get({ id: fa.id })],
      ["update", () => owner.crm.activities.update({ id: fa.id, version: 1, subject: "Mine" })],
      ["complete", () => owner.crm.activities.complete({ id: fa.id, version: 1 })],
      ["delete", () => owner.crm.activities.delete({ id: fa.id })],
      ["create on customer", () => owner.crm.activities.create({ customerId: fc.id, type: "call", subject: "x" })],
      ["create on contact", () => owner.crm.activities.create({ contactId: fContact.id, type: "call", subject: "x" })],
      ["create on deal", () => owner.crm.activities.create({ dealId: fDeal.id, type: "call", subject: "x" })],
      ["create on lead", () => owner.crm.activities.create({ leadId: fLead.id, type: "call", subject: "x" })],
    ];
    for (const [name, p] of calls) expect([name, await codeOf(p())]).toEqual([name, "NOT_FOUND"]);
    expect((await owner.crm.activities.list({ filters: { customer: enumOf(fc.id) } })).rows).toHaveLength(0);
    expect((await otherOwner.crm.activities.get({ id: fa.id })).subject).toBe("Theirs");
  });

  it("hides a workspace's activities from members without that workspace (service and RLS)", async () => {
    const o = await makeOrg({ workspaces: ["main", "second"] });
    const boss = await as(await makeUser(o), o);
    const mainOnly = await as(await makeUser(o, { roles: ["sales"], workspaces: ["main"] }), o);
    const local = await boss.crm.customers.create({ name: "Second Only", workspaceId: o.workspaces.second! });
    const shared = await boss.crm.customers.create({ name: "Shared" });
    const deal = await makeDeal(o.id, local.id, { workspaceId: o.workspaces.second! });
    const hidden = await boss.crm.activities.create({ customerId: local.id, type: "call", subject: "Hidden" });
    await boss.crm.activities.create({ customerId: shared.id, type: "call", subject: "Visible" });
    expect((await mainOnly.crm.activities.list({})).rows.map((r) => r.subject)).toEqual(["Visible"]);
    expect(await codeOf(mainOnly.crm.activities.get({ id: hidden.id }))).toBe("NOT_FOUND");
    expect(await codeOf(mainOnly.crm.activities.complete({ id: hidden.id, version: 1 }))).toBe("NOT_FOUND");
    expect(await codeOf(mainOnly.crm.activities.create({ customerId: local.id, type: "call", subject: "x" }))).toBe("NOT_FOUND");
    expect(await codeOf(mainOnly.crm.activities.create({ dealId: deal.id, type: "call", subject: "x" }))).toBe("NOT_FOUND");
  });

  it("record scope own: a member sees and changes only the activities they own, and cannot give one away", async () => {
    const o = await makeOrg();
    const boss = await as(await makeUser(o), o);
    const key = await makeOwnScopeRole(o.id, ["crm.customer.read", "crm.activity.read", "crm.activity.manage", "crm.deal.read"]);
    const rep = await makeUser(o, { roles: [key] });
    const repC = await as(rep, o);
    const repM = await membershipOf(o.id, rep.id);
    // An own-scope member sees only the customers they own (crm/visibility.ts): this one is the rep's.
    const cust = await boss.crm.customers.create({ name: "Own Scope", ownerMembershipId: repM });
    const theirs = await boss.crm.activities.create({ customerId: cust.id, type: "call", subject: "Boss's" });
    const assigned = await boss.crm.activities.create({ customerId: cust.id, type: "task", subject: "For the rep", ownerMembershipId: repM });
    const mine = await repC.crm.activities.create({ customerId: cust.id, type: "note", subject: "Rep's note" });
    expect(mine.ownerMembershipId).toBe(repM);
    expect((await repC.crm.activities.list({ sort: { id: "createdAt", desc: false } })).rows.map((r) => r.id)).toEqual([assigned.id, mine.id]);
    expect(await codeOf(repC.crm.activities.get({ id: theirs.id }))).toBe("NOT_FOUND");
    expect(await codeOf(repC.crm.activities.delete({ id: theirs.id }))).toBe("NOT_FOUND");
    expect(await codeOf(repC.crm.activities.update({ id: theirs.id, version: 1, subject: "x" }))).toBe("NOT_FOUND");
    const bossM = (await boss.crm.activities.get({ id: theirs.id })).ownerMembershipId!;
    expect(await fieldErrorsOf(repC.crm.activities.create({ customerId: cust.id, type: "call", subject: "x", ownerMembershipId: bossM }))).toHaveProperty("ownerMembershipId");
    expect((await repC.crm.activities.complete({ id: assigned.id, version: 1, outcome: "Done" })).activity.outcome).toBe("Done");
    // A deal someone else owns is not visible to an own-scope member either.
    const bossDeal = await makeDeal(o.id, cust.id, { ownerMembershipId: bossM });
    expect(await codeOf(repC.crm.activities.create({ dealId: bossDeal.id, type: "call", subject: "x" }))).toBe("NOT_FOUND");
    // The boss (record scope all) sees all three.
    expect((await boss.crm.activities.list({})).rows).toHaveLength(3);
  });

  it("lets sales log and complete; the viewer and manager only read (FORBIDDEN otherwise)", async () => {
    const sales = await as(await makeUser(org, { roles: ["sales"] }), org);
    const viewer = await as(await makeUser(org, { roles: ["viewer"] }), org);
    const manager = await as(await makeUser(org, { roles: ["manager"] }), org);
    const cust = await sales.crm.customers.create({ name: "Perms Co" });
    const a = await sales.crm.activities.create({ customerId: cust.id, type: "call", subject: "By sales" });
    expect((await viewer.crm.activities.list({ filters: { customer: enumOf(cust.id) } })).rows.map((r) => r.id)).toEqual([a.id]);
    expect((await manager.crm.activities.get({ id: a.id })).subject).toBe("By sales");
    for (const c of [viewer, manager]) {
      expect(await codeOf(c.crm.activities.create({ customerId: cust.id, type: "call", subject: "Nope" }))).toBe("FORBIDDEN");
      expect(await codeOf(c.crm.activities.update({ id: a.id, version: 1, subject: "Nope" }))).toBe("FORBIDDEN");
      expect(await codeOf(c.crm.activities.complete({ id: a.id, version: 1 }))).toBe("FORBIDDEN");
      expect(await codeOf(c.crm.activities.delete({ id: a.id }))).toBe("FORBIDDEN");
    }
    await sales.crm.activities.complete({ id: a.id, version: 1, outcome: "ok" });
  });

  it("captures every row change in the audit log", async () => {
    const cust = await owner.crm.customers.create({ name: "Audited Activities" });
    const a = await owner.crm.activities.create({ customerId: cust.id, type: "call", subject: "Audited" });
    await owner.crm.activities.complete({ id: a.id, version: 1, outcome: "Logged" });
    await owner.crm.activities.delete({ id: a.id });
    const events = await systemDb().auditEvent.findMany({
      where: { organizationId: org.id, kind: "change", tableName: "crm.activities", recordId: a.id },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { action: true, changes: true },
    });
    expect(events.map((e) => e.action)).toEqual(["insert", "update", "delete"]);
    expect(events[1]!.changes).toMatchObject({ outcome: { old: null, new: "Logged" } });
  });
});
