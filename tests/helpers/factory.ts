// Test data through the same services the app uses: every test makes its own organizations and users.
import { randomBytes, randomUUID } from "node:crypto";
import { systemDb } from "@/server/db/client";
import { createContext } from "@/server/trpc/context";
import { createCaller } from "@/server/trpc/root";
import { startSession } from "@/server/modules/auth/sessions.service";
import { addMember, createUser } from "@/server/modules/auth/users.service";
import type { FeatureKey } from "@/server/modules/platform/features";
import { createOrganization } from "@/server/modules/platform/organizations.service";

export const uniq = () => randomBytes(4).toString("hex");

/**
 * A new organization: a trial on the default plan (createOrganization) — or on `plan` (a demo plan key: "free",
 * "team", "business") —, plus operator overrides switching on `features` for tests of gated work that is not about
 * the gate.
 */
export async function makeOrg(opts: { workspaces?: string[]; country?: string; features?: FeatureKey[]; plan?: string } = {}) {
  const slug = `t-${uniq()}`;
  const wsSlugs = opts.workspaces ?? ["main", "second"];
  const created = await createOrganization(systemDb(), {
    name: `Test ${slug}`,
    slug,
    country: opts.country ?? "US",
    baseCurrency: "USD",
    timeZone: "UTC",
    locale: "en-US",
    workspaces: wsSlugs.map((s, i) => ({ name: `Workspace ${s}`, slug: s, type: i === 0 ? "main" : "branch" })),
  });
  if (opts.plan) {
    const plan = await systemDb().plan.findUniqueOrThrow({ where: { key: opts.plan }, select: { id: true } });
    await systemDb().subscription.update({ where: { organizationId: created.organization.id }, data: { planId: plan.id } });
  }
  if (opts.features?.length)
    await systemDb().featureOverride.createMany({
      data: opts.features.map((featureKey) => ({ organizationId: created.organization.id, featureKey, enabled: true, reason: "test fixture" })),
    });
  return { id: created.organization.id, slug, workspaces: Object.fromEntries(created.workspaces.map((w) => [w.slug, w.id])) };
}

export async function makeUser(
  org: { id: string; workspaces: Record<string, string> } | null,
  opts: { roles?: string[]; workspaces?: string[] | "all"; password?: string } = {},
) {
  const password = opts.password ?? "correct horse battery";
  return systemDb().$transaction(async (tx) => {
    const user = await createUser(tx, { email: `u-${uniq()}@example.test`, name: "Test User", password });
    if (org) {
      const ws = opts.workspaces ?? "all";
      await addMember(tx, {
        organizationId: org.id,
        userId: user.id,
        roleKeys: opts.roles ?? ["owner"],
        allWorkspaces: ws === "all",
        workspaceIds: ws === "all" ? [] : ws.map((s) => org.workspaces[s]!),
      });
    }
    return { ...user, password };
  });
}

/** Opens a session for the user as sign-in does (auth.sessions row); returns its id, the JWT's `sid`. */
export function makeSession(userId: string, opts: { userAgent?: string; ip?: string } = {}): Promise<string> {
  return startSession(systemDb(), { userId, userAgent: opts.userAgent ?? "vitest", ip: opts.ip ?? "127.0.0.1" });
}

/** The session claim a signed-in request carries (a fresh session unless one is given). */
export async function sessionClaim(userId: string, sessionVersion = 1, sessionId?: string) {
  return { userId, sessionVersion, sessionId: sessionId ?? (await makeSession(userId)) };
}

/**
 * A tRPC caller as `userId` with the given scope claim — the same procedure chain the HTTP route runs. Each caller
 * signs in anew (its own session) unless `sessionId` is given.
 */
export async function callerFor(userId: string | null, claim: { org?: string; ws?: string } = {}, sessionVersion = 1, sessionId?: string) {
  const headers = new Headers();
  if (claim.org) headers.set("x-tessera-org", claim.org);
  if (claim.ws) headers.set("x-tessera-workspace", claim.ws);
  const ctx = await createContext({ headers });
  return createCaller({ ...ctx, requestId: randomUUID(), session: userId ? await sessionClaim(userId, sessionVersion, sessionId) : null });
}

export async function demoUserId(email: string): Promise<string> {
  const u = await systemDb().user.findUniqueOrThrow({ where: { email }, select: { id: true } });
  return u.id;
}
