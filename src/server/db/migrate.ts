// Applies prisma/migrations/<name>/migration.sql in order and records each in _prisma_migrations exactly as
// Prisma Migrate does (id, sha256 checksum, timestamps, applied steps), so `prisma migrate deploy` stays usable
// wherever Prisma's schema engine is available. An advisory lock keeps two instances from migrating at once, and
// a changed checksum of an applied migration stops everything: history is never rewritten.
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";

const LOCK_KEY = 72707369; // arbitrary, constant: "tessera migrations"

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir = path.resolve("prisma/migrations")): MigrationFile[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const buf = readFileSync(path.join(dir, name, "migration.sql"));
      return { name, sql: buf.toString("utf8"), checksum: createHash("sha256").update(buf).digest("hex") };
    });
}

export class MigrationChecksumError extends Error {
  constructor(readonly migration: string) {
    super(`migration ${migration} was changed after it was applied (checksum differs); add a new migration instead`);
  }
}

export async function migrate(ownerUrl: string, opts: { dir?: string; log?: (s: string) => void } = {}): Promise<string[]> {
  const log = opts.log ?? (() => undefined);
  const files = readMigrations(opts.dir);
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  const applied: string[] = [];
  try {
    await client.query("select pg_advisory_lock($1)", [LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
    const { rows } = await client.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      `select migration_name, checksum, finished_at from "_prisma_migrations" where rolled_back_at is null`,
    );
    const done = new Map(rows.map((r) => [r.migration_name, r]));
    for (const f of files) {
      const prev = done.get(f.name);
      if (prev) {
        if (prev.checksum !== f.checksum) throw new MigrationChecksumError(f.name);
        if (!prev.finished_at) throw new Error(`migration ${f.name} failed earlier and was not resolved`);
        continue;
      }
      const id = randomUUID();
      log(`applying ${f.name}`);
      await client.query("BEGIN");
      try {
        await client.query(
          `insert into "_prisma_migrations" (id, checksum, migration_name, started_at) values ($1, $2, $3, now())`,
          [id, f.checksum, f.name],
        );
        await client.query(f.sql);
        await client.query(
          `update "_prisma_migrations" set finished_at = now(), applied_steps_count = 1 where id = $1`,
          [id],
        );
        await client.query("COMMIT");
      } catch (e) {
        await client.query("ROLLBACK");
        throw new Error(`migration ${f.name} failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      }
      applied.push(f.name);
    }
  } finally {
    await client.query("select pg_advisory_unlock($1)", [LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
  return applied;
}
