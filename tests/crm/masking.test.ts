// Field masking for sensitive fields (ARCHITECTURE §7, kernel/masking): phone numbers, e-mail addresses and tax ids
// are masked for members without crm.sensitive.view — in lists, records, contacts, leads, search hits, exports and
// the history — while the organization's settings mask the class; such members cannot overwrite them and cannot find
// records by them. Real Postgres, through the procedure chain.
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "@/server/db/client";
import { withSettings } from "@/server/db/scope";
import { resolveOrgScope } from "@/server/kernel/access";
import { settingsOf } from "@/server/kernel/export/service";
import { customersImport } from "@/server/modules/crm/customers.import";
import { EXPORTS } from "@/server/exports";
import { authorizeExport, exportStream, type ExportRequest } from "@/server/kernel/export/service";
import { assertUnmaskedWrite, maskedBySettings, maskEmail, maskPhone, maskTaxId, maskValue } from "@/server/kernel/masking";
import { expandPatterns, SYSTEM_ROLES } from "@/server/kernel/permissions";
import { parseCsv } from "../helpers/csv";
import { callerFor, makeOrg, makeUser, sessionClaim } from "../helpers/factory";
import { asApp } from "../helpers/db";
import { codeOf } from "../helpers/trpc";

type Org = Awaited<ReturnType<typeof makeOrg>>;
type Caller = Awaited<ReturnType<typeof callerFor>>;
const as = (user: { id: string }, org: Org, ws = "main") => callerFor(user.id, { org: org.slug, ws });

async function fieldErrorsOf(p: Promise<unknown>): Promise<{ code: string; fields: Record<string, string[]> }> {
  try {
    await p;
    throw new Error("expected an error");
  } catch (e) {
    if (!(e instanceof TRPCError)) throw e;
    const cause = e.cause as { fieldErrors?: Record<string, string[]> } | undefined;
    return { code: e.code, fields: cause?.fieldErrors ?? {} };
  }
}

async function exportCsv(userId: string, org: Org, input: unknown = {}): Promise<string[][]> {
  const request: ExportRequest = { listKey: "crm.customers", format: "csv", org: org.slug, ws: null, input: JSON.stringify(input) };
  const x = await authorizeExport(EXPORTS, await sessionClaim(userId), request, `req-${Math.random()}`);
  const body = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await new Response(exportStream(x)).arrayBuffer());
  return parseCsv(body.slice(1));
}

const PHONE = "+7 (701) 555-12-34";
const EMAIL = "orders@quasar-masking.test";
const TAX_ID = "971240001315";

