import { platformRouter } from "@/server/modules/platform/platform.router";
import { settingsRouter } from "@/server/modules/settings/settings.router";
import { createCallerFactory, router } from "./procedures";

export const appRouter = router({
  platform: platformRouter,
  settings: settingsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
