// Sign-in, failed sign-in and sign-out in the audit trail of every organization the user is an active member of
// (a user is global; each organization sees the sessions of its own members). Runs on the system client: there is
// no organization scope at sign-in. An unknown e-mail belongs to no organization: it is logged, not audited.
import type { SystemTx } from "@/server/db/client";
import { recordEvent, type BusinessAction } from "@/server/kernel/audit";

async function activeOrganizations(tx: SystemTx, userId: string): Promise<string[]> {
  const rows = await tx.membership.findMany({
    where: { userId, status: "active", organization: { status: "active" } },
    select: { organizationId: true },
    orderBy: { organizationId: "asc" },
  });
  return rows.map((r) => r.organizationId);
}

/**
 * Records `action` about user `userId` in each of their organizations. `asActor`: the user is the actor (they
 * proved who they are); a failed attempt has no actor, the account is the record.
 */
export async function recordSessionEvent(
  tx: SystemTx,
  userId: string,
  action: Extract<BusinessAction, `auth.${string}`>,
  data: Record<string, unknown>,
  opts: { asActor: boolean },
): Promise<number> {
  await tx.$executeRaw`select set_config('app.user_id', ${opts.asActor ? userId : ""}, true)`;
  const orgs = await activeOrganizations(tx, userId);
  for (const orgId of orgs) await recordEvent(tx, orgId, { action, entityType: "auth.users", entityId: userId, data });
  return orgs.length;
}
