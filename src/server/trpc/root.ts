import { platformRouter } from "@/server/modules/platform/platform.router";
import { createCallerFactory, router } from "./procedures";

export const appRouter = router({
  platform: platformRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
