// Workspace-owned inventory rows (warehouses, locations, documents, counts, reorder rules): the caller's
// organization and one of the workspaces they can see (RLS says the same; the services answer NOT_FOUND first).
import type { OrgScope } from "@/server/kernel/scope";

export const visible = (scope: OrgScope) => ({ organizationId: scope.orgId, workspaceId: { in: scope.workspaceIds } });
