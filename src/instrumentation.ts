// Next calls register() once per server process. In the Node runtime it starts the job workers with the app,
// unless TESSERA_WORKERS=off (then run `npm run worker` separately).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  if (process.env.TESSERA_WORKERS === "off") return;
  const { runWorkersInProcess } = await import("@/server/kernel/jobs/process");
  const { logger } = await import("@/server/kernel/logger");
  try {
    await runWorkersInProcess();
  } catch (err) {
    // The app still serves requests; jobs queue up until a worker runs.
    logger.error({ err }, "job workers did not start");
  }
}
