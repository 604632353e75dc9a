// A verified scope: produced only by the procedure chain (src/server/trpc) or by trusted system code after it
// has checked membership. Services receive it and may rely on it.
export interface UserScope {
  userId: string;
  requestId: string;
  /** When the session signed in (seconds since the epoch, from the token): checked against each organization's
   * session timeout when the organization scope is resolved. Absent on system and test paths. */
  signedInAt?: number;
}

export interface OrgScope extends UserScope {
  orgId: string;
  orgSlug: string;
  membershipId: string;
  /** Workspaces this membership may see in the organization. */
  workspaceIds: string[];
  permissions: ReadonlySet<string>;
  roles: string[];
}

export interface WorkspaceScope extends OrgScope {
  workspaceId: string;
  workspaceSlug: string;
}
