// Workers inside the Next server (instrumentation.ts): start all registered workers and, on SIGINT/SIGTERM, stop
// fetching and give running jobs the time Next leaves before it exits. A job cut short is not lost: it expires
// and is retried (expireInSeconds).
import { logger } from "@/server/kernel/logger";
import { startWorkers, stopJobs } from "./index";

let installed = false;

export async function runWorkersInProcess(): Promise<string[]> {
  const started = await startWorkers();
  if (!installed) {
    installed = true;
    const onSignal = (signal: NodeJS.Signals) => {
      logger.info({ signal }, "stopping job workers");
      void stopJobs();
    };
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
  }
  return started;
}
