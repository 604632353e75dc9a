// The scoped settings store: global default → organization → workspace, reset back to the inherited value,
// validation by each key's schema, permissions, tenant isolation (RLS) and workspaces the member cannot see.
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "@/server/db/client";
import { getSetting, SETTING_KEYS, SETTINGS } from "@/server/kernel/settings";
import { asApp } from "../helpers/db";
import { callerFor, makeOrg, makeUser } from "../helpers/factory";
import { asMember } from "../helpers/scoped";
import { codeOf } from "../helpers/trpc";

type Org = Awaited<ReturnType<typeof makeOrg>>;

async function fieldErrorsOf(p: Promise<unknown>): Promise<Record<string, string[]> | null> {
  try {
    await p;
    return null;
  } catch (e) {
    if (e instanceof TRPCError) return ((e.cause as { fieldErrors?: Record<string, string[]> } | undefined)?.fieldErrors ?? {}) as Record<string, string[]>;
    throw e;
  }
}

describe("settings.values", () => {
  let org: Org;
  let other: Org;
  let owner: { id: string };
  let branchOnly: { id: string };
  let viewer: { id: string };
  let otherOwner: { id: string };

  beforeAll(async () => {
    [org, other] = await Promise.all([makeOrg({ workspaces: ["main", "branch"] }), makeOrg({ workspaces: ["main"] })]);
    owner = await makeUser(org);
    branchOnly = await makeUser(org, { roles: ["admin"], workspaces: ["branch"] });
    viewer = await makeUser(org, { roles: ["viewer"] });
    otherOwner = await makeUser(other);
  });

  const as = (u: { id: string }, o: Org, ws = "main") => callerFor(u.id, { org: o.slug, ws });
  const row = async (u: { id: string }, o: Org, key: string, ws = "main") =>
    (await (await as(u, o, ws)).settings.values.list()).rows.find((r) => r.key === key)!;

  it("lists every registry key with its global default and source 'global' when nothing is set", async () => {
    const c = await as(owner, org);
    const r = await c.settings.values.list();
    expect(r.canUpdate).toBe(true);
    expect(r.rows.map((x) => x.key)).toEqual(SETTING_KEYS);
    for (const x of r.rows) {
      expect(x.source).toBe("global");
      expect(x.value).toEqual(SETTINGS[x.key].default);
    }
  });

  it("inherits global → organization → workspace, and reset goes back one level at a time", async () => {
    const c = await as(owner, org);
    await c.settings.values.set({ key: "sales.defaultPaymentDays", scope: "organization", value: 45 });
    expect(await row(owner, org, "sales.defaultPaymentDays")).toMatchObject({ value: 45, source: "organization" });
    // The other workspace inherits the organization's value.
    expect(await row(owner, org, "sales.defaultPaymentDays", "branch")).toMatchObject({ value: 45, source: "organization" });

    const set = await c.settings.values.set({ key: "sales.defaultPaymentDays", scope: "workspace", value: 14 });
    expect(set).toMatchObject({ value: 14, source: "workspace", inherited: { value: 45, source: "organization" } });
    expect(await row(owner, org, "sales.defaultPaymentDays")).toMatchObject({ value: 14, source: "workspace", organizationValue: 45, workspaceValue: 14 });
    expect(await row(owner, org, "sales.defaultPaymentDays", "branch")).toMatchObject({ value: 45, source: "organization" });

    // getSetting (the function other modules call) resolves the same way.
    expect(await asMember({ userId: owner.id, orgSlug: org.slug, wsSlug: "main" }, (tx, s) => getSetting(tx, s, "sales.defaultPaymentDays"))).toBe(14);
    expect(await asMember({ userId: owner.id, orgSlug: org.slug }, (tx, s) => getSetting(tx, s, "sales.defaultPaymentDays"))).toBe(45);

    await c.settings.values.reset({ key: "sales.defaultPaymentDays", scope: "workspace" });
    expect(await row(owner, org, "sales.defaultPaymentDays")).toMatchObject({ value: 45, source: "organization" });
    await c.settings.values.reset({ key: "sales.defaultPaymentDays", scope: "organization" });
    expect(await row(owner, org, "sales.defaultPaymentDays")).toMatchObject({ value: 30, source: "global" });
    // Resetting what is not set is harmless.
    expect(await c.settings.values.reset({ key: "sales.defaultPaymentDays", scope: "workspace" })).toMatchObject({ source: "global" });
  });

  it("setting the same key twice keeps one row per level (upsert on the partial unique indexes)", async () => {
    const c = await as(owner, org);
    await c.settings.values.set({ key: "documents.footerText", scope: "organization", value: "One" });
    await c.settings.values.set({ key: "documents.footerText", scope: "organization", value: "Two" });
    await c.settings.values.set({ key: "regional.weekStart", scope: "workspace", value: "monday" });
    await c.settings.values.set({ key: "regional.weekStart", scope: "workspace", value: "sunday" });
    const rows = await systemDb().appSetting.findMany({ where: { organizationId: org.id, key: { in: ["documents.footerText", "regional.weekStart"] } } });
    expect(rows.map((r) => [r.key, r.workspaceId === null ? "org" : "ws", r.value]).sort()).toEqual([
      ["documents.footerText", "org", "Two"],
      ["regional.weekStart", "ws", "sunday"],
    ]);
  });

  it("validates the value with the key's schema and answers field errors", async () => {
    const c = await as(owner, org);
    expect(await fieldErrorsOf(c.settings.values.set({ key: "security.lockoutThreshold", scope: "organization", value: 2 }))).toEqual({ value: ["At least 3"] });
    expect(await fieldErrorsOf(c.settings.values.set({ key: "security.lockoutThreshold", scope: "organization", value: "7" }))).toHaveProperty("value");
    expect(await fieldErrorsOf(c.settings.values.set({ key: "security.sessionTimeoutMinutes", scope: "organization", value: 43201 }))).toEqual({ value: ["At most 43200"] });
    expect(await fieldErrorsOf(c.settings.values.set({ key: "security.allowedEmailDomains", scope: "organization", value: ["acme.com", "not a domain"] }))).toHaveProperty("value");
    expect(await fieldErrorsOf(c.settings.values.set({ key: "no.suchKey", scope: "organization", value: 1 }))).toEqual({ key: ["Unknown setting"] });
    // Organization-only keys cannot be set per workspace.
    expect(await fieldErrorsOf(c.settings.values.set({ key: "security.lockoutThreshold", scope: "workspace", value: 5 }))).toHaveProperty("scope");
    expect(await codeOf(c.settings.values.set({ key: "security.lockoutThreshold", scope: "organization", value: 2 }))).toBe("BAD_REQUEST");
    // Domains are normalised to lower case.
    expect(await c.settings.values.set({ key: "security.allowedEmailDomains", scope: "organization", value: ["Acme.COM"] })).toMatchObject({ value: ["acme.com"] });
    await c.settings.values.reset({ key: "security.allowedEmailDomains", scope: "organization" });
  });

  it("needs settings.setting.read to list and settings.setting.update to change", async () => {
    const v = await as(viewer, org);
    expect(await codeOf(v.settings.values.list())).toBe("FORBIDDEN");
    const manager = await makeUser(org, { roles: ["manager"] });
    const m = await as(manager, org);
    expect((await m.settings.values.list()).canUpdate).toBe(false);
    expect(await codeOf(m.settings.values.set({ key: "documents.footerText", scope: "organization", value: "x" }))).toBe("FORBIDDEN");
    expect(await codeOf(m.settings.values.reset({ key: "documents.footerText", scope: "organization" }))).toBe("FORBIDDEN");
  });

  it("another organization's values are invisible (RLS) and never applied", async () => {
    const c = await as(otherOwner, other);
    await c.settings.values.set({ key: "sales.defaultPaymentDays", scope: "organization", value: 90 });
    await c.settings.values.set({ key: "regional.weekStart", scope: "workspace", value: "saturday" });
    expect(await row(owner, org, "sales.defaultPaymentDays")).toMatchObject({ value: 30, source: "global" });
    // Beneath the application: as tessera_app in org's scope, not one row of the other organization is visible.
    const seen = await asApp({ orgId: org.id, userId: owner.id, workspaceIds: Object.values(org.workspaces) }, async (pg) => {
      const r = await pg.query("select organization_id from settings.app_settings");
      return r.rows.map((x: { organization_id: string }) => x.organization_id);
    });
    expect(seen.every((id) => id === org.id)).toBe(true);
    // Writing a row for the other organization is refused by the policy.
    await expect(
      asApp({ orgId: org.id, userId: owner.id }, (pg) =>
        pg.query("insert into settings.app_settings (organization_id, id, key, value) values ($1, gen_random_uuid(), 'sales.defaultPaymentDays', '1')", [other.id]),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it("a workspace value of a workspace the member cannot see is neither visible nor applied", async () => {
    const c = await as(owner, org);
    await c.settings.values.set({ key: "documents.footerText", scope: "workspace", value: "Main only" });
    // branchOnly sees only "branch": the main workspace's value does not apply there.
    expect(await row(branchOnly, org, "documents.footerText", "branch")).toMatchObject({ value: "Two", source: "organization" });
    expect(await codeOf((await as(branchOnly, org, "main")).settings.values.list())).toBe("NOT_FOUND");
    // And the restrictive policy hides the row itself from a transaction scoped to other workspaces.
    const rows = await asApp({ orgId: org.id, userId: branchOnly.id, workspaceIds: [org.workspaces.branch!] }, async (pg) => {
      const r = await pg.query("select workspace_id from settings.app_settings where key = 'documents.footerText'");
      return r.rows as { workspace_id: string | null }[];
    });
    expect(rows).toEqual([{ workspace_id: null }]);
  });

  it("every change is captured in the audit trail with old and new values", async () => {
    const c = await as(owner, org);
    await c.settings.values.set({ key: "security.passwordMinLength", scope: "organization", value: 12 });
    await c.settings.values.set({ key: "security.passwordMinLength", scope: "organization", value: 14 });
    await c.settings.values.reset({ key: "security.passwordMinLength", scope: "organization" });
    const events = await systemDb().$queryRaw<{ action: string; actor_id: string | null }[]>`
      select action, actor_id::text from audit.events
       where organization_id = ${org.id}::uuid and table_name = 'settings.app_settings'
       order by created_at, id`;
    const actions = events.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["insert", "update", "delete"]));
    expect(events.every((e) => e.actor_id === owner.id)).toBe(true);
  });
});
