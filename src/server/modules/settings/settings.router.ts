import { router } from "@/server/trpc/procedures";
import { sequencesRouter } from "./sequences.router";
import { viewsRouter } from "./views.router";

export const settingsRouter = router({
  sequences: sequencesRouter,
  views: viewsRouter,
});
