// Plans, features and limits: features = plan ± overrides, feature gates answer FORBIDDEN naming the feature,
// limits refuse with the plan and the limit, subscriptions move through their state machine.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "@/server/db/client";
import { authorizeExport, ExportError } from "@/server/kernel/export/service";
import { EXPORTS } from "@/server/exports";
import { assertWithinLimit, organizationFeatures, registerDocumentCounter, requireFeature } from "@/server/modules/platform/entitlements.service";
import { featureGate, permission, router, createCallerFactory } from "@/server/trpc/procedures";
import { createContext } from "@/server/trpc/context";
import { asMember } from "../helpers/scoped";
import { callerFor, demoUserId, makeOrg, makeUser, sessionClaim, uniq } from "../helpers/factory";
import { codeOf } from "../helpers/trpc";

let operatorId: string;
let op: Awaited<ReturnType<typeof callerFor>>;
let plans: Awaited<ReturnType<typeof op.platform.plans.list>>;
beforeAll(async () => {
  operatorId = await demoUserId("operator@tessera.test");
  op = await callerFor(operatorId);
  plans = await op.platform.plans.list();
});
const planId = (key: string) => plans.find((p) => p.key === key)!.id;

// A procedure gated the way modules gate theirs (e.g. admin.apiKeys.*).
const gated = router({ apiKeys: permission("platform.organization.read").use(featureGate("api_keys")).query(() => "ok") });
const gatedCaller = async (userId: string, org: string) => {
  const headers = new Headers({ "x-tessera-org": org });
  const ctx = await createContext({ headers });
  return createCallerFactory(gated)({ ...ctx, requestId: randomUUID(), session: await sessionClaim(userId) });
};

