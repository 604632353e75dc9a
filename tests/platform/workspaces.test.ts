// Workspaces management: create (slug suggested and unique, the creator sees it), rename / change type (the slug
// stays), archive / restore through the state machine (never the last active one; audited), archived workspaces
// hidden from the switcher and read-only, foreign ids NOT_FOUND, and the permission.
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { systemDb } from "@/server/db/client";
import { slugify } from "@/lib/slug";
import { httpContext, withHttpScope } from "@/server/http/scoped";
import { createCallerFactory, router, workspaceProcedure } from "@/server/trpc/procedures";
import { createContext } from "@/server/trpc/context";
import { withConnection } from "../helpers/db";
import { callerFor, makeOrg, makeUser, sessionClaim } from "../helpers/factory";
import { codeOf } from "../helpers/trpc";


async function errorOf(p: Promise<unknown>): Promise<{ code: string; message: string; fieldErrors?: Record<string, string[]> }> {
  try {
    await p;
    return { code: "OK", message: "" };
  } catch (e) {
    if (!(e instanceof TRPCError)) throw e;
    const cause = e.cause as { fieldErrors?: Record<string, string[]> } | undefined;
    return { code: e.code, message: e.message, fieldErrors: cause?.fieldErrors };
  }
}

async function setup() {
  const org = await makeOrg({ workspaces: ["main", "second"], plan: "business" });
  const owner = await makeUser(org, { roles: ["owner"] });
  const c = await callerFor(owner.id, { org: org.slug });
  return { org, owner, c };
}

describe("slug suggestion", () => {
  it("makes URL-safe slugs from names, Cyrillic included", () => {
    expect(slugify("Almaty — West branch")).toBe("almaty-west-branch");
    expect(slugify("Склад №2")).toBe("sklad-2");
    expect(slugify("  Café  Zürich ")).toBe("cafe-zurich");
    expect(slugify("!!!")).toBe("");
    expect(slugify("x".repeat(100))).toHaveLength(63);
  });
});

