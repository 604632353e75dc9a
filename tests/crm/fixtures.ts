// Pipeline fixtures for the activities / summary / dashboard tests: deals and leads written directly (the deals
// service is another slice), respecting the stage's probability cap and closed_at rule held by the database.
import { systemDb } from "@/server/db/client";
import { uniq } from "../helpers/factory";

type Stage = "lead" | "qualified" | "proposal" | "negotiation" | "closing" | "won" | "lost";
const CAP: Record<Stage, number> = { lead: 20, qualified: 40, proposal: 60, negotiation: 80, closing: 100, won: 100, lost: 0 };

export async function makeDeal(
  orgId: string,
  customerId: string,
  opts: {
    stage?: Stage;
    value?: string;
    currency?: string;
    probability?: number;
    closedAt?: Date;
    expectedCloseDate?: Date;
    workspaceId?: string | null;
    ownerMembershipId?: string | null;
    archived?: boolean;
    name?: string;
  } = {},
) {
  const stage = opts.stage ?? "lead";
  const closed = stage === "won" || stage === "lost";
  return systemDb().deal.create({
    data: {
      organizationId: orgId,
      number: `DEAL-T${uniq()}`,
      customerId,
      name: opts.name ?? `Deal ${uniq()}`,
      stage,
      probability: opts.probability ?? CAP[stage],
      value: opts.value ?? "0",
      currency: opts.currency ?? "USD",
      closedAt: closed ? (opts.closedAt ?? new Date()) : null,
      expectedCloseDate: opts.expectedCloseDate ?? null,
      workspaceId: opts.workspaceId ?? null,
      ownerMembershipId: opts.ownerMembershipId ?? null,
      archivedAt: opts.archived ? new Date() : null,
    },
  });
}

export async function makeLead(orgId: string, opts: { workspaceId?: string | null; ownerMembershipId?: string | null } = {}) {
  return systemDb().lead.create({
    data: { organizationId: orgId, name: `Lead ${uniq()}`, workspaceId: opts.workspaceId ?? null, ownerMembershipId: opts.ownerMembershipId ?? null },
  });
}

export async function membershipOf(orgId: string, userId: string): Promise<string> {
  const m = await systemDb().membership.findFirstOrThrow({ where: { organizationId: orgId, userId }, select: { id: true } });
  return m.id;
}

/** A custom role whose members reach only their own records (record scope "own"), with the given permissions. */
export async function makeOwnScopeRole(orgId: string, permissions: string[]): Promise<string> {
  const key = `own_${uniq()}`;
  const role = await systemDb().role.create({ data: { organizationId: orgId, key, name: `Own ${key}`, recordScope: "own" }, select: { id: true } });
  await systemDb().rolePermission.createMany({ data: permissions.map((permission) => ({ organizationId: orgId, roleId: role.id, permission })) });
  return key;
}