describe("kernel masking functions", () => {
  it("keeps the last 4 digits of a phone with its formatting, the first character and domain of an e-mail, the last 4 of a tax id", () => {
    expect(maskPhone("+7 701 555-12-34")).toBe("+7 *** ***-12-34");
    expect(maskPhone(PHONE)).toBe("+7 (***) ***-12-34");
    expect(maskPhone("87015551234")).toBe("*******1234");
    expect(maskPhone("+77015551234")).toBe("+*******1234");
    expect(maskEmail("alice@example.com")).toBe("a***@example.com");
    expect(maskEmail(EMAIL)).toBe("o***@quasar-masking.test");
    expect(maskTaxId(TAX_ID)).toBe("********1315");
    expect(maskTaxId("123")).toBe("***");
    // Idempotent: a masked value masked again is the same (the export masks what the list already masked).
    for (const v of ["+7 701 555-12-34", PHONE, "87015551234"]) expect(maskPhone(maskPhone(v))).toBe(maskPhone(v));
    expect(maskEmail(maskEmail(EMAIL))).toBe(maskEmail(EMAIL));
    expect(maskTaxId(maskTaxId(TAX_ID))).toBe(maskTaxId(TAX_ID));
    expect(maskValue("phone", null)).toBeNull();
  });

  it("masks every class by default and follows the stored settings", () => {
    expect([...maskedBySettings({})].sort()).toEqual(["email", "phone", "taxId"]);
    expect([...maskedBySettings({ "security.maskPhones": false })].sort()).toEqual(["email", "taxId"]);
    // A value that does not parse is ignored (the default applies).
    expect([...maskedBySettings({ "security.maskEmails": "nope" })].sort()).toEqual(["email", "phone", "taxId"]);
  });

  it("refuses a changed masked field, drops one given back as read", () => {
    const d = { classes: new Set(["phone"] as const) };
    const fields = { phone: "phone", email: "email" } as const;
    expect(() => assertUnmaskedWrite(d, fields, { phone: "+1 555 0000" }, { phone: PHONE })).toThrow("You cannot change this field");
    expect(assertUnmaskedWrite(d, fields, { phone: maskPhone(PHONE), email: "x@y.test" }, { phone: PHONE })).toEqual({ email: "x@y.test" });
    expect(assertUnmaskedWrite(d, fields, { phone: PHONE }, { phone: PHONE })).toEqual({});
  });

  it("puts crm.sensitive.view in owner, admin, manager and sales, never in a read pattern", () => {
    const has = (key: string) => expandPatterns(SYSTEM_ROLES.find((r) => r.key === key)!.grants).includes("crm.sensitive.view");
    expect(["owner", "admin", "manager", "sales"].filter(has)).toEqual(["owner", "admin", "manager", "sales"]);
    expect(["viewer", "accountant", "purchasing", "warehouse", "hr"].filter(has)).toEqual([]);
    expect(expandPatterns(["*.*.read", "crm.*.read"])).not.toContain("crm.sensitive.view");
  });
});

