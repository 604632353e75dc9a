// The platform console: operator-only procedures across organizations, suspension and reactivation with the reason
// shown to members, and the audit trail in the organization's own stream.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "@/server/db/client";
import { withSettings } from "@/server/db/scope";
import { landingPath, suspendedOrganizationsOf } from "@/server/modules/platform/landing.service";
import { appRouter } from "@/server/trpc/root";
import { callerFor, demoUserId, makeOrg, makeUser } from "../helpers/factory";
import { asApp } from "../helpers/db";
import { codeOf } from "../helpers/trpc";

type AnyCaller = Record<string, unknown>;
const OPERATOR_PROCEDURES = Object.keys(appRouter._def.procedures).filter((p) =>
  /^platform\.(organizations\.(list|detail|suspend|reactivate)|plans\.|features\.|subscriptions\.|overrides\.)/.test(p),
);

async function call(caller: AnyCaller, path: string, input: unknown): Promise<unknown> {
  const fn = path.split(".").reduce<unknown>((node, key) => (node as AnyCaller)[key], caller);
  return (fn as (input?: unknown) => Promise<unknown>)(input);
}

let operatorId: string;
beforeAll(async () => {
  operatorId = await demoUserId("operator@tessera.test");
});

describe("who may use the console", () => {
  it("answers FORBIDDEN to every operator procedure for non-operators, even an owner claiming their own organization", async () => {
    expect(OPERATOR_PROCEDURES.length).toBeGreaterThanOrEqual(12);
    const owner = await demoUserId("owner@acme.test");
    for (const claim of [{}, { org: "acme" }]) {
      const caller = (await callerFor(owner, claim)) as unknown as AnyCaller;
      for (const path of OPERATOR_PROCEDURES) {
        // Valid-looking input, so the refusal is the operator check, not validation.
        const input = { id: randomUUID(), organizationId: randomUUID(), planId: randomUUID(), reason: "x", perPage: 10, feature: "api_keys", enabled: true, transition: "activate", features: [], key: "k", name: "n", monthlyAmount: "1", currency: "USD", maxUsers: null, maxWorkspaces: null, maxDocumentsPerMonth: null };
        expect(await codeOf(call(caller, path, input)), path).toBe("FORBIDDEN");
      }
    }
    const anonymous = (await callerFor(null)) as unknown as AnyCaller;
    for (const path of OPERATOR_PROCEDURES) expect(await codeOf(call(anonymous, path, {})), path).toBe("UNAUTHORIZED");
  });

  it("keeps the operator flag out of the runtime role's reach", async () => {
    const user = await makeUser(null);
    await expect(
      asApp({ userId: user.id }, (c) => c.query("update auth.users set is_platform_operator = true where id = $1", [user.id])),
    ).rejects.toThrow(/permission denied/);
    // It may read it (the session check does).
    const rows = await asApp({ userId: user.id }, (c) => c.query("select is_platform_operator from auth.users where id = $1", [user.id]));
    expect(rows.rows[0].is_platform_operator).toBe(false);
  });

  it("exposes the flag in platform.me so the shell can link to the console", async () => {
    expect((await (await callerFor(operatorId)).platform.me()).user.isPlatformOperator).toBe(true);
    expect((await (await callerFor(await demoUserId("owner@acme.test"))).platform.me()).user.isPlatformOperator).toBe(false);
  });
});

describe("organizations list and detail", () => {
  it("lists organizations with plan, subscription status, status and usage; filters by plan and status; searches", async () => {
    const op = await callerFor(operatorId);
    const all = await op.platform.organizations.list({ perPage: 100, q: "acme" });
    const acme = all.rows.find((r) => r.slug === "acme")!;
    expect(acme).toMatchObject({ status: "active", plan: { key: "business", name: "Business" }, subscriptionStatus: "active", workspaces: 2 });
    expect(acme.members).toBeGreaterThanOrEqual(3);
    const team = await op.platform.organizations.list({ perPage: 100, q: "globex", filters: { plan: { type: "enum", values: ["team"] } } });
    expect(team.rows.map((r) => r.slug)).toEqual(["globex"]);
    expect(team.rows[0]).toMatchObject({ subscriptionStatus: "trial", plan: { name: "Team" } });
    const none = await op.platform.organizations.list({ perPage: 100, q: "acme", filters: { status: { type: "enum", values: ["suspended"] } } });
    expect(none.rows.find((r) => r.slug === "acme")).toBeUndefined();
  });

  it("a new organization starts a trial on the default plan; the detail shows usage against its limits", async () => {
    const org = await makeOrg();
    const member = await makeUser(org);
    await (await callerFor(member.id, { org: org.slug, ws: "main" })).settings.values.set({ key: "security.lockoutThreshold", scope: "organization", value: 4 });
    const op = await callerFor(operatorId);
    const d = await op.platform.organizations.detail({ id: org.id });
    expect(d.subscription).toMatchObject({ status: "trial", plan: { key: "team" } });
    expect(d.subscription!.trialEndsAt!.getTime()).toBeGreaterThan(Date.now());
    expect(d.usage).toEqual({ users: { used: 1, limit: 10 }, workspaces: { used: 2, limit: 3 }, documents: { used: 0, limit: 2000 } });
    expect(d.settings.currencies.map((c) => c.code)).toEqual(["USD"]);
    // The organization's settings, read-only, with where each value comes from.
    expect(d.settings.values).toEqual(
      expect.arrayContaining([
        { key: "security.lockoutThreshold", value: 4, source: "organization" },
        { key: "security.passwordMinLength", value: 10, source: "global" },
      ]),
    );
    expect(d.features.find((f) => f.key === "custom_roles")).toMatchObject({ enabled: true, override: null });
    expect(d.features.find((f) => f.key === "audit_export")).toMatchObject({ enabled: false });
    expect(await codeOf(op.platform.organizations.detail({ id: randomUUID() }))).toBe("NOT_FOUND");
  });
});

