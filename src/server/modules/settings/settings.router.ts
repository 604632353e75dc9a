import { router } from "@/server/trpc/procedures";
import { attachmentsRouter } from "./attachments.router";

export const settingsRouter = router({
  attachments: attachmentsRouter,
});
