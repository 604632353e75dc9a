// Record scope in CRM (README "Record scope"; kernel/README "Record scope"): "workspace" and "all" are the same rule
// for CRM records — organization-wide records (workspace_id NULL) and those of the workspaces the membership may see
// (scope.workspaceIds), held by the restrictive visible_workspace policy and crmVisibleWhere / crmVisibleSql. They
// differ only from "own", which also needs owner_membership_id = the member's membership. "all" never reaches a
// workspace the membership does not belong to; a "workspace" member of every workspace sees what "all" sees.
import { beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "@/server/db/client";
import { callerFor, makeOrg, makeUser, uniq } from "../helpers/factory";
import { codeOf } from "../helpers/trpc";
import { makeDeal, membershipOf } from "./fixtures";

const READ = ["crm.customer.read", "crm.deal.read", "crm.contact.read"];

async function makeRole(orgId: string, recordScope: "own" | "workspace" | "all"): Promise<string> {
  const key = `${recordScope}_${uniq()}`;
  const role = await systemDb().role.create({ data: { organizationId: orgId, key, name: `Scope ${key}`, recordScope }, select: { id: true } });
  await systemDb().rolePermission.createMany({ data: READ.map((permission) => ({ organizationId: orgId, roleId: role.id, permission })) });
  return key;
}

describe("crm record scope: workspace and all", () => {
  let org: Awaited<ReturnType<typeof makeOrg>>;
  const ids: Record<"orgWide" | "main" | "second" | "ownMain", string> = { orgWide: "", main: "", second: "", ownMain: "" };
  let callers: Record<"workspaceMain" | "allMain" | "ownMain" | "workspaceEverywhere" | "allEverywhere", Awaited<ReturnType<typeof callerFor>>>;

  beforeAll(async () => {
    org = await makeOrg();
    const boss = await callerFor((await makeUser(org)).id, { org: org.slug });
    const [wsRole, allRole, ownRole] = [await makeRole(org.id, "workspace"), await makeRole(org.id, "all"), await makeRole(org.id, "own")];
    const users = {
      workspaceMain: await makeUser(org, { roles: [wsRole], workspaces: ["main"] }),
      allMain: await makeUser(org, { roles: [allRole], workspaces: ["main"] }),
      ownMain: await makeUser(org, { roles: [ownRole], workspaces: ["main"] }),
      workspaceEverywhere: await makeUser(org, { roles: [wsRole], workspaces: "all" }),
      allEverywhere: await makeUser(org, { roles: [allRole], workspaces: "all" }),
    };
    callers = Object.fromEntries(
      await Promise.all(Object.entries(users).map(async ([k, u]) => [k, await callerFor(u.id, { org: org.slug })])),
    ) as typeof callers;
    const ownerId = await membershipOf(org.id, users.ownMain.id);
    ids.orgWide = (await boss.crm.customers.create({ name: "Scopetest Org" })).id;
    ids.main = (await boss.crm.customers.create({ name: "Scopetest Main", workspaceId: org.workspaces.main })).id;
    ids.second = (await boss.crm.customers.create({ name: "Scopetest Second", workspaceId: org.workspaces.second })).id;
    ids.ownMain = (await boss.crm.customers.create({ name: "Scopetest Owned", workspaceId: org.workspaces.main, ownerMembershipId: ownerId })).id;
    await makeDeal(org.id, ids.orgWide, { name: "Scopetest deal org" });
    await makeDeal(org.id, ids.main, { name: "Scopetest deal main", workspaceId: org.workspaces.main });
    await makeDeal(org.id, ids.second, { name: "Scopetest deal second", workspaceId: org.workspaces.second });
    await makeDeal(org.id, ids.ownMain, { name: "Scopetest deal owned", workspaceId: org.workspaces.main, ownerMembershipId: ownerId });
  });

  const customers = async (c: (typeof callers)[keyof typeof callers]) => (await c.crm.customers.list({ q: "scopetest" })).rows.map((r) => r.name);
  const deals = async (c: (typeof callers)[keyof typeof callers]) =>
    (await c.crm.deals.list({ q: "scopetest", filters: { archived: { type: "enum", values: ["active"] } } })).rows.map((r) => r.name).sort();

  it("a member of one workspace sees the same records with 'workspace' and with 'all': organization-wide + that workspace", async () => {
    const expected = ["Scopetest Main", "Scopetest Org", "Scopetest Owned"];
    expect(await customers(callers.workspaceMain)).toEqual(expected);
    expect(await customers(callers.allMain)).toEqual(expected);
    const expectedDeals = ["Scopetest deal main", "Scopetest deal org", "Scopetest deal owned"];
    expect(await deals(callers.workspaceMain)).toEqual(expectedDeals);
    expect(await deals(callers.allMain)).toEqual(expectedDeals);
    // The other workspace's customer is NOT_FOUND for both, like another organization's.
    expect(await codeOf(callers.workspaceMain.crm.customers.get({ id: ids.second }))).toBe("NOT_FOUND");
    expect(await codeOf(callers.allMain.crm.customers.get({ id: ids.second }))).toBe("NOT_FOUND");
    expect((await callers.allMain.crm.customers.get({ id: ids.orgWide })).name).toBe("Scopetest Org");
  });

  it("a member of every workspace sees every record with either; 'own' narrows to the owned ones", async () => {
    const all = ["Scopetest Main", "Scopetest Org", "Scopetest Owned", "Scopetest Second"];
    expect(await customers(callers.workspaceEverywhere)).toEqual(all);
    expect(await customers(callers.allEverywhere)).toEqual(all);
    expect(await customers(callers.ownMain)).toEqual(["Scopetest Owned"]);
    expect(await deals(callers.ownMain)).toEqual(["Scopetest deal owned"]);
    expect(await codeOf(callers.ownMain.crm.customers.get({ id: ids.main }))).toBe("NOT_FOUND");
  });
});
