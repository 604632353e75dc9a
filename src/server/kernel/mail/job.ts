import { z } from "zod";
import { defineJob } from "@/server/kernel/jobs/define";
import { deliver } from "./transport";

export const ZMailSendJob = z.object({
  to: z.email(),
  subject: z.string().min(1).max(998),
  html: z.string(),
  text: z.string(),
  template: z.string().optional(),
});

/** Delivers a rendered message; retried with backoff when the SMTP server refuses or is down. */
export const mailSendJob = defineJob({
  name: "mail.send",
  schema: ZMailSendJob,
  options: { retryLimit: 5, retryDelay: 10, retryBackoff: true, expireInSeconds: 120 },
  handler: async (mail, ctx) => {
    const id = await deliver(mail);
    ctx.log.info({ template: mail.template, messageId: id }, "mail delivered");
    return { messageId: id };
  },
});
