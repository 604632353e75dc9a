// CRM record search (crm.search and the command palette's providers through platform.search): matches by name,
// number, e-mail, phone (also by digits) and tax id; contacts by name, e-mail and phone; never another
// organization's records, a workspace's customers only for its members, and with record scope "own" only the
// member's own customers. Customers, contacts and deals match by word prefix through crm.search_terms, index-served under RLS.
import { beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "@/server/db/client";
import { callerFor, makeOrg, makeUser } from "../helpers/factory";
import { codeOf } from "../helpers/trpc";
import { asApp } from "../helpers/db";

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
    // Every word of the query starts a word of the name, or the number / e-mail (or its domain) / phone digits (from
    // the start or of the last 10) / tax id from its start (crm.search_terms: word-prefix, not "contains").
    for (const q of ["zephyr", "Zephyrine TRAD", "trading zeph", "LLP", acme.number, acme.number.slice(-3), "orders@zeph", "@zephyrine.test", "+7 (701) 555", "701 555-12", "7015551234", "971240001315", "97124"]) {
      const r = await owner.crm.search({ q });
      expect(titles(r), q).toEqual(["Zephyrine Trading LLP"]);
    }
    const [hit] = hitsOf(await owner.crm.search({ q: "zephyr" }), "customers");
    expect(hit!.href).toBe(`/${org.slug}/main/crm/customers/${acme.id}`);
    expect(titles(await owner.crm.search({ q: "nothing like this" }))).toEqual([]);
    // Inside a word or in the middle of a number is not a word start.
    for (const q of ["phyrine", "RINE TRAD", "555-12", "2400013"]) expect(titles(await owner.crm.search({ q })), q).toEqual([]);
    // Every word must match the same customer.
    expect(titles(await owner.crm.search({ q: "zephyrine foods" }))).toEqual([]);
  });

  it("finds contacts by full name, e-mail and phone; they open their customer", async () => {
    for (const q of ["Ainur Kass", "kassymova", "ainur@zeph", "777 000 11", "+7 777 000", "7770001122"]) {
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
    // Searching from a workspace shows that workspace's records (and organization-wide ones), as its pages do.
    expect(titles(await boss.crm.search({ q: "quillfeather" }))).toEqual([]);
    const bossInSecond = await callerFor((await makeUser(o)).id, { org: o.slug, ws: "second" });
    expect(titles(await bossInSecond.crm.search({ q: "quillfeather" }))).toEqual(["Quillfeather Second"]);
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

  it("finds deals by number, name and customer name; visibility and record scope follow the deal", async () => {
    const o = await makeOrg({ workspaces: ["main", "second"] });
    const role = await systemDb().role.create({ data: { organizationId: o.id, key: "own_deals", name: "Own deals", recordScope: "own" } });
    await systemDb().rolePermission.createMany({
      data: ["crm.customer.read", "crm.deal.read"].map((permission) => ({ organizationId: o.id, roleId: role.id, permission })),
    });
    const bossUser = await makeUser(o);
    const boss = await as(bossUser, o);
    const rep = await makeUser(o, { roles: ["own_deals"] });
    const [bossM, repM] = await Promise.all(
      [bossUser, rep].map((u) => systemDb().membership.findFirstOrThrow({ where: { organizationId: o.id, userId: u.id }, select: { id: true } })),
    );
    const customer = await boss.crm.customers.create({ name: "Vantablack Mining" });
    const deal = async (number: string, name: string, ownerMembershipId: string, workspaceId: string | null = null) => {
      const [row] = await systemDb().$queryRaw<{ id: string }[]>`
        insert into crm.deals (organization_id, id, number, customer_id, name, currency, owner_membership_id, workspace_id)
        values (${o.id}::uuid, gen_random_uuid(), ${number}, ${customer.id}::uuid, ${name}, 'USD', ${ownerMembershipId}::uuid, ${workspaceId}::uuid)
        returning id::text as id`;
      return row!.id;
    };
    const d1 = await deal("DEAL-00001", "Conveyor retrofit", repM!.id);
    await deal("DEAL-00002", "Spare parts 2027", bossM!.id);
    await deal("DEAL-00003", "Second site survey", bossM!.id, o.workspaces.second!);

    const dealTitles = async (c: Caller, q: string) => titles(await c.crm.search({ q }), "deals");
    expect(await dealTitles(boss, "conveyor")).toEqual(["Conveyor retrofit"]);
    expect(await dealTitles(boss, "DEAL-00002")).toEqual(["Spare parts 2027"]);
    expect(await dealTitles(boss, "vantablack")).toEqual(["Conveyor retrofit", "Spare parts 2027"]);
    expect(await dealTitles(await as(bossUser, o, "second"), "vantablack")).toEqual(["Conveyor retrofit", "Second site survey", "Spare parts 2027"]);
    const [hit] = hitsOf(await boss.crm.search({ q: "conveyor" }), "deals");
    expect(hit!.href).toBe(`/${o.slug}/main/crm/deals/${d1}`);
    // A member of "main" only cannot search from "second" at all.
    const mainOnly = await makeUser(o, { roles: ["sales"], workspaces: ["main"] });
    expect(await dealTitles(await as(mainOnly, o), "vantablack")).toEqual(["Conveyor retrofit", "Spare parts 2027"]);
    expect(await codeOf(as(mainOnly, o, "second").then((c) => c.crm.search({ q: "vantablack" })))).toBe("NOT_FOUND");
    // Record scope own: only the member's own deals (the customer is theirs to see through the deal's group only).
    const repCaller = await as(rep, o);
    expect(await dealTitles(repCaller, "vantablack")).toEqual(["Conveyor retrofit"]);
    // Name words of a deal in another workspace: only from that workspace; "own": only the member's own deals.
    expect(await dealTitles(boss, "second site")).toEqual([]);
    expect(await dealTitles(await as(bossUser, o, "second"), "second site")).toEqual(["Second site survey"]);
    expect(await dealTitles(await as(mainOnly, o), "survey")).toEqual([]);
    expect(await dealTitles(repCaller, "conveyor")).toEqual(["Conveyor retrofit"]);
    expect(await dealTitles(repCaller, "spare parts")).toEqual([]);
    expect(await dealTitles(repCaller, "DEAL-00002")).toEqual([]);
    // The digits of a number (leading zeros or not) are deal terms; a whole number is looked up exactly.
    expect(await dealTitles(boss, "00002")).toEqual(["Spare parts 2027"]);
    expect(await dealTitles(boss, "deal-00001")).toEqual(["Conveyor retrofit"]);
    // The palette's deals provider, and none for members without crm.deal.read; no foreign organization's deals.
    const palette = await boss.platform.search({ q: "conveyor" });
    expect(palette.groups.find((g) => g.id === "crmDeals")?.hits.map((h) => h.title)).toEqual(["Conveyor retrofit"]);
    expect(titles(await otherOwner.crm.search({ q: "conveyor" }), "deals")).toEqual([]);
    expect((await owner.crm.search({ q: "conveyor" })).groups.map((g) => g.id)).toEqual(["customers", "contacts", "deals"]);
  });

  it("keeps a deal's terms in step with the deal: number, name words, rename, delete; never across organizations", async () => {
    const o = await makeOrg();
    const boss = await as(await makeUser(o), o);
    const customer = await boss.crm.customers.create({ name: "Halcyon Freight" });
    const d = await boss.crm.deals.create({ name: "Warehouse automation phase-2", customerId: customer.id });
    const dealTitles = async (c: Caller, q: string) => titles(await c.crm.search({ q }), "deals");
    const termsOf = async (id: string) =>
      Number((await systemDb().$queryRaw<{ n: bigint }[]>`select count(*) as n from crm.search_terms where entity = 3 and entity_id = ${id}::uuid`)[0]!.n);
    // The same name and number in another organization.
    const foreignCustomer = await otherOwner.crm.customers.create({ name: "Halcyon Abroad" });
    const foreign = await otherOwner.crm.deals.create({ name: "Warehouse automation abroad", customerId: foreignCustomer.id });
    expect(foreign.number).toBe(d.number);

    for (const q of [d.number, d.number.toLowerCase(), d.number.replace(/\D/g, ""), "wareh", "automation WARE", "phase 2", "halcyon", "halcyon freight"]) {
      expect(await dealTitles(boss, q), q).toEqual(["Warehouse automation phase-2"]);
    }
    expect((await boss.crm.search({ q: "wareh" })).groups.find((g) => g.id === "deals")!.hits[0]!.href).toBe(`/${o.slug}/main/crm/deals/${d.id}`);
    // Inside a word is not a word start; every word must match the same deal (or its customer).
    for (const q of ["house", "warehouse abroad", "automation freight"]) expect(await dealTitles(boss, q), q).toEqual([]);
    expect(await dealTitles(otherOwner, "warehouse")).toEqual(["Warehouse automation abroad"]);
    expect(await dealTitles(otherOwner, d.number)).toEqual(["Warehouse automation abroad"]);
    expect(await dealTitles(otherOwner, "halcyon freight")).toEqual([]);

    await boss.crm.deals.update({ id: d.id, version: 1, name: "Cold chain pilot" });
    expect(await dealTitles(boss, "warehouse")).toEqual([]);
    expect(await dealTitles(boss, "cold chain")).toEqual(["Cold chain pilot"]);
    expect(await dealTitles(boss, d.number)).toEqual(["Cold chain pilot"]);
    expect(await dealTitles(otherOwner, "warehouse")).toEqual(["Warehouse automation abroad"]);
    // Rename leaves exactly the new terms: cold, chain, pilot, the number, its digits.
    expect(await termsOf(d.id)).toBe(5);

    // A deleted deal leaves no terms behind (system role: counts across RLS); the foreign deal keeps its own.
    await systemDb().$executeRaw`delete from crm.deals where organization_id = ${o.id}::uuid and id = ${d.id}::uuid`;
    expect(await termsOf(d.id)).toBe(0);
    expect(await dealTitles(boss, "cold")).toEqual([]);
    expect(await termsOf(foreign.id)).toBeGreaterThan(0);
  });

  it("keeps crm.search_terms of deals tenant-isolated and index-served as tessera_app", async () => {
    const customer = await owner.crm.customers.create({ name: "Isolde Partners" });
    await owner.crm.deals.create({ name: "Isoldeonly rollout", customerId: customer.id });
    const count = (orgId: string) =>
      asApp({ orgId }, (pg) => pg.query<{ n: string }>("select count(*) as n from crm.search_terms where entity = 3 and term = 'isoldeonly'"));
    expect((await count(org.id)).rows[0]!.n).toBe("1");
    expect((await count(other.id)).rows[0]!.n).toBe("0");
    const plan = await asApp({ orgId: org.id }, async (pg) => {
      await pg.query("set local enable_seqscan = off");
      const r = await pg.query(
        `explain select d.id from crm.deals d where d.organization_id = $1::uuid and d.id in (select t.entity_id from crm.search_terms t
           where t.organization_id = $1::uuid and t.entity = 3::smallint and (t.term >= 'isol' and t.term < 'isol' || chr(1114111)))`,
        [org.id],
      );
      return r.rows.map((x: { "QUERY PLAN": string }) => x["QUERY PLAN"]).join("\n");
    });
    expect(plan).toMatch(/Index (Only )?Scan using search_terms_pkey on search_terms t[\s\S]*Index Cond: \(\(organization_id = .*\) AND \(entity = .*\) AND \(term >= /);
  });

  it("keeps the terms in step with customers and contacts: rename, new e-mail, delete", async () => {
    const c = await owner.crm.customers.create({ name: "Quillon Metals", email: "sales@quillon.test" });
    expect(titles(await owner.crm.search({ q: "quillon" }))).toEqual(["Quillon Metals"]);
    await owner.crm.customers.update({ id: c.id, version: 1, name: "Vantor Metals", email: "hello@vantor.test" });
    expect(titles(await owner.crm.search({ q: "quillon" }))).toEqual([]);
    expect(titles(await owner.crm.search({ q: "vantor" }))).toEqual(["Vantor Metals"]);
    expect(titles(await owner.crm.search({ q: "hello@vantor" }))).toEqual(["Vantor Metals"]);
    expect((await owner.crm.customers.list({ q: "metals vant" })).rows.map((r) => r.name)).toEqual(["Vantor Metals"]);
    // A deleted contact leaves no terms behind (system role: counts across RLS).
    const ct = await owner.crm.contacts.create({ customerId: c.id, firstName: "Oskar", lastName: "Yelverton" });
    expect(titles(await owner.crm.search({ q: "yelverton" }), "contacts")).toEqual(["Oskar Yelverton"]);
    await systemDb().$executeRaw`delete from crm.contacts where organization_id = ${org.id}::uuid and id = ${ct.id}::uuid`;
    const left = await systemDb().$queryRaw<{ n: bigint }[]>`select count(*) as n from crm.search_terms where entity_id = ${ct.id}::uuid`;
    expect(Number(left[0]!.n)).toBe(0);
  });

  it("keeps crm.search_terms tenant-isolated under RLS: no foreign terms read, none written for another organization", async () => {
    const count = (orgId: string) =>
      asApp({ orgId }, (pg) => pg.query<{ n: string }>("select count(*) as n from crm.search_terms where entity = 1 and term = 'zephyrine'"));
    expect((await count(org.id)).rows[0]!.n).toBe("1");
    expect((await count(other.id)).rows[0]!.n).toBe("1");
    const write = asApp({ orgId: org.id }, (pg) =>
      pg.query("insert into crm.search_terms (organization_id, entity, term, entity_id) values ($1, 1, 'x', gen_random_uuid())", [other.id]),
    );
    await expect(write).rejects.toThrow(/row-level security/);
  });

  it("looks the words up by index conditions under RLS (tessera_app), not by a scan of the organization's rows", async () => {
    // As tessera_app with the organization's settings, sequential scans off: the term ranges must be index conditions
    // of search_terms_pkey — they are, because uuid / int2 / text comparisons are leakproof (ILIKE was not).
    const plan = await asApp({ orgId: org.id }, async (pg) => {
      await pg.query("set local enable_seqscan = off");
      const r = await pg.query(
        `explain select c.id from crm.customers c where c.organization_id = $1::uuid and c.id in (select t.entity_id from crm.search_terms t
           where t.organization_id = $1::uuid and t.entity = 1::smallint and (t.term >= 'zeph' and t.term < 'zeph' || chr(1114111)))`,
        [org.id],
      );
      return r.rows.map((x: { "QUERY PLAN": string }) => x["QUERY PLAN"]).join("\n");
    });
    expect(plan).toMatch(/Index (Only )?Scan using search_terms_pkey on search_terms t[\s\S]*Index Cond: \(\(organization_id = .*\) AND \(entity = .*\) AND \(term >= /);
    expect(plan).not.toContain("Seq Scan");
  });
});