describe("suspension", () => {
  it("refuses members' scoped calls with the reason, explains at sign-in, signs them out of it, and reactivates", async () => {
    const org = await makeOrg({ workspaces: ["main"] });
    const member = await makeUser(org, { roles: ["owner"] });
    const op = await callerFor(operatorId);
    const asMember = await callerFor(member.id, { org: org.slug, ws: "main" });
    expect((await asMember.platform.workspaces.list()).map((w) => w.slug)).toEqual(["main"]);

    expect(await codeOf(op.platform.organizations.suspend({ id: org.id, reason: "  " }))).toBe("BAD_REQUEST");
    await op.platform.organizations.suspend({ id: org.id, reason: "Unpaid invoices since March" });
    expect(await codeOf(op.platform.organizations.suspend({ id: org.id, reason: "again" }))).toBe("PRECONDITION_FAILED");

    // Their next call is refused, saying why.
    const again = await callerFor(member.id, { org: org.slug, ws: "main" });
    await expect(again.platform.workspaces.list()).rejects.toMatchObject({ code: "FORBIDDEN", message: `Test ${org.slug} is suspended: Unpaid invoices since March.` });
    await expect(again.platform.me()).rejects.toMatchObject({ code: "FORBIDDEN" });
    // It leaves the switcher, and sign-in lands nowhere but on the explanation.
    const me = await (await callerFor(member.id)).platform.me();
    expect(me.memberships.map((m) => m.organization.slug)).not.toContain(org.slug);
    const user = { userId: member.id, requestId: randomUUID() };
    expect(await withSettings(user, (tx) => landingPath(tx, user))).toBeNull();
    expect(await withSettings(user, (tx) => suspendedOrganizationsOf(tx, member.id))).toEqual([
      { slug: org.slug, name: `Test ${org.slug}`, reason: "Unpaid invoices since March" },
    ]);
    expect((await op.platform.organizations.list({ perPage: 10, q: org.slug })).rows[0]!.status).toBe("suspended");

    await op.platform.organizations.reactivate({ id: org.id });
    expect(await codeOf(op.platform.organizations.reactivate({ id: org.id }))).toBe("PRECONDITION_FAILED");
    expect((await (await callerFor(member.id, { org: org.slug, ws: "main" })).platform.workspaces.list()).length).toBe(1);
    expect(await withSettings(user, (tx) => suspendedOrganizationsOf(tx, member.id))).toEqual([]);
  });

  it("only the system path changes the status: an owner's runtime transaction cannot unsuspend through its update policy", async () => {
    const org = await makeOrg();
    await expect(
      asApp({ orgId: org.id }, (c) => c.query("update platform.organizations set status = 'suspended', suspension_reason = 'x', suspended_at = now() where id = $1", [org.id])),
    ).rejects.toThrow(/only platform operators/);
    // The profile stays editable.
    const r = await asApp({ orgId: org.id }, (c) => c.query("update platform.organizations set name = 'Renamed' where id = $1", [org.id]));
    expect(r.rowCount).toBe(1);
  });

  it("writes suspend and reactivate, with the operator as actor and the reason, to the organization's audit stream", async () => {
    const org = await makeOrg();
    const op = await callerFor(operatorId);
    await op.platform.organizations.suspend({ id: org.id, reason: "Terms violation" });
    await op.platform.organizations.reactivate({ id: org.id });
    const events = await systemDb().auditEvent.findMany({
      where: { organizationId: org.id, OR: [{ action: "status_change" }, { tableName: "platform.organizations", action: "update" }] },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { action: true, actorId: true, data: true, changes: true },
    });
    const transitions = events.filter((e) => e.action === "status_change").map((e) => e.data as Record<string, unknown>);
    expect(transitions).toEqual([
      expect.objectContaining({ entityType: "platform.organizations", transition: "suspend", from: "active", to: "suspended", reason: "Terms violation" }),
      expect.objectContaining({ transition: "reactivate", from: "suspended", to: "active" }),
    ]);
    expect(events.every((e) => e.actorId === operatorId)).toBe(true);
    expect(events.filter((e) => e.action === "update").map((e) => (e.changes as Record<string, { new: unknown }>).status?.new)).toEqual(["suspended", "active"]);
  });
});
