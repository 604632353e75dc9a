// The migration runner (src/server/db/migrate.ts) on fresh, empty databases: it applies prisma/migrations in order,
// records each in _prisma_migrations as Prisma Migrate does, applies nothing twice (also when two instances start at
// once), refuses to continue when an applied migration was edited, and rolls a failing migration back completely.
import { createHash } from "node:crypto";
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { migrate, MigrationChecksumError } from "@/server/db/migrate";
import { dropDatabases, onDatabase, scratchDatabase } from "../helpers/db";

const MIGRATIONS = path.resolve("prisma/migrations");
// Computed here independently of the runner's readMigrations().
const NAMES = readdirSync(MIGRATIONS, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(path.join(MIGRATIONS, d.name, "migration.sql")))
  .map((d) => d.name)
  .sort();
const sha256 = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

const databases: string[] = [];
const tempDirs: string[] = [];

/** A new, empty database owned by tessera_owner (as the bootstrap makes it); returns the owner's URL for it. */
async function freshDatabase(): Promise<string> {
  const db = await scratchDatabase();
  databases.push(db.name);
  return db.owner;
}

interface MigrationRow {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
}
const history = (url: string) =>
  onDatabase(url, async (c) => (await c.query<MigrationRow>(`select * from "_prisma_migrations" order by migration_name, started_at`)).rows);
const exists = (url: string, regclass: string) =>
  onDatabase(url, async (c) => (await c.query<{ r: string | null }>("select to_regclass($1)::text as r", [regclass])).rows[0]?.r !== null);

/** prisma/migrations copied to a temp dir, for editing. */
function copyOfMigrations(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tessera-migrations-"));
  tempDirs.push(dir);
  cpSync(MIGRATIONS, dir, { recursive: true });
  return dir;
}
function addMigration(dir: string, name: string, sql: string) {
  mkdirSync(path.join(dir, name), { recursive: true });
  writeFileSync(path.join(dir, name, "migration.sql"), sql);
}

