// Installs or upgrades pg-boss's own schema ("pgboss") with the owner connection, next to the SQL migrations, and
// grants the system role what running queues needs. Runtime roles never get CREATE: the one DDL path pg-boss needs
// at run time, create_queue (each queue is a partition of pgboss.job), runs as its owner (SECURITY DEFINER), so
// the system role can create queues without being able to create anything else.
//
// The app role may queue a job inside its own (scoped) transaction, so a mail commits with the invitation it
// announces: pg-boss's insert reads the queue's settings and returns the new id. That is all it gets — INSERT on
// pgboss.job, SELECT of the id column only (never a payload), SELECT on pgboss.queue (configuration). The grants
// live here, not in a SQL migration: the pgboss schema is installed after the migrations, on every start.
import PgBoss from "pg-boss";
import pg from "pg";
import { DB_ROLES } from "@/server/db/bootstrap";

export const JOBS_SCHEMA = "pgboss";

export async function installJobsSchema(ownerUrl: string): Promise<void> {
  // migrate: true installs the schema, or upgrades it under pg-boss's own advisory lock; no workers, no timers.
  const boss = new PgBoss({ connectionString: ownerUrl, schema: JOBS_SCHEMA, migrate: true, supervise: false, schedule: false, max: 1 });
  boss.on("error", () => undefined);
  await boss.start();
  await boss.stop({ graceful: false, wait: true });

  const c = new pg.Client({ connectionString: ownerUrl });
  await c.connect();
  try {
    const s = JOBS_SCHEMA;
    await c.query(`
      GRANT USAGE ON SCHEMA ${s} TO ${DB_ROLES.system};
      GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${s} TO ${DB_ROLES.system};
      ALTER DEFAULT PRIVILEGES FOR ROLE ${DB_ROLES.owner} IN SCHEMA ${s}
        GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${DB_ROLES.system};
      ALTER FUNCTION ${s}.create_queue(text, json) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
      REVOKE ALL ON FUNCTION ${s}.create_queue(text, json) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION ${s}.create_queue(text, json) TO ${DB_ROLES.system};
      REVOKE ALL ON FUNCTION ${s}.delete_queue(text) FROM PUBLIC;
      GRANT USAGE ON SCHEMA ${s} TO ${DB_ROLES.app};
      GRANT SELECT ON ${s}.queue TO ${DB_ROLES.app};
      GRANT INSERT, SELECT (id) ON ${s}.job TO ${DB_ROLES.app};
    `);
  } finally {
    await c.end();
  }
}
