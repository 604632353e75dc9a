import { router } from "@/server/trpc/procedures";
import { attachmentsRouter } from "./attachments.router";
import { mailRouter } from "./mail.router";
import { sequencesRouter } from "./sequences.router";
import { valuesRouter } from "./values.router";
import { viewsRouter } from "./views.router";

export const settingsRouter = router({
  attachments: attachmentsRouter,
  mail: mailRouter,
  sequences: sequencesRouter,
  values: valuesRouter,
  views: viewsRouter,
});
