// The dev mailbox: reads what the file transport wrote to MAIL_DIR.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { mailDir, type StoredMail } from "./transport";

const ID = /^[0-9TZ]+-[0-9a-f]{8}$/;

export type MailSummary = Pick<StoredMail, "id" | "date" | "to" | "subject">;

/** Newest first. */
export async function listMail(limit = 200): Promise<MailSummary[]> {
  const names = await readdir(mailDir()).catch(() => [] as string[]);
  const ids = names.filter((n) => n.endsWith(".json")).map((n) => n.slice(0, -5)).filter((id) => ID.test(id)).sort().reverse().slice(0, limit);
  const out: MailSummary[] = [];
  for (const id of ids) {
    const m = await readMail(id);
    if (m) out.push({ id: m.id, date: m.date, to: m.to, subject: m.subject });
  }
  return out;
}

/** One message, or null for an unknown or malformed id (never a path outside MAIL_DIR). */
export async function readMail(id: string): Promise<StoredMail | null> {
  if (!ID.test(id)) return null;
  try {
    return JSON.parse(await readFile(path.join(mailDir(), `${id}.json`), "utf8")) as StoredMail;
  } catch {
    return null;
  }
}

/** Dev tools (the mailbox page): outside production, or when TESSERA_DEV_TOOLS=1 (the demo and e2e launcher). */
export function devToolsEnabled(): boolean {
  return process.env.NODE_ENV !== "production" || process.env.TESSERA_DEV_TOOLS === "1";
}
