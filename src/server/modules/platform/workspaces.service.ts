import type { Tx } from "@/server/db/scope";
import type { OrgScope } from "@/server/kernel/scope";

/** The workspaces of the organization this membership may see, oldest first (the first is the default). */
export async function listWorkspaces(tx: Tx, scope: OrgScope) {
  return tx.workspace.findMany({
    where: { organizationId: scope.orgId, id: { in: scope.workspaceIds } },
    select: { id: true, slug: true, name: true, type: true, status: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
}
