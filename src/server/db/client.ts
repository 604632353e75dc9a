// Prisma clients. `db` connects as tessera_app (row-level security applies, password hashes are never selected);
// `systemDb` connects as tessera_system (BYPASSRLS) and is only for the platform paths that must cross tenants:
// sign-in lookup, sign-up, invitations, platform admin, job dispatch. Import it nowhere else.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/generated/prisma/client";
import { databaseUrls } from "./env";

function createAppClient(url: string) {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10), connectionTimeoutMillis: 5_000 }),
    omit: { user: { passwordHash: true } },
    transactionOptions: { maxWait: 10_000, timeout: 30_000 },
  });
}

/** A system client of its own (the launcher's post-migrate reconcile); anything else uses systemDb(). */
export function createSystemClient(url: string) {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString: url, max: 4, connectionTimeoutMillis: 5_000 }),
    transactionOptions: { maxWait: 10_000, timeout: 30_000 },
  });
}

export type AppClient = ReturnType<typeof createAppClient>;
export type SystemClient = ReturnType<typeof createSystemClient>;
/** A transaction on the system client (BYPASSRLS). */
export type SystemTx = Parameters<Parameters<SystemClient["$transaction"]>[0]>[0];

const g = globalThis as unknown as { __tesseraDb?: AppClient; __tesseraSystemDb?: SystemClient };

/** The runtime client (tessera_app). Use it through withScope(): outside a scoped transaction RLS shows nothing. */
export function db(): AppClient {
  return (g.__tesseraDb ??= createAppClient(databaseUrls().app));
}

/** The BYPASSRLS client (tessera_system). Cross-tenant platform paths only. */
export function systemDb(): SystemClient {
  return (g.__tesseraSystemDb ??= createSystemClient(databaseUrls().system));
}

export async function disconnectAll(): Promise<void> {
  await Promise.all([g.__tesseraDb?.$disconnect(), g.__tesseraSystemDb?.$disconnect()]);
  g.__tesseraDb = undefined;
  g.__tesseraSystemDb = undefined;
}
