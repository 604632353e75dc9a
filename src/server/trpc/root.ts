import { auditRouter } from "@/server/modules/audit/audit.router";
import { platformRouter } from "@/server/modules/platform/platform.router";
import { createCallerFactory, router } from "./procedures";

export const appRouter = router({
  platform: platformRouter,
  audit: auditRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