afterAll(async () => {
  await dropDatabases(databases);
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe("migration runner", () => {
  it("has migrations to test with", () => {
    expect(NAMES.length).toBeGreaterThanOrEqual(1);
    expect(NAMES[0]).toMatch(/^\d{14}_\w+$/);
  });

  it("applies every migration to an empty database and records each as Prisma Migrate does; a second run applies nothing", async () => {
    const url = await freshDatabase();
    expect(await exists(url, "_prisma_migrations")).toBe(false);

    expect(await migrate(url)).toEqual(NAMES);

    const rows = await history(url);
    expect(rows.map((r) => r.migration_name)).toEqual(NAMES);
    for (const r of rows) {
      const where = r.migration_name;
      expect(r.checksum, where).toBe(sha256(path.join(MIGRATIONS, r.migration_name, "migration.sql")));
      expect(r.id, where).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(r.finished_at, where).toBeInstanceOf(Date);
      expect(r.finished_at!.getTime(), where).toBeGreaterThanOrEqual(r.started_at.getTime());
      expect(r.applied_steps_count, where).toBe(1);
      expect(r.rolled_back_at, where).toBeNull();
    }
    // The migrations really ran.
    expect(await exists(url, "platform.organizations")).toBe(true);
    expect(await exists(url, "auth.memberships")).toBe(true);

    // The bookkeeping table has Prisma Migrate's shape, so `prisma migrate deploy` can take over.
    const shape = await onDatabase(url, async (c) =>
      (
        await c.query<{ column: string; type: string; not_null: boolean }>(`
          select a.attname::text as column, format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as not_null
          from pg_attribute a where a.attrelid = 'public._prisma_migrations'::regclass and a.attnum > 0 and not a.attisdropped
          order by a.attnum`)
      ).rows,
    );
    expect(shape).toEqual([
      { column: "id", type: "character varying(36)", not_null: true },
      { column: "checksum", type: "character varying(64)", not_null: true },
      { column: "finished_at", type: "timestamp with time zone", not_null: false },
      { column: "migration_name", type: "character varying(255)", not_null: true },
      { column: "logs", type: "text", not_null: false },
      { column: "rolled_back_at", type: "timestamp with time zone", not_null: false },
      { column: "started_at", type: "timestamp with time zone", not_null: true },
      { column: "applied_steps_count", type: "integer", not_null: true },
    ]);

    expect(await migrate(url)).toEqual([]);
    expect(await history(url)).toEqual(rows);
  });

  it("applies each migration exactly once when several runners start at the same time", async () => {
    const url = await freshDatabase();
    // A slow first migration makes sure the runners overlap: without the advisory lock, the others would read the
    // history before the first commits and apply the same migrations again.
    const dir = copyOfMigrations();
    const slow = "00000000000000_slow";
    addMigration(dir, slow, "SELECT pg_sleep(0.3);");
    const all = [slow, ...NAMES];
    const results = await Promise.all([migrate(url, { dir }), migrate(url, { dir }), migrate(url, { dir })]);
    // One runner did everything; the others waited for the lock and found nothing left to do.
    expect([...results].sort((a, b) => a.length - b.length)).toEqual([[], [], all]);
    const counts = await onDatabase(url, async (c) =>
      (await c.query<{ name: string; n: number }>(`select migration_name as name, count(*)::int as n from "_prisma_migrations" group by 1 order by 1`)).rows,
    );
    expect(counts).toEqual(all.map((name) => ({ name, n: 1 })));
  });

  it("refuses to run when an applied migration was edited, and applies nothing after it", async () => {
    const url = await freshDatabase();
    const dir = copyOfMigrations();
    expect(await migrate(url, { dir })).toEqual(NAMES);
    const before = await history(url);

    const edited = NAMES[0]!;
    appendFileSync(path.join(dir, edited, "migration.sql"), "\n-- an innocent-looking edit\n");
    addMigration(dir, "29990101000000_after_edit", `CREATE TABLE "public"."after_edit" (id integer);`);

    const run = migrate(url, { dir });
    await expect(run).rejects.toBeInstanceOf(MigrationChecksumError);
    await expect(run).rejects.toMatchObject({ migration: edited });
    expect(await history(url)).toEqual(before);
    expect(await exists(url, "public.after_edit")).toBe(false);
  });

  it("rolls a failing migration back completely, stops there, and can apply it once fixed", async () => {
    const url = await freshDatabase();
    const dir = copyOfMigrations();
    const broken = "29990101000000_broken";
    addMigration(
      dir,
      broken,
      `CREATE TABLE "platform"."half_done" (id integer);
       CREATE TYPE "platform"."half_done_status" AS ENUM ('a');
       INSERT INTO "platform"."half_done" VALUES (1);
       SELECT * FROM "platform"."no_such_table";`,
    );
    addMigration(dir, "29990102000000_later", `CREATE TABLE "platform"."later" (id integer);`);

    await expect(migrate(url, { dir })).rejects.toThrow(new RegExp(`${broken}.*no_such_table`));

    const rows = await history(url);
    // The migrations before it were applied and recorded; the broken one has no finished record; the later one did not run.
    expect(rows.filter((r) => r.finished_at !== null).map((r) => r.migration_name)).toEqual(NAMES);
    expect(rows.filter((r) => r.migration_name === broken && r.finished_at !== null)).toEqual([]);
    expect(rows.some((r) => r.migration_name === "29990102000000_later")).toBe(false);
    // Nothing of it is left in the database.
    expect(await exists(url, "platform.half_done")).toBe(false);
    expect(await exists(url, "platform.later")).toBe(false);
    const types = await onDatabase(url, async (c) => (await c.query("select 1 from pg_type where typname = 'half_done_status'")).rowCount);
    expect(types).toBe(0);

    // Because the failure left nothing behind, the fixed migration simply applies on the next run.
    writeFileSync(path.join(dir, broken, "migration.sql"), `CREATE TABLE "platform"."half_done" (id integer);`);
    expect(await migrate(url, { dir })).toEqual([broken, "29990102000000_later"]);
    const fixed = (await history(url)).find((r) => r.migration_name === broken);
    expect(fixed?.checksum).toBe(sha256(path.join(dir, broken, "migration.sql")));
    expect(fixed?.finished_at).toBeInstanceOf(Date);
    expect(await exists(url, "platform.half_done")).toBe(true);
  });
});
