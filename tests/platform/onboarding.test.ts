// Onboarding: one transaction creates the organization, its main workspace, the creator's owner membership, system
// roles, sequences, base currency and the country pack's tax rate; slugs are suggested, unique and URL-safe.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { ZodError } from "zod";
import { systemDb } from "@/server/db/client";
import { SYSTEM_ROLES } from "@/server/kernel/permissions";
import { DOCUMENT_TYPES } from "@/server/kernel/numbering";
import { createOrganization } from "@/server/modules/platform/organizations.service";
import { landingPath } from "@/server/modules/platform/landing.service";
import { withSettings } from "@/server/db/scope";
import { codeOf } from "../helpers/trpc";
import { callerFor, makeOrg, makeUser, uniq } from "../helpers/factory";

const kz = (slug: string) => ({
  name: "Ромашка",
  slug,
  country: "KZ",
  legalName: "ТОО «Ромашка»",
  taxId: "971240001315",
  baseCurrency: "KZT",
  timeZone: "Asia/Almaty",
  locale: "ru-KZ",
  fiscalYearStartMonth: 4,
  workspace: { name: "Алматы" },
});

describe("onboarding", () => {
  it("creates everything in one go, the creator is the owner of all workspaces, and lands in the new workspace", async () => {
    const user = await makeUser(null);
    const caller = await callerFor(user.id);
    const slug = `romashka-${uniq()}`;
    const done = await caller.platform.onboarding.complete(kz(slug));
    expect(done.path).toBe(`/${slug}/almaty`);

    const sys = systemDb();
    const org = await sys.organization.findUniqueOrThrow({ where: { slug } });
    expect(org).toMatchObject({ name: "Ромашка", legalName: "ТОО «Ромашка»", country: "KZ", taxId: "971240001315", baseCurrency: "KZT", timeZone: "Asia/Almaty", locale: "ru-KZ", fiscalYearStartMonth: 4 });
    expect(await sys.workspace.findMany({ where: { organizationId: org.id }, select: { slug: true, type: true, name: true } })).toEqual([
      { slug: "almaty", type: "main", name: "Алматы" },
    ]);
    const membership = await sys.membership.findUniqueOrThrow({
      where: { organizationId_userId: { organizationId: org.id, userId: user.id } },
      select: { status: true, allWorkspaces: true, roles: { select: { role: { select: { key: true } } } } },
    });
    expect(membership).toEqual({ status: "active", allWorkspaces: true, roles: [{ role: { key: "owner" } }] });
    const roles = await sys.role.findMany({ where: { organizationId: org.id, isSystem: true }, select: { key: true } });
    expect(roles.map((r) => r.key).sort()).toEqual(SYSTEM_ROLES.map((r) => r.key).sort());
    // (Keyed series types — part numbers per category — get their sequences from their owner records, not here.)
    expect(await sys.numberSequence.count({ where: { organizationId: org.id } })).toBeGreaterThanOrEqual(DOCUMENT_TYPES.filter((d) => d.scope !== "series").length);
    expect(await sys.currency.findMany({ where: { organizationId: org.id }, select: { code: true, isBase: true } })).toEqual([{ code: "KZT", isBase: true }]);
    const rates = await sys.taxRate.findMany({ where: { organizationId: org.id }, select: { code: true, kind: true, rate: true } });
    expect(rates.map((r) => ({ ...r, rate: r.rate.toString() }))).toEqual([{ code: "VAT12", kind: "vat", rate: "12" }]);

    // The owner can open it through the normal chain, with every permission of the owner role.
    const inOrg = await callerFor(user.id, { org: slug, ws: "almaty" });
    const me = await inOrg.platform.me();
    expect(me.roles).toEqual(["owner"]);
    expect(me.permissions).toContain("platform.organization.update");
    // "/" now lands there.
    expect(await withSettings({ userId: user.id }, (tx) => landingPath(tx, { userId: user.id, requestId: randomUUID() }))).toBe(`/${slug}/almaty`);
    // The creation is in the organization's audit trail, by the creator.
    const captured = await sys.auditEvent.findMany({ where: { organizationId: org.id, actorId: user.id }, select: { tableName: true } });
    expect(captured.map((e) => e.tableName)).toEqual(expect.arrayContaining([expect.stringMatching(/organizations$/), expect.stringMatching(/memberships$/)]));
  });

  it("writes nothing when a later step fails (the owner membership, last, refers to no user)", async () => {
    const slug = `rollback-${uniq()}`;
    const wsSlug = `ws-${uniq()}`;
    await expect(
      createOrganization(
        systemDb(),
        { name: `Rollback ${slug}`, slug, country: "KZ", taxId: "971240001315", baseCurrency: "KZT", timeZone: "Asia/Almaty", locale: "ru-KZ", workspaces: [{ name: "Main", slug: wsSlug, type: "main" }] },
        { ownerUserId: randomUUID(), taxRates: [{ code: "VAT12", name: "VAT 12%", rate: "12", kind: "vat" }] },
      ),
    ).rejects.toThrow();
    const sys = systemDb();
    expect(await sys.organization.count({ where: { OR: [{ slug }, { name: `Rollback ${slug}` }] } })).toBe(0);
    expect(await sys.workspace.count({ where: { slug: wsSlug } })).toBe(0);
    // No orphan rows of an organization that does not exist (foreign keys would forbid them; checked anyway).
    const orphans = await sys.$queryRaw<{ n: number }[]>`
      select (select count(*) from auth.roles r where not exists (select 1 from platform.organizations o where o.id = r.organization_id))
           + (select count(*) from settings.tax_rates t where not exists (select 1 from platform.organizations o where o.id = t.organization_id))
           + (select count(*) from settings.number_sequences s where not exists (select 1 from platform.organizations o where o.id = s.organization_id))::int as n`;
    expect(Number(orphans[0]!.n)).toBe(0);
  });

  it("keeps createOrganization working without options (factory, seed): no owner, no pack tax rate", async () => {
    const org = await makeOrg({ country: "KZ" });
    expect(await systemDb().membership.count({ where: { organizationId: org.id } })).toBe(0);
    expect(await systemDb().taxRate.count({ where: { organizationId: org.id } })).toBe(0);
  });

  it("refuses a wrong BIN with a field error and creates nothing", async () => {
    const user = await makeUser(null);
    const caller = await callerFor(user.id);
    const slug = `badbin-${uniq()}`;
    const err = await caller.platform.onboarding.complete({ ...kz(slug), taxId: "971240001316" }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "BAD_REQUEST" });
    expect((err as { cause: ZodError }).cause.issues).toEqual([expect.objectContaining({ path: ["taxId"], message: expect.stringMatching(/BIN/) })]);
    expect(await systemDb().organization.count({ where: { slug } })).toBe(0);
  });

  it("creates the GST rate for India and validates the GSTIN; the US gets no default tax rate", async () => {
    const user = await makeUser(null);
    const caller = await callerFor(user.id);
    const inSlug = `india-${uniq()}`;
    await caller.platform.onboarding.complete({ ...kz(inSlug), name: "Bharat", country: "IN", taxId: "27aapfu0939f1zv", baseCurrency: "INR", timeZone: "Asia/Kolkata", locale: "en-IN", workspace: { name: "Mumbai" } });
    const inOrg = await systemDb().organization.findUniqueOrThrow({ where: { slug: inSlug }, select: { id: true, taxId: true } });
    expect(inOrg.taxId).toBe("27AAPFU0939F1ZV");
    expect((await systemDb().taxRate.findMany({ where: { organizationId: inOrg.id }, select: { code: true } })).map((r) => r.code)).toEqual(["GST18"]);

    const usSlug = `us-${uniq()}`;
    expect(await codeOf(caller.platform.onboarding.complete({ ...kz(usSlug), name: "Yankee", country: "US", taxId: "07-1234567", baseCurrency: "USD", timeZone: "America/New_York", locale: "en-US", workspace: { name: "HQ" } }))).toBe("BAD_REQUEST");
    await caller.platform.onboarding.complete({ ...kz(usSlug), name: "Yankee", country: "US", taxId: "123456789", baseCurrency: "USD", timeZone: "America/New_York", locale: "en-US", workspace: { name: "HQ" } });
    const usOrg = await systemDb().organization.findUniqueOrThrow({ where: { slug: usSlug }, select: { id: true, taxId: true } });
    expect(usOrg.taxId).toBe("12-3456789");
    expect(await systemDb().taxRate.count({ where: { organizationId: usOrg.id } })).toBe(0);
    // A user can create a second organization later; both are theirs.
    const me = await caller.platform.me();
    expect(me.memberships.map((m) => m.organization.slug).sort()).toEqual([inSlug, usSlug].sort());
  });

  it("suggests slugs from names (Cyrillic transliterated), checks them live and suffixes collisions", async () => {
    const user = await makeUser(null);
    const caller = await callerFor(user.id);
    expect(await caller.platform.onboarding.suggestSlug({ name: "Ромашка Ltd" })).toMatchObject({ suggestion: "romashka-ltd" });
    const taken = await makeOrg();
    expect(await caller.platform.onboarding.suggestSlug({ slug: taken.slug })).toEqual({ slug: taken.slug, available: false, suggestion: `${taken.slug}-2` });
    expect(await caller.platform.onboarding.suggestSlug({ slug: "sign-in" })).toMatchObject({ available: false, suggestion: "sign-in-2" });
    expect(await caller.platform.onboarding.suggestSlug({ slug: "Not A Slug!" })).toMatchObject({ available: false, suggestion: "not-a-slug" });
    const free = `free-${uniq()}`;
    expect(await caller.platform.onboarding.suggestSlug({ slug: free })).toEqual({ slug: free, available: true, suggestion: free });

    // Finishing with a taken address answers CONFLICT on the slug field with a free suggestion.
    await expect(caller.platform.onboarding.complete(kz(taken.slug))).rejects.toMatchObject({
      code: "CONFLICT",
      cause: { fieldErrors: { slug: [expect.stringContaining(`${taken.slug}-2`)] } },
    });
    expect(await codeOf(caller.platform.onboarding.complete(kz("onboarding")))).toBe("BAD_REQUEST");
  });

  it("needs a signed-in user", async () => {
    const anon = await callerFor(null);
    expect(await codeOf(anon.platform.onboarding.suggestSlug({ name: "x" }))).toBe("UNAUTHORIZED");
    expect(await codeOf(anon.platform.onboarding.complete(kz(`anon-${uniq()}`)))).toBe("UNAUTHORIZED");
  });
});
