// Delivery. SMTP_URL set → nodemailer's SMTP transport. Otherwise the file transport: nodemailer builds the message
// (jsonTransport) and it is written as one JSON file (headers, html, text) to MAIL_DIR, where the dev mailbox reads it.
import { randomUUID } from "node:crypto";
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import nodemailer, { type Transporter } from "nodemailer";

export interface OutgoingMail {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Business context for logs (template name). */
  template?: string;
}

export interface StoredMail {
  id: string;
  date: string;
  from: string;
  to: string;
  subject: string;
  headers: Record<string, string>;
  html: string;
  text: string;
  template: string | null;
}

export function mailDir(): string {
  // A runtime folder, not a source: keep the bundler from tracing the whole project into the server output.
  return path.resolve(/*turbopackIgnore: true*/ process.env.MAIL_DIR ?? ".data/mail");
}

export function mailFrom(): string {
  return process.env.MAIL_FROM ?? "Tessera <no-reply@tessera.localhost>";
}

const g = globalThis as unknown as { __tesseraSmtp?: Transporter };

function smtp(url: string): Transporter {
  return (g.__tesseraSmtp ??= nodemailer.createTransport(url));
}

/** Sends one message now (the mail.send job calls this; call sendMail to send with retries). Returns its id. */
export async function deliver(mail: OutgoingMail): Promise<string> {
  const message = { from: mailFrom(), to: mail.to, subject: mail.subject, html: mail.html, text: mail.text };
  if (process.env.SMTP_URL) {
    const info = await smtp(process.env.SMTP_URL).sendMail(message);
    return String(info.messageId);
  }
  const info = await nodemailer.createTransport({ jsonTransport: true }).sendMail(message);
  const built = JSON.parse(String(info.message)) as { headers?: Record<string, string>; messageId?: string };
  const date = new Date();
  const id = `${date.toISOString().replace(/[-:.]/g, "")}-${randomUUID().slice(0, 8)}`;
  const stored: StoredMail = {
    id,
    date: date.toISOString(),
    from: message.from,
    to: mail.to,
    subject: mail.subject,
    headers: { ...(built.headers ?? {}), "message-id": String(info.messageId ?? built.messageId ?? id) },
    html: mail.html,
    text: mail.text,
    template: mail.template ?? null,
  };
  const dir = mailDir();
  await mkdir(dir, { recursive: true });
  // Written under a temporary name and renamed, so the mailbox never reads half a message.
  const tmp = path.join(dir, `.${id}.tmp`);
  await writeFile(tmp, JSON.stringify(stored, null, 2));
  await rename(tmp, path.join(dir, `${id}.json`));
  return id;
}
