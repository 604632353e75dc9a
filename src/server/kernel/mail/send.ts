import { enqueue, type EnqueueOptions } from "@/server/kernel/jobs";
import { renderTemplate, type TemplateName, type TemplateVars } from "./templates";

/**
 * Renders `template` with `vars` now (so a broken template fails the caller, not a worker) and queues its delivery
 * as a mail.send job, which retries. Returns the job id. `opts.priority`: a higher one is delivered before the queue's
 * older mail (a password reset before a batch of notifications).
 */
export async function sendMail<T extends TemplateName>(template: T, to: string, vars: TemplateVars<T>, opts: EnqueueOptions = {}): Promise<string | null> {
  const rendered = renderTemplate(template, vars);
  return enqueue("mail.send", { to, ...rendered, template }, opts);
}
