import { router } from "@/server/trpc/procedures";
import { viewsRouter } from "./views.router";

export const settingsRouter = router({
  views: viewsRouter,
});
