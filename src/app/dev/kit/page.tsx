import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { getLocale, getTranslations } from "next-intl/server";

import { FormatProvider } from "@/components/format/FormatProvider";
import { Logo } from "@/components/shell/Logo";
import { devToolsEnabled } from "@/lib/dev-tools";

import { KitDocument } from "./KitDocument";
import { KitForm } from "./KitForm";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("devKit");
  return { title: t("metaTitle"), robots: { index: false } };
}

/** Every form field and the document layout on one page, for development and the browser tests. */
export default async function KitPage() {
  await connection();
  if (!devToolsEnabled()) notFound();
  const t = await getTranslations("devKit");
  const status = await getTranslations("status.notFound");
  const locale = await getLocale();

  return (
    <FormatProvider locale={locale === "ru" ? "ru-RU" : "en-US"} timeZone="UTC" currency="USD">
      <div className="min-h-dvh bg-muted/30">
        <header className="flex h-14 items-center justify-between border-b bg-background px-6 print:hidden">
          <Logo />
          <Link href="/" className="text-sm text-muted-foreground underline-offset-4 hover:underline">
            {status("home")}
          </Link>
        </header>
        <main id="main-content" className="mx-auto grid max-w-6xl gap-10 px-4 py-8 md:px-6 print:p-0">
          <div className="grid gap-1 print:hidden">
            <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
            <p className="text-sm text-muted-foreground">{t("description")}</p>
          </div>
          <KitForm />
          <KitDocument />
        </main>
      </div>
    </FormatProvider>
  );
}
