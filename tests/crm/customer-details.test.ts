// CRM customer details: addresses (defaults, ISO country codes, archived read-only, cross-organization NOT_FOUND),
// the customer status machine (transitions, refusals, history), record scope "own" through the one visibility
// helper (list, get, update, children, export), the tags filter, bulk actions and the customers export.
import { TRPCError } from "@trpc/server";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "@/server/db/client";
import { EXPORTS } from "@/server/exports";
import { authorizeExport, exportStream, type ExportRequest } from "@/server/kernel/export/service";
import { parseCsv } from "../helpers/csv";
import { callerFor, makeOrg, makeUser, sessionClaim } from "../helpers/factory";
import { codeOf } from "../helpers/trpc";

type Org = Awaited<ReturnType<typeof makeOrg>>;
type Caller = Awaited<ReturnType<typeof callerFor>>;

const as = (user: { id: string }, org: Org) => callerFor(user.id, { org: org.slug });
const NIL = "00000000-0000-7000-8000-000000000000";

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

async function membershipOf(orgId: string, userId: string) {
  return (await systemDb().membership.findFirstOrThrow({ where: { organizationId: orgId, userId }, select: { id: true } })).id;
}

async function exportCsv(userId: string, org: Org, input: unknown, ws: string | null = null): Promise<string[][]> {
  const request: ExportRequest = { listKey: "crm.customers", format: "csv", org: org.slug, ws, input: JSON.stringify(input) };
  const x = await authorizeExport(EXPORTS, await sessionClaim(userId), request, `req-${Math.random()}`);
  const body = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await new Response(exportStream(x)).arrayBuffer());
  return parseCsv(body.slice(1));
}

/** The XLSX export's rows as cell values (row 1: the header). */
async function exportXlsx(userId: string, org: Org, input: unknown): Promise<unknown[][]> {
  const request: ExportRequest = { listKey: "crm.customers", format: "xlsx", org: org.slug, ws: null, input: JSON.stringify(input) };
  const x = await authorizeExport(EXPORTS, await sessionClaim(userId), request, `req-${Math.random()}`);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load((await new Response(exportStream(x)).arrayBuffer()) as unknown as ArrayBuffer);
  const sheet = book.worksheets[0]!;
  return Array.from({ length: sheet.rowCount }, (_, i) => (sheet.getRow(i + 1).values as unknown[]).slice(1));
}

