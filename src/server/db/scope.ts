// Scoped transactions: every tenant-scoped unit of work runs in one interactive transaction whose first statement
// sets the transaction-local settings that row-level security reads. Only SET LOCAL semantics (set_config(..., true)),
// so it is safe behind PgBouncer in transaction mode.
import type { AppClient } from "./client";
import { db } from "./client";

export type Tx = Parameters<Parameters<AppClient["$transaction"]>[0]>[0];

export interface DbSettings {
  userId?: string | null;
  orgId?: string | null;
  workspaceIds?: readonly string[];
  requestId?: string | null;
}

/** Sets (or narrows) the RLS settings of the current transaction. */
export async function applySettings(tx: Tx, s: DbSettings): Promise<void> {
  const wsArray = s.workspaceIds && s.workspaceIds.length ? `{${s.workspaceIds.join(",")}}` : "";
  await tx.$queryRaw`select set_config('app.org_id', ${s.orgId ?? ""}, true),
    set_config('app.workspace_ids', ${wsArray}, true),
    set_config('app.user_id', ${s.userId ?? ""}, true),
    set_config('app.request_id', ${s.requestId ?? ""}, true)`;
}

/** Runs fn in one transaction as tessera_app with the given settings; any throw rolls everything back. */
export async function withSettings<T>(s: DbSettings, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db().$transaction(async (tx) => {
    await applySettings(tx, s);
    return fn(tx);
  });
}
