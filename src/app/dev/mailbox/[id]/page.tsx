import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { devToolsEnabled, readMail } from "@/server/kernel/mail";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Message · Dev mailbox", robots: { index: false } };

export default async function MailPage({ params }: { params: Promise<{ id: string }> }) {
  if (!devToolsEnabled()) notFound();
  const mail = await readMail((await params).id);
  if (!mail) notFound();
  return (
    <main id="main-content" className="mx-auto grid max-w-5xl gap-6 px-4 py-8">
      <Link href="/dev/mailbox" className="text-sm text-muted-foreground hover:underline">
        ← All messages
      </Link>
      <h1 className="text-2xl font-semibold tracking-tight">{mail.subject}</h1>
      <dl className="grid grid-cols-[6rem_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-muted-foreground">From</dt>
        <dd>{mail.from}</dd>
        <dt className="text-muted-foreground">To</dt>
        <dd>{mail.to}</dd>
        <dt className="text-muted-foreground">Date</dt>
        <dd>
          <time dateTime={mail.date}>{mail.date}</time>
        </dd>
        {mail.template ? (
          <>
            <dt className="text-muted-foreground">Template</dt>
            <dd>{mail.template}</dd>
          </>
        ) : null}
      </dl>
      <section aria-labelledby="html-heading" className="grid gap-2">
        <h2 id="html-heading" className="text-sm font-semibold">
          HTML
        </h2>
        {/* An empty sandbox: no scripts, no same-origin access, no forms, no navigation of this page. */}
        <iframe title="HTML version" sandbox="" srcDoc={mail.html} className="h-[32rem] w-full rounded-md border bg-white" />
      </section>
      <section aria-labelledby="text-heading" className="grid gap-2">
        <h2 id="text-heading" className="text-sm font-semibold">
          Text
        </h2>
        <pre className="overflow-x-auto rounded-md border bg-muted/40 p-4 text-sm whitespace-pre-wrap">{mail.text}</pre>
      </section>
    </main>
  );
}
