// Keeps every organization's catalog data in step with the code after an upgrade: system roles' grants (the
// permission catalog grows with each module) and number sequences (new document types). createOrganization does it
// for new organizations; this does it for the existing ones, once per catalog change.
//
// Why not in the migrations: migrations run as tessera_owner, which is subject to FORCE ROW LEVEL SECURITY and sees
// no tenant rows, so an `INSERT … SELECT … FROM auth.roles` backfill silently does nothing on a database that already
// has organizations (migration 20261202090000 explains it). This runs as the system role (BYPASSRLS), from
// prepareDatabase, after the migrations.
import { createHash } from "node:crypto";
import { createSystemClient } from "@/server/db/client";
import { SYSTEM_ROLES, expandPatterns } from "@/server/kernel/permissions";
import { DOCUMENT_TYPES, syncSequences } from "@/server/kernel/numbering";
import { syncSystemRoles } from "./organizations.service";

const LOCK_KEY = 72707370; // "tessera catalog reconcile" (the migrations' lock is 72707369)

/** SHA-256 over what syncSystemRoles and syncSequences write: any change to either makes the next start reconcile. */
export function catalogFingerprint(): string {
  const roles = SYSTEM_ROLES.map((r) => [r.key, r.name, r.description, expandPatterns(r.grants)]);
  const types = DOCUMENT_TYPES.map((d) => [d.key, d.defaultFormat, d.reset, d.scope]);
  return createHash("sha256").update(JSON.stringify({ roles, types })).digest("hex");
}

export interface ReconcileResult {
  /** Organizations re-synced (0 when the recorded fingerprint was already current). */
  organizations: number;
  fingerprint: string;
}

/**
 * Re-syncs system roles and sequences of every organization when the catalog changed since the last run. One
 * transaction under an advisory lock: two instances starting together reconcile once, and a failure leaves the
 * recorded fingerprint as it was, so the next start tries again.
 */
export async function reconcileCatalog(systemUrl: string, log: (s: string) => void = () => undefined): Promise<ReconcileResult> {
  const fingerprint = catalogFingerprint();
  const sys = createSystemClient(systemUrl);
  try {
    const current = await sys.catalogState.findUnique({ where: { id: 1 }, select: { fingerprint: true } });
    if (current?.fingerprint === fingerprint) return { organizations: 0, fingerprint };
    const organizations = await sys.$transaction(
      async (tx) => {
        await tx.$executeRaw`select pg_advisory_xact_lock(${LOCK_KEY}::bigint)`;
        const again = await tx.catalogState.findUnique({ where: { id: 1 }, select: { fingerprint: true } });
        if (again?.fingerprint === fingerprint) return 0;
        const orgs = await tx.organization.findMany({ select: { id: true }, orderBy: { id: "asc" } });
        for (const o of orgs) {
          await syncSystemRoles(tx, o.id);
          await syncSequences(tx, o.id);
        }
        await tx.catalogState.upsert({
          where: { id: 1 },
          create: { id: 1, fingerprint, organizations: orgs.length },
          update: { fingerprint, organizations: orgs.length, reconciledAt: new Date() },
        });
        return orgs.length;
      },
      { timeout: 600_000, maxWait: 60_000 },
    );
    if (organizations) log(`system roles and number sequences re-synced for ${organizations} organization(s)`);
    return { organizations, fingerprint };
  } finally {
    await sys.$disconnect();
  }
}
