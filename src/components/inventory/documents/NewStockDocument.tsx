"use client";

import { ArrowLeftIcon } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { toast } from "sonner";

import type { DocumentKind } from "./kinds";
import { StockDocumentForm } from "./StockDocumentForm";

/** "New adjustment" / "New transfer": the form, saved as a numbered draft, then its document page. */
export function NewStockDocument({ kind, listPath }: { kind: DocumentKind; listPath: string }) {
  const t = useTranslations("inventoryDocuments");
  const router = useRouter();
  return (
    <div className="mx-auto grid max-w-6xl gap-4">
      <Link href={listPath} className="inline-flex w-fit items-center gap-1 text-sm text-muted-foreground hover:underline">
        <ArrowLeftIcon aria-hidden="true" className="size-4" />
        {t(`${kind}.backToList`)}
      </Link>
      <h1 className="text-2xl font-semibold tracking-tight">{t(`newPage.${kind}`)}</h1>
      <StockDocumentForm
        kind={kind}
        onSaved={(id) => {
          toast.success(t("done.saved"));
          router.push(`${listPath}/${id}`);
        }}
        onCancel={() => router.push(listPath)}
      />
    </div>
  );
}
