// A database as an older release left it, for tests of what a migration does to existing data: the migrations before
// a given one (olderMigrationsDir), or a scratch database migrated with them and one organization (its main
// workspace) created there (olderDatabase).
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createSystemClient } from "@/server/db/client";
import { migrate } from "@/server/db/migrate";
import { createOrganization } from "@/server/modules/platform/organizations.service";
import { dropDatabases, scratchDatabase } from "./db";

type ScratchDatabase = Awaited<ReturnType<typeof scratchDatabase>>;

const databases: string[] = [];
const dirs: string[] = [];

/** A copy of prisma/migrations without `migration` and everything after it (removed by dropOlderDatabases). */
export function olderMigrationsDir(migration: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tessera-older-"));
  dirs.push(dir);
  for (const name of readdirSync("prisma/migrations")) if (name < migration) cpSync(path.join("prisma/migrations", name), path.join(dir, name), { recursive: true });
  return dir;
}

/** The scratch database migrated up to (not including) `migration`, with an organization named `name`. */
export async function olderDatabase(migration: string, org: { name: string; slug: string }): Promise<{ db: ScratchDatabase; orgId: string; wsId: string }> {
  const db = await scratchDatabase();
  databases.push(db.name);
  await migrate(db.owner, { dir: olderMigrationsDir(migration) });
  const sys = createSystemClient(db.system);
  try {
    const created = await createOrganization(sys, {
      ...org, country: "US", baseCurrency: "USD", timeZone: "UTC", locale: "en-US",
      workspaces: [{ name: "Main", slug: "main", type: "main" }],
    }, { olderSchema: true });
    const orgId = created.organization.id;
    const wsId = (await sys.workspace.findFirstOrThrow({ where: { organizationId: orgId }, select: { id: true } })).id;
    return { db, orgId, wsId };
  } finally {
    await sys.$disconnect();
  }
}

/** Drops the databases and folders olderDatabase made (afterAll). */
export async function dropOlderDatabases(): Promise<void> {
  await dropDatabases(databases.splice(0));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}
