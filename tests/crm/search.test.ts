// CRM record search (crm.search and the command palette's providers through platform.search): matches by name,
// number, e-mail, phone (also by digits) and tax id; contacts by name, e-mail and phone; never another
// organization's records, a workspace's customers only for its members, and with record scope "own" only the
// member's own customers. The trigram indexes are used for the contains-match.
import { beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "@/server/db/client";
import { callerFor, makeOrg, makeUser } from "../helpers/factory";
import { codeOf } from "../helpers/trpc";
import { withConnection } from "../helpers/db";

type Org = Awaited<ReturnType<typeof makeOrg>>;
type Caller = Awaited<ReturnType<typeof callerFor>>;
type Groups = { groups: { id: string; hits: { id: string; title: string; href: string }[] }[] };

const as = (user: { id: string }, org: Org, ws = "main") => callerFor(user.id, { org: org.slug, ws });
const hitsOf = (r: Groups, group: string) => r.groups.find((g) => g.id === group)?.hits ?? [];
const titles = (r: Groups, group = "customers") => hitsOf(r, group).map((h) => h.title);

describe("crm.search", () => {
  let org: Org;
  let other: Org;
  let owner: Caller;
  let otherOwner: Caller;
  let acme: { id: string; number: string };

  beforeAll(async () => {
    [org, other] = await Promise.all([makeOrg({ country: "KZ" }), makeOrg({ country: "KZ" })]);
    const [u1, u2] = await Promise.all([makeUser(org), makeUser(other)]);
    [owner, otherOwner] = await Promise.all([as(u1, org), as(u2, other)]);
    acme = await owner.crm.customers.create({
      name: "Zephyrine Trading LLP",
      email: "orders@zephyrine.test",
      phone: "+7 (701) 555-12-34",
      taxId: "971240001315",
    });
    await owner.crm.customers.create({ name: "Borealis Foods" });
    await owner.crm.contacts.create({ customerId: acme.id, firstName: "Ainur", lastName: "Kassymova", email: "ainur@zephyrine.test", phone: "+7 777 000 11 22" });
    // The same words in another organization must never be found.
    const foreign = await otherOwner.crm.customers.create({ name: "Zephyrine Foreign Branch", email: "x@zephyrine.test" });
    await otherOwner.crm.contacts.create({ customerId: foreign.id, firstName: "Ainur", lastName: "Foreign" });
  });

  it("finds a customer by part of the name, number, e-mail, phone, phone digits and tax id, linking to the customer page", async () => {
    for (const q of ["zephyr", "RINE TRAD", acme.number, "orders@zeph", "555-12", "7015551234", "971240001315", "2400013"]) {
      const r = await owner.crm.search({ q });
      expect(titles(r), q).toEqual(["Zephyrine Trading LLP"]);
    }
    const [hit] = hitsOf(await owner.crm.search({ q: "zephyr" }), "customers");
    expect(hit!.href).toBe(`/${org.slug}/main/crm/customers/${acme.id}`);
    expect(titles(await owner.crm.search({ q: "nothing like this" }))).toEqual([]);
  });

  it("finds contacts by full name, e-mail and phone; they open their customer", async () => {
    for (const q of ["Ainur Kass", "kassymova", "ainur@zeph", "000 11 22", "7770001122"]) {
      const r = await owner.crm.search({ q });
      expect(titles(r, "contacts"), q).toEqual(["Ainur Kassymova"]);
      expect(hitsOf(r, "contacts")[0]!.href).toBe(`/${org.slug}/main/crm/customers/${acme.id}`);
    }
  });

  it("treats LIKE wildcards literally and needs at least 3 characters", async () => {
    expect(titles(await owner.crm.search({ q: "%%%" }))).toEqual([]);
    expect(titles(await owner.crm.search({ q: "___" }))).toEqual([]);
    expect(titles(await owner.crm.search({ q: "Ze" }))).toEqual([]);
    expect(await codeOf(owner.crm.search({ q: "  " }))).toBe("BAD_REQUEST");
  });

  it("is tenant-scoped: another organization's customers and contacts are never hits", async () => {
    const mine = await owner.crm.search({ q: "zephyrine" });
    expect(titles(mine)).toEqual(["Zephyrine Trading LLP"]);
    expect(titles(mine, "contacts")).toEqual(["Ainur Kassymova"]);
    const theirs = await otherOwner.crm.search({ q: "zephyrine" });
    expect(titles(theirs)).toEqual(["Zephyrine Foreign Branch"]);
    expect(titles(await otherOwner.crm.search({ q: "Ainur" }), "contacts")).toEqual(["Ainur Foreign"]);
    // A foreign organization claim is NOT_FOUND, like every scoped procedure.
    expect(await codeOf(callerFor((await makeUser(org)).id, { org: other.slug, ws: "main" }).then((c) => c.crm.search({ q: "zephyrine" })))).toBe("NOT_FOUND");
  });

  it("shows a workspace's customers (and their contacts) only to members of that workspace", async () => {
    const o = await makeOrg({ workspaces: ["main", "second"] });
    const boss = await as(await makeUser(o), o);
    const secondCustomer = await boss.crm.customers.create({ name: "Quillfeather Second", workspaceId: o.workspaces.second! });
    await boss.crm.contacts.create({ customerId: secondCustomer.id, firstName: "Quentin", lastName: "Quillfeather" });
    const mainOnly = await as(await makeUser(o, { roles: ["sales"], workspaces: ["main"] }), o);
    const secondOnly = await as(await makeUser(o, { roles: ["sales"], workspaces: ["second"] }), o, "second");
    expect(titles(await mainOnly.crm.search({ q: "quillfeather" }))).toEqual([]);
    expect(titles(await mainOnly.crm.search({ q: "quillfeather" }), "contacts")).toEqual([]);
    expect(titles(await secondOnly.crm.search({ q: "quillfeather" }))).toEqual(["Quillfeather Second"]);
    expect(titles(await secondOnly.crm.search({ q: "quillfeather" }), "contacts")).toEqual(["Quentin Quillfeather"]);
  });

  it("with record scope own, finds only the member's own customers and their contacts", async () => {
    const o = await makeOrg();
    const role = await systemDb().role.create({
      data: { organizationId: o.id, key: "own_sales", name: "Own sales", recordScope: "own" },
    });
    await systemDb().rolePermission.createMany({
      data: ["platform.workspace.read", "crm.customer.read", "crm.contact.read"].map((permission) => ({ organizationId: o.id, roleId: role.id, permission })),
    });
    const boss = await as(await makeUser(o), o);
    const rep = await makeUser(o, { roles: ["own_sales"] });
    const repMembership = await systemDb().membership.findFirstOrThrow({ where: { organizationId: o.id, userId: rep.id }, select: { id: true } });
    const mine = await boss.crm.customers.create({ name: "Ownership Mine", ownerMembershipId: repMembership.id });
    const theirs = await boss.crm.customers.create({ name: "Ownership Theirs" });
    await boss.crm.contacts.create({ customerId: mine.id, firstName: "Ownership", lastName: "Contact One" });
    await boss.crm.contacts.create({ customerId: theirs.id, firstName: "Ownership", lastName: "Contact Two" });
    const repCaller = await as(rep, o);
    const r = await repCaller.crm.search({ q: "ownership" });
    expect(titles(r)).toEqual(["Ownership Mine"]);
    expect(titles(r, "contacts")).toEqual(["Ownership Contact One"]);
    // The palette's providers apply the same scope.
    const palette = await repCaller.platform.search({ q: "ownership" });
    expect(palette.groups.find((g) => g.id === "crmCustomers")?.hits.map((h) => h.title)).toEqual(["Ownership Mine"]);
    expect(titles(await boss.crm.search({ q: "ownership" }))).toEqual(["Ownership Mine", "Ownership Theirs"]);
  });

  it("ranks an exact number match first and archived customers last", async () => {
    const o = await makeOrg();
    const c = await as(await makeUser(o), o);
    const a = await c.crm.customers.create({ name: "Rankly Alpha" });
    const b = await c.crm.customers.create({ name: "Rankly Beta" });
    await c.crm.customers.archive({ id: a.id });
    expect(titles(await c.crm.search({ q: "rankly" }))).toEqual(["Rankly Beta", "Rankly Alpha"]);
    expect(titles(await c.crm.search({ q: b.number }))[0]).toBe("Rankly Beta");
  });

  it("registers palette providers: platform.search groups customers and contacts by permission", async () => {
    const r = await owner.platform.search({ q: "zephyrine" });
    expect(r.groups.find((g) => g.id === "crmCustomers")?.hits.map((h) => h.href)).toEqual([`/${org.slug}/main/crm/customers/${acme.id}`]);
    expect(r.groups.find((g) => g.id === "crmContacts")?.hits.map((h) => h.title)).toEqual(["Ainur Kassymova"]);
    // A member without CRM permissions gets no CRM groups at all.
    const clerk = await as(await makeUser(org, { roles: ["accountant"] }), org);
    const none = await clerk.platform.search({ q: "zephyrine" });
    expect(none.groups.map((g) => g.id)).not.toContain("crmCustomers");
    expect(await codeOf(clerk.crm.search({ q: "zephyrine" }))).toBe("FORBIDDEN");
  });

  it("answers the contains-search from the trigram index (not a scan of the organization's customers)", async () => {
    // As the system role (no RLS quals), with sequential scans off: only an index that serves the ILIKE can answer.
    const plan = await withConnection("system", async (pg) => {
      await pg.query("begin");
      await pg.query("set local enable_seqscan = off");
      const r = await pg.query(
        `explain select id from crm.customers c where c.name ilike '%zephyr%' or c.tax_id ilike '%2400013%'
            or regexp_replace(coalesce(c.phone, ''), '\\D', '', 'g') like '%7015551234%'`,
      );
      await pg.query("rollback");
      return r.rows.map((x: { "QUERY PLAN": string }) => x["QUERY PLAN"]).join("\n");
    });
    // Every arm of the OR is a scan of the one multicolumn trigram index (no filter over the table).
    expect(plan.match(/Bitmap Index Scan on customers_search_trgm_idx/g)).toHaveLength(3);
    expect(plan).not.toContain("Seq Scan");
  });
});
