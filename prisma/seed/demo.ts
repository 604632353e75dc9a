// The demo company, built through the same services the app uses. Idempotent: a second run changes nothing.
import type { SystemClient } from "@/server/db/client";
import { addMember, createUser } from "@/server/modules/auth/users.service";
import { createOrganization, syncSystemRoles } from "@/server/modules/platform/organizations.service";
import { seedDemoCrm } from "./demo-crm";
import { seedDemoInventory } from "./demo-inventory";
import { seedDemoPipeline } from "./demo-pipeline";
import { seedDemoPlans, seedDemoPlatform } from "./demo-plans";
import { seedDemoSettings } from "./demo-settings";

export const DEMO_PASSWORD = "tessera-demo";

export const DEMO_USERS = [
  { email: "owner@acme.test", name: "Olivia Owner", org: "acme", roles: ["owner"], workspaces: "all" },
  { email: "manager@acme.test", name: "Max Manager", org: "acme", roles: ["manager"], workspaces: ["hq", "east"] },
  { email: "clerk@acme.test", name: "Clara Clerk", org: "acme", roles: ["sales"], workspaces: ["hq"] },
  // Sees CRM records with phone numbers, e-mail addresses and tax ids masked (no crm.sensitive.view).
  { email: "viewer@acme.test", name: "Victor Viewer", org: "acme", roles: ["viewer"], workspaces: "all" },
  { email: "owner@globex.test", name: "Gulnara Owner", org: "globex", roles: ["owner"], workspaces: "all" },
] as const;

const DEMO_ORGS = [
  {
    name: "Acme Manufacturing",
    slug: "acme",
    legalName: "Acme Manufacturing, Inc.",
    country: "US",
    taxId: "12-3456789",
    baseCurrency: "USD",
    timeZone: "America/Chicago",
    locale: "en-US",
    workspaces: [
      { name: "Headquarters", slug: "hq", type: "main" as const },
      { name: "East Branch", slug: "east", type: "branch" as const },
    ],
  },
  {
    name: "Globex",
    slug: "globex",
    legalName: "TOO Globex",
    country: "KZ",
    taxId: "040540000004",
    baseCurrency: "KZT",
    timeZone: "Asia/Almaty",
    locale: "ru-KZ",
    workspaces: [{ name: "Main office", slug: "main", type: "main" as const }],
  },
];

export async function seedDemo(sys: SystemClient, log: (s: string) => void = () => undefined): Promise<boolean> {
  await sys.$transaction((tx) => seedDemoPlans(tx));
  const existing = await sys.organization.findMany({ where: { slug: { in: DEMO_ORGS.map((o) => o.slug) } }, select: { id: true, slug: true } });
  if (existing.length === DEMO_ORGS.length) {
    // Keep system roles in step with the permission catalog as it grows.
    await sys.$transaction(async (tx) => {
      for (const o of existing) await syncSystemRoles(tx, o.id);
      await seedDemoSettings(tx, existing);
    });
    const acme = existing.find((o) => o.slug === "acme");
    if (acme && (await sys.$transaction((tx) => seedDemoCrm(tx, acme), { timeout: 120_000 }))) log("created the demo CRM (Acme customers)");
    await seedDemoPlatform(sys, existing, DEMO_PASSWORD);
    if (acme) await sys.$transaction((tx) => seedDemoPipeline(tx, acme.id), { timeout: 60_000 });
    if (acme && (await sys.$transaction((tx) => seedDemoInventory(tx, acme.id), { timeout: 60_000 }))) log("created the demo inventory (Acme items, part hierarchy 710-…, warehouses MAIN and OVERFLOW)");
    return false;
  }
  const orgs = new Map<string, { id: string; workspaces: Map<string, string> }>();
  for (const def of DEMO_ORGS) {
    const found = existing.find((o) => o.slug === def.slug);
    if (found) {
      const ws = await sys.workspace.findMany({ where: { organizationId: found.id }, select: { id: true, slug: true } });
      orgs.set(def.slug, { id: found.id, workspaces: new Map(ws.map((w) => [w.slug, w.id])) });
      continue;
    }
    const created = await createOrganization(sys, def);
    orgs.set(def.slug, { id: created.organization.id, workspaces: new Map(created.workspaces.map((w) => [w.slug, w.id])) });
    log(`created organization ${def.slug}`);
  }
  await sys.$transaction(async (tx) => {
    await seedDemoSettings(tx, [...orgs].map(([slug, o]) => ({ slug, id: o.id })));
    for (const u of DEMO_USERS) {
      const org = orgs.get(u.org)!;
      const user =
        (await tx.user.findUnique({ where: { email: u.email }, select: { id: true } })) ??
        (await createUser(tx, { email: u.email, name: u.name, password: DEMO_PASSWORD }));
      const member = await tx.membership.findUnique({
        where: { organizationId_userId: { organizationId: org.id, userId: user.id } },
        select: { id: true },
      });
      if (member) continue;
      await addMember(tx, {
        organizationId: org.id,
        userId: user.id,
        roleKeys: [...u.roles],
        allWorkspaces: u.workspaces === "all",
        workspaceIds: u.workspaces === "all" ? [] : u.workspaces.map((slug) => org.workspaces.get(slug)!),
      });
    }
  });
  const acme = orgs.get("acme");
  if (acme && (await sys.$transaction((tx) => seedDemoCrm(tx, { id: acme.id, slug: "acme" }), { timeout: 120_000 }))) log("created the demo CRM (Acme customers)");
  await seedDemoPlatform(sys, [...orgs].map(([slug, o]) => ({ slug, id: o.id })), DEMO_PASSWORD);
  await sys.$transaction((tx) => seedDemoPipeline(tx, orgs.get("acme")!.id), { timeout: 60_000 });
  log(`demo pipeline: ${"acme"} leads and deals`);
  if (await sys.$transaction((tx) => seedDemoInventory(tx, orgs.get("acme")!.id), { timeout: 60_000 })) log("demo inventory: acme items, part hierarchy 710-…, warehouses MAIN (A-01, A-02) and OVERFLOW (B-01..B-03)");
  log(`platform operator: operator@tessera.test (password ${DEMO_PASSWORD}), no organization`);
  log(`demo users: ${DEMO_USERS.map((u) => u.email).join(", ")} (password ${DEMO_PASSWORD})`);
  return true;
}
