import { db } from "@/server/db/client";
import { logger } from "@/server/kernel/logger";

/** Liveness and readiness for load balancers and the e2e runner: the app answers and the database is reachable. */
export async function GET() {
  const headers = { "cache-control": "no-store" };
  try {
    await db().$queryRaw`select 1`;
    return Response.json({ status: "ok" }, { headers });
  } catch (err) {
    logger.error({ err }, "health check: database unreachable");
    return Response.json({ status: "unavailable" }, { status: 503, headers });
  }
}
