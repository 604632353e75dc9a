// A database as an older release left it, for tests of what a migration does to existing data: the migrations before
// a given one (olderMigrationsDir), an organization created there by today's code (createOlderOrganization), or a
// scratch database migrated with them and one such organization (its main workspace) (olderDatabase).
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createSystemClient, type SystemClient } from "@/server/db/client";
import { migrate } from "@/server/db/migrate";
import type { TCreateOrganizationInput } from "@/server/modules/platform/platform.schemas";
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

/**
 * The tables createOrganization writes that later migrations created (Prisma model → the migration that created its
 * table). An organization of an older database has none of their rows: the migration that creates the table gives
 * them to every organization it finds (as 20261203140000 does the default adjustment reasons).
 */
const LATER_TABLES: Readonly<Record<string, string>> = {
  AdjustmentReason: "20261203140000_inventory_adjustment_reasons",
};

/**
 * Creates an organization with today's createOrganization on a database migrated up to (not including) `migration`:
 * the rows of tables that migration or a later one creates (LATER_TABLES) are left out — their createMany writes
 * nothing; any other use of them fails loudly, since that table does not exist there yet.
 */
export async function createOlderOrganization(sys: SystemClient, migration: string, input: TCreateOrganizationInput) {
  const missing = new Set(Object.entries(LATER_TABLES).filter(([, created]) => created >= migration).map(([model]) => model));
  const older = sys.$extends({
    query: {
      $allModels: {
        async $allOperations({ model, operation, args, query }) {
          if (!missing.has(model)) return query(args);
          if (operation === "createMany") return { count: 0 };
          throw new Error(`${model}.${operation} on a database before ${LATER_TABLES[model]}: its table does not exist yet`);
        },
      },
    },
  });
  // The extended client is the same client with that one difference; createOrganization takes the plain type.
  return createOrganization(older as unknown as SystemClient, input);
}

/** The scratch database migrated up to (not including) `migration`, with an organization named `name`. */
export async function olderDatabase(migration: string, org: { name: string; slug: string }): Promise<{ db: ScratchDatabase; orgId: string; wsId: string }> {
  const db = await scratchDatabase();
  databases.push(db.name);
  await migrate(db.owner, { dir: olderMigrationsDir(migration) });
  const sys = createSystemClient(db.system);
  try {
    const created = await createOlderOrganization(sys, migration, {
      ...org, country: "US", baseCurrency: "USD", timeZone: "UTC", locale: "en-US",
      workspaces: [{ name: "Main", slug: "main", type: "main" }],
    });
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
