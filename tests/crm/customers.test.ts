// CRM customers and contacts: numbering per organization, tax id by country pack, the list contract, optimistic
// version, archive/restore, cross-organization and cross-workspace NOT_FOUND, one primary contact, permissions by
// system role, and the audit trail of row changes.
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "@/server/db/client";
import { asApp } from "../helpers/db";
import { callerFor, makeOrg, makeUser } from "../helpers/factory";
import { codeOf } from "../helpers/trpc";

type Org = Awaited<ReturnType<typeof makeOrg>>;
type Caller = Awaited<ReturnType<typeof callerFor>>;

const as = (user: { id: string }, org: Org) => callerFor(user.id, { org: org.slug });

/** The field errors a call ends with (service field errors and zod issues by path); undefined when it succeeds. */
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

describe("crm.customers", () => {
  let org: Org;
  let other: Org;
  let owner: Caller;
  let otherOwner: Caller;

  beforeAll(async () => {
    [org, other] = await Promise.all([makeOrg(), makeOrg()]);
    const [u1, u2] = await Promise.all([makeUser(org), makeUser(other)]);
    [owner, otherOwner] = await Promise.all([as(u1, org), as(u2, other)]);
  });

  it("numbers customers CUST-00001, CUST-00002 per organization, in the creating transaction", async () => {
    const a = await owner.crm.customers.create({ name: "Alpha Ltd" });
    const b = await owner.crm.customers.create({ name: "Beta Ltd", type: "individual" });
    const x = await otherOwner.crm.customers.create({ name: "Other Co" });
    expect([a.number, b.number, x.number]).toEqual(["CUST-00001", "CUST-00002", "CUST-00001"]);
    expect(a).toMatchObject({ status: "lead", tier: "standard", type: "company", version: 1, tags: [], customFields: {}, workspaceId: null });
    // A refused create (bad reference) rolls its number back with it: no gap.
    expect(await codeOf(owner.crm.customers.create({ name: "Bad", ownerMembershipId: "00000000-0000-7000-8000-000000000000" }))).toBe("BAD_REQUEST");
    const c = await owner.crm.customers.create({ name: "Gamma Ltd" });
    expect(c.number).toBe("CUST-00003");
  });

  it("validates credit limits and field shapes with field errors", async () => {
    expect(await fieldErrorsOf(owner.crm.customers.create({ name: "No currency", creditLimit: "1000" }))).toHaveProperty("creditCurrency");
    expect(await fieldErrorsOf(owner.crm.customers.create({ name: "Negative", creditLimit: "-1", creditCurrency: "USD" }))).toHaveProperty("creditLimit");
    expect(await fieldErrorsOf(owner.crm.customers.create({ name: " " }))).toHaveProperty("name");
    const ok = await owner.crm.customers.create({ name: "Credit Co", creditLimit: "2500.5", creditCurrency: "usd", tags: ["vip", "vip"] });
    expect(ok).toMatchObject({ creditLimit: "2500.50", creditCurrency: "USD", tags: ["vip"] });
  });

  it("checks the tax id with the organization's country pack (KZ BIN)", async () => {
    const kz = await makeOrg({ country: "KZ" });
    const c = await as(await makeUser(kz), kz);
    const ok = await c.crm.customers.create({ name: "ТОО Ромашка", taxId: " 971240001315 " });
    expect(ok.taxId).toBe("971240001315");
    expect(await fieldErrorsOf(c.crm.customers.create({ name: "Bad BIN", taxId: "971240001316" }))).toEqual({ taxId: ["Enter a valid 12-digit BIN/IIN"] });
    expect(await fieldErrorsOf(c.crm.customers.update({ id: ok.id, version: ok.version, taxId: "123" }))).toHaveProperty("taxId");
  });

  it("updates with the version read; a stale version is a CONFLICT", async () => {
    const c = await owner.crm.customers.create({ name: "Versioned" });
    const u = await owner.crm.customers.update({ id: c.id, version: 1, tier: "gold", email: "Buyer@Example.test" });
    expect(u).toMatchObject({ version: 2, status: "lead", tier: "gold", email: "buyer@example.test", name: "Versioned" });
    const err = await owner.crm.customers.update({ id: c.id, version: 1, name: "Stale" }).catch((e: { code: string; message: string }) => e);
    expect(err).toMatchObject({ code: "CONFLICT" });
    expect((err as { message: string }).message).toContain("changed by someone else");
    // The status is not edited freely: it moves through crm.customers.transition (the state machine).
    expect(await fieldErrorsOf(owner.crm.customers.update({ id: c.id, version: 2, status: "active" } as never))).toHaveProperty("status");
    expect((await owner.crm.customers.get({ id: c.id })).status).toBe("lead");
  });

  it("archives and restores; archived customers leave the default list and cannot be edited", async () => {
    const c = await owner.crm.customers.create({ name: "Zzz Archive Me" });
    const a = await owner.crm.customers.archive({ id: c.id });
    expect(a.archivedAt).not.toBeNull();
    expect(a.version).toBe(2);
    const active = await owner.crm.customers.list({ q: "Archive Me" });
    expect(active.rows).toHaveLength(0);
    const archived = await owner.crm.customers.list({ q: "Archive Me", filters: { archived: { type: "enum", values: ["archived"] } } });
    expect(archived.rows.map((r) => r.id)).toEqual([c.id]);
    expect(await codeOf(owner.crm.customers.update({ id: c.id, version: 2, name: "No" }))).toBe("PRECONDITION_FAILED");
    const r = await owner.crm.customers.restore({ id: c.id });
    expect(r).toMatchObject({ archivedAt: null, version: 3 });
  });

  it("lists by the list contract: keyset paging by name, numbered pages by number, filters and search", async () => {
    const o = await makeOrg();
    const c = await as(await makeUser(o), o);
    const names = ["Delta", "alpha", "Charlie", "Bravo", "Echo"];
    for (const n of names) await c.crm.customers.create({ name: n, tier: n === "Echo" ? "gold" : "standard", status: n === "Bravo" ? "active" : "lead" });
    await c.crm.customers.update({ id: (await c.crm.customers.list({ q: "Delta" })).rows[0]!.id, version: 1, phone: "+7 701 555 1234", taxId: "12-3456789" });

    const p1 = await c.crm.customers.list({ perPage: 2 });
    expect(p1.total).toBe(5);
    const p2 = await c.crm.customers.list({ perPage: 2, cursor: p1.nextCursor });
    const p3 = await c.crm.customers.list({ perPage: 2, cursor: p2.nextCursor });
    const all = [...p1.rows, ...p2.rows, ...p3.rows].map((r) => r.name);
    expect(all).toHaveLength(5);
    expect(new Set(all).size).toBe(5);
    expect(p3.nextCursor).toBeUndefined();

    const byNumberDesc = await c.crm.customers.list({ sort: { id: "number", desc: true }, page: 1, perPage: 3 });
    expect(byNumberDesc.rows.map((r) => r.number)).toEqual(["CUST-00005", "CUST-00004", "CUST-00003"]);
    expect(byNumberDesc.total).toBe(5);

    expect((await c.crm.customers.list({ filters: { tier: { type: "enum", values: ["gold"] } } })).rows.map((r) => r.name)).toEqual(["Echo"]);
    expect((await c.crm.customers.list({ filters: { status: { type: "enum", values: ["active"] } } })).rows.map((r) => r.name)).toEqual(["Bravo"]);
    // `q` is a word-prefix search (crm.search_terms): phone digits from the start or of the last 10 digits, tax ids
    // from the start, name words from their start.
    expect((await c.crm.customers.list({ q: "701 555" })).rows.map((r) => r.name)).toEqual(["Delta"]);
    expect((await c.crm.customers.list({ q: "12-3456" })).rows.map((r) => r.name)).toEqual(["Delta"]);
    expect((await c.crm.customers.list({ q: "CHAR" })).rows.map((r) => r.name)).toEqual(["Charlie"]);
    expect((await c.crm.customers.list({ q: "harlie" })).rows.map((r) => r.name)).toEqual([]);
    expect((await c.crm.customers.list({ q: "CUST-00002" })).rows.map((r) => r.name)).toEqual(["alpha"]);
    expect(await codeOf(c.crm.customers.list({ sort: { id: "email", desc: false } }))).toBe("BAD_REQUEST");
    expect(await codeOf(c.crm.customers.list({ filters: { nope: { type: "enum", values: ["x"] } } }))).toBe("BAD_REQUEST");
    expect(await codeOf(c.crm.customers.list({ cursor: "garbage" }))).toBe("BAD_REQUEST");
  });

  it("filters by owner and refuses owners and payment terms from another organization", async () => {
    const m = await systemDb().membership.findFirstOrThrow({ where: { organizationId: org.id }, select: { id: true } });
    const foreignM = await systemDb().membership.findFirstOrThrow({ where: { organizationId: other.id }, select: { id: true } });
    const c = await owner.crm.customers.create({ name: "Owned One", ownerMembershipId: m.id });
    const r = await owner.crm.customers.list({ filters: { owner: { type: "enum", values: [m.id] } } });
    expect(r.rows.map((x) => x.id)).toEqual([c.id]);
    expect(await fieldErrorsOf(owner.crm.customers.create({ name: "X", ownerMembershipId: foreignM.id }))).toHaveProperty("ownerMembershipId");
    const term = await systemDb().paymentTerm.create({ data: { organizationId: org.id, code: "N30", name: "Net 30", netDays: 30 } });
    const foreignTerm = await systemDb().paymentTerm.create({ data: { organizationId: other.id, code: "N30", name: "Net 30", netDays: 30 } });
    expect(await fieldErrorsOf(owner.crm.customers.create({ name: "X", paymentTermId: foreignTerm.id }))).toHaveProperty("paymentTermId");
    expect((await owner.crm.customers.create({ name: "Termed", paymentTermId: term.id })).paymentTermId).toBe(term.id);
  });

  it("answers NOT_FOUND for another organization's ids on every procedure taking one", async () => {
    const foreign = await otherOwner.crm.customers.create({ name: "Foreign" });
    const contact = await otherOwner.crm.contacts.create({ customerId: foreign.id, firstName: "Fo" });
    const calls: [string, () => Promise<unknown>][] = [
      ["get", () => owner.crm.customers.get({ id: foreign.id })],
      ["update", () => owner.crm.customers.update({ id: foreign.id, version: 1, name: "Mine" })],
      ["archive", () => owner.crm.customers.archive({ id: foreign.id })],
      ["restore", () => owner.crm.customers.restore({ id: foreign.id })],
      ["contacts.list", () => owner.crm.contacts.list({ customerId: foreign.id })],
      ["contacts.create", () => owner.crm.contacts.create({ customerId: foreign.id, firstName: "X" })],
      ["contacts.update", () => owner.crm.contacts.update({ id: contact.id, firstName: "X" })],
      ["contacts.delete", () => owner.crm.contacts.delete({ id: contact.id })],
    ];
    for (const [name, p] of calls) expect([name, await codeOf(p())]).toEqual([name, "NOT_FOUND"]);
    expect((await otherOwner.crm.customers.get({ id: foreign.id })).name).toBe("Foreign");
    expect((await otherOwner.crm.contacts.list({ customerId: foreign.id })).map((c) => c.firstName)).toEqual(["Fo"]);
  });

  it("hides a workspace's customers from members without that workspace", async () => {
    const o = await makeOrg({ workspaces: ["main", "second"] });
    const boss = await as(await makeUser(o), o);
    const mainOnly = await as(await makeUser(o, { roles: ["sales"], workspaces: ["main"] }), o);
    const secondOnly = await as(await makeUser(o, { roles: ["sales"], workspaces: ["second"] }), o);
    const shared = await boss.crm.customers.create({ name: "Shared" });
    const local = await boss.crm.customers.create({ name: "Second Only", workspaceId: o.workspaces.second! });
    expect(local.workspaceId).toBe(o.workspaces.second);

    expect((await mainOnly.crm.customers.list({})).rows.map((r) => r.name)).toEqual(["Shared"]);
    expect((await secondOnly.crm.customers.list({})).rows.map((r) => r.name).sort()).toEqual(["Second Only", "Shared"]);
    expect(await codeOf(mainOnly.crm.customers.get({ id: local.id }))).toBe("NOT_FOUND");
    expect(await codeOf(mainOnly.crm.customers.update({ id: local.id, version: 1, name: "x" }))).toBe("NOT_FOUND");
    expect(await codeOf(mainOnly.crm.customers.archive({ id: local.id }))).toBe("NOT_FOUND");
    expect(await codeOf(mainOnly.crm.contacts.list({ customerId: local.id }))).toBe("NOT_FOUND");
    expect(await codeOf(mainOnly.crm.contacts.create({ customerId: local.id, firstName: "X" }))).toBe("NOT_FOUND");
    expect((await mainOnly.crm.customers.get({ id: shared.id })).name).toBe("Shared");
    // Beneath the application: the restrictive policy hides the row from a transaction scoped to other workspaces,
    // and refuses writing one into them.
    const userId = (await systemDb().membership.findFirstOrThrow({ where: { organizationId: o.id }, select: { userId: true } })).userId;
    const seen = await asApp({ orgId: o.id, userId, workspaceIds: [o.workspaces.main!] }, async (pg) => {
      const r = await pg.query("select name from crm.customers order by name");
      return r.rows.map((x: { name: string }) => x.name);
    });
    expect(seen).toEqual(["Shared"]);
    await expect(
      asApp({ orgId: o.id, userId, workspaceIds: [o.workspaces.main!] }, (pg) =>
        pg.query("insert into crm.customers (organization_id, id, number, workspace_id, name, tags) values ($1, gen_random_uuid(), 'X-1', $2, 'Sneaky', '{}')", [
          o.id,
          o.workspaces.second,
        ]),
      ),
    ).rejects.toThrow(/row-level security/);
    // Nor can a member put a customer into a workspace they do not belong to.
    expect(await fieldErrorsOf(mainOnly.crm.customers.create({ name: "Sneaky", workspaceId: o.workspaces.second! }))).toHaveProperty("workspaceId");
  });

  it("keeps at most one primary contact per customer", async () => {
    const cust = await owner.crm.customers.create({ name: "Contacts Inc" });
    const ann = await owner.crm.contacts.create({ customerId: cust.id, firstName: "Ann", isPrimary: true, isDecisionMaker: true });
    const bob = await owner.crm.contacts.create({ customerId: cust.id, firstName: "Bob", lastName: "Baker", isPrimary: true });
    let list = await owner.crm.contacts.list({ customerId: cust.id });
    expect(list.map((c) => [c.firstName, c.isPrimary])).toEqual([["Bob", true], ["Ann", false]]);
    await owner.crm.contacts.update({ id: ann.id, isPrimary: true, position: "CEO" });
    list = await owner.crm.contacts.list({ customerId: cust.id });
    expect(list.map((c) => [c.firstName, c.isPrimary, c.position])).toEqual([["Ann", true, "CEO"], ["Bob", false, null]]);
    // The database refuses a second primary even if a writer skips the service.
    await expect(
      systemDb().contact.updateMany({ where: { organizationId: org.id, id: bob.id }, data: { isPrimary: true } }),
    ).rejects.toThrow();
    await owner.crm.contacts.delete({ id: bob.id });
    expect((await owner.crm.contacts.list({ customerId: cust.id })).map((c) => c.firstName)).toEqual(["Ann"]);
    expect(await fieldErrorsOf(owner.crm.contacts.create({ customerId: cust.id, firstName: "" }))).toHaveProperty("firstName");
  });

  it("lets sales create and edit, the viewer only read (FORBIDDEN otherwise)", async () => {
    const clerk = await as(await makeUser(org, { roles: ["sales"] }), org);
    const viewer = await as(await makeUser(org, { roles: ["viewer"] }), org);
    const manager = await as(await makeUser(org, { roles: ["manager"] }), org);
    const c = await clerk.crm.customers.create({ name: "By Sales" });
    await clerk.crm.customers.update({ id: c.id, version: 1, tier: "silver" });
    await clerk.crm.contacts.create({ customerId: c.id, firstName: "Sal" });
    expect((await viewer.crm.customers.get({ id: c.id })).tier).toBe("silver");
    expect((await viewer.crm.contacts.list({ customerId: c.id })).length).toBe(1);
    expect((await manager.crm.customers.list({ q: "By Sales" })).rows).toHaveLength(1);
    expect(await codeOf(viewer.crm.customers.create({ name: "Nope" }))).toBe("FORBIDDEN");
    expect(await codeOf(viewer.crm.customers.update({ id: c.id, version: 2, name: "Nope" }))).toBe("FORBIDDEN");
    expect(await codeOf(viewer.crm.customers.archive({ id: c.id }))).toBe("FORBIDDEN");
    expect(await codeOf(viewer.crm.contacts.create({ customerId: c.id, firstName: "Nope" }))).toBe("FORBIDDEN");
    expect(await codeOf(manager.crm.customers.create({ name: "Nope" }))).toBe("FORBIDDEN");
  });

  it("captures every row change in the audit log", async () => {
    const c = await owner.crm.customers.create({ name: "Audited" });
    await owner.crm.customers.update({ id: c.id, version: 1, name: "Audited Co" });
    await owner.crm.customers.archive({ id: c.id });
    const contact = await owner.crm.contacts.create({ customerId: c.id, firstName: "Aud" });
    const events = await systemDb().auditEvent.findMany({
      where: { organizationId: org.id, kind: "change", recordId: { in: [c.id, contact.id] } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { tableName: true, action: true, changes: true },
    });
    expect(events.map((e) => `${e.tableName} ${e.action}`)).toEqual([
      "crm.customers insert",
      "crm.customers update",
      "crm.customers update",
      "crm.contacts insert",
    ]);
    expect(events[1]!.changes).toMatchObject({ name: { old: "Audited", new: "Audited Co" } });
  });
});
