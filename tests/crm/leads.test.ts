// CRM leads: the list contract, version checks, the lead machine (disqualify needs a reason), conversion into a
// customer (+ deal) in one transaction, never twice, cross-organization NOT_FOUND, workspace and "own" visibility,
// permissions.
import { beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "@/server/db/client";
import { makeOrg, makeUser } from "../helpers/factory";
import { codeOf } from "../helpers/trpc";
import { as, fieldErrorsOf, membershipOf, ownRole, type Caller, type Org } from "./pipeline-helpers";

describe("crm.leads", () => {
  let org: Org;
  let other: Org;
  let owner: Caller;
  let otherOwner: Caller;

  beforeAll(async () => {
    [org, other] = await Promise.all([makeOrg(), makeOrg()]);
    const [u1, u2] = await Promise.all([makeUser(org), makeUser(other)]);
    [owner, otherOwner] = await Promise.all([as(u1, org), as(u2, other)]);
  });

  it("creates and updates leads with field errors and the version read", async () => {
    const l = await owner.crm.leads.create({ name: "Jane Roe", companyName: "Roe Trading", email: "Jane@Roe.test", source: "website", estimatedValue: "5000", currency: "usd" });
    expect(l).toMatchObject({ status: "new", source: "website", email: "jane@roe.test", estimatedValue: "5000.00", currency: "USD", version: 1, convertedAt: null });
    expect(await fieldErrorsOf(owner.crm.leads.create({ name: "No currency", estimatedValue: "10" }))).toHaveProperty("currency");
    expect(await fieldErrorsOf(owner.crm.leads.create({ name: "" }))).toHaveProperty("name");
    expect(await fieldErrorsOf(owner.crm.leads.create({ name: "Bad mail", email: "nope" }))).toHaveProperty("email");
    const u = await owner.crm.leads.update({ id: l.id, version: 1, phone: "+1 555 0100", notes: "Met at the fair" });
    expect(u).toMatchObject({ phone: "+1 555 0100", notes: "Met at the fair", version: 2, name: "Jane Roe" });
    expect(await codeOf(owner.crm.leads.update({ id: l.id, version: 1, name: "Stale" }))).toBe("CONFLICT");
  });

  it("moves through new → contacted → qualified / disqualified (with a reason) and records the history", async () => {
    let l = await owner.crm.leads.create({ name: "Machine" });
    l = await owner.crm.leads.transition({ id: l.id, version: l.version, transition: "contact" });
    expect(l.status).toBe("contacted");
    expect(await codeOf(owner.crm.leads.transition({ id: l.id, version: l.version, transition: "contact" }))).toBe("PRECONDITION_FAILED");
    expect(await fieldErrorsOf(owner.crm.leads.transition({ id: l.id, version: l.version, transition: "disqualify" }))).toHaveProperty("reason");
    l = await owner.crm.leads.transition({ id: l.id, version: l.version, transition: "disqualify", reason: "No budget" });
    expect(l).toMatchObject({ status: "disqualified", disqualifiedReason: "No budget" });
    l = await owner.crm.leads.transition({ id: l.id, version: l.version, transition: "reopen" });
    expect(l).toMatchObject({ status: "contacted", disqualifiedReason: null });
    l = await owner.crm.leads.transition({ id: l.id, version: l.version, transition: "qualify" });
    expect(l.status).toBe("qualified");
    expect(await codeOf(owner.crm.leads.transition({ id: l.id, version: 1, transition: "disqualify", reason: "x" }))).toBe("CONFLICT");
    const history = await systemDb().statusHistory.findMany({ where: { organizationId: org.id, entityType: "lead", entityId: l.id }, orderBy: { createdAt: "asc" } });
    expect(history.map((h) => [h.fromStatus, h.toStatus])).toEqual([
      ["new", "contacted"],
      ["contacted", "disqualified"],
      ["disqualified", "contacted"],
      ["contacted", "qualified"],
    ]);
  });

  it("converts a lead into a new customer and a qualified deal, once", async () => {
    const l = await owner.crm.leads.create({ name: "Conv Person", companyName: "Conv Corp", email: "buy@conv.test", source: "referral", estimatedValue: "1200", currency: "EUR" });
    const out = await owner.crm.leads.convert({ id: l.id, version: l.version, deal: { name: "Conv Corp — first order", expectedCloseDate: "2027-05-01" } });
    expect(out.lead).toMatchObject({ status: "qualified", convertedCustomerId: out.customer.id, convertedDealId: out.deal!.id });
    expect(out.lead.convertedAt).toBeInstanceOf(Date);
    const customer = await owner.crm.customers.get({ id: out.customer.id });
    expect(customer).toMatchObject({ name: "Conv Corp", type: "company", status: "prospect", email: "buy@conv.test" });
    expect(customer.number).toMatch(/^CUST-\d{5}$/);
    const deal = await owner.crm.deals.get({ id: out.deal!.id });
    expect(deal).toMatchObject({ stage: "qualified", probability: 40, value: "1200.00", currency: "EUR", source: "referral", leadId: l.id, customerId: customer.id, expectedCloseDate: "2027-05-01" });
    expect(await codeOf(owner.crm.leads.convert({ id: l.id, version: out.lead.version, deal: null }))).toBe("PRECONDITION_FAILED");
    expect(await codeOf(owner.crm.leads.transition({ id: l.id, version: out.lead.version, transition: "disqualify", reason: "x" }))).toBe("PRECONDITION_FAILED");
    const events = await systemDb().auditEvent.count({ where: { organizationId: org.id, action: "crm.lead_converted", recordId: l.id } });
    expect(events).toBe(1);
  });

  it("converts into an existing customer without a deal; a disqualified lead cannot be converted", async () => {
    const c = await owner.crm.customers.create({ name: "Existing Co" });
    const l = await owner.crm.leads.create({ name: "Existing contact" });
    const out = await owner.crm.leads.convert({ id: l.id, version: 1, existingCustomerId: c.id, deal: null });
    expect(out).toMatchObject({ customer: { id: c.id }, deal: null, lead: { status: "qualified", convertedCustomerId: c.id, convertedDealId: null } });
    const d = await owner.crm.leads.create({ name: "Dq" });
    const dq = await owner.crm.leads.transition({ id: d.id, version: 1, transition: "disqualify", reason: "Spam" });
    expect(await codeOf(owner.crm.leads.convert({ id: d.id, version: dq.version }))).toBe("PRECONDITION_FAILED");
    expect(await fieldErrorsOf(owner.crm.leads.convert({ id: d.id, version: dq.version, customer: { name: "A" }, existingCustomerId: c.id }))).toHaveProperty("existingCustomerId");
    const foreign = await otherOwner.crm.customers.create({ name: "Foreign" });
    const l2 = await owner.crm.leads.create({ name: "Wants foreign" });
    expect(await fieldErrorsOf(owner.crm.leads.convert({ id: l2.id, version: 1, existingCustomerId: foreign.id }))).toHaveProperty("existingCustomerId");
  });

  it("leaves nothing behind when the conversion fails late (stale version after the customer and deal were made)", async () => {
    const o = await makeOrg();
    const c = await as(await makeUser(o), o);
    const l = await c.crm.leads.create({ name: "Racy", companyName: "Racy Ltd" });
    await c.crm.leads.update({ id: l.id, version: 1, notes: "changed meanwhile" });
    expect(await codeOf(c.crm.leads.convert({ id: l.id, version: 1, deal: { name: "Racy deal", value: "10" } }))).toBe("CONFLICT");
    expect(await systemDb().customer.count({ where: { organizationId: o.id } })).toBe(0);
    expect(await systemDb().deal.count({ where: { organizationId: o.id } })).toBe(0);
    expect((await c.crm.leads.get({ id: l.id })).convertedAt).toBeNull();
    // A bad tax id refuses before anything is made; the numbers were never spent.
    expect(await fieldErrorsOf(c.crm.leads.convert({ id: l.id, version: 2, customer: { taxId: "12" } }))).toHaveProperty("taxId");
    const ok = await c.crm.leads.convert({ id: l.id, version: 2, deal: { name: "Racy deal" } });
    expect(ok.customer.number).toBe("CUST-00001");
    expect(ok.deal!.number).toBe("DEAL-00001");
  });

  it("lists with the contract: keyset by creation, filters status, source, owner; q", async () => {
    const o = await makeOrg();
    const u = await makeUser(o);
    const c = await as(u, o);
    const m = await membershipOf(o, u.id);
    for (let i = 1; i <= 5; i++) await c.crm.leads.create({ name: `Lead ${i}`, source: i % 2 ? "website" : "event", email: `l${i}@x.test`, ownerMembershipId: i === 3 ? m : null });
    const p1 = await c.crm.leads.list({ perPage: 2 });
    expect(p1.rows.map((r) => r.name)).toEqual(["Lead 5", "Lead 4"]);
    expect(p1.total).toBe(5);
    const p2 = await c.crm.leads.list({ perPage: 2, cursor: p1.nextCursor });
    const p3 = await c.crm.leads.list({ perPage: 2, cursor: p2.nextCursor });
    expect([...p2.rows, ...p3.rows].map((r) => r.name)).toEqual(["Lead 3", "Lead 2", "Lead 1"]);
    expect(p3.nextCursor).toBeUndefined();
    expect((await c.crm.leads.list({ filters: { source: { type: "enum", values: ["event"] } } })).total).toBe(2);
    expect((await c.crm.leads.list({ filters: { owner: { type: "enum", values: [m] } } })).rows.map((r) => r.name)).toEqual(["Lead 3"]);
    expect((await c.crm.leads.list({ q: "l4@x" })).rows.map((r) => r.name)).toEqual(["Lead 4"]);
    const first = p1.rows[0]!;
    await c.crm.leads.transition({ id: first.id, version: first.version, transition: "contact" });
    expect((await c.crm.leads.list({ filters: { status: { type: "enum", values: ["contacted"] } } })).rows.map((r) => r.name)).toEqual(["Lead 5"]);
    expect((await c.crm.leads.list({ sort: { id: "name", desc: false }, page: 1, perPage: 2 })).rows.map((r) => r.name)).toEqual(["Lead 1", "Lead 2"]);
  });

  it("hides workspace leads from other workspaces and others' leads from an 'own' member", async () => {
    const o = await makeOrg({ workspaces: ["main", "second"] });
    const boss = await as(await makeUser(o), o);
    const mainOnly = await as(await makeUser(o, { roles: ["sales"], workspaces: ["main"] }), o);
    const key = await ownRole(o, ["crm.lead.read", "crm.lead.manage"]);
    const rep = await makeUser(o, { roles: [key] });
    const repC = await as(rep, o);
    const repM = await membershipOf(o, rep.id);
    const local = await boss.crm.leads.create({ name: "Second lead", workspaceId: o.workspaces.second! });
    const repLead = await boss.crm.leads.create({ name: "Rep lead", ownerMembershipId: repM });
    expect(await codeOf(mainOnly.crm.leads.get({ id: local.id }))).toBe("NOT_FOUND");
    expect((await mainOnly.crm.leads.list({})).rows.map((r) => r.name)).toEqual(["Rep lead"]);
    expect((await repC.crm.leads.list({})).rows.map((r) => r.name)).toEqual(["Rep lead"]);
    expect(await codeOf(repC.crm.leads.get({ id: local.id }))).toBe("NOT_FOUND");
    expect((await repC.crm.leads.get({ id: repLead.id })).name).toBe("Rep lead");
    expect((await repC.crm.leads.create({ name: "Self" })).ownerMembershipId).toBe(repM);
    // Without crm.customer.create the rep cannot convert into a new customer.
    expect(await codeOf(repC.crm.leads.convert({ id: repLead.id, version: 1 }))).toBe("FORBIDDEN");
  });

  it("lets the viewer read but not change leads", async () => {
    const viewer = await as(await makeUser(org, { roles: ["viewer"] }), org);
    const l = await owner.crm.leads.create({ name: "Viewed lead" });
    expect((await viewer.crm.leads.get({ id: l.id })).name).toBe("Viewed lead");
    expect(await codeOf(viewer.crm.leads.create({ name: "No" }))).toBe("FORBIDDEN");
    expect(await codeOf(viewer.crm.leads.update({ id: l.id, version: 1, name: "No" }))).toBe("FORBIDDEN");
    expect(await codeOf(viewer.crm.leads.transition({ id: l.id, version: 1, transition: "contact" }))).toBe("FORBIDDEN");
    expect(await codeOf(viewer.crm.leads.convert({ id: l.id, version: 1 }))).toBe("FORBIDDEN");
  });

  it("answers NOT_FOUND for another organization's ids on every procedure taking one", async () => {
    const l = await owner.crm.leads.create({ name: "Private lead" });
    const id = l.id;
    expect(await codeOf(otherOwner.crm.leads.get({ id }))).toBe("NOT_FOUND");
    expect(await codeOf(otherOwner.crm.leads.update({ id, version: 1, name: "X" }))).toBe("NOT_FOUND");
    expect(await codeOf(otherOwner.crm.leads.transition({ id, version: 1, transition: "contact" }))).toBe("NOT_FOUND");
    expect(await codeOf(otherOwner.crm.leads.convert({ id, version: 1 }))).toBe("NOT_FOUND");
    expect(await codeOf(otherOwner.crm.leads.archive({ id }))).toBe("NOT_FOUND");
    expect(await codeOf(otherOwner.crm.leads.restore({ id }))).toBe("NOT_FOUND");
    expect((await owner.crm.leads.get({ id })).version).toBe(1);
  });
});
