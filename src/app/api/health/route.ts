import { db } from "@/server/db/client";
import { logger } from "@/server/kernel/logger";

export const dynamic = "force-dynamic";

/** Liveness and readiness for load balancers and the e2e runner: the app answers and the database is reachable. */
export async function GET() {
  const headers = { "cache-control": "no-store" };
  try {
    await db().$queryRaw`select 1`;
    return Response.json({ status: "ok", db: "ok" }, { headers });
  } catch (err) {
    logger.error({ err }, "health check: database unreachable");
    return Response.json({ status: "unavailable", db: "down" }, { status: 503, headers });
  }
}
