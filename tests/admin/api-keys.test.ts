// API keys: hashed at rest and never in the audit, scoped to their permissions, their own organization only,
// revoked / expired / orphaned keys answer UNAUTHORIZED — through the real tRPC HTTP handler with the header.
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "@/server/db/client";
import { createContext } from "@/server/trpc/context";
import { appRouter } from "@/server/trpc/root";
import { callerFor, makeOrg, makeUser } from "../helpers/factory";
import { codeOf } from "../helpers/trpc";

type Org = Awaited<ReturnType<typeof makeOrg>>;
const as = (user: { id: string }, org: Org) => callerFor(user.id, { org: org.slug });
const inDays = (d: number) => new Date(Date.now() + d * 86_400_000);

/** One HTTP call to /api/trpc as the route handler serves it (superjson: `{ json: input }`). */
async function http(path: string, opts: { key?: string; org?: string; input?: unknown; method?: "GET" | "POST" } = {}) {
  const method = opts.method ?? "GET";
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  if (opts.org) headers["x-tessera-org"] = opts.org;
  const payload = JSON.stringify({ json: opts.input ?? null });
  const url = method === "GET" ? `http://test.local/api/trpc/${path}?input=${encodeURIComponent(payload)}` : `http://test.local/api/trpc/${path}`;
  const res = await fetchRequestHandler({
    endpoint: "/api/trpc",
    router: appRouter,
    req: new Request(url, { method, headers, ...(method === "POST" ? { body: payload } : {}) }),
    createContext: ({ req }) => createContext({ headers: req.headers }),
  });
  const body = (await res.json()) as { result?: { data: { json: unknown } }; error?: { json: { message: string; data: { code: string } } } };
  return { status: res.status, data: body.result?.data.json, code: body.error?.json.data.code, message: body.error?.json.message };
}

