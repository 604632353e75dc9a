import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";

import { CustomersList } from "@/components/crm/CustomersList";
import { Button } from "@/components/ui/Button";
import { workspacePath } from "@/lib/urls";

import { loadWorkspaceScope } from "../../load-scope";

type Params = { params: Promise<{ org: string; ws: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("crmCustomers");
  return { title: t("metaTitle") };
}

export default async function CustomersPage({ params }: Params) {
  const { org, ws } = await params;
  const { me } = await loadWorkspaceScope(org, ws);
  const granted = new Set(me.permissions);
  // Same answer as for a foreign scope: the page does not exist for this user (the procedures check again).
  if (!granted.has("crm.customer.read")) notFound();
  const t = await getTranslations("crmCustomers");
  const base = workspacePath(org, ws, "crm", "customers");
  return (
    <div className="mx-auto grid max-w-7xl gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
          <p className="text-sm text-muted-foreground">{t("subtitle")}</p>
        </div>
        {granted.has("crm.customer.create") ? (
          <div className="flex gap-2">
            <Button asChild variant="outline">
              <Link href={`${base}/import`}>{t("import")}</Link>
            </Button>
            <Button asChild>
              <Link href={`${base}/new`}>{t("new")}</Link>
            </Button>
          </div>
        ) : null}
      </div>
      {/* The DataTable keeps its state in the URL (useSearchParams needs a Suspense boundary). */}
      <Suspense>
        <CustomersList
          basePath={base}
          canExport={granted.has("crm.customer.read")}
          canUpdate={granted.has("crm.customer.update")}
          canArchive={granted.has("crm.customer.archive")}
        />
      </Suspense>
    </div>
  );
}