describe("catalog", () => {
  it("lists the demo plans with their features and the synced feature catalog", async () => {
    expect(plans.map((p) => p.key)).toEqual(expect.arrayContaining(["free", "team", "business"]));
    expect(plans.find((p) => p.key === "team")).toMatchObject({ isDefault: true, maxUsers: 10 });
    expect(plans.find((p) => p.key === "business")).toMatchObject({ maxUsers: null, maxWorkspaces: null });
    expect(plans.find((p) => p.key === "business")!.features.sort()).toEqual(["api_keys", "audit_export", "custom_roles", "multiple_workspaces"]);
    expect((await op.platform.features.list()).map((f) => f.key)).toEqual(["api_keys", "audit_export", "custom_roles", "multiple_workspaces"]);
  });

  it("creates and edits plans with field errors, keeps one default, and sets the feature matrix exactly", async () => {
    const key = `p_${uniq()}`;
    const base = { key, name: "Starter", monthlyAmount: "9.90", currency: "usd", maxUsers: 2, maxWorkspaces: 1, maxDocumentsPerMonth: 50 };
    await expect(op.platform.plans.create({ ...base, monthlyAmount: "-1" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const p = await op.platform.plans.create(base);
    expect(p.currency).toBe("USD");
    expect(p.monthlyAmount.toString()).toBe("9.9");
    await expect(op.platform.plans.create(base)).rejects.toMatchObject({ code: "CONFLICT" });
    await op.platform.plans.setFeatures({ planId: p.id, features: ["api_keys", "audit_export"] });
    await op.platform.plans.setFeatures({ planId: p.id, features: ["audit_export"] });
    expect((await op.platform.plans.list()).find((x) => x.id === p.id)!.features).toEqual(["audit_export"]);
    expect(await codeOf(op.platform.plans.setFeatures({ planId: p.id, features: ["teleport" as "api_keys"] }))).toBe("BAD_REQUEST");
    // The default plan cannot be unset directly: another plan takes the mark.
    const team = plans.find((x) => x.key === "team")!;
    const { features: _f, organizations: _o, ...teamInput } = team;
    expect(await codeOf(op.platform.plans.update({ ...teamInput, monthlyAmount: team.monthlyAmount.toString(), isDefault: false }))).toBe("PRECONDITION_FAILED");
    await op.platform.plans.update({ ...base, id: p.id, name: "Starter 2", maxUsers: null });
    expect((await op.platform.plans.list()).find((x) => x.id === p.id)).toMatchObject({ name: "Starter 2", maxUsers: null, isDefault: false });
  });
});

describe("features", () => {
  it("are the plan's features plus and minus the organization's overrides", async () => {
    const org = await makeOrg();
    const sys = systemDb();
    expect([...(await organizationFeatures(sys, org.id))].sort()).toEqual(["custom_roles", "multiple_workspaces"]);
    await op.platform.overrides.set({ organizationId: org.id, feature: "api_keys", enabled: true, reason: "Pilot for the integration" });
    await op.platform.overrides.set({ organizationId: org.id, feature: "custom_roles", enabled: false, reason: "Abuse of roles" });
    expect([...(await organizationFeatures(sys, org.id))].sort()).toEqual(["api_keys", "multiple_workspaces"]);
    expect(await codeOf(op.platform.overrides.set({ organizationId: org.id, feature: "api_keys", enabled: true, reason: " " }))).toBe("BAD_REQUEST");
    await op.platform.overrides.remove({ organizationId: org.id, feature: "custom_roles" });
    expect([...(await organizationFeatures(sys, org.id))].sort()).toEqual(["api_keys", "custom_roles", "multiple_workspaces"]);
    const detail = await op.platform.organizations.detail({ id: org.id });
    expect(detail.features.find((f) => f.key === "api_keys")!.override).toMatchObject({ enabled: true, reason: "Pilot for the integration", by: { email: "operator@tessera.test" } });
    // Overrides are audited in the organization's stream, with the operator.
    const events = await sys.auditEvent.findMany({ where: { organizationId: org.id, tableName: "platform.feature_overrides" }, select: { action: true, actorId: true } });
    expect(events.map((e) => e.action).sort()).toEqual(["delete", "insert", "insert"]);
    expect(events.every((e) => e.actorId === operatorId)).toBe(true);
  });

  it("members read their own organization's features in platform.me; the subscription rows are read-only for them", async () => {
    const org = await makeOrg();
    const owner = await makeUser(org);
    const me = await (await callerFor(owner.id, { org: org.slug })).platform.me();
    expect(me.features).toEqual(["custom_roles", "multiple_workspaces"]);
    await expect(
      asMember({ userId: owner.id, orgSlug: org.slug }, (tx) => tx.featureOverride.create({ data: { organizationId: org.id, featureKey: "api_keys", enabled: true, reason: "self-service" } })),
    ).rejects.toThrow(/permission denied/);
    await expect(
      asMember({ userId: owner.id, orgSlug: org.slug }, (tx) => tx.subscription.updateMany({ where: { organizationId: org.id }, data: { planId: planId("business") } })),
    ).rejects.toThrow(/permission denied/);
  });

  it("a gated procedure answers FORBIDDEN with the feature's name, and works after an override", async () => {
    const org = await makeOrg();
    const owner = await makeUser(org);
    const caller = await gatedCaller(owner.id, org.slug);
    await expect(caller.apiKeys()).rejects.toMatchObject({ code: "FORBIDDEN", message: "This needs the feature “API keys”, which your plan does not include." });
    await op.platform.overrides.set({ organizationId: org.id, feature: "api_keys", enabled: true, reason: "Early access" });
    expect(await caller.apiKeys()).toBe("ok");
    await expect(asMember({ userId: owner.id, orgSlug: org.slug }, (tx, s) => requireFeature(tx, s.orgId, "audit_export"))).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "This needs the feature “Audit export”, which your plan does not include.",
    });
  });

  it("gates the audit export: refused on Team with the feature's name, allowed on Business", async () => {
    const org = await makeOrg();
    const owner = await makeUser(org);
    const claim = await sessionClaim(owner.id);
    const ask = () => authorizeExport(EXPORTS, claim, { listKey: "audit.events", format: "csv", org: org.slug, ws: null, input: null }, randomUUID());
    const refused = await ask().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ExportError);
    expect(refused).toMatchObject({ status: 403, message: "This needs the feature “Audit export”, which your plan does not include." });
    await op.platform.subscriptions.changePlan({ organizationId: org.id, planId: planId("business") });
    expect((await ask()).list.key).toBe("audit.events");
  });
});

