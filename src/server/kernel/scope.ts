// A verified scope: produced only by the procedure chain (src/server/trpc) or by trusted system code after it
// has checked membership. Services receive it and may rely on it.
export interface UserScope {
  userId: string;
  requestId: string;
  /** When the session signed in (seconds since the epoch, from the token): checked against each organization's
   * session timeout when the organization scope is resolved. Absent on system and test paths. */
  signedInAt?: number;
}

/** How far a membership reaches over records (ARCHITECTURE §7): its own, its workspaces', or all. Narrowest first. */
export const RECORD_SCOPES = ["own", "workspace", "all"] as const;
export type RecordScope = (typeof RECORD_SCOPES)[number];

/** A membership's effective record scope: the widest of its roles' scopes; no roles reach only their own. */
export function widestRecordScope(scopes: readonly RecordScope[]): RecordScope {
  return scopes.reduce<RecordScope>((w, s) => (RECORD_SCOPES.indexOf(s) > RECORD_SCOPES.indexOf(w) ? s : w), "own");
}

export interface OrgScope extends UserScope {
  orgId: string;
  orgSlug: string;
  membershipId: string;
  /** Active workspaces this membership may see in the organization (archived ones are opened by URL only). */
  workspaceIds: string[];
  permissions: ReadonlySet<string>;
  roles: string[];
  /** The widest record scope of the membership's roles; modules filter their lists by it (kernel README). */
  recordScope: RecordScope;
  /** Set when the request authenticated with an API key: the key acts as its creator with the key's scopes. */
  apiKey?: { id: string; prefix: string };
  /**
   * The organization-level settings enforced on every request, as stored (key → raw value; a missing key is its
   * default), read by platform.resolve_request_scope in the statement that reads the session timeout: the masking
   * settings (kernel/masking). Absent on scopes built outside the chain: readers then query the settings store.
   */
  orgSettings?: Readonly<Record<string, unknown>>;
}

export interface WorkspaceScope extends OrgScope {
  workspaceId: string;
  workspaceSlug: string;
  /** Set when the workspace is archived: it is read-only (workspaceProcedure refuses every mutation). */
  archived?: { name: string };
}
