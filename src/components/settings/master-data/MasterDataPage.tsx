import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";

import { workspacePath } from "@/lib/urls";
import { cn } from "@/lib/utils";

export const MASTER_DATA_AREAS = ["currencies", "tax-rates", "units", "payment-terms"] as const;
export type MasterDataArea = (typeof MASTER_DATA_AREAS)[number];

const KEY = { currencies: "currencies", "tax-rates": "taxRates", units: "units", "payment-terms": "terms" } as const;

/**
 * The frame of a master data settings page: heading, a tab strip linking the four areas, then the area's content.
 * Without settings.setting.read the page does not exist for the user (404, like a foreign scope).
 */
export async function MasterDataPage({
  area,
  org,
  ws,
  permissions,
  children,
}: {
  area: MasterDataArea;
  org: string;
  ws: string;
  permissions: ReadonlySet<string>;
  children: ReactNode;
}) {
  if (!permissions.has("settings.setting.read")) notFound();
  const t = await getTranslations("masterData");
  return (
    <div className="mx-auto grid max-w-6xl gap-6">
      <div className="grid gap-1">
        <p className="text-sm text-muted-foreground">{t("settings")}</p>
        <h1 className="text-2xl font-semibold tracking-tight">{t(`${KEY[area]}.title`)}</h1>
        <p className="max-w-3xl text-sm text-muted-foreground">{t(`${KEY[area]}.description`)}</p>
      </div>
      <nav aria-label={t("areasLabel")} className="flex flex-wrap gap-1 border-b">
        {MASTER_DATA_AREAS.map((a) => (
          <Link
            key={a}
            href={workspacePath(org, ws, "settings", a)}
            aria-current={a === area ? "page" : undefined}
            className={cn(
              "-mb-px border-b-2 px-3 py-2 text-sm font-medium outline-none focus-visible:ring-2 focus-visible:ring-ring",
              a === area ? "border-primary text-foreground" : "border-transparent text-muted-foreground hover:text-foreground",
            )}
          >
            {t(`${KEY[a]}.tab`)}
          </Link>
        ))}
      </nav>
      {children}
    </div>
  );
}

export async function masterDataMetadata(area: MasterDataArea) {
  const t = await getTranslations("masterData");
  return { title: t(`${KEY[area]}.title`) };
}
