// platform.organizations.update (profile, branding color, regional settings) and the logo route
// (/api/organization/logo): validation, tax id check digits by country, optimistic concurrency, permissions,
// member-only serving, type and size refusals, and the audit trail.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { TRPCError } from "@trpc/server";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DELETE, GET, POST } from "@/app/api/organization/logo/route";
import { systemDb } from "@/server/db/client";
import { LocalStorage, setStorage } from "@/server/kernel/files";
import { sniffImage } from "@/server/modules/platform/branding.service";
import { callerFor, makeOrg, makeSession, makeUser } from "../helpers/factory";
import { codeOf } from "../helpers/trpc";

type Org = Awaited<ReturnType<typeof makeOrg>>;

async function errorOf(p: Promise<unknown>): Promise<{ code: string; message: string; fieldErrors: Record<string, string[]> }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof TRPCError) {
      // Domain errors carry fieldErrors; input validation carries the zod issues (the client sees both as field errors).
      const cause = e.cause as { fieldErrors?: Record<string, string[]>; issues?: { path: PropertyKey[]; message: string }[] } | undefined;
      const fieldErrors: Record<string, string[]> = { ...(cause?.fieldErrors ?? {}) };
      for (const i of cause?.issues ?? []) (fieldErrors[String(i.path[0])] ??= []).push(i.message);
      return { code: e.code, message: e.message, fieldErrors };
    }
    throw e;
  }
  throw new Error("expected the call to fail");
}

const as = (u: { id: string }, o: Org) => callerFor(u.id, { org: o.slug, ws: "main" });

