// The fixed cost of a scoped call, counted in statements the application sends to PostgreSQL (every round trip on
// the pooled pg connections, BEGIN and COMMIT included). The session check, membership, suspension, session
// timeout, workspaces, roles, permissions, record scope and the RLS settings are resolved in ONE statement
// (platform.resolve_request_scope, kernel README "Resolving a request's scope"); a regression to one query per
// check fails here. Counts, not timings.
import { beforeAll, describe, expect, it } from "vitest";
import { withSettings } from "@/server/db/scope";
import { httpContext, withHttpScope } from "@/server/http/scoped";
import { resolveOrgScope } from "@/server/kernel/access";
import { callerFor, makeOrg, makeUser, sessionClaim } from "../helpers/factory";
import { recordStatements } from "../helpers/statements";

const recorded = recordStatements();

async function statementsOf(run: () => Promise<unknown>): Promise<string[]> {
  await run(); // warm: prepared plans, pool connections, the permission catalog
  const out = await recorded(run);
  if (process.env.SCOPE_STATEMENTS_LOG) console.log(out.map((s, i) => `${i + 1}. ${s.replace(/\s+/g, " ").slice(0, 160)}`).join("\n"));
  return out;
}

describe("statements per scoped call", () => {
  let org: Awaited<ReturnType<typeof makeOrg>>;
  let userId: string;
  beforeAll(async () => {
    org = await makeOrg();
    userId = (await makeUser(org)).id;
  });

  it("an organization procedure: BEGIN, one scope statement, its own query, COMMIT", async () => {
    const caller = await callerFor(userId, { org: org.slug });
    const statements = await statementsOf(() => caller.platform.organizations.get());
    expect(statements.filter((s) => /resolve_request_scope/.test(s))).toHaveLength(1);
    expect(statements.filter((s) => /set_config/.test(s) && !/resolve_request_scope/.test(s))).toHaveLength(0);
    expect(statements.length).toBeLessThanOrEqual(4);
  });

  it("a workspace procedure resolves its workspace in the same statement", async () => {
    const caller = await callerFor(userId, { org: org.slug, ws: "main" });
    const statements = await statementsOf(() => caller.settings.values.list());
    expect(statements.filter((s) => /resolve_request_scope/.test(s))).toHaveLength(1);
    expect(statements.length).toBeLessThanOrEqual(4);
  });

  it("a signed-in user's own procedure: BEGIN, the session check, its own query, COMMIT", async () => {
    const caller = await callerFor(userId);
    const statements = await statementsOf(() => caller.profile.get());
    expect(statements.filter((s) => /resolve_request_scope/.test(s))).toHaveLength(1);
    expect(statements.length).toBeLessThanOrEqual(4);
  });

  it("resolveOrgScope outside the tRPC chain (server components, file routes) is one statement too", async () => {
    const run = () => withSettings({ userId, requestId: "t" }, (tx) => resolveOrgScope(tx, { userId, requestId: "t" }, org.slug));
    const statements = await statementsOf(run);
    expect(statements.filter((s) => /resolve_request_scope/.test(s))).toHaveLength(1);
    expect(statements.length).toBe(4); // BEGIN, withSettings' set_config, resolve_request_scope, COMMIT
    const scope = await run();
    expect(scope.orgId).toBe(org.id);
    expect(scope.workspaceIds.sort()).toEqual(Object.values(org.workspaces).sort());
    expect(scope.recordScope).toBe("all");
    expect(scope.permissions.has("platform.organization.read")).toBe(true);
  });

  it("a file route (withHttpScope) checks session, membership and workspace in one statement", async () => {
    const { encode } = await import("next-auth/jwt");
    const claim = await sessionClaim(userId);
    const token = await encode({ token: { uid: claim.userId, sv: claim.sessionVersion, sid: claim.sessionId }, secret: process.env.NEXTAUTH_SECRET! });
    const cookie = `next-auth.session-token=${token}`;
    const run = () =>
      withHttpScope(httpContext(new Request("http://test.local/api/files", { headers: { cookie } }), "GET /api/files"), { org: org.slug, ws: "main" }, async (_tx, scope) => scope);
    const statements = await statementsOf(run);
    expect(statements).toHaveLength(3); // BEGIN, resolve_request_scope, COMMIT
    expect(statements.filter((s) => /resolve_request_scope/.test(s))).toHaveLength(1);
    const scope = await run();
    expect((scope as { workspaceId?: string }).workspaceId).toBe(org.workspaces.main);
  });
});
