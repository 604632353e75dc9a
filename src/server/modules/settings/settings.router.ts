import { router } from "@/server/trpc/procedures";
import { sequencesRouter } from "./sequences.router";

export const settingsRouter = router({
  sequences: sequencesRouter,
});
