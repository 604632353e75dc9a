// `npm run worker`: job workers without the web server (run as many as you like; pg-boss hands each job to one
// of them). Set TESSERA_WORKERS=off on the app servers when you run workers this way. Uses the database URLs of
// .env.example; without DATABASE_URL it starts the embedded PostgreSQL in .data/postgres (only when the app is not
// running on it — otherwise the app's own workers already run). SIGINT/SIGTERM lets running jobs finish, then exits.
import { prepareDatabase } from "@/server/db/setup";

const log = (s: string) => console.log(`[worker] ${s}`);
const prepared = await prepareDatabase({ dataDir: process.env.TESSERA_DATA_DIR, log });
Object.assign(process.env, prepared.env);
const { startWorkers, stopJobs } = await import("@/server/kernel/jobs");
const { disconnectAll } = await import("@/server/db/client");

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  log(`${signal}: letting running jobs finish`);
  await stopJobs();
  await disconnectAll();
  await prepared.stop();
  process.exit(0);
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));

try {
  const started = await startWorkers();
  log(`working on ${started.join(", ") || "no jobs"}; Ctrl+C to stop`);
} catch (err) {
  console.error(err);
  await prepared.stop();
  process.exit(1);
}
