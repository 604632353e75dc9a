import { permission, router } from "@/server/trpc/procedures";
import { sendTestMail } from "./mail.service";

export const mailRouter = router({
  sendTest: permission("settings.setting.update").mutation(({ ctx }) => sendTestMail(ctx.tx, ctx.scope)),
});