describe("limits", () => {
  it("assertWithinLimit refuses past the plan's limit naming the plan and the limit; unlimited plans never refuse", async () => {
    const org = await makeOrg({ workspaces: ["main"] });
    await op.platform.subscriptions.changePlan({ organizationId: org.id, planId: planId("free") });
    const owner = await makeUser(org);
    await makeUser(org, { roles: ["viewer"] });
    const within = (kind: "users" | "workspaces" | "documents", adding?: number) =>
      asMember({ userId: owner.id, orgSlug: org.slug }, (tx, s) => assertWithinLimit(tx, s.orgId, kind, adding));
    await within("users"); // 2 of 3
    await expect(within("users", 2)).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: "Your plan “Free” allows 3 users and the organization has 2. Upgrade the plan or free some first.",
    });
    await expect(within("workspaces")).rejects.toMatchObject({ message: "Your plan “Free” allows 1 workspace and the organization has 1. Upgrade the plan or free some first." });
    // A module's document counter feeds the monthly limit.
    registerDocumentCounter(`test-${org.id}`, async (_tx, orgId) => (orgId === org.id ? 100 : 0));
    await expect(within("documents")).rejects.toMatchObject({ message: expect.stringContaining("allows 100 documents a month and the organization has 100") });
    await op.platform.subscriptions.changePlan({ organizationId: org.id, planId: planId("business") });
    await within("users", 1000);
    await within("workspaces", 50);
    await within("documents", 1_000_000);
  });
});

describe("subscriptions", () => {
  it("move through trial → active → past due → cancelled → reinstated, with dates, refusals and audit", async () => {
    const org = await makeOrg();
    const t = (transition: "activate" | "mark_past_due" | "cancel" | "reinstate", reason?: string) =>
      op.platform.subscriptions.transition({ organizationId: org.id, transition, ...(reason ? { reason } : {}) });
    expect(await codeOf(t("mark_past_due"))).toBe("PRECONDITION_FAILED");
    expect((await t("activate")).status).toBe("active");
    expect((await t("mark_past_due")).status).toBe("past_due");
    expect(await codeOf(t("cancel"))).toBe("BAD_REQUEST");
    expect((await t("cancel", "Customer left")).status).toBe("cancelled");
    // A cancelled subscription falls back to the default plan's features.
    expect([...(await organizationFeatures(systemDb(), org.id))].sort()).toEqual(["custom_roles", "multiple_workspaces"]);
    const cancelled = await op.platform.organizations.detail({ id: org.id });
    expect(cancelled.subscription!.cancelledAt).not.toBeNull();
    expect(cancelled.subscription!.transitions.map((x) => x.name)).toEqual(["reinstate"]);
    expect((await t("reinstate")).status).toBe("active");
    const after = await op.platform.organizations.detail({ id: org.id });
    expect(after.subscription!.cancelledAt).toBeNull();
    expect(after.subscription!.currentPeriodEnd.getTime()).toBeGreaterThan(Date.now());
    const history = await systemDb().statusHistory.findMany({ where: { organizationId: org.id, entityType: "platform.subscriptions" }, orderBy: { createdAt: "asc" }, select: { transition: true, actorId: true, reason: true } });
    expect(history.map((h) => h.transition)).toEqual(["activate", "mark_past_due", "cancel", "reinstate"]);
    expect(history.find((h) => h.transition === "cancel")).toMatchObject({ reason: "Customer left", actorId: operatorId });
  });

  it("changing to a retired plan is refused with a field error", async () => {
    const org = await makeOrg();
    const retired = await op.platform.plans.create({ key: `old_${uniq()}`, name: "Legacy", monthlyAmount: "5", currency: "USD", maxUsers: 1, maxWorkspaces: 1, maxDocumentsPerMonth: 1, active: false });
    await expect(op.platform.subscriptions.changePlan({ organizationId: org.id, planId: retired.id })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    expect(await codeOf(op.platform.subscriptions.changePlan({ organizationId: org.id, planId: randomUUID() }))).toBe("NOT_FOUND");
  });
});

describe("the catalog's privileges", () => {
  it("is readable but never writable by the runtime role", async () => {
    const { asApp } = await import("../helpers/db");
    const plansSeen = await asApp({}, async (c) => (await c.query("select count(*)::int as n from platform.plans")).rows[0].n as number);
    expect(plansSeen).toBeGreaterThanOrEqual(3);
    for (const statement of [
      "update platform.plans set monthly_amount = 0",
      "insert into platform.features (key, name, description) values ('x_free', 'x', 'x')",
      "delete from platform.plan_features",
    ])
      await expect(asApp({}, (c) => c.query(statement)), statement).rejects.toThrow(/permission denied/);
  });
});
