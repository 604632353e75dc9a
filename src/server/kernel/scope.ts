// A verified scope: produced only by the procedure chain (src/server/trpc) or by trusted system code after it
// has checked membership. Services receive it and may rely on it.
export interface UserScope {
  userId: string;
  requestId: string;
}

export interface OrgScope extends UserScope {
  orgId: string;
  orgSlug: string;
  membershipId: string;
  /** Active workspaces this membership may see in the organization (archived ones are opened by URL only). */
  workspaceIds: string[];
  permissions: ReadonlySet<string>;
  roles: string[];
}

export interface WorkspaceScope extends OrgScope {
  workspaceId: string;
  workspaceSlug: string;
  /** Set when the workspace is archived: it is read-only (workspaceProcedure refuses every mutation). */
  archived?: { name: string };
}
