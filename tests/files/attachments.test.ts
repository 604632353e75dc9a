// Attachments end to end through the real route handlers (POST /api/files, GET /api/files/[id]) and the tRPC
// procedures, on the test PostgreSQL and a local storage directory: round trip, tenant isolation, permissions, limits.
import { mkdtempSync, readdirSync, rmSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/files/route";
import { GET } from "@/app/api/files/[id]/route";
import { systemDb } from "@/server/db/client";
import { withSettings } from "@/server/db/scope";
import { resolveOrgScope } from "@/server/kernel/access";
import { LocalStorage, setStorage } from "@/server/kernel/files";
import { uploadAttachment } from "@/server/modules/settings/attachments.service";
import { purgeDeletedAttachments } from "@/server/modules/settings/attachments.purge";
import { codeOf } from "../helpers/trpc";
import { callerFor, makeOrg, makeSession, makeUser } from "../helpers/factory";

const dir = mkdtempSync(path.join(os.tmpdir(), "tessera-files-"));
let a: Awaited<ReturnType<typeof makeOrg>>;
let b: Awaited<ReturnType<typeof makeOrg>>;
let ownerA: Awaited<ReturnType<typeof makeUser>>;
let ownerB: Awaited<ReturnType<typeof makeUser>>;
let salesA: Awaited<ReturnType<typeof makeUser>>;
let managerA: Awaited<ReturnType<typeof makeUser>>;

beforeAll(async () => {
  setStorage(new LocalStorage(dir));
  [a, b] = await Promise.all([makeOrg(), makeOrg()]);
  [ownerA, ownerB, salesA, managerA] = await Promise.all([
    makeUser(a),
    makeUser(b),
    makeUser(a, { roles: ["sales"] }),
    makeUser(a, { roles: ["manager"] }),
  ]);
});
afterAll(() => {
  setStorage(undefined);
  rmSync(dir, { recursive: true, force: true });
});

async function cookieFor(userId: string) {
  const token = await encode({ token: { uid: userId, sv: 1, sid: await makeSession(userId) }, secret: process.env.NEXTAUTH_SECRET! });
  return `next-auth.session-token=${token}`;
}

async function upload(
  userId: string | null,
  opts: { org: string; entityId: string; name?: string; type?: string; body?: string | Uint8Array<ArrayBuffer>; entityType?: string },
) {
  const form = new FormData();
  form.set("org", opts.org);
  form.set("ws", "main");
  form.set("entityType", opts.entityType ?? "platform.organization");
  form.set("entityId", opts.entityId);
  form.set("file", new File([opts.body ?? "hello attachments"], opts.name ?? "notes.txt", { type: opts.type ?? "text/plain" }));
  const headers = new Headers();
  if (userId) headers.set("cookie", await cookieFor(userId));
  return POST(new Request("http://test.local/api/files", { method: "POST", body: form, headers }));
}

async function download(userId: string, id: string, org: string) {
  const req = new Request(`http://test.local/api/files/${id}?org=${org}`, { headers: { cookie: await cookieFor(userId) } });
  return GET(req, { params: Promise.resolve({ id }) });
}

const liveRows = (orgId: string) => systemDb().attachment.count({ where: { organizationId: orgId, deletedAt: null } });
const storedObjects = (orgId: string) => (existsSync(path.join(dir, orgId)) ? readdirSync(path.join(dir, orgId)).length : 0);

describe("attachments", () => {
  it("upload, list, download and delete round trip", async () => {
    const res = await upload(ownerA.id, { org: a.slug, entityId: a.id, name: "Устав компании.txt", body: "charter text" });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string; sizeBytes: number; sha256: string; fileName: string };
    expect(created).toMatchObject({ sizeBytes: 12, fileName: "Устав компании.txt" });

    const caller = await callerFor(ownerA.id, { org: a.slug });
    const list = await caller.settings.attachments.list({ entityType: "platform.organization", entityId: a.id });
    expect(list.rows.map((r) => [r.id, r.fileName, r.createdBy.name])).toEqual([[created.id, "Устав компании.txt", "Test User"]]);
    expect(list).toMatchObject({ canUpload: true, canDelete: true });

    const got = await download(ownerA.id, created.id, a.slug);
    expect(got.status).toBe(200);
    expect(await got.text()).toBe("charter text");
    expect(got.headers.get("content-type")).toBe("text/plain");
    expect(got.headers.get("content-disposition")).toContain(`filename*=UTF-8''${encodeURIComponent("Устав компании.txt")}`);
    expect(got.headers.get("x-content-type-options")).toBe("nosniff");

    await caller.settings.attachments.delete({ id: created.id });
    expect((await caller.settings.attachments.list({ entityType: "platform.organization", entityId: a.id })).rows).toEqual([]);
    expect((await download(ownerA.id, created.id, a.slug)).status).toBe(404);
  });

  it("hashes what it stores", async () => {
    const res = await upload(ownerA.id, { org: a.slug, entityId: a.id, body: "abc" });
    const { sha256 } = (await res.json()) as { sha256: string };
    expect(sha256).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("another organization's files and records are not found", async () => {
    const res = await upload(ownerA.id, { org: a.slug, entityId: a.id, body: "secret" });
    const { id } = (await res.json()) as { id: string };
    // B's owner asks in its own organization, and in A's (where it is no member): both 404.
    expect((await download(ownerB.id, id, b.slug)).status).toBe(404);
    expect((await download(ownerB.id, id, a.slug)).status).toBe(404);
    expect((await upload(ownerB.id, { org: b.slug, entityId: a.id })).status).toBe(404);
    expect((await upload(ownerB.id, { org: a.slug, entityId: a.id })).status).toBe(404);
    const callerB = await callerFor(ownerB.id, { org: b.slug });
    expect(await codeOf(callerB.settings.attachments.list({ entityType: "platform.organization", entityId: a.id }))).toBe("NOT_FOUND");
    expect(await codeOf(callerB.settings.attachments.delete({ id }))).toBe("NOT_FOUND");
    expect(await codeOf(callerB.settings.attachments.list({ entityType: "nothing.here", entityId: b.id }))).toBe("NOT_FOUND");
    expect((await download(ownerA.id, id, a.slug)).status).toBe(200);
  });

  it("answers 403 without the permissions, 401 without a session", async () => {
    const res = await upload(ownerA.id, { org: a.slug, entityId: a.id, body: "for managers" });
    const { id } = (await res.json()) as { id: string };
    // sales may see the organization but not its files
    const sales = await callerFor(salesA.id, { org: a.slug });
    expect(await codeOf(sales.settings.attachments.list({ entityType: "platform.organization", entityId: a.id }))).toBe("FORBIDDEN");
    expect((await download(salesA.id, id, a.slug)).status).toBe(403);
    expect((await upload(salesA.id, { org: a.slug, entityId: a.id })).status).toBe(403);
    // a manager reads, but neither attaches nor removes
    const manager = await callerFor(managerA.id, { org: a.slug });
    const list = await manager.settings.attachments.list({ entityType: "platform.organization", entityId: a.id });
    expect(list).toMatchObject({ canUpload: false, canDelete: false });
    expect((await download(managerA.id, id, a.slug)).status).toBe(200);
    expect((await upload(managerA.id, { org: a.slug, entityId: a.id })).status).toBe(403);
    expect(await codeOf(manager.settings.attachments.delete({ id }))).toBe("FORBIDDEN");
    expect((await upload(null, { org: a.slug, entityId: a.id })).status).toBe(401);
  });

  it("refuses files over the size limit (413) and outside the type allow-list (415), leaving nothing behind", async () => {
    const org = await makeOrg();
    const owner = await makeUser(org);
    process.env.UPLOAD_MAX_BYTES = "1000";
    try {
      const big = await upload(owner.id, { org: org.slug, entityId: org.id, body: new Uint8Array(1001).fill(1) });
      expect(big.status).toBe(413);
      expect(((await big.json()) as { error: { message: string } }).error.message).toMatch(/larger than the limit/);
      const html = await upload(owner.id, { org: org.slug, entityId: org.id, name: "x.html", type: "text/html", body: "<script>" });
      expect(html.status).toBe(415);
      expect(((await html.json()) as { error: { message: string } }).error.message).toMatch(/cannot be attached/);
      const exe = await upload(owner.id, { org: org.slug, entityId: org.id, name: "setup.exe", type: "", body: "MZ" });
      expect(exe.status).toBe(415);
      // A stream longer than it claims is cut off by the meter, not trusted.
      const lying = withSettings({ userId: owner.id, requestId: "t" }, async (tx) => {
        const scope = await resolveOrgScope(tx, { userId: owner.id, requestId: "t" }, org.slug);
        return uploadAttachment(tx, scope, {
          entityType: "platform.organization",
          entityId: org.id,
          fileName: "a.txt",
          contentType: "text/plain",
          body: Readable.from([Buffer.alloc(600), Buffer.alloc(600)]),
        });
      });
      await expect(lying).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
      expect(await liveRows(org.id)).toBe(0);
      expect(await systemDb().attachment.count({ where: { organizationId: org.id } })).toBe(0);
      expect(storedObjects(org.id)).toBe(0);
      expect((await upload(owner.id, { org: org.slug, entityId: org.id, body: new Uint8Array(1000).fill(1) })).status).toBe(201);
      expect(storedObjects(org.id)).toBe(1);
    } finally {
      delete process.env.UPLOAD_MAX_BYTES;
    }
  });

  it("purges attachments deleted longer ago than the retention: object first, then the row", async () => {
    const org = await makeOrg();
    const owner = await makeUser(org);
    const ids: string[] = [];
    for (const body of ["old", "recent", "live"]) {
      const res = await upload(owner.id, { org: org.slug, entityId: org.id, body });
      ids.push(((await res.json()) as { id: string }).id);
    }
    const caller = await callerFor(owner.id, { org: org.slug });
    await caller.settings.attachments.delete({ id: ids[0]! });
    await caller.settings.attachments.delete({ id: ids[1]! });
    await systemDb().attachment.update({
      where: { organizationId_id: { organizationId: org.id, id: ids[0]! } },
      data: { deletedAt: new Date(Date.now() - 31 * 86_400_000) },
    });
    expect(storedObjects(org.id)).toBe(3);
    await purgeDeletedAttachments(systemDb());
    const left = await systemDb().attachment.findMany({ where: { organizationId: org.id }, select: { id: true } });
    expect(left.map((r) => r.id).sort()).toEqual([ids[1]!, ids[2]!].sort());
    expect(storedObjects(org.id)).toBe(2);
  });
});
