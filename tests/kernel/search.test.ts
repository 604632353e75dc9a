import { describe, expect, it } from "vitest";

import { likePattern, registerSearchProvider } from "@/server/kernel/search";

import { callerFor, makeOrg, makeUser } from "../helpers/factory";

// Test-only providers, registered next to the real ones (the platform router imports the registry).
registerSearchProvider({
  id: "test-forbidden",
  label: "Needs audit verify",
  permission: "audit.chain.verify",
  search: async (_tx, scope, q) => [{ id: "x", title: `secret ${q}`, href: `/${scope.orgSlug}` }],
});
registerSearchProvider({
  id: "test-failing",
  label: "Always fails",
  search: async () => {
    throw new Error("boom");
  },
});
registerSearchProvider({
  id: "test-slow",
  label: "Too slow",
  search: () => new Promise((resolve) => setTimeout(() => resolve([{ id: "late", title: "late", href: "/" }]), 3000)),
});

describe("platform.search", () => {
  it("finds the organization's workspaces the member may open, never another tenant's", async () => {
    const [a, b] = await Promise.all([makeOrg({ workspaces: ["north", "south"] }), makeOrg({ workspaces: ["north"] })]);
    const user = await makeUser(a, { roles: ["viewer"], workspaces: ["north"] });
    const caller = await callerFor(user.id, { org: a.slug, ws: "north" });

    const result = await caller.platform.search({ q: "workspace" });
    const workspaces = result.groups.find((g) => g.id === "workspaces");
    expect(workspaces?.hits).toEqual([
      { id: a.workspaces.north, title: "Workspace north", subtitle: "north", href: `/${a.slug}/north` },
    ]);
    // Org b has a "north" workspace too: its id never shows up.
    expect(JSON.stringify(result)).not.toContain(b.workspaces.north!);
  });

  it("skips providers the member lacks the permission for; a failing or slow provider does not sink the rest", async () => {
    const org = await makeOrg();
    const viewer = await makeUser(org, { roles: ["viewer"] });
    const result = await (await callerFor(viewer.id, { org: org.slug, ws: "main" })).platform.search({ q: "main" });

    expect(result.groups.map((g) => g.id)).toEqual(["workspaces"]);
    expect(result.incomplete.sort()).toEqual(["test-failing", "test-slow"]);

    const owner = await makeUser(org, { roles: ["owner"] });
    const asOwner = await (await callerFor(owner.id, { org: org.slug, ws: "main" })).platform.search({ q: "main" });
    expect(asOwner.groups.map((g) => g.id)).toContain("test-forbidden");
  });

  it("answers NOT_FOUND for an organization the user is not a member of", async () => {
    const [a, b] = await Promise.all([makeOrg(), makeOrg()]);
    const user = await makeUser(a);
    const caller = await callerFor(user.id, { org: b.slug, ws: "main" });
    await expect(caller.platform.search({ q: "main" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("rejects an empty query", async () => {
    const org = await makeOrg();
    const user = await makeUser(org);
    const caller = await callerFor(user.id, { org: org.slug, ws: "main" });
    await expect(caller.platform.search({ q: "   " })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("escapes LIKE wildcards for raw-SQL providers", () => {
    expect(likePattern("50%_a\\b")).toBe("%50\\%\\_a\\\\b%");
  });
});