describe("platform.organizations.update", () => {
  let kz: Org;
  let us: Org;
  let owner: { id: string };
  let usOwner: { id: string };
  let manager: { id: string };

  beforeAll(async () => {
    [kz, us] = await Promise.all([makeOrg({ country: "KZ" }), makeOrg({ country: "US" })]);
    owner = await makeUser(kz);
    usOwner = await makeUser(us);
    manager = await makeUser(kz, { roles: ["manager"] });
  });

  it("updates name, legal name and a valid BIN, bumps the version and leaves country and currency alone", async () => {
    const c = await as(owner, kz);
    const before = await c.platform.organizations.get();
    const after = await c.platform.organizations.update({ version: before.version, name: "Kaz Trading", legalName: "Kaz Trading LLP", taxId: "040540000004" });
    expect(after).toMatchObject({ name: "Kaz Trading", legalName: "Kaz Trading LLP", taxId: "040540000004", country: "KZ", version: before.version + 1 });
    // Empty text clears an optional field.
    expect(await c.platform.organizations.update({ version: after.version, legalName: "" })).toMatchObject({ legalName: null });
  });

  it("sets, returns and clears the postal address; too long a line is a field error", async () => {
    const c = await as(owner, kz);
    const before = await c.platform.organizations.get();
    expect(before).toMatchObject({ addressLine1: null, addressLine2: null, city: null, region: null, postalCode: null });
    const saved = await c.platform.organizations.update({
      version: before.version,
      addressLine1: "  12 Abay Avenue ",
      addressLine2: "Office 5",
      city: "Almaty",
      region: "Almaty Region",
      postalCode: " 050000 ",
    });
    expect(saved).toMatchObject({ addressLine1: "12 Abay Avenue", addressLine2: "Office 5", city: "Almaty", region: "Almaty Region", postalCode: "050000", country: "KZ", version: before.version + 1 });
    expect(await c.platform.organizations.get()).toMatchObject({ addressLine1: "12 Abay Avenue", city: "Almaty", postalCode: "050000" });
    // Members who cannot edit still read it.
    expect(await (await as(manager, kz)).platform.organizations.get()).toMatchObject({ city: "Almaty" });

    // Empty text clears a line; the fields not sent stay.
    const cleared = await c.platform.organizations.update({ version: saved.version, addressLine2: "", region: "   " });
    expect(cleared).toMatchObject({ addressLine1: "12 Abay Avenue", addressLine2: null, city: "Almaty", region: null, postalCode: "050000" });

    const tooLong = await errorOf(
      c.platform.organizations.update({ version: cleared.version, addressLine1: "x".repeat(201), city: "y".repeat(101), postalCode: "1".repeat(21) }),
    );
    expect(tooLong.code).toBe("BAD_REQUEST");
    expect(tooLong.fieldErrors).toMatchObject({ addressLine1: ["At most 200 characters"], city: ["At most 100 characters"], postalCode: ["At most 20 characters"] });
    expect(await c.platform.organizations.get()).toMatchObject({ version: cleared.version, city: "Almaty" });

    // A stale version still answers CONFLICT and changes nothing.
    const stale = await errorOf(c.platform.organizations.update({ version: saved.version, city: "Astana" }));
    expect(stale.code).toBe("CONFLICT");
    expect(stale.message).toMatch(/changed by someone else/);

    // The database checks the lengths too (a write that bypasses the input schema).
    await expect(
      systemDb().$executeRaw`update platform.organizations set postal_code = ${"9".repeat(21)} where id = ${kz.id}::uuid`,
    ).rejects.toThrow(/organizations_postal_code_check/);

    // The audit trigger records the address change with its old and new values.
    const [event] = await systemDb().$queryRaw<{ actor_id: string; changes: Record<string, unknown> }[]>`
      select actor_id::text, changes from audit.events
       where organization_id = ${kz.id}::uuid and table_name = 'platform.organizations' and action = 'update'
         and changes ? 'address_line2'
       order by created_at desc, id desc limit 1`;
    expect(event!.actor_id).toBe(owner.id);
    expect(JSON.stringify(event!.changes)).toContain("Office 5");
    expect(Object.keys(event!.changes)).toEqual(expect.arrayContaining(["address_line2", "region"]));

    await c.platform.organizations.update({ version: cleared.version, addressLine1: "", city: "", postalCode: "" });
  });

  it("checks the tax id by the organization's country (KZ check digit) with a field error", async () => {
    const c = await as(owner, kz);
    const { version } = await c.platform.organizations.get();
    const bad = await errorOf(c.platform.organizations.update({ version, taxId: "123456789012" }));
    expect(bad.code).toBe("BAD_REQUEST");
    expect(bad.fieldErrors.taxId).toEqual(["Enter a valid 12-digit BIN/IIN"]);
    expect((await errorOf(c.platform.organizations.update({ version, taxId: "12345" }))).fieldErrors.taxId).toHaveLength(1);
    // A US organization validates an EIN instead; the KZ BIN is not one.
    const u = await as(usOwner, us);
    const v = (await u.platform.organizations.get()).version;
    expect((await errorOf(u.platform.organizations.update({ version: v, taxId: "040540000004" }))).fieldErrors.taxId).toEqual(["Enter a valid EIN (NN-NNNNNNN)"]);
    expect(await u.platform.organizations.update({ version: v, taxId: "12-3456789" })).toMatchObject({ taxId: "12-3456789" });
  });

  it("refuses a stale version with CONFLICT 'changed by someone else' and changes nothing", async () => {
    const c = await as(owner, kz);
    const { version, name } = await c.platform.organizations.get();
    await c.platform.organizations.update({ version, name: `${name} A` });
    const stale = await errorOf(c.platform.organizations.update({ version, name: "Lost update" }));
    expect(stale.code).toBe("CONFLICT");
    expect(stale.message).toMatch(/changed by someone else/);
    expect((await c.platform.organizations.get()).name).toBe(`${name} A`);
  });

  it("validates the branding color and regional settings; country and base currency cannot be sent", async () => {
    const c = await as(owner, kz);
    const { version } = await c.platform.organizations.get();
    for (const color of ["red", "#12345", "#12345g", "1f6feb"]) {
      expect(await codeOf(c.platform.organizations.update({ version, primaryColor: color })), color).toBe("BAD_REQUEST");
    }
    expect(await codeOf(c.platform.organizations.update({ version, timeZone: "Mars/Olympus" }))).toBe("BAD_REQUEST");
    expect(await codeOf(c.platform.organizations.update({ version, fiscalYearStartMonth: 13 }))).toBe("BAD_REQUEST");
    expect(await codeOf(c.platform.organizations.update({ version, locale: "not a locale!" }))).toBe("BAD_REQUEST");
    // @ts-expect-error country is not part of the input: it is fixed at creation
    expect(await codeOf(c.platform.organizations.update({ version, country: "US" }))).toBe("BAD_REQUEST");
    const saved = await c.platform.organizations.update({ version, primaryColor: "#1F6FEB", timeZone: "Asia/Almaty", locale: "ru-KZ", fiscalYearStartMonth: 4 });
    expect(saved).toMatchObject({ primaryColor: "#1f6feb", timeZone: "Asia/Almaty", locale: "ru-KZ", fiscalYearStartMonth: 4 });
    expect(await c.platform.organizations.update({ version: saved.version, primaryColor: null })).toMatchObject({ primaryColor: null });
    // The shell reads the branding through platform.me.
    const me = await c.platform.me();
    expect(me.scope?.organization).toMatchObject({ primaryColor: null, timeZone: "Asia/Almaty" });
  });

  it("needs platform.organization.update; another organization's members get NOT_FOUND", async () => {
    const m = await as(manager, kz);
    const { version } = await m.platform.organizations.get();
    expect(await codeOf(m.platform.organizations.update({ version, name: "Nope" }))).toBe("FORBIDDEN");
    expect(await codeOf((await callerFor(usOwner.id, { org: kz.slug })).platform.organizations.update({ version, name: "Nope" }))).toBe("NOT_FOUND");
  });

  it("leaves an audit event with the old and new values of each change", async () => {
    const c = await as(owner, kz);
    const { version } = await c.platform.organizations.get();
    await c.platform.organizations.update({ version, legalName: "Audited LLP", fiscalYearStartMonth: 7 });
    const [event] = await systemDb().$queryRaw<{ actor_id: string; changes: Record<string, unknown> }[]>`
      select actor_id::text, changes from audit.events
       where organization_id = ${kz.id}::uuid and table_name = 'platform.organizations' and action = 'update'
       order by created_at desc, id desc limit 1`;
    expect(event!.actor_id).toBe(owner.id);
    expect(JSON.stringify(event!.changes)).toContain("Audited LLP");
    expect(JSON.stringify(event!.changes)).toContain("fiscal_year_start_month");
  });
});

