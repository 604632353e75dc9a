import { enqueue } from "@/server/kernel/jobs";
import { renderTemplate, type TemplateName, type TemplateVars } from "./templates";

/**
 * Renders `template` with `vars` now (so a broken template fails the caller, not a worker) and queues its delivery
 * as a mail.send job, which retries. Returns the job id.
 */
export async function sendMail<T extends TemplateName>(template: T, to: string, vars: TemplateVars<T>): Promise<string | null> {
  const rendered = renderTemplate(template, vars);
  return enqueue("mail.send", { to, ...rendered, template });
}
