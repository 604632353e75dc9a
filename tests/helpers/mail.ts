// Account mails as queued: the mail.send jobs in pgboss.job (rendered subject, HTML and text), newest first.
import { withConnection } from "./db";

export interface QueuedMail {
  template: string;
  subject: string;
  text: string;
}

export async function mailsTo(to: string): Promise<QueuedMail[]> {
  return withConnection("owner", async (c) =>
    (
      await c.query<QueuedMail>(
        `select data->>'template' as template, data->>'subject' as subject, data->>'text' as text
         from pgboss.job where name = 'mail.send' and data->>'to' = $1 order by created_on desc`,
        [to],
      )
    ).rows,
  );
}

/** The token of the newest mail to `to` that carries a link with `?token=`. */
export async function tokenFrom(to: string, template: string): Promise<string> {
  const mail = (await mailsTo(to)).find((m) => m.template === template);
  const token = mail && /[?&]token=([A-Za-z0-9_-]{43})/.exec(mail.text)?.[1];
  if (!token) throw new Error(`no ${template} mail with a token to ${to}`);
  return token;
}