describe("CRM field masking", () => {
  let org: Org;
  let owner: Caller;
  let ownerId: string;
  let viewer: Caller;
  let viewerId: string;
  let sales: Caller;
  let editor: Caller;
  let editorId: string;
  let customer: { id: string; number: string; version: number };
  let contactId: string;
  let leadId: string;

  beforeAll(async () => {
    org = await makeOrg({ country: "KZ" });
    const ownerUser = await makeUser(org);
    ownerId = ownerUser.id;
    owner = await as(ownerUser, org);
    const viewerUser = await makeUser(org, { roles: ["viewer"] });
    viewerId = viewerUser.id;
    viewer = await as(viewerUser, org);
    sales = await as(await makeUser(org, { roles: ["sales"] }), org);
    // A custom role that may edit customers, contacts and leads but not see sensitive fields.
    const role = await owner.admin.roles.create({
      name: "Editor without sensitive",
      permissions: ["crm.customer.read", "crm.customer.create", "crm.customer.update", "crm.contact.read", "crm.contact.manage", "crm.lead.read", "crm.lead.manage"],
      recordScope: "all",
    });
    const editorUser = await makeUser(org, { roles: [role.key] });
    editorId = editorUser.id;
    editor = await as(editorUser, org);

    const c = await owner.crm.customers.create({ name: "Quasar Masking Works", email: EMAIL, phone: PHONE, taxId: TAX_ID });
    customer = { id: c.id, number: c.number, version: c.version };
    contactId = (await owner.crm.contacts.create({ customerId: c.id, firstName: "Yerlan", lastName: "Masked", email: "yerlan@quasar-masking.test", phone: "+7 777 000 11 22" })).id;
    leadId = (await owner.crm.leads.create({ name: "Quasar lead", email: "lead@quasar-masking.test", phone: "+1 (415) 555-0199" })).id;
  });

  it("shows a viewer masked e-mail, phone and tax id in the customers list and the customer, and names them", async () => {
    const row = (await viewer.crm.customers.list({})).rows.find((r) => r.id === customer.id)!;
    expect(row).toMatchObject({ email: "o***@quasar-masking.test", phone: "+7 (***) ***-12-34", taxId: "********1315" });
    const got = await viewer.crm.customers.get({ id: customer.id });
    expect(got).toMatchObject({ email: "o***@quasar-masking.test", phone: "+7 (***) ***-12-34", taxId: "********1315", name: "Quasar Masking Works" });
    expect([...got.masked].sort()).toEqual(["email", "phone", "taxId"]);
  });

  it("shows the owner and a sales member the real values", async () => {
    for (const c of [owner, sales]) {
      const got = await c.crm.customers.get({ id: customer.id });
      expect(got).toMatchObject({ email: EMAIL, phone: PHONE, taxId: TAX_ID, masked: [] });
      expect((await c.crm.customers.list({})).rows.find((r) => r.id === customer.id)).toMatchObject({ email: EMAIL, phone: PHONE, taxId: TAX_ID });
      expect((await c.crm.contacts.list({ customerId: customer.id }))[0]).toMatchObject({ email: "yerlan@quasar-masking.test", phone: "+7 777 000 11 22" });
    }
  });

  it("masks contacts and leads for the viewer", async () => {
    const [ct] = await viewer.crm.contacts.list({ customerId: customer.id });
    expect(ct).toMatchObject({ id: contactId, firstName: "Yerlan", email: "y***@quasar-masking.test", phone: "+7 *** *** 11 22" });
    const lead = (await viewer.crm.leads.list({})).rows.find((r) => r.id === leadId)!;
    expect(lead).toMatchObject({ email: "l***@quasar-masking.test", phone: "+1 (***) ***-0199" });
    const got = await viewer.crm.leads.get({ id: leadId });
    expect(got).toMatchObject({ email: "l***@quasar-masking.test", phone: "+1 (***) ***-0199" });
    expect([...got.masked].sort()).toEqual(["email", "phone"]);
    expect(await owner.crm.leads.get({ id: leadId })).toMatchObject({ email: "lead@quasar-masking.test", phone: "+1 (415) 555-0199", masked: [] });
  });

  it("masks search hits, and a masked member finds nothing by phone digits, e-mail or tax id — by name and number still", async () => {
    const customersOf = async (c: Caller, q: string) => (await c.crm.search({ q })).groups.find((g) => g.id === "customers")!.hits;
    const contactsOf = async (c: Caller, q: string) => (await c.crm.search({ q })).groups.find((g) => g.id === "contacts")!.hits;
    const [hit] = await customersOf(viewer, "quasar masking");
    expect(hit!.subtitle).toBe(`${customer.number} · ********1315 · o***@quasar-masking.test`);
    expect((await customersOf(owner, "quasar masking"))[0]!.subtitle).toBe(`${customer.number} · ${TAX_ID} · ${EMAIL}`);
    expect((await contactsOf(viewer, "yerlan"))[0]!.subtitle).toBe("Quasar Masking Works · y***@quasar-masking.test");

    for (const q of ["7015551234", "+7 (701) 555", "97124", TAX_ID, "orders@quasar", "@quasar-masking.test"]) {
      expect((await customersOf(owner, q)).map((h) => h.id), q).toContain(customer.id);
      expect((await customersOf(viewer, q)).map((h) => h.id), q).toEqual([]);
      expect((await viewer.crm.customers.list({ q })).rows.map((r) => r.id), q).toEqual([]);
      expect((await owner.crm.customers.list({ q })).rows.map((r) => r.id), q).toContain(customer.id);
      // The lazy count (crm.customers.count) applies the same rule: a count would tell what the list hides.
      expect((await viewer.crm.customers.count({ q })).total, q).toBe(0);
      expect((await owner.crm.customers.count({ q })).total, q).toBeGreaterThanOrEqual(1);
    }
    // Contacts by phone or e-mail, leads by e-mail or phone: the same.
    for (const q of ["7770001122", "yerlan@quasar"]) {
      expect((await contactsOf(owner, q)).map((h) => h.id), q).toEqual([contactId]);
      expect(await contactsOf(viewer, q), q).toEqual([]);
    }
    for (const q of ["lead@quasar", "555-0199"]) {
      expect((await owner.crm.leads.list({ q })).rows.map((r) => r.id), q).toEqual([leadId]);
      expect((await viewer.crm.leads.list({ q })).rows, q).toEqual([]);
    }
    // Name and number keep working for the masked member.
    for (const q of ["quasar", customer.number]) expect((await customersOf(viewer, q)).map((h) => h.id), q).toEqual([customer.id]);
    expect((await viewer.crm.customers.list({ q: "quasar works" })).rows.map((r) => r.id)).toEqual([customer.id]);
    expect((await viewer.crm.leads.list({ q: "quasar lead" })).rows.map((r) => r.id)).toEqual([leadId]);
  });

  it("keeps the masked member's term lookup an index range under RLS: the kind filter is checked in the index scan", async () => {
    const plan = await asApp({ orgId: org.id }, async (pg) => {
      await pg.query("set local enable_seqscan = off");
      const r = await pg.query(
        `explain select c.id from crm.customers c where c.organization_id = $1::uuid and c.id in (select t.entity_id from crm.search_terms t
           where t.organization_id = $1::uuid and t.entity = 1::smallint and (t.term >= 'quas' and t.term < 'quas' || chr(1114111))
             and t.kind <> all('{1,2,3}'::smallint[]))`,
        [org.id],
      );
      return r.rows.map((x: { "QUERY PLAN": string }) => x["QUERY PLAN"]).join("\n");
    });
    expect(plan).toMatch(/Index (Only )?Scan using search_terms_pkey on search_terms t[\s\S]*Index Cond: \(\(organization_id = .*\) AND \(entity = .*\) AND \(term >= /);
    expect(plan).not.toContain("Seq Scan");
    // The terms carry their kinds: name words / number 0, e-mail 1, phone 2, tax id 3.
    const kinds = await systemDb().$queryRaw<{ kind: number; term: string }[]>`
      select kind, term from crm.search_terms where entity = 1 and entity_id = ${customer.id}::uuid order by kind, term`;
    expect(kinds.filter((k) => k.kind === 2).map((k) => k.term).sort()).toEqual(["7015551234", "77015551234"]);
    expect(kinds.filter((k) => k.kind === 3).map((k) => k.term)).toEqual([TAX_ID]);
    expect(kinds.filter((k) => k.kind === 1).map((k) => k.term).sort()).toEqual([EMAIL, "quasar-masking.test"].sort());
  });

  it("masks the customers export for the viewer, and records in the export event that it did", async () => {
    const col = (rows: string[][], header: string) => rows[0]!.indexOf(header);
    const viewerRows = await exportCsv(viewerId, org, { q: "quasar" });
    const v = viewerRows.find((r) => r.includes(customer.id))!;
    expect(v[col(viewerRows, "E-mail")]).toBe("o***@quasar-masking.test");
    expect(v[col(viewerRows, "Phone")]).toBe("'+7 (***) ***-12-34");
    expect(v[col(viewerRows, "Tax id")]).toBe("********1315");
    const ownerRows = await exportCsv(ownerId, org, { q: "quasar" });
    const o = ownerRows.find((r) => r.includes(customer.id))!;
    expect([o[col(ownerRows, "E-mail")], o[col(ownerRows, "Phone")], o[col(ownerRows, "Tax id")]]).toEqual([EMAIL, `'${PHONE}`, TAX_ID]);
    const events = await systemDb().auditEvent.findMany({
      where: { organizationId: org.id, action: "export" },
      orderBy: { createdAt: "asc" },
      select: { actorId: true, data: true },
    });
    const byActor = (id: string) => events.filter((e) => e.actorId === id).map((e) => (e.data as { masked?: string[] }).masked);
    expect(byActor(viewerId).at(-1)).toEqual(["email", "phone", "taxId"]);
    expect(byActor(ownerId).at(-1)).toEqual([]);
  });

  it("masks the old and new values of sensitive columns in the history and the audit log", async () => {
    const c = await owner.crm.customers.create({ name: "History Masking Ltd", email: "first@history-mask.test", phone: "+1 202 555 0101" });
    await owner.crm.customers.update({ id: c.id, version: c.version, email: "second@history-mask.test", phone: "+1 202 555 0202" });
    const changesOf = async (caller: Caller) =>
      (await caller.crm.customers.history({ id: c.id })).events.find((e) => e.operation === "UPDATE")!.changes!;
    const viewerChanges = await changesOf(viewer);
    expect(viewerChanges.email).toEqual({ old: "f***@history-mask.test", new: "s***@history-mask.test" });
    expect(viewerChanges.phone).toEqual({ old: "+1 *** *** 0101", new: "+1 *** *** 0202" });
    const insert = (await viewer.crm.customers.history({ id: c.id })).events.find((e) => e.operation === "INSERT")!.changes!;
    expect(insert.email).toEqual({ old: null, new: "f***@history-mask.test" });
    expect(JSON.stringify(await viewer.crm.customers.history({ id: c.id }))).not.toContain("first@history-mask.test");
    expect((await changesOf(owner)).email).toEqual({ old: "first@history-mask.test", new: "second@history-mask.test" });

    // The audit log (contacts, leads too) for a member who may read it but not see sensitive fields.
    const role = await owner.admin.roles.create({ name: "Auditor", permissions: ["audit.event.read"], recordScope: "all" });
    const auditor = await as(await makeUser(org, { roles: [role.key] }), org);
    const lead = await auditor.audit.events.forRecord({ table: "crm.leads", recordId: leadId });
    expect(lead.find((e) => e.operation === "INSERT")!.changes!.email).toEqual({ old: null, new: "l***@quasar-masking.test" });
    const contact = await auditor.audit.events.list({ filters: { table: { type: "enum", values: ["crm.contacts"] } } });
    expect(contact.rows.find((e) => e.recordId === contactId)!.changes!.phone).toEqual({ old: null, new: "+7 *** *** 11 22" });
    expect((await owner.audit.events.forRecord({ table: "crm.leads", recordId: leadId })).find((e) => e.operation === "INSERT")!.changes!.email).toEqual({
      old: null,
      new: "lead@quasar-masking.test",
    });
  });

  it("a member who may edit but not see sensitive fields cannot overwrite them, but can change the name", async () => {
    const before = await editor.crm.customers.get({ id: customer.id });
    expect(before.masked.length).toBe(3);
    for (const change of [{ phone: "+7 700 000 00 00" }, { email: "evil@x.test" }, { taxId: "990340005977" }, { phone: null }]) {
      const r = await fieldErrorsOf(editor.crm.customers.update({ id: customer.id, version: before.version, ...change }));
      expect(r.code).toBe("FORBIDDEN");
      expect(r.fields[Object.keys(change)[0]!]).toEqual(["You cannot change this field"]);
    }
    // The form sends back what it showed (masked): not a change.
    const renamed = await editor.crm.customers.update({ id: customer.id, version: before.version, name: "Quasar Masking Works Renamed", phone: before.phone });
    expect(renamed.name).toBe("Quasar Masking Works Renamed");
    const real = await owner.crm.customers.get({ id: customer.id });
    expect(real).toMatchObject({ phone: PHONE, email: EMAIL, taxId: TAX_ID });
    customer.version = real.version;

    const ct = await fieldErrorsOf(editor.crm.contacts.update({ id: contactId, email: "evil@x.test" }));
    expect(ct).toMatchObject({ code: "FORBIDDEN", fields: { email: ["You cannot change this field"] } });
    expect((await editor.crm.contacts.update({ id: contactId, position: "Buyer" })).position).toBe("Buyer");
    const lead = await editor.crm.leads.get({ id: leadId });
    const ld = await fieldErrorsOf(editor.crm.leads.update({ id: leadId, version: lead.version, phone: "+1 000" }));
    expect(ld).toMatchObject({ code: "FORBIDDEN", fields: { phone: ["You cannot change this field"] } });
    expect((await owner.crm.contacts.list({ customerId: customer.id }))[0]).toMatchObject({ email: "yerlan@quasar-masking.test", phone: "+7 777 000 11 22" });
    expect(await owner.crm.leads.get({ id: leadId })).toMatchObject({ phone: "+1 (415) 555-0199" });

    // Creating with these fields is allowed (nothing is overwritten); the answer is masked.
    const created = await editor.crm.customers.create({ name: "Editor's new customer", phone: "+7 701 111 22 33" });
    expect(created.phone).toBe("+7 *** *** 22 33");
    expect((await owner.crm.customers.get({ id: created.id })).phone).toBe("+7 701 111 22 33");
  });

  it("the customers import refuses a masked member's change to a masked field and never matches by a masked e-mail", async () => {
    const scopeOf = (userId: string) => withSettings({ userId, requestId: "t" }, (tx) => resolveOrgScope(tx, { userId, requestId: "t" }, org.slug));
    const plan = async (userId: string, values: Record<string, string>) => {
      const scope = await scopeOf(userId);
      return withSettings(settingsOf(scope), async (tx) => {
        const ctx = await customersImport.context(tx, scope);
        const v = customersImport.validateRow(ctx, { row: 2, values });
        if (!v.record) throw new Error(JSON.stringify(v.errors));
        return customersImport.plan(tx, scope, ctx, [{ row: 2, record: v.record }]);
      });
    };
    const byNumber = { number: customer.number, name: "Quasar Masking Works Renamed", phone: "+7 700 999 99 99" };
    expect(await plan(editorId, byNumber)).toMatchObject({ update: 0, errors: [{ row: 2, field: "phone", message: "You cannot change this field" }] });
    expect(await plan(ownerId, byNumber)).toMatchObject({ update: 1, errors: [] });
    // The same phone (unchanged) and a new name: an update.
    expect(await plan(editorId, { number: customer.number, name: "Quasar Masking Works Import", phone: PHONE })).toMatchObject({ update: 1, errors: [] });
    // By e-mail only: the owner matches the customer (update), the masked member does not (a new customer).
    const byEmail = { name: "Quasar by e-mail", email: EMAIL };
    expect(await plan(ownerId, byEmail)).toMatchObject({ update: 1, create: 0 });
    expect(await plan(editorId, byEmail)).toMatchObject({ update: 0, create: 1 });
  });

  it("turning one setting off unmasks that class only", async () => {
    const o = await makeOrg();
    const boss = await as(await makeUser(o), o);
    const look = await as(await makeUser(o, { roles: ["viewer"] }), o);
    const c = await boss.crm.customers.create({ name: "Toggle Co", email: "hello@toggle.test", phone: "+1 303 555 0123", taxId: "12-3456789" });
    expect(await look.crm.customers.get({ id: c.id })).toMatchObject({ email: "h***@toggle.test", phone: "+1 *** *** 0123" });

    await boss.settings.values.set({ key: "security.maskPhones", scope: "organization", value: false });
    const got = await look.crm.customers.get({ id: c.id });
    expect(got).toMatchObject({ phone: "+1 303 555 0123", email: "h***@toggle.test" });
    expect(got.taxId).not.toBe(c.taxId);
    expect([...got.masked].sort()).toEqual(["email", "taxId"]);
    // Phone digits find the customer again for the viewer; e-mail still does not.
    expect((await look.crm.customers.list({ q: "303555" })).rows.map((r) => r.id)).toEqual([c.id]);
    expect((await look.crm.customers.list({ q: "hello@toggle" })).rows).toEqual([]);

    await boss.settings.values.set({ key: "security.maskEmails", scope: "organization", value: false });
    await boss.settings.values.set({ key: "security.maskTaxIds", scope: "organization", value: false });
    expect(await look.crm.customers.get({ id: c.id })).toMatchObject({ email: "hello@toggle.test", taxId: c.taxId, masked: [] });
    // Another organization keeps its defaults.
    expect((await viewer.crm.customers.get({ id: customer.id })).phone).toBe("+7 (***) ***-12-34");
    // The settings are organization-level only.
    expect(await codeOf(boss.settings.values.set({ key: "security.maskPhones", scope: "workspace", value: true }))).toBe("BAD_REQUEST");
  });
});