describe("organization logo (/api/organization/logo)", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tessera-logo-"));
  let org: Org;
  let other: Org;
  let owner: { id: string };
  let viewer: { id: string };
  let stranger: { id: string };

  const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
  const WEBP = Buffer.concat([Buffer.from("RIFF"), Buffer.from([0, 0, 0, 0]), Buffer.from("WEBPVP8 "), Buffer.alloc(16)]);

  beforeAll(async () => {
    setStorage(new LocalStorage(dir));
    [org, other] = await Promise.all([makeOrg(), makeOrg()]);
    owner = await makeUser(org);
    viewer = await makeUser(org, { roles: ["viewer"] });
    stranger = await makeUser(other);
  });
  afterAll(() => {
    setStorage(undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  async function cookie(userId: string) {
    const sid = await makeSession(userId);
    return `next-auth.session-token=${await encode({ token: { uid: userId, sv: 1, sid }, secret: process.env.NEXTAUTH_SECRET! })}`;
  }
  async function upload(userId: string, body: Uint8Array, name: string, type: string, orgSlug = org.slug) {
    const form = new FormData();
    form.set("org", orgSlug);
    form.set("file", new File([new Uint8Array(body)], name, { type }));
    return POST(new Request("http://test.local/api/organization/logo", { method: "POST", body: form, headers: { cookie: await cookie(userId) } }));
  }
  async function fetchLogo(userId: string, orgSlug = org.slug) {
    return GET(new Request(`http://test.local/api/organization/logo?org=${orgSlug}`, { headers: { cookie: await cookie(userId) } }));
  }
  const files = () => readdirSync(path.join(dir, org.id, "branding")).filter((f) => !f.startsWith("."));

  it("sniffs images by their bytes", () => {
    expect(sniffImage(PNG)).toBe("image/png");
    expect(sniffImage(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
    expect(sniffImage(WEBP)).toBe("image/webp");
    expect(sniffImage(Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>"))).toBeNull();
  });

  it("stores a PNG, serves it to members only, and replaces it (the old file is removed)", async () => {
    const res = await upload(owner.id, PNG, "logo.png", "image/png");
    expect(res.status).toBe(201);
    const { sha256 } = (await res.json()) as { sha256: string };
    const got = await fetchLogo(viewer.id);
    expect(got.status).toBe(200);
    expect(got.headers.get("content-type")).toBe("image/png");
    expect(got.headers.get("x-content-type-options")).toBe("nosniff");
    expect(Buffer.from(await got.arrayBuffer()).equals(PNG)).toBe(true);
    expect((await systemDb().organization.findUniqueOrThrow({ where: { id: org.id } })).logoSha256).toBe(sha256);
    // Not a member: NOT_FOUND, as for every scoped call.
    expect((await fetchLogo(stranger.id)).status).toBe(404);

    expect((await upload(owner.id, WEBP, "logo.webp", "image/webp")).status).toBe(201);
    expect(files()).toHaveLength(1);
    expect((await fetchLogo(owner.id)).headers.get("content-type")).toBe("image/webp");
  });

  it("refuses SVG, other types, files whose bytes are not the declared image, and files over 1 MB — storing nothing", async () => {
    const before = files();
    const svg = await upload(owner.id, Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"), "logo.svg", "image/svg+xml");
    expect(svg.status).toBe(415);
    expect(((await svg.json()) as { error: { message: string } }).error.message).toMatch(/SVG/);
    expect((await upload(owner.id, Buffer.from("%PDF-1.4"), "logo.pdf", "application/pdf")).status).toBe(415);
    expect((await upload(owner.id, Buffer.from("<html>not a png</html>"), "logo.png", "image/png")).status).toBe(415);
    const big = Buffer.concat([PNG, Buffer.alloc(1024 * 1024)]);
    const tooBig = await upload(owner.id, big, "big.png", "image/png");
    expect(tooBig.status).toBe(413);
    expect(((await tooBig.json()) as { error: { fieldErrors: Record<string, string[]> } }).error.fieldErrors.file).toEqual(["At most 1 MB."]);
    expect(files()).toEqual(before);
  });

  it("needs platform.organization.update to upload or remove; removal is audited", async () => {
    expect((await upload(viewer.id, PNG, "logo.png", "image/png")).status).toBe(403);
    expect((await upload(stranger.id, PNG, "logo.png", "image/png")).status).toBe(404);
    const del = (userId: string) =>
      cookie(userId).then((c) => DELETE(new Request(`http://test.local/api/organization/logo?org=${org.slug}`, { method: "DELETE", headers: { cookie: c } })));
    expect((await del(viewer.id)).status).toBe(403);
    expect((await del(owner.id)).status).toBe(204);
    expect((await fetchLogo(owner.id)).status).toBe(404);
    expect(files()).toHaveLength(0);
    const events = await systemDb().$queryRaw<{ n: bigint }[]>`
      select count(*) as n from audit.events
       where organization_id = ${org.id}::uuid and table_name = 'platform.organizations' and changes::text like '%logo_key%'`;
    expect(Number(events[0]!.n)).toBeGreaterThanOrEqual(3);
  });
});