describe("API keys", () => {
  let org: Org;
  let other: Org;
  let owner: Awaited<ReturnType<typeof makeUser>>;

  beforeAll(async () => {
    [org, other] = await Promise.all([makeOrg({ features: ["api_keys"] }), makeOrg({ features: ["api_keys"] })]);
    owner = await makeUser(org, { roles: ["owner"] });
    await makeUser(other, { roles: ["owner"] });
  });

  it("shows the key once and stores only the sha256 of its secret (not in the table, not in the audit)", async () => {
    const c = await as(owner, org);
    const created = await c.admin.apiKeys.create({ name: "Reporting", scopes: ["audit.event.read"], expiresAt: inDays(30) });
    expect(created.key).toMatch(/^tsk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    const secret = created.key.split("_").slice(2).join("_");
    expect(created.key.startsWith(`tsk_${created.prefix}_`)).toBe(true);

    const row = await systemDb().apiKey.findFirstOrThrow({ where: { organizationId: org.id, id: created.id } });
    expect(row.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(secret);
    const events = await systemDb().auditEvent.findMany({ where: { organizationId: org.id, tableName: "auth.api_keys", recordId: created.id } });
    expect(events.map((e) => e.action)).toEqual(["insert"]);
    const captured = JSON.stringify(events.map((e) => e.changes));
    expect(captured).toContain(created.prefix);
    expect(captured).not.toContain(secret);
    expect(captured).not.toContain(row.secretHash);
    expect(captured).not.toContain("secret_hash");

    const list = await c.admin.apiKeys.list();
    const listed = list.find((k) => k.id === created.id)!;
    expect(listed).toMatchObject({ name: "Reporting", prefix: created.prefix, scopes: ["audit.event.read"], status: "active", lastUsedAt: null });
    expect(listed.createdBy.id).toBe(owner.id);
    expect(JSON.stringify(list)).not.toContain(secret);
  });

  it("works only while the organization's plan includes API keys (FORBIDDEN naming the feature otherwise)", async () => {
    const gated = await makeOrg({ features: ["api_keys"] });
    const gatedOwner = await makeUser(gated, { roles: ["owner"] });
    const { key } = await (await as(gatedOwner, gated)).admin.apiKeys.create({ name: "Nightly", scopes: ["audit.event.read"], expiresAt: inDays(30) });
    expect((await http("audit.events.list", { key, input: {} })).status).toBe(200);
    // The default (Team) plan has no API keys: without the override the key stops working, and works again with it.
    await systemDb().featureOverride.deleteMany({ where: { organizationId: gated.id, featureKey: "api_keys" } });
    expect(await http("audit.events.list", { key, input: {} })).toMatchObject({
      status: 403,
      code: "FORBIDDEN",
      message: "This needs the feature “API keys”, which your plan does not include.",
    });
    await systemDb().featureOverride.create({ data: { organizationId: gated.id, featureKey: "api_keys", enabled: true, reason: "test fixture" } });
    expect((await http("audit.events.list", { key, input: {} })).status).toBe(200);
  });

  it("acts with its scopes only: a key with audit.event.read lists audit events, FORBIDDEN for deactivating members", async () => {
    const c = await as(owner, org);
    const { key, prefix, id } = await c.admin.apiKeys.create({ name: "Audit reader", scopes: ["audit.event.read"], expiresAt: inDays(90) });
    const listed = await http("audit.events.list", { key, org: org.slug, input: {} });
    expect(listed.status).toBe(200);
    expect(Array.isArray((listed.data as { rows: unknown[] }).rows)).toBe(true);
    // No organization header: the key's own organization.
    expect((await http("audit.events.list", { key, input: {} })).status).toBe(200);

    const deactivate = await http("admin.members.deactivate", { key, org: org.slug, method: "POST", input: { ids: [owner.id] } });
    expect(deactivate).toMatchObject({ status: 403, code: "FORBIDDEN" });
    expect((await http("platform.organizations.get", { key, org: org.slug })).status).toBe(403);
    // A key cannot reach the creator's own (non-organization) procedures.
    expect((await http("platform.me", { key })).status).toBe(401);

    // Used: last_used_at set once (not again within the minute); the audit shows the key in the request id, the creator as actor.
    const row = await systemDb().apiKey.findFirstOrThrow({ where: { organizationId: org.id, id }, select: { lastUsedAt: true } });
    expect(row.lastUsedAt).toBeInstanceOf(Date);
    await http("audit.events.list", { key, input: {} });
    expect((await systemDb().apiKey.findFirstOrThrow({ where: { organizationId: org.id, id }, select: { lastUsedAt: true } })).lastUsedAt).toEqual(row.lastUsedAt);
    const used = await systemDb().auditEvent.findMany({ where: { organizationId: org.id, tableName: "auth.api_keys", recordId: id, action: "update" } });
    expect(used).toHaveLength(1);
    expect(used[0]!.requestId).toMatch(new RegExp(`^apikey:${prefix}:`));
    expect(used[0]!.actorId).toBe(owner.id);
  });

  it("writes as its creator with the key in the request id", async () => {
    const c = await as(owner, org);
    const { key, prefix } = await c.admin.apiKeys.create({ name: "Role writer", scopes: ["auth.role.manage", "auth.member.read"], expiresAt: inDays(30) });
    const made = await http("admin.roles.create", { key, method: "POST", input: { name: "Made by key", permissions: ["auth.member.read"], recordScope: "all" } });
    expect(made.status).toBe(200);
    const roleId = (made.data as { id: string }).id;
    const ev = await systemDb().auditEvent.findFirstOrThrow({ where: { organizationId: org.id, tableName: "auth.roles", recordId: roleId, action: "insert" } });
    expect(ev.actorId).toBe(owner.id);
    expect(ev.requestId).toMatch(new RegExp(`^apikey:${prefix}:`));
    // Keys cannot create keys.
    expect((await http("admin.apiKeys.create", { key, method: "POST", input: { name: "x", scopes: ["auth.member.read"], expiresAt: inDays(1) } })).status).toBe(403);
  });

  it("works in its own organization only: another organization's claim answers NOT_FOUND", async () => {
    const { key } = await (await as(owner, org)).admin.apiKeys.create({ name: "Local", scopes: ["audit.event.read"], expiresAt: inDays(30) });
    expect(await http("audit.events.list", { key, org: other.slug, input: {} })).toMatchObject({ status: 404, code: "NOT_FOUND" });
    expect((await http("audit.events.list", { key, org: "no-such-org", input: {} })).status).toBe(404);
  });

  it("answers UNAUTHORIZED for a revoked, expired, unknown or malformed key, and when the creator lost access", async () => {
    const c = await as(owner, org);
    const revoked = await c.admin.apiKeys.create({ name: "Soon revoked", scopes: ["audit.event.read"], expiresAt: inDays(30) });
    expect((await http("audit.events.list", { key: revoked.key, input: {} })).status).toBe(200);
    await c.admin.apiKeys.revoke({ id: revoked.id });
    expect(await http("audit.events.list", { key: revoked.key, input: {} })).toMatchObject({ status: 401, message: "This API key has been revoked." });
    expect(await codeOf(c.admin.apiKeys.revoke({ id: revoked.id }))).toBe("PRECONDITION_FAILED");
    expect((await c.admin.apiKeys.list()).find((k) => k.id === revoked.id)!.status).toBe("revoked");

    const expiring = await c.admin.apiKeys.create({ name: "Expiring", scopes: ["audit.event.read"], expiresAt: inDays(1) });
    await systemDb().apiKey.updateMany({ where: { organizationId: org.id, id: expiring.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await http("audit.events.list", { key: expiring.key, input: {} });
    expect(expired.status).toBe(401);
    expect(expired.message).toMatch(/expired/);
    expect((await c.admin.apiKeys.list()).find((k) => k.id === expiring.id)!.status).toBe("expired");

    const wrongSecret = `${revoked.key.slice(0, 17)}${"A".repeat(43)}`;
    expect(await http("audit.events.list", { key: wrongSecret, input: {} })).toMatchObject({ status: 401, message: "This API key is not valid." });
    expect((await http("audit.events.list", { key: "tsk_nope", input: {} })).status).toBe(401);

    // The creator's membership is suspended: their keys stop working.
    const admin = await makeUser(org, { roles: ["admin"] });
    const adminKey = await (await as(admin, org)).admin.apiKeys.create({ name: "Admin's", scopes: ["audit.event.read"], expiresAt: inDays(30) });
    expect((await http("audit.events.list", { key: adminKey.key, input: {} })).status).toBe(200);
    await systemDb().membership.updateMany({ where: { organizationId: org.id, userId: admin.id }, data: { status: "suspended" } });
    const orphan = await http("audit.events.list", { key: adminKey.key, input: {} });
    expect(orphan.status).toBe(401);
    expect(orphan.message).toMatch(/no longer has access/);
  });

  it("limits scopes to the creator's permissions, needs an expiry in the future (no expiry: owners only)", async () => {
    const org2 = await makeOrg({ features: ["api_keys"] });
    const owner2 = await makeUser(org2, { roles: ["owner"] });
    const o = await as(owner2, org2);
    await o.admin.roles.create({ name: "Key maker", permissions: ["auth.api_key.manage", "audit.event.read"], recordScope: "all" });
    const maker = await makeUser(org2, { roles: ["key_maker"] });
    const m = await as(maker, org2);
    expect(await codeOf(m.admin.apiKeys.create({ name: "Too much", scopes: ["audit.event.export"], expiresAt: inDays(30) }))).toBe("FORBIDDEN");
    expect(await codeOf(m.admin.apiKeys.create({ name: "Forever", scopes: ["audit.event.read"], expiresAt: null }))).toBe("FORBIDDEN");
    expect(await codeOf(m.admin.apiKeys.create({ name: "Past", scopes: ["audit.event.read"], expiresAt: new Date(Date.now() - 1000) }))).toBe("BAD_REQUEST");
    expect(await codeOf(m.admin.apiKeys.create({ name: "Unknown", scopes: ["nope.thing.read"], expiresAt: inDays(30) }))).toBe("BAD_REQUEST");
    expect(await codeOf(m.admin.apiKeys.create({ name: "Empty", scopes: [], expiresAt: inDays(30) }))).toBe("BAD_REQUEST");
    expect(await codeOf(m.admin.apiKeys.create({ name: "Fine", scopes: ["audit.event.read"], expiresAt: inDays(365) }))).toBe("OK");
    expect(await codeOf(o.admin.apiKeys.create({ name: "Owner forever", scopes: ["audit.event.read"], expiresAt: null }))).toBe("OK");
    // Without auth.api_key.manage nothing here answers.
    const viewer = await makeUser(org2, { roles: ["viewer"] });
    expect(await codeOf((await as(viewer, org2)).admin.apiKeys.list())).toBe("FORBIDDEN");
    // Another organization's key is unknown.
    const foreign = (await o.admin.apiKeys.list())[0]!.id;
    expect(await codeOf((await as(owner, org)).admin.apiKeys.revoke({ id: foreign }))).toBe("NOT_FOUND");
  });

  it("a key never has more than its creator holds today", async () => {
    const org3 = await makeOrg({ features: ["api_keys"] });
    const owner3 = await makeUser(org3, { roles: ["owner"] });
    const admin = await makeUser(org3, { roles: ["admin"] });
    const { key } = await (await as(admin, org3)).admin.apiKeys.create({ name: "Admin audit", scopes: ["audit.event.read"], expiresAt: inDays(30) });
    expect((await http("audit.events.list", { key, input: {} })).status).toBe(200);
    // The admin becomes a viewer: still a member, but without audit.event.read — the key loses it too.
    const viewerRole = await systemDb().role.findFirstOrThrow({ where: { organizationId: org3.id, key: "viewer" }, select: { id: true } });
    const m = await systemDb().membership.findFirstOrThrow({ where: { organizationId: org3.id, userId: admin.id }, select: { id: true } });
    await systemDb().membershipRole.deleteMany({ where: { organizationId: org3.id, membershipId: m.id } });
    await systemDb().membershipRole.create({ data: { organizationId: org3.id, membershipId: m.id, roleId: viewerRole.id } });
    expect((await http("audit.events.list", { key, input: {} })).status).toBe(403);
    void owner3;
  });
});
