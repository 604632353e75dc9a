// Custom field definitions (crm.customFields.*) and the validation of customers' customFields against them:
// unknown key, wrong type, missing required value, select value outside the options — field errors at
// customFields.<key>; keys unique per organization; archive keeps the key; permissions (crm.settings.manage).
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "@/server/db/client";
import { callerFor, makeOrg, makeUser } from "../helpers/factory";
import { codeOf } from "../helpers/trpc";

type Org = Awaited<ReturnType<typeof makeOrg>>;
type Caller = Awaited<ReturnType<typeof callerFor>>;
const as = (user: { id: string }, org: Org) => callerFor(user.id, { org: org.slug });

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

describe("crm.customFields", () => {
  let org: Org;
  let other: Org;
  let owner: Caller;
  let otherOwner: Caller;

  beforeAll(async () => {
    [org, other] = await Promise.all([makeOrg(), makeOrg()]);
    const [u1, u2] = await Promise.all([makeUser(org), makeUser(other)]);
    [owner, otherOwner] = await Promise.all([as(u1, org), as(u2, other)]);
    await owner.crm.customFields.create({ key: "region", label: "Region", kind: "select", options: ["North", "South"], required: true });
    await owner.crm.customFields.create({ key: "employees", label: "Employees", kind: "number" });
    await owner.crm.customFields.create({ key: "founded", label: "Founded", kind: "date" });
    await owner.crm.customFields.create({ key: "note", label: "Note", kind: "text" });
  });

  it("lists definitions in order; keys are unique per organization, not across organizations", async () => {
    const { rows } = await owner.crm.customFields.list({});
    expect(rows.map((r) => [r.key, r.kind, r.sortOrder])).toEqual([
      ["region", "select", 0],
      ["employees", "number", 10],
      ["founded", "date", 20],
      ["note", "text", 30],
    ]);
    expect(await fieldErrorsOf(owner.crm.customFields.create({ key: "region", label: "Again", kind: "text" }))).toHaveProperty("key");
    const theirs = await otherOwner.crm.customFields.create({ key: "region", label: "Region", kind: "text" });
    expect(theirs.key).toBe("region");
    expect((await otherOwner.crm.customFields.list({})).rows.map((r) => r.key)).toEqual(["region"]);
  });

  it("validates definitions: key slug, select options, no options on other kinds", async () => {
    expect(await fieldErrorsOf(owner.crm.customFields.create({ key: "Bad Key", label: "x", kind: "text" }))).toHaveProperty("key");
    expect(await fieldErrorsOf(owner.crm.customFields.create({ key: "sel", label: "Sel", kind: "select" }))).toHaveProperty("options");
    expect(await fieldErrorsOf(owner.crm.customFields.create({ key: "sel", label: "Sel", kind: "select", options: ["a", "a"] }))).toHaveProperty("options");
    expect(await fieldErrorsOf(owner.crm.customFields.create({ key: "txt", label: "Txt", kind: "text", options: ["a"] }))).toHaveProperty("options");
    expect(await fieldErrorsOf(owner.crm.customFields.create({ key: "blank", label: " ", kind: "text" }))).toHaveProperty("label");
  });

  it("validates customers' customFields: unknown key, wrong type, missing required, select value outside the options", async () => {
    const errors = await fieldErrorsOf(
      owner.crm.customers.create({ name: "Custom Co", customFields: { bogus: 1, employees: "many", founded: "2024-02-30", region: "West" } }),
    );
    expect(errors).toEqual({
      "customFields.bogus": ["Unknown field"],
      "customFields.employees": ["Enter a number"],
      "customFields.founded": ["Enter a date (YYYY-MM-DD)"],
      "customFields.region": ["Choose one of the options"],
    });
    expect(await fieldErrorsOf(owner.crm.customers.create({ name: "Missing", customFields: { note: "x" } }))).toEqual({ "customFields.region": ["Enter Region"] });
    expect(await fieldErrorsOf(owner.crm.customers.create({ name: "Empty", customFields: { region: "" } }))).toEqual({ "customFields.region": ["Enter Region"] });
    expect(await fieldErrorsOf(owner.crm.customers.create({ name: "Text", customFields: { region: "North", note: 5 } }))).toEqual({ "customFields.note": ["Enter text"] });

    const ok = await owner.crm.customers.create({ name: "Custom Co", customFields: { region: "North", employees: "250", founded: "2019-05-01", note: "  hi  ", founded_extra: null } as Record<string, unknown> }).catch((e: unknown) => e);
    expect(ok).toBeInstanceOf(TRPCError); // founded_extra is not defined, even empty
    const c = await owner.crm.customers.create({ name: "Custom Co", customFields: { region: "North", employees: "250", founded: "2019-05-01", note: "  hi  " } });
    expect(c.customFields).toEqual({ region: "North", employees: 250, founded: "2019-05-01", note: "hi" });

    // update: the given customFields replace the object and are validated the same way.
    expect(await fieldErrorsOf(owner.crm.customers.update({ id: c.id, version: c.version, customFields: { region: "East" } }))).toEqual({
      "customFields.region": ["Choose one of the options"],
    });
    const u = await owner.crm.customers.update({ id: c.id, version: c.version, customFields: { region: "South", employees: 3.5 } });
    expect(u.customFields).toEqual({ region: "South", employees: 3.5 });
    // Updating other fields leaves customFields alone (no validation of what is not sent).
    const u2 = await owner.crm.customers.update({ id: c.id, version: u.version, tier: "gold" });
    expect(u2.customFields).toEqual({ region: "South", employees: 3.5 });
    // Another organization's definitions do not apply here: its "region" is free text, ours a select.
    const theirs = await otherOwner.crm.customers.create({ name: "Theirs", customFields: { region: "Anywhere" } });
    expect(theirs.customFields).toEqual({ region: "Anywhere" });
  });

  it("checks values without saving (crm.customFields.check): the same errors and normalization as a save", async () => {
    expect(await owner.crm.customFields.check({ customFields: { region: "South", employees: "12" } })).toEqual({ customFields: { region: "South", employees: 12 } });
    expect(await fieldErrorsOf(owner.crm.customFields.check({ customFields: { region: "West" } }))).toEqual({ "customFields.region": ["Choose one of the options"] });
  });

  it("updates label, options, required with the version read; archived fields keep their key and stored values", async () => {
    const def = await owner.crm.customFields.create({ key: "segment_code", label: "Segment code", kind: "select", options: ["A"] });
    const u = await owner.crm.customFields.update({ id: def.id, version: def.version, label: "Code", options: ["A", "B"] });
    expect(u).toMatchObject({ label: "Code", options: ["A", "B"], version: 2, kind: "select", key: "segment_code" });
    expect(await codeOf(owner.crm.customFields.update({ id: def.id, version: 1, label: "Stale" }))).toBe("CONFLICT");
    const note = (await owner.crm.customFields.list({})).rows.find((r) => r.key === "note")!;
    expect(await fieldErrorsOf(owner.crm.customFields.update({ id: note.id, version: note.version, options: ["x"] }))).toHaveProperty("options");

    const c = await owner.crm.customers.create({ name: "Archive Co", customFields: { region: "North", segment_code: "B" } });
    const archived = await owner.crm.customFields.archive({ id: def.id });
    expect(archived.archivedAt).not.toBeNull();
    expect((await owner.crm.customFields.list({})).rows.map((r) => r.key)).not.toContain("segment_code");
    expect((await owner.crm.customFields.list({ includeArchived: true })).rows.map((r) => r.key)).toContain("segment_code");
    // The stored value may be sent back unchanged; a new value is refused; the key stays taken.
    const kept = await owner.crm.customers.update({ id: c.id, version: c.version, customFields: { region: "North", segment_code: "B" } });
    expect(kept.customFields).toEqual({ region: "North", segment_code: "B" });
    expect(await fieldErrorsOf(owner.crm.customers.update({ id: c.id, version: kept.version, customFields: { region: "North", segment_code: "A" } }))).toEqual({
      "customFields.segment_code": ["This field is archived"],
    });
    expect(await fieldErrorsOf(owner.crm.customFields.create({ key: "segment_code", label: "Again", kind: "text" }))).toHaveProperty("key");
    const restored = await owner.crm.customFields.archive({ id: def.id, archived: false });
    expect(restored.archivedAt).toBeNull();
  });

  it("needs crm.settings.manage to change definitions (owner, admin); readers list them; other organizations' ids are NOT_FOUND", async () => {
    const admin = await as(await makeUser(org, { roles: ["admin"] }), org);
    const viewer = await as(await makeUser(org, { roles: ["viewer"] }), org);
    const accountant = await as(await makeUser(org, { roles: ["accountant"] }), org);
    const created = await admin.crm.customFields.create({ key: "by_admin", label: "By admin", kind: "text" });
    expect((await viewer.crm.customFields.list({})).rows.map((r) => r.key)).toContain("by_admin");
    expect(await codeOf(viewer.crm.customFields.create({ key: "by_viewer", label: "x", kind: "text" }))).toBe("FORBIDDEN");
    expect(await codeOf(viewer.crm.customFields.archive({ id: created.id }))).toBe("FORBIDDEN");
    expect(await codeOf(accountant.crm.customFields.list({}))).toBe("FORBIDDEN");
    expect(await codeOf(otherOwner.crm.customFields.update({ id: created.id, version: 1, label: "Mine" }))).toBe("NOT_FOUND");
    expect(await codeOf(otherOwner.crm.customFields.archive({ id: created.id }))).toBe("NOT_FOUND");
  });

  it("audits definition changes (row changes captured by the trigger)", async () => {
    const def = await owner.crm.customFields.create({ key: "audited", label: "Audited", kind: "text" });
    await owner.crm.customFields.update({ id: def.id, version: def.version, label: "Audited!" });
    const events = await systemDb().auditEvent.findMany({
      where: { organizationId: org.id, tableName: "crm.custom_field_definitions", recordId: def.id },
      select: { operation: true },
      orderBy: { createdAt: "asc" },
    });
    expect(events.map((e) => e.operation)).toEqual(["INSERT", "UPDATE"]);
  });
});