describe("platform.workspaces.create", () => {
  it("creates a workspace with a slug suggested from the name, unique in the organization", async () => {
    const { c } = await setup();
    const west = await c.platform.workspaces.create({ name: "West Branch", type: "branch" });
    expect(west).toMatchObject({ name: "West Branch", slug: "west-branch", type: "branch", status: "active" });
    const again = await c.platform.workspaces.create({ name: "West branch", type: "branch" });
    expect(again.slug).toBe("west-branch-2");
    // A name with nothing usable still gets an address.
    expect((await c.platform.workspaces.create({ name: "№№", type: "project" })).slug).toBe("workspace");
    // The creation is in the audit trail (captured row insert, with the actor).
    const created = await withConnection("system", async (db) =>
      (await db.query("select action, actor_id from audit.events where table_name = 'platform.workspaces' and record_id = $1", [west.id])).rows,
    );
    expect(created).toEqual([{ action: "insert", actor_id: expect.any(String) }]);
  });

  it("answers field errors for a bad or taken slug and a missing name", async () => {
    const { c } = await setup();
    const taken = await errorOf(c.platform.workspaces.create({ name: "Another", slug: "second", type: "branch" }));
    expect(taken.code).toBe("CONFLICT");
    expect(taken.fieldErrors?.slug?.[0]).toMatch(/already used/);
    expect(await codeOf(c.platform.workspaces.create({ name: "Bad", slug: "Not A Slug!", type: "branch" }))).toBe("BAD_REQUEST");
    expect(await codeOf(c.platform.workspaces.create({ name: "  ", type: "branch" }))).toBe("BAD_REQUEST");
    expect(await codeOf(c.platform.workspaces.create({ name: "T", type: "warehouse" as "branch" }))).toBe("BAD_REQUEST");
    // An explicit slug is kept (lower-cased).
    expect((await c.platform.workspaces.create({ name: "East", slug: "EAST-1", type: "division" })).slug).toBe("east-1");
  });

  it("shows the new workspace to its creator: automatically for all-workspace members, added for listed ones", async () => {
    const org = await makeOrg({ workspaces: ["main", "second"], plan: "business" });
    const admin = await makeUser(org, { roles: ["admin"], workspaces: ["main"] });
    const allMember = await makeUser(org, { roles: ["viewer"] });
    const listed = await makeUser(org, { roles: ["viewer"], workspaces: ["main"] });
    const c = await callerFor(admin.id, { org: org.slug });
    const north = await c.platform.workspaces.create({ name: "North", type: "branch" });
    const slugsOf = async (userId: string) => (await (await callerFor(userId, { org: org.slug })).platform.workspaces.list()).map((w) => w.slug);
    expect(await slugsOf(admin.id)).toEqual(["main", "north"]);
    expect(await slugsOf(allMember.id)).toEqual(["main", "second", "north"]);
    expect(await slugsOf(listed.id)).toEqual(["main"]);
    const counts = Object.fromEntries((await c.platform.workspaces.manageList({})).rows.map((w) => [w.slug, w.members]));
    expect(counts).toEqual({ main: 3, second: 1, north: 2 });
    expect(north.status).toBe("active");
  });

  it("needs platform.workspace.manage (viewers may only list)", async () => {
    const { org } = await setup();
    const viewer = await makeUser(org, { roles: ["viewer"] });
    const v = await callerFor(viewer.id, { org: org.slug });
    expect(await codeOf(v.platform.workspaces.create({ name: "Nope", type: "branch" }))).toBe("FORBIDDEN");
    expect((await v.platform.workspaces.manageList({})).total).toBe(2);
    const ws = (await v.platform.workspaces.manageList({})).rows[1]!;
    expect(await codeOf(v.platform.workspaces.update({ id: ws.id, name: "X", type: "branch" }))).toBe("FORBIDDEN");
    expect(await codeOf(v.platform.workspaces.archive({ id: ws.id }))).toBe("FORBIDDEN");
    expect(await codeOf(v.platform.workspaces.restore({ id: ws.id }))).toBe("FORBIDDEN");
  });

  it("lists for a custom role that may manage workspaces without the read permission", async () => {
    const { org } = await setup();
    const role = await systemDb().role.create({ data: { organizationId: org.id, key: "ws_manager", name: "Workspace manager" } });
    await systemDb().rolePermission.create({ data: { organizationId: org.id, roleId: role.id, permission: "platform.workspace.manage" } });
    const u = await makeUser(org, { roles: ["ws_manager"] });
    const c = await callerFor(u.id, { org: org.slug });
    expect((await c.platform.workspaces.manageList({})).total).toBe(2);
    expect((await c.platform.workspaces.create({ name: "Managed", type: "project" })).slug).toBe("managed");
  });
});

describe("platform.workspaces.update", () => {
  it("renames and changes the type; the slug stays", async () => {
    const { org, c } = await setup();
    const updated = await c.platform.workspaces.update({ id: org.workspaces.second!, name: "Second (renamed)", type: "project" });
    expect(updated).toMatchObject({ slug: "second", name: "Second (renamed)", type: "project" });
    // An unknown key such as slug is not part of the input: it is ignored, never applied.
    await c.platform.workspaces.update({ id: org.workspaces.second!, name: "S", type: "branch", slug: "moved" } as never);
    expect((await systemDb().workspace.findFirstOrThrow({ where: { organizationId: org.id, id: org.workspaces.second! } })).slug).toBe("second");
  });

  it("answers NOT_FOUND for another organization's workspace, and changes nothing there", async () => {
    const { c } = await setup();
    const other = await makeOrg();
    const calls = [
      () => c.platform.workspaces.update({ id: other.workspaces.second!, name: "Hijacked", type: "branch" }),
      () => c.platform.workspaces.archive({ id: other.workspaces.second! }),
      () => c.platform.workspaces.restore({ id: other.workspaces.second! }),
    ];
    // One at a time, each rejection awaited where it happens.
    for (const call of calls) expect(await codeOf(call())).toBe("NOT_FOUND");
    const ws = await systemDb().workspace.findFirstOrThrow({ where: { organizationId: other.id, id: other.workspaces.second! } });
    expect(ws).toMatchObject({ name: "Workspace second", status: "active" });
    expect(await codeOf(c.platform.workspaces.update({ id: "not-a-uuid", name: "X", type: "branch" }))).toBe("BAD_REQUEST");
  });
});

