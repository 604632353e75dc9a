// Creates the three database roles and the database. Needs a superuser (or CREATEROLE + CREATEDB) connection; it
// runs once per server, before migrations. Idempotent: existing roles get their password and attributes reset.
import pg from "pg";

export const DB_ROLES = { owner: "tessera_owner", app: "tessera_app", system: "tessera_system" } as const;
export type RolePasswords = Record<keyof typeof DB_ROLES, string>;

export interface DatabaseUrls {
  /** tessera_app: the runtime role, subject to row-level security. */
  app: string;
  /** tessera_owner: owns the schemas, runs migrations. */
  owner: string;
  /** tessera_system: BYPASSRLS, for the few platform paths that must cross tenants. */
  system: string;
}

function urlFor(adminUrl: string, role: string, password: string, database: string): string {
  const u = new URL(adminUrl);
  u.username = role;
  u.password = password;
  u.pathname = `/${database}`;
  return u.toString();
}

const ident = (s: string) => `"${s.replaceAll('"', '""')}"`;
const literal = (s: string) => `'${s.replaceAll("'", "''")}'`;

export async function bootstrapDatabase(adminUrl: string, database: string, passwords: RolePasswords): Promise<DatabaseUrls> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const attrs: Record<keyof typeof DB_ROLES, string> = {
      owner: "LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE",
      app: "LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB",
      system: "LOGIN NOSUPERUSER BYPASSRLS NOCREATEROLE NOCREATEDB",
    };
    for (const key of Object.keys(DB_ROLES) as (keyof typeof DB_ROLES)[]) {
      const role = DB_ROLES[key];
      const exists = await admin.query("select 1 from pg_roles where rolname = $1", [role]);
      const verb = exists.rowCount ? "ALTER" : "CREATE";
      await admin.query(`${verb} ROLE ${ident(role)} WITH ${attrs[key]} PASSWORD ${literal(passwords[key])}`);
    }
    const db = await admin.query("select 1 from pg_database where datname = $1", [database]);
    if (!db.rowCount) await admin.query(`CREATE DATABASE ${ident(database)} OWNER ${DB_ROLES.owner} ENCODING 'UTF8' TEMPLATE template0`);
    await admin.query(`REVOKE ALL ON DATABASE ${ident(database)} FROM PUBLIC`);
    await admin.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${ident(database)} TO ${DB_ROLES.app}, ${DB_ROLES.system}`);
  } finally {
    await admin.end();
  }
  // The public schema holds only _prisma_migrations, owned by the migrating role; the runtime roles need nothing there.
  const inDb = new URL(adminUrl);
  inDb.pathname = `/${database}`;
  const adminInDb = new pg.Client({ connectionString: inDb.toString() });
  await adminInDb.connect();
  try {
    await adminInDb.query(`ALTER SCHEMA public OWNER TO ${DB_ROLES.owner}`);
    await adminInDb.query("REVOKE ALL ON SCHEMA public FROM PUBLIC");
  } finally {
    await adminInDb.end();
  }
  return {
    app: urlFor(adminUrl, DB_ROLES.app, passwords.app, database),
    owner: urlFor(adminUrl, DB_ROLES.owner, passwords.owner, database),
    system: urlFor(adminUrl, DB_ROLES.system, passwords.system, database),
  };
}
