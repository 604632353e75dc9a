import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";

import { devToolsEnabled, readMail } from "@/server/kernel/mail";

import { MAIL_DATE } from "../mail-date";

export const dynamic = "force-dynamic";
export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("devMailbox");
  return { title: t("messageMetaTitle"), robots: { index: false } };
}

export default async function MailPage({ params }: { params: Promise<{ id: string }> }) {
  if (!devToolsEnabled()) notFound();
  const mail = await readMail((await params).id);
  if (!mail) notFound();
  const [t, format] = await Promise.all([getTranslations("devMailbox"), getFormatter()]);
  return (
    <main id="main-content" className="mx-auto grid max-w-5xl gap-6 px-4 py-8">
      <Link href="/dev/mailbox" className="text-sm text-muted-foreground hover:underline">
        {t("allMessages")}
      </Link>
      <h1 className="text-2xl font-semibold tracking-tight">{mail.subject}</h1>
      <dl className="grid grid-cols-[6rem_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-muted-foreground">{t("from")}</dt>
        <dd>{mail.from}</dd>
        <dt className="text-muted-foreground">{t("to")}</dt>
        <dd>{mail.to}</dd>
        <dt className="text-muted-foreground">{t("date")}</dt>
        <dd>
          <time dateTime={mail.date}>{format.dateTime(new Date(mail.date), MAIL_DATE)}</time>
        </dd>
        {mail.template ? (
          <>
            <dt className="text-muted-foreground">{t("template")}</dt>
            <dd>{mail.template}</dd>
          </>
        ) : null}
      </dl>
      <section aria-labelledby="html-heading" className="grid gap-2">
        <h2 id="html-heading" className="text-sm font-semibold">
          {t("html")}
        </h2>
        {/* An empty sandbox: no scripts, no same-origin access, no forms, no navigation of this page. */}
        <iframe title={t("htmlFrame")} sandbox="" srcDoc={mail.html} className="h-[32rem] w-full rounded-md border bg-white" />
      </section>
      <section aria-labelledby="text-heading" className="grid gap-2">
        <h2 id="text-heading" className="text-sm font-semibold">
          {t("text")}
        </h2>
        <pre className="overflow-x-auto rounded-md border bg-muted/40 p-4 text-sm whitespace-pre-wrap">{mail.text}</pre>
      </section>
    </main>
  );
}