describe("archive and restore", () => {
  it("archives through the state machine (status history + audit), hides it from the switcher, and restores it", async () => {
    const { org, owner, c } = await setup();
    const second = org.workspaces.second!;
    const archived = await c.platform.workspaces.archive({ id: second });
    expect(archived.status).toBe("archived");
    expect((await c.platform.workspaces.list()).map((w) => w.slug)).toEqual(["main"]);
    expect((await c.platform.workspaces.manageList({})).rows.map((w) => [w.slug, w.status])).toEqual([["main", "active"], ["second", "archived"]]);
    const onlyArchived = await c.platform.workspaces.manageList({ filters: { status: { type: "enum", values: ["archived"] } }, q: "sec" });
    expect(onlyArchived).toMatchObject({ total: 1, rows: [{ slug: "second" }] });
    expect(await codeOf(c.platform.workspaces.manageList({ filters: { status: { type: "enum", values: ["gone"] } } }))).toBe("BAD_REQUEST");
    // Archiving twice is refused by the machine.
    expect(await codeOf(c.platform.workspaces.archive({ id: second }))).toBe("PRECONDITION_FAILED");

    const history = await systemDb().statusHistory.findMany({ where: { organizationId: org.id, entityType: "platform.workspaces", entityId: second } });
    expect(history.map((h) => [h.transition, h.fromStatus, h.toStatus, h.actorId])).toEqual([["archive", "active", "archived", owner.id]]);

    await c.platform.workspaces.restore({ id: second });
    expect((await c.platform.workspaces.list()).map((w) => w.slug)).toEqual(["main", "second"]);
    expect(await codeOf(c.platform.workspaces.restore({ id: second }))).toBe("PRECONDITION_FAILED");

    const events = await withConnection("system", async (db) =>
      (await db.query(
        "select action, actor_id, data->>'transition' as transition from audit.events where organization_id = $1 and kind = 'business' and record_id = $2 order by created_at, id",
        [org.id, second],
      )).rows,
    );
    expect(events).toEqual([
      { action: "status_change", actor_id: owner.id, transition: "archive" },
      { action: "status_change", actor_id: owner.id, transition: "restore" },
    ]);
    // The creation and the status writes are captured as row changes too.
    const changes = await withConnection("system", async (db) =>
      Number((await db.query("select count(*) from audit.events where organization_id = $1 and table_name = 'platform.workspaces' and record_id = $2 and action = 'update'", [org.id, second])).rows[0].count),
    );
    expect(changes).toBe(2);
  });

  it("never archives the organization's last active workspace", async () => {
    const { org, c } = await setup();
    await c.platform.workspaces.archive({ id: org.workspaces.second! });
    const last = await errorOf(c.platform.workspaces.archive({ id: org.workspaces.main! }));
    expect(last.code).toBe("PRECONDITION_FAILED");
    expect(last.message).toMatch(/last active workspace/);
    expect((await c.platform.workspaces.list()).map((w) => w.slug)).toEqual(["main"]);
  });

  it("drops an archived workspace from platform.me's switcher data and from the landing, keeps it reachable by URL", async () => {
    const { org, owner, c } = await setup();
    await (await callerFor(owner.id, { org: org.slug, ws: "second" })).platform.me();
    await c.platform.workspaces.archive({ id: org.workspaces.second! });
    const me = await (await callerFor(owner.id, { org: org.slug, ws: "second" })).platform.me();
    expect(me.scope?.workspace).toMatchObject({ slug: "second", status: "archived" });
    const { landingPath, recordVisit } = await import("@/server/modules/platform/landing.service");
    const { withSettings } = await import("@/server/db/scope");
    const user = { userId: owner.id, requestId: "t" };
    await withSettings(user, (tx) => recordVisit(tx, user, org.slug, "second"));
    expect(await withSettings(user, (tx) => landingPath(tx, user))).toBe(`/${org.slug}/main`);
  });

  it("makes an archived workspace read-only: queries work, mutations answer FORBIDDEN, until it is restored", async () => {
    const { org, owner, c } = await setup();
    const probe = router({
      write: workspaceProcedure.mutation(async ({ ctx }) => {
        await ctx.tx.workspace.update({ where: { organizationId_id: { organizationId: ctx.scope.orgId, id: ctx.scope.workspaceId } }, data: { updatedBy: ctx.scope.userId } });
        return "written";
      }),
      read: workspaceProcedure.query(({ ctx }) => ctx.scope.workspaceSlug),
    });
    const probeIn = async (ws: string) => {
      const ctx = await createContext({ headers: new Headers({ "x-tessera-org": org.slug, "x-tessera-workspace": ws }) });
      return createCallerFactory(probe)({ ...ctx, session: await sessionClaim(owner.id) });
    };
    expect(await (await probeIn("second")).write()).toBe("written");

    await c.platform.workspaces.archive({ id: org.workspaces.second! });
    const archived = await probeIn("second");
    const refused = await errorOf(archived.write());
    expect(refused).toMatchObject({ code: "FORBIDDEN", message: 'Workspace "Workspace second" is archived and read-only.' });
    expect(await archived.read()).toBe("second");
    expect(await codeOf((await callerFor(owner.id, { org: org.slug, ws: "second" })).platform.search({ q: "anything" }))).toBe("OK");
    // The file routes follow the same rule: a write (POST) is refused, a read (GET) is not.
    const http = async (method: string) => {
      const cookie = await sessionCookie(owner.id);
      const ctx = httpContext(new Request("http://test.local/api/files", { method, headers: { cookie } }), `${method} /api/files`);
      return withHttpScope(ctx, { org: org.slug, ws: "second" }, async () => "ok").then(() => "OK", (e: { code?: string }) => e.code ?? "ERR");
    };
    expect(await http("POST")).toBe("FORBIDDEN");
    expect(await http("GET")).toBe("OK");
    // Other workspaces stay writable.
    expect(await (await probeIn("main")).write()).toBe("written");

    await c.platform.workspaces.restore({ id: org.workspaces.second! });
    expect(await (await probeIn("second")).write()).toBe("written");
  });

  it("keeps an archived workspace out of reach for members who could not see it", async () => {
    const { org, c } = await setup();
    const listed = await makeUser(org, { roles: ["viewer"], workspaces: ["main"] });
    await c.platform.workspaces.archive({ id: org.workspaces.second! });
    expect(await codeOf((await callerFor(listed.id, { org: org.slug, ws: "second" })).platform.me())).toBe("NOT_FOUND");
    const stranger = await makeUser(await makeOrg());
    expect(await codeOf((await callerFor(stranger.id, { org: org.slug, ws: "second" })).platform.me())).toBe("NOT_FOUND");
  });
});

async function sessionCookie(userId: string): Promise<string> {
  const { encode } = await import("next-auth/jwt");
  const claim = await sessionClaim(userId);
  const token = await encode({ token: { uid: claim.userId, sv: claim.sessionVersion, sid: claim.sessionId }, secret: process.env.NEXTAUTH_SECRET! });
  return `next-auth.session-token=${token}`;
}
