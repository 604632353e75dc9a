import { enqueue, type JobTx } from "@/server/kernel/jobs";
import { renderTemplate, type TemplateName, type TemplateVars } from "./templates";

export interface SendMailOptions {
  /**
   * The transaction that creates what the mail announces (an invitation, a token): the mail is queued in it and
   * leaves only if it commits. Without it the mail is queued at once, whatever happens afterwards.
   */
  tx?: JobTx;
  /** A higher priority is delivered before the queue's older mail (a password reset before a batch of notifications). */
  priority?: number;
}

/**
 * Renders `template` with `vars` now (so a broken template fails the caller, not a worker) and queues its delivery
 * as a mail.send job, which retries. Returns the job id.
 */
export async function sendMail<T extends TemplateName>(template: T, to: string, vars: TemplateVars<T>, opts: SendMailOptions = {}): Promise<string | null> {
  const rendered = renderTemplate(template, vars);
  return enqueue("mail.send", { to, ...rendered, template }, {
    ...(opts.tx ? { tx: opts.tx } : {}),
    ...(opts.priority !== undefined ? { priority: opts.priority } : {}),
  });
}