describe("crm customer details", () => {
  let org: Org;
  let other: Org;
  let owner: Caller;
  let otherOwner: Caller;
  let ownerUser: { id: string };

  beforeAll(async () => {
    [org, other] = await Promise.all([makeOrg(), makeOrg()]);
    const [u1, u2] = await Promise.all([makeUser(org), makeUser(other)]);
    ownerUser = u1;
    [owner, otherOwner] = await Promise.all([as(u1, org), as(u2, other)]);
  });

  describe("addresses", () => {
    it("creates, lists, updates and deletes; one default billing and one default shipping per customer", async () => {
      const c = await owner.crm.customers.create({ name: "Addressed Ltd" });
      const a = await owner.crm.addresses.create({ customerId: c.id, line1: "1 Main St", city: "Springfield", countryCode: "us", isDefaultBilling: true });
      expect(a).toMatchObject({ kind: "billing", countryCode: "US", isDefaultBilling: true, isDefaultShipping: false, line2: null });
      const b = await owner.crm.addresses.create({ customerId: c.id, kind: "shipping", line1: "2 Dock Rd", countryCode: "KZ", isDefaultShipping: true });
      // A new default billing address demotes the previous one, in the same transaction.
      const d = await owner.crm.addresses.create({ customerId: c.id, kind: "billing", line1: "3 New St", countryCode: "US", isDefaultBilling: true });
      let list = await owner.crm.addresses.list({ customerId: c.id });
      expect(list.filter((x) => x.isDefaultBilling).map((x) => x.id)).toEqual([d.id]);
      expect(list.filter((x) => x.isDefaultShipping).map((x) => x.id)).toEqual([b.id]);
      expect(list[0]!.id).toBe(d.id); // defaults first

      // Updating one to default shipping demotes the other; the billing default stays.
      const u = await owner.crm.addresses.update({ id: a.id, isDefaultShipping: true, label: "HQ" });
      expect(u).toMatchObject({ isDefaultShipping: true, label: "HQ", isDefaultBilling: false });
      list = await owner.crm.addresses.list({ customerId: c.id });
      expect(list.filter((x) => x.isDefaultShipping).map((x) => x.id)).toEqual([a.id]);
      expect(list.filter((x) => x.isDefaultBilling).map((x) => x.id)).toEqual([d.id]);

      // The database holds the rule too (partial unique index).
      await expect(
        systemDb().customerAddress.updateMany({ where: { organizationId: org.id, id: b.id }, data: { isDefaultShipping: true } }),
      ).rejects.toThrow();

      expect(await owner.crm.addresses.delete({ id: b.id })).toEqual({ id: b.id });
      expect((await owner.crm.addresses.list({ customerId: c.id })).map((x) => x.id).sort()).toEqual([a.id, d.id].sort());
      // Row changes are audited by the trigger.
      const events = await systemDb().auditEvent.count({ where: { organizationId: org.id, tableName: "crm.customer_addresses", recordId: b.id } });
      expect(events).toBeGreaterThanOrEqual(2);
    });

    it("validates the country code (ISO 3166-1 alpha-2) and the street line with field errors", async () => {
      const c = await owner.crm.customers.create({ name: "Validated Ltd" });
      expect(await fieldErrorsOf(owner.crm.addresses.create({ customerId: c.id, line1: "x", countryCode: "XX" }))).toHaveProperty("countryCode");
      expect(await fieldErrorsOf(owner.crm.addresses.create({ customerId: c.id, line1: "x", countryCode: "USA" }))).toHaveProperty("countryCode");
      expect(await fieldErrorsOf(owner.crm.addresses.create({ customerId: c.id, line1: "  ", countryCode: "US" }))).toHaveProperty("line1");
      expect(await fieldErrorsOf(owner.crm.addresses.create({ customerId: c.id, line1: "x", countryCode: "US", kind: "home" as "billing" }))).toHaveProperty("kind");
    });

    it("is read-only while the customer is archived", async () => {
      const c = await owner.crm.customers.create({ name: "Archived Addresses" });
      const a = await owner.crm.addresses.create({ customerId: c.id, line1: "1 Old St", countryCode: "US" });
      await owner.crm.customers.archive({ id: c.id });
      expect(await codeOf(owner.crm.addresses.create({ customerId: c.id, line1: "2", countryCode: "US" }))).toBe("PRECONDITION_FAILED");
      expect(await codeOf(owner.crm.addresses.update({ id: a.id, line1: "3" }))).toBe("PRECONDITION_FAILED");
      expect(await codeOf(owner.crm.addresses.delete({ id: a.id }))).toBe("PRECONDITION_FAILED");
      expect((await owner.crm.addresses.list({ customerId: c.id })).map((x) => x.id)).toEqual([a.id]);
    });

    it("answers NOT_FOUND for another organization's customer and address on every procedure", async () => {
      const c = await owner.crm.customers.create({ name: "Mine" });
      const a = await owner.crm.addresses.create({ customerId: c.id, line1: "1 Mine St", countryCode: "US" });
      expect(await codeOf(otherOwner.crm.addresses.list({ customerId: c.id }))).toBe("NOT_FOUND");
      expect(await codeOf(otherOwner.crm.addresses.create({ customerId: c.id, line1: "x", countryCode: "US" }))).toBe("NOT_FOUND");
      expect(await codeOf(otherOwner.crm.addresses.update({ id: a.id, line1: "hijack" }))).toBe("NOT_FOUND");
      expect(await codeOf(otherOwner.crm.addresses.delete({ id: a.id }))).toBe("NOT_FOUND");
      expect(await codeOf(owner.crm.addresses.update({ id: NIL, line1: "x" }))).toBe("NOT_FOUND");
      expect((await owner.crm.addresses.list({ customerId: c.id }))[0]!.line1).toBe("1 Mine St");
    });

    it("follows the customer's workspace visibility", async () => {
      const o = await makeOrg({ workspaces: ["main", "branch"] });
      const boss = await as(await makeUser(o), o);
      const mainOnly = await as(await makeUser(o, { roles: ["sales"], workspaces: ["main"] }), o);
      const c = await boss.crm.customers.create({ name: "Branch customer", workspaceId: o.workspaces.branch });
      const a = await boss.crm.addresses.create({ customerId: c.id, line1: "1 Branch St", countryCode: "US" });
      expect(await codeOf(mainOnly.crm.addresses.list({ customerId: c.id }))).toBe("NOT_FOUND");
      expect(await codeOf(mainOnly.crm.addresses.update({ id: a.id, line1: "x" }))).toBe("NOT_FOUND");
    });

    it("needs crm.customer.update to write and crm.customer.read to read", async () => {
      const c = await owner.crm.customers.create({ name: "Viewer test" });
      const viewer = await as(await makeUser(org, { roles: ["viewer"] }), org);
      expect(await viewer.crm.addresses.list({ customerId: c.id })).toEqual([]);
      expect(await codeOf(viewer.crm.addresses.create({ customerId: c.id, line1: "x", countryCode: "US" }))).toBe("FORBIDDEN");
    });
  });

  describe("status machine", () => {
    it("moves lead → prospect → active → inactive → churned (with a reason) → active, recording history", async () => {
      let c = await owner.crm.customers.create({ name: "Lifecycle Inc" });
      expect(c.status).toBe("lead");
      const got = await owner.crm.customers.get({ id: c.id });
      expect(got.transitions.map((t) => t.name)).toEqual(["qualify", "activate"]);

      c = await owner.crm.customers.transition({ id: c.id, version: c.version, transition: "qualify" });
      expect(c).toMatchObject({ status: "prospect", version: 2 });
      c = await owner.crm.customers.transition({ id: c.id, version: c.version, transition: "activate" });
      c = await owner.crm.customers.transition({ id: c.id, version: c.version, transition: "deactivate" });
      expect(c.status).toBe("inactive");
      expect(c.transitions.map((t) => t.name)).toEqual(["churn", "reactivate"]);
      expect(c.transitions.find((t) => t.name === "churn")?.requiresReason).toBe(true);

      // churn needs a reason (field error), then goes through.
      expect(await fieldErrorsOf(owner.crm.customers.transition({ id: c.id, version: c.version, transition: "churn" }))).toHaveProperty("reason");
      c = await owner.crm.customers.transition({ id: c.id, version: c.version, transition: "churn", reason: "Went to a competitor" });
      expect(c.status).toBe("churned");
      c = await owner.crm.customers.transition({ id: c.id, version: c.version, transition: "reactivate" });
      expect(c).toMatchObject({ status: "active", version: 6 });

      const h = await owner.crm.customers.history({ id: c.id });
      expect(h.status.map((r) => [r.transition, r.fromStatus, r.toStatus])).toEqual([
        ["qualify", "lead", "prospect"],
        ["activate", "prospect", "active"],
        ["deactivate", "active", "inactive"],
        ["churn", "inactive", "churned"],
        ["reactivate", "churned", "active"],
      ]);
      expect(h.status[3]).toMatchObject({ reason: "Went to a competitor", actor: { id: ownerUser.id } });
      expect(h.events.some((e) => e.operation === "INSERT" && e.table === "crm.customers")).toBe(true);
    });

    it("refuses wrong states, stale versions, archived customers, missing permission and unknown transitions", async () => {
      const c = await owner.crm.customers.create({ name: "Refusals Inc" });
      expect(await codeOf(owner.crm.customers.transition({ id: c.id, version: 1, transition: "deactivate" }))).toBe("PRECONDITION_FAILED");
      expect(await codeOf(owner.crm.customers.transition({ id: c.id, version: 1, transition: "churn", reason: "x" }))).toBe("PRECONDITION_FAILED");
      expect(await codeOf(owner.crm.customers.transition({ id: c.id, version: 7, transition: "qualify" }))).toBe("CONFLICT");
      expect(await codeOf(owner.crm.customers.transition({ id: c.id, version: 1, transition: "explode" as "qualify" }))).toBe("BAD_REQUEST");
      const viewer = await as(await makeUser(org, { roles: ["viewer"] }), org);
      expect(await codeOf(viewer.crm.customers.transition({ id: c.id, version: 1, transition: "qualify" }))).toBe("FORBIDDEN");
      expect((await viewer.crm.customers.get({ id: c.id })).transitions).toEqual([]);

      const a = await owner.crm.customers.archive({ id: c.id });
      expect(await codeOf(owner.crm.customers.transition({ id: c.id, version: a.version, transition: "qualify" }))).toBe("PRECONDITION_FAILED");
      expect((await owner.crm.customers.get({ id: c.id })).transitions).toEqual([]);
      // Nothing moved, nothing recorded.
      expect((await owner.crm.customers.get({ id: c.id })).status).toBe("lead");
      expect((await owner.crm.customers.history({ id: c.id })).status).toEqual([]);

      // Create may start as lead / prospect / active, never inactive or churned.
      expect((await owner.crm.customers.create({ name: "Starts active", status: "active" })).status).toBe("active");
      expect(await fieldErrorsOf(owner.crm.customers.create({ name: "Starts churned", status: "churned" as "lead" }))).toHaveProperty("status");
    });

    it("answers NOT_FOUND for another organization's customer on transition and history", async () => {
      const c = await owner.crm.customers.create({ name: "Not yours" });
      expect(await codeOf(otherOwner.crm.customers.transition({ id: c.id, version: 1, transition: "qualify" }))).toBe("NOT_FOUND");
      expect(await codeOf(otherOwner.crm.customers.history({ id: c.id }))).toBe("NOT_FOUND");
      expect(await codeOf(otherOwner.crm.customers.bulkArchive({ ids: [c.id] }))).toBe("NOT_FOUND");
      expect(await codeOf(otherOwner.crm.customers.bulkAddTag({ ids: [c.id], tag: "x" }))).toBe("NOT_FOUND");
      expect(await codeOf(otherOwner.crm.customers.bulkAssignOwner({ ids: [c.id], ownerMembershipId: null }))).toBe("NOT_FOUND");
      expect((await owner.crm.customers.get({ id: c.id })).status).toBe("lead");
    });
  });

  describe("record scope own", () => {
    it("a custom role with record scope own sees, edits and exports only the customers it owns", async () => {
      const o = await makeOrg();
      const bossUser = await makeUser(o);
      const boss = await as(bossUser, o);
      const role = await boss.admin.roles.create({ name: "Own sales", permissions: ["crm.customer.read", "crm.customer.create", "crm.customer.update", "crm.contact.read", "crm.contact.manage"], recordScope: "own" });
      const repUser = await makeUser(o, { roles: [role.key] });
      const rep = await as(repUser, o);
      const repM = await membershipOf(o.id, repUser.id);
      const bossM = await membershipOf(o.id, bossUser.id);

      const mine = await boss.crm.customers.create({ name: "Rep's customer", ownerMembershipId: repM, tier: "gold" });
      const notMine = await boss.crm.customers.create({ name: "Boss's customer", ownerMembershipId: bossM, tier: "gold" });
      const nobody = await boss.crm.customers.create({ name: "Nobody's customer", tier: "gold" });
      const contact = await boss.crm.contacts.create({ customerId: notMine.id, firstName: "Hidden" });
      const address = await boss.crm.addresses.create({ customerId: notMine.id, line1: "Hidden St", countryCode: "US" });

      const list = await rep.crm.customers.list({});
      expect(list.rows.map((r) => r.id)).toEqual([mine.id]);
      expect(list.total).toBe(1);
      expect((await boss.crm.customers.list({})).rows).toHaveLength(3);
      expect((await rep.crm.customers.get({ id: mine.id })).name).toBe("Rep's customer");
      for (const id of [notMine.id, nobody.id]) {
        expect(await codeOf(rep.crm.customers.get({ id }))).toBe("NOT_FOUND");
        expect(await codeOf(rep.crm.customers.update({ id, version: 1, name: "x" }))).toBe("NOT_FOUND");
        expect(await codeOf(rep.crm.customers.transition({ id, version: 1, transition: "qualify" }))).toBe("NOT_FOUND");
        expect(await codeOf(rep.crm.customers.history({ id }))).toBe("NOT_FOUND");
        expect(await codeOf(rep.crm.contacts.list({ customerId: id }))).toBe("NOT_FOUND");
        expect(await codeOf(rep.crm.addresses.list({ customerId: id }))).toBe("NOT_FOUND");
      }
      expect(await codeOf(rep.crm.contacts.update({ id: contact.id, firstName: "x" }))).toBe("NOT_FOUND");
      expect(await codeOf(rep.crm.addresses.update({ id: address.id, line1: "x" }))).toBe("NOT_FOUND");

      // What the rep creates is theirs; giving a customer away is refused (it would vanish from their view).
      const created = await rep.crm.customers.create({ name: "Rep created" });
      expect(created.ownerMembershipId).toBe(repM);
      expect(await fieldErrorsOf(rep.crm.customers.create({ name: "Gift", ownerMembershipId: bossM }))).toHaveProperty("ownerMembershipId");
      expect(await fieldErrorsOf(rep.crm.customers.update({ id: mine.id, version: 1, ownerMembershipId: bossM }))).toHaveProperty("ownerMembershipId");

      // The export answers the same rows as the list.
      const rows = await exportCsv(repUser.id, o, { filters: { tier: { type: "enum", values: ["gold"] } } });
      expect(rows.slice(1).map((r) => r[1])).toEqual(["Rep's customer"]);
      const all = await exportCsv(bossUser.id, o, { filters: { tier: { type: "enum", values: ["gold"] } } });
      expect(all.slice(1).map((r) => r[1])).toEqual(["Boss's customer", "Nobody's customer", "Rep's customer"]);
    });
  });

  describe("list filters, bulk actions and export", () => {
    it("filters by tags (any of), adds tags, assigns owners and archives in bulk", async () => {
      const o = await makeOrg();
      const u = await makeUser(o);
      const c = await as(u, o);
      const m = await membershipOf(o.id, u.id);
      const a = await c.crm.customers.create({ name: "Tag A", tags: ["vip", "eu"] });
      const b = await c.crm.customers.create({ name: "Tag B", tags: ["eu"] });
      const x = await c.crm.customers.create({ name: "Tag X", tags: ["us"] });
      const tags = (values: string[]) => c.crm.customers.list({ filters: { tags: { type: "enum", values } } }).then((r) => r.rows.map((row) => row.name));
      expect(await tags(["vip"])).toEqual(["Tag A"]);
      expect(await tags(["eu"])).toEqual(["Tag A", "Tag B"]);
      expect(await tags(["vip", "us"])).toEqual(["Tag A", "Tag X"]);
      expect(await tags(["none"])).toEqual([]);

      const added = await c.crm.customers.bulkAddTag({ ids: [a.id, x.id], tag: "vip" });
      expect(added.ids).toEqual([x.id]); // A had it already
      expect(await tags(["vip"])).toEqual(["Tag A", "Tag X"]);
      expect((await c.crm.customers.get({ id: x.id })).tags).toEqual(["us", "vip"]);

      expect((await c.crm.customers.bulkAssignOwner({ ids: [a.id, b.id], ownerMembershipId: m })).ids.sort()).toEqual([a.id, b.id].sort());
      expect((await c.crm.customers.list({ filters: { owner: { type: "enum", values: [m] } } })).rows.map((r) => r.name)).toEqual(["Tag A", "Tag B"]);
      expect((await c.crm.customers.list({ q: "Tag A" })).rows[0]!.ownerName).toBe("Test User");
      expect(await fieldErrorsOf(c.crm.customers.bulkAssignOwner({ ids: [a.id], ownerMembershipId: NIL }))).toHaveProperty("ownerMembershipId");
      // One invisible id refuses the whole action.
      expect(await codeOf(c.crm.customers.bulkArchive({ ids: [a.id, NIL] }))).toBe("NOT_FOUND");
      expect((await c.crm.customers.get({ id: a.id })).archivedAt).toBeNull();

      expect((await c.crm.customers.bulkArchive({ ids: [a.id, b.id] })).ids.sort()).toEqual([a.id, b.id].sort());
      expect((await c.crm.customers.list({})).rows.map((r) => r.name)).toEqual(["Tag X"]);
      // Archived customers are read-only: bulk tags skip them.
      expect((await c.crm.customers.bulkAddTag({ ids: [a.id], tag: "late" })).ids).toEqual([]);
    });

    it("exports exactly the filtered rows (filters, search), in the list's order", async () => {
      const o = await makeOrg();
      const u = await makeUser(o);
      const c = await as(u, o);
      for (const [name, tier] of [["Gold One", "gold"], ["Gold Two", "gold"], ["Silver One", "silver"], ["Gold Archived", "gold"]] as const)
        await c.crm.customers.create({ name, tier, tags: name === "Gold Two" ? ["key"] : [] });
      const archived = (await c.crm.customers.list({ q: "Archived" })).rows[0]!;
      await c.crm.customers.archive({ id: archived.id });

      const gold = await exportCsv(u.id, o, { filters: { tier: { type: "enum", values: ["gold"] } }, page: 3 });
      expect(gold[0]!.slice(0, 5)).toEqual(["Number", "Name", "Type", "Status", "Tier"]);
      expect(gold.slice(1).map((r) => r[1])).toEqual(["Gold One", "Gold Two"]);
      const tagged = await exportCsv(u.id, o, { filters: { tags: { type: "enum", values: ["key"] } } });
      expect(tagged.slice(1).map((r) => r[1])).toEqual(["Gold Two"]);
      const searched = await exportCsv(u.id, o, { q: "one", sort: { id: "name", desc: true } });
      expect(searched.slice(1).map((r) => r[1])).toEqual(["Silver One", "Gold One"]);
      const arch = await exportCsv(u.id, o, { filters: { archived: { type: "enum", values: ["archived"] } } });
      expect(arch.slice(1).map((r) => r[1])).toEqual(["Gold Archived"]);

      const outsider = await makeUser(other);
      await expect(exportCsv(outsider.id, o, {})).rejects.toMatchObject({ status: 404 });

      // Exported from a workspace page, the export still answers what the (organization-level) list answers: the
      // customers of every workspace the member may see — and only those.
      await c.crm.customers.create({ name: "Gold Second", tier: "gold", workspaceId: o.workspaces.second });
      const fromMain = await exportCsv(u.id, o, { filters: { tier: { type: "enum", values: ["gold"] } } }, "main");
      expect(fromMain.slice(1).map((r) => r[1])).toEqual(["Gold One", "Gold Second", "Gold Two"]);
      const mainOnly = await makeUser(o, { roles: ["sales"], workspaces: ["main"] });
      const theirs = await exportCsv(mainOnly.id, o, { filters: { tier: { type: "enum", values: ["gold"] } } }, "main");
      expect(theirs.slice(1).map((r) => r[1])).toEqual(["Gold One", "Gold Two"]);
      await expect(exportCsv(mainOnly.id, o, {}, "second")).rejects.toMatchObject({ status: 404 });
    });

    it("writes the headers in the exporting user's language (the organization's, unless their own), and the cells as they are", async () => {
      const o = await makeOrg();
      await systemDb().organization.update({ where: { id: o.id }, data: { locale: "ru-RU" } });
      // `russian` has no language of their own (the organization's applies); `english` chose English in My profile.
      const [russian, english] = await Promise.all([makeUser(o), makeUser(o)]);
      await systemDb().user.update({ where: { id: english.id }, data: { locale: "en" } });
      const c = await as(russian, o);
      await c.crm.customers.create({ name: "Ромашка", tier: "gold", tags: ["key", "north"] });
      await c.crm.customers.create({ name: "Vasilek", type: "individual" });
      const listed = (await c.crm.customers.list({})).rows;

      const RU = ["Номер", "Название", "Тип", "Статус", "Уровень", "Ответственный", "E-mail", "Телефон", "ИНН/БИН", "Отрасль", "Теги", "В архиве с", "Создан", "ID"];
      const EN = ["Number", "Name", "Type", "Status", "Tier", "Owner", "E-mail", "Phone", "Tax id", "Industry", "Tags", "Archived", "Created", "Id"];
      const ru = await exportCsv(russian.id, o, {});
      const en = await exportCsv(english.id, o, {});
      expect(ru[0]).toEqual(RU);
      expect(en[0]).toEqual(EN);
      // Values are never translated: enum codes, ISO timestamps, ids — the same cells in either language.
      expect(ru.slice(1)).toEqual(en.slice(1));
      expect(ru.slice(1).map((r) => [r[0], r[1], r[2], r[3], r[4], r[10], r[13]])).toEqual(
        listed.map((r) => [r.number, r.name, r.type, r.status, r.tier ?? "", r.tags.join(", "), r.id]),
      );
      expect(ru[1]![12]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

      const ruXlsx = await exportXlsx(russian.id, o, {});
      const enXlsx = await exportXlsx(english.id, o, {});
      expect(ruXlsx[0]).toEqual(RU);
      expect(enXlsx[0]).toEqual(EN);
      expect(ruXlsx.slice(1)).toEqual(enXlsx.slice(1));
      expect(ruXlsx.slice(1).map((r) => r[1])).toEqual(listed.map((r) => r.name));
    });

    it("the demo seed gives Acme a lived-in CRM: about 40 customers over tiers, statuses and owners, with contacts and addresses", async () => {
      const acme = await systemDb().organization.findUniqueOrThrow({ where: { slug: "acme" }, select: { id: true } });
      const rows = await systemDb().customer.findMany({ where: { organizationId: acme.id }, select: { tier: true, status: true, ownerMembershipId: true, _count: { select: { contacts: true, addresses: true } } } });
      expect(rows.length).toBeGreaterThanOrEqual(40);
      expect(new Set(rows.map((r) => r.tier)).size).toBe(4);
      expect(new Set(rows.map((r) => r.status)).size).toBe(5);
      expect(new Set(rows.map((r) => r.ownerMembershipId)).size).toBeGreaterThanOrEqual(3);
      // The demo pipeline adds a customer converted from a lead (no address yet); the seeded ones all have both.
      expect(rows.filter((r) => r._count.contacts > 0 && r._count.addresses > 0).length).toBeGreaterThanOrEqual(40);
      const churned = await systemDb().statusHistory.count({ where: { organizationId: acme.id, entityType: "customer", toStatus: "churned" } });
      expect(churned).toBeGreaterThan(0);
    });

    it("offers owners, workspaces, payment terms and currencies to the form", async () => {
      const opts = await owner.crm.customers.formOptions();
      expect(opts.owners.some((x) => x.id === opts.me.membershipId)).toBe(true);
      expect(opts.workspaces.map((w) => w.id).sort()).toEqual(Object.values(org.workspaces).sort());
      expect(opts.me.ownOnly).toBe(false);
    });
  });
});
