import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { InboxIcon, SendIcon } from "lucide-react";
import { getFormatter, getTranslations } from "next-intl/server";

import { Button } from "@/components/ui/Button";
import { getSessionUser } from "@/server/auth/session";
import { devToolsEnabled, listMail, sendMail } from "@/server/kernel/mail";

import { MAIL_DATE } from "./mail-date";

export const dynamic = "force-dynamic";
export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("devMailbox");
  return { title: t("metaTitle"), robots: { index: false } };
}

// What the file transport wrote to MAIL_DIR: every message the app "sent". Dev tools only (404 in production).
/** Queues the "test" message to the signed-in user: the whole path (job, worker, transport) in one click. */
async function sendTestMessage() {
  "use server";
  if (!devToolsEnabled()) notFound();
  const user = await getSessionUser();
  if (!user) redirect("/sign-in?callbackUrl=%2Fdev%2Fmailbox");
  await sendMail("test", user.email, { name: user.name, sentBy: "the dev mailbox" });
  redirect("/dev/mailbox?sent=1");
}

export default async function MailboxPage({ searchParams }: { searchParams: Promise<{ sent?: string }> }) {
  if (!devToolsEnabled()) notFound();
  const [mails, { sent }, t, format] = await Promise.all([listMail(), searchParams, getTranslations("devMailbox"), getFormatter()]);
  return (
    <main id="main-content" className="mx-auto grid max-w-5xl gap-6 px-4 py-8">
      <div className="grid gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
        <p className="text-sm text-muted-foreground">{t("description")}</p>
      </div>
      <form action={sendTestMessage} className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="outline">
          <SendIcon aria-hidden="true" />
          {t("sendTest")}
        </Button>
        {sent ? (
          <p role="status" className="text-sm text-muted-foreground">
            {t("queued")}
          </p>
        ) : null}
      </form>
      {mails.length === 0 ? (
        <div className="flex flex-col items-center gap-2 rounded-md border border-dashed py-12 text-center text-sm text-muted-foreground">
          <InboxIcon aria-hidden="true" className="size-6" />
          <p>{t("empty")}</p>
        </div>
      ) : (
        <table className="w-full text-sm">
          <caption className="sr-only">{t("caption")}</caption>
          <thead className="text-left text-muted-foreground">
            <tr>
              <th scope="col" className="py-2 pr-4 font-medium">{t("to")}</th>
              <th scope="col" className="py-2 pr-4 font-medium">{t("subject")}</th>
              <th scope="col" className="py-2 font-medium">{t("date")}</th>
            </tr>
          </thead>
          <tbody>
            {mails.map((m) => (
              <tr key={m.id} className="border-t">
                <td className="py-2 pr-4">{m.to}</td>
                <td className="py-2 pr-4">
                  <Link href={`/dev/mailbox/${m.id}`} className="hover:underline">
                    {m.subject}
                  </Link>
                </td>
                <td className="py-2 whitespace-nowrap">
                  <time dateTime={m.date}>{format.dateTime(new Date(m.date), MAIL_DATE)}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
