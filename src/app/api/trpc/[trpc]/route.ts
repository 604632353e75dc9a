import { fetchRequestHandler } from "@trpc/server/adapters/fetch";

import { logger } from "@/server/kernel/logger";
import { createContext } from "@/server/trpc/context";
import { appRouter } from "@/server/trpc/root";

function handler(req: Request) {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => createContext({ headers: req.headers }),
    onError({ error, path, type, ctx }) {
      // Expected errors (validation, not found, forbidden…) are answers, not incidents. Failures inside a
      // procedure are logged by the procedures' logging middleware; this catches the ones before it
      // (context creation), which have no context.
      if (error.code === "INTERNAL_SERVER_ERROR" && !ctx) {
        logger.error({ err: error.cause ?? error, path, type }, "tRPC request failed before the procedure ran");
      }
    },
  });
}

export { handler as GET, handler as POST };
