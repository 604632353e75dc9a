// The procedure chain answers NOT_FOUND for every scoped procedure called with a scope the user may not reach.
import { beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "@/server/trpc/root";
import { codeOf } from "../helpers/trpc";
import { callerFor, demoUserId, makeOrg, makeUser } from "../helpers/factory";

type AnyCaller = Record<string, unknown>;

/** Every procedure path of the app router, e.g. "platform.workspaces.list". */
const procedurePaths = Object.keys(appRouter._def.procedures);

async function call(caller: AnyCaller, path: string): Promise<unknown> {
  const fn = path.split(".").reduce<unknown>((node, key) => (node as AnyCaller)[key], caller);
  return (fn as (input?: unknown) => Promise<unknown>)(undefined);
}

/**
 * Procedures that never read the organization claim, so a foreign claim cannot be refused as NOT_FOUND. Each one's
 * own access rules are tested in its own file. Keep this list minimal.
 */
const UNSCOPED = new Set([
  // Public account paths (tests/auth/signup.test.ts, tests/auth/password-reset.test.ts).
  "account.signUp",
  "account.verifyEmail",
  "account.resendVerification",
  "account.requestPasswordReset",
  "account.resetPassword",
  // A verified user creating an organization (tests/platform/onboarding.test.ts).
  "platform.onboarding.suggestSlug",
  "platform.onboarding.complete",
  // The invited person is not a member yet: the link's token is the authority (tests/admin/invitations.test.ts).
  "invitations.get",
  "invitations.accept",
  "invitations.acceptNew",
  // The platform console: authorized by the operator flag, FORBIDDEN for everyone else (tests/platform/console.test.ts).
  "platform.organizations.list",
  "platform.organizations.detail",
  "platform.organizations.suspend",
  "platform.organizations.reactivate",
  "platform.plans.list",
  "platform.plans.create",
  "platform.plans.update",
  "platform.plans.setFeatures",
  "platform.features.list",
  "platform.audit.list",
  "platform.subscriptions.changePlan",
  "platform.subscriptions.transition",
  "platform.overrides.set",
  "platform.overrides.remove",
  // The signed-in user's own profile and sessions (tests/auth/profile.test.ts). Calling them here would also act on
  // the demo user (sign out everywhere, revoke sessions).
  "profile.get",
  "profile.update",
  "profile.changePassword",
  "profile.sessions.list",
  "profile.sessions.revoke",
  "profile.sessions.signOutOthers",
  "profile.signOutEverywhere",
]);
/** Of those, the ones that work without a session (the rest answer UNAUTHORIZED like every other procedure). */
const PUBLIC = new Set([
  "account.signUp",
  "account.verifyEmail",
  "account.resendVerification",
  "account.requestPasswordReset",
  "account.resetPassword",
  "invitations.get",
  "invitations.acceptNew",
]);

let acmeOwner: string;
let clerk: string;

beforeAll(async () => {
  [acmeOwner, clerk] = await Promise.all([demoUserId("owner@acme.test"), demoUserId("clerk@acme.test")]);
  expect(procedurePaths).toEqual(expect.arrayContaining(["platform.me", "platform.workspaces.list", "platform.organizations.get"]));
});

describe("scope claims that are not the user's", () => {
  const foreignClaims: [string, { org: string; ws?: string }][] = [
    ["another organization", { org: "globex" }],
    ["another organization's workspace", { org: "globex", ws: "main" }],
    ["a non-existent organization", { org: "no-such-org" }],
    ["a malformed organization slug", { org: "../globex" }],
    ["a non-existent workspace", { org: "acme", ws: "nowhere" }],
  ];
  for (const [label, claim] of foreignClaims) {
    it(`answers NOT_FOUND for ${label} from every procedure that reads the claim`, async () => {
      const caller = (await callerFor(acmeOwner, claim)) as unknown as AnyCaller;
      for (const path of procedurePaths) {
        if (UNSCOPED.has(path)) continue;
        // A workspace claim is only read by procedures that are workspace-scoped or resolve the full claim; an
        // organization-level procedure gets past the scope and then answers for its (here missing) input.
        const code = await codeOf(call(caller, path));
        if (claim.ws && path !== "platform.me" && (code === "OK" || code === "BAD_REQUEST")) continue;
        expect(code, `${path} with ${JSON.stringify(claim)}`).toBe("NOT_FOUND");
      }
    });
  }

  it("keeps the clerk out of workspace east but lets them into hq", async () => {
    const east = (await callerFor(clerk, { org: "acme", ws: "east" })) as Awaited<ReturnType<typeof callerFor>>;
    expect(await codeOf(east.platform.me())).toBe("NOT_FOUND");
    const hq = await callerFor(clerk, { org: "acme", ws: "hq" });
    const me = await hq.platform.me();
    expect(me.scope?.workspace?.slug).toBe("hq");
    const list = await (await callerFor(clerk, { org: "acme" })).platform.workspaces.list();
    expect(list.map((w) => w.slug)).toEqual(["hq"]);
  });

  it("lists both workspaces for the manager and only their organizations in memberships", async () => {
    const manager = await demoUserId("manager@acme.test");
    const list = await (await callerFor(manager, { org: "acme" })).platform.workspaces.list();
    expect(list.map((w) => w.slug).sort()).toEqual(["east", "hq"]);
    const me = await (await callerFor(manager)).platform.me();
    expect(me.memberships.map((m) => m.organization.slug)).toEqual(["acme"]);
  });

  it("rejects every procedure without a session", async () => {
    const caller = (await callerFor(null, { org: "acme", ws: "hq" })) as unknown as AnyCaller;
    for (const path of procedurePaths) {
      // The public account procedures need no session by design (they answer for their missing input here).
      if (PUBLIC.has(path)) continue;
      expect(await codeOf(call(caller, path)), path).toBe("UNAUTHORIZED");
    }
  });
});

describe("permissions", () => {
  it("answers FORBIDDEN when the role lacks the permission, and the UI gets the permission list", async () => {
    const org = await makeOrg();
    // A membership with no role has no permissions at all.
    const noPerms = await makeUser(org, { roles: [] });
    const caller = await callerFor(noPerms.id, { org: org.slug });
    expect(await codeOf(caller.platform.organizations.get())).toBe("FORBIDDEN");
    expect((await caller.platform.me()).permissions).toEqual([]);
    const owner = await makeUser(org, { roles: ["owner"] });
    const ownerCaller = await callerFor(owner.id, { org: org.slug });
    expect((await ownerCaller.platform.organizations.get()).slug).toBe(org.slug);
    expect((await ownerCaller.platform.me()).permissions).toContain("platform.organization.update");
  });
});
