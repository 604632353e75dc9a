"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArchiveIcon, ArchiveRestoreIcon, ArrowLeftIcon } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useTranslations } from "next-intl";
import { toast } from "sonner";

import { StatusBadge } from "@/components/document/StatusBadge";
import { TransitionButtons, type DocumentTransition } from "@/components/document/TransitionButtons";
import { isRecordMissing, RecordLoadError, RecordLoading, retryUnlessMissing } from "@/components/RecordState";
import { Button } from "@/components/ui/Button";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/Tabs";
import { useTRPC } from "@/trpc/react";

import { STATUS_TONE } from "./customer-status";
import { useCustomerFormOptions, type CustomerDetail } from "./CustomerForm";
import { CUSTOMER_TABS } from "./CustomerTabs";

/** The customer page: header (number, name, status with its transitions, archive / restore) and the tabs. */
export function CustomerPage({ id, org, ws, permissions, listPath }: { id: string; org: string; ws: string; permissions: string[]; listPath: string }) {
  const t = useTranslations("crmCustomers");
  const trpc = useTRPC();
  const customer = useQuery(trpc.crm.customers.get.queryOptions({ id }, { retry: retryUnlessMissing }));
  const options = useCustomerFormOptions();
  const granted = new Set(permissions);

  if (customer.isPending || options.isPending) return <RecordLoading label={t("loading")} />;
  if (customer.isError || options.isError || !options.data)
    return (
      <RecordLoadError
        missing={isRecordMissing(customer.error)}
        notFound={t("notFound")}
        loadFailed={t("loadFailed")}
        backLabel={t("backToList")}
        backHref={listPath}
        retryLabel={t("contacts.retry")}
        onRetry={() => void customer.refetch()}
      />
    );

  const c = customer.data;
  const ctx = { customer: c, org, ws, permissions: granted, readOnly: c.archivedAt !== null, options: options.data };
  const tabs = CUSTOMER_TABS.filter((tab) => !tab.permission || granted.has(tab.permission));
  return (
    <article className="mx-auto grid max-w-6xl gap-6" aria-labelledby="crm-customer-title">
      <Link href={listPath} className="inline-flex w-fit items-center gap-1 text-sm text-muted-foreground hover:underline">
        <ArrowLeftIcon aria-hidden="true" className="size-4" />
        {t("backToList")}
      </Link>
      <Header customer={c} canArchive={granted.has("crm.customer.archive")} />
      {c.archivedAt ? (
        <p role="status" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {t("archivedNotice")}
        </p>
      ) : null}
      <CustomerTabsView tabs={tabs} render={(tab) => tab.render(ctx)} />
    </article>
  );
}

function CustomerTabsView({ tabs, render }: { tabs: typeof CUSTOMER_TABS; render: (tab: (typeof CUSTOMER_TABS)[number]) => React.ReactNode }) {
  const t = useTranslations("crmCustomers");
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const requested = params.get("tab");
  const value = tabs.some((tab) => tab.id === requested) ? requested! : (tabs[0]?.id ?? "overview");
  return (
    <Tabs
      value={value}
      onValueChange={(v) => {
        const next = new URLSearchParams(params);
        next.set("tab", v);
        router.replace(`${pathname}?${next.toString()}`, { scroll: false });
      }}
    >
      <TabsList aria-label={t("tabsLabel")}>
        {tabs.map((tab) => (
          <TabsTrigger key={tab.id} value={tab.id}>
            <tab.Label />
          </TabsTrigger>
        ))}
      </TabsList>
      {tabs.map((tab) => (
        <TabsContent key={tab.id} value={tab.id} className="pt-4">
          {value === tab.id ? render(tab) : null}
        </TabsContent>
      ))}
    </Tabs>
  );
}

function Header({ customer, canArchive }: { customer: CustomerDetail; canArchive: boolean }) {
  const t = useTranslations("crmCustomers");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = async (next: CustomerDetail) => {
    queryClient.setQueryData(trpc.crm.customers.get.queryKey({ id: customer.id }), next);
    await queryClient.invalidateQueries(trpc.crm.customers.list.pathFilter());
    await queryClient.invalidateQueries(trpc.crm.customers.history.queryFilter({ id: customer.id }));
  };
  const transition = useMutation(trpc.crm.customers.transition.mutationOptions({ onSuccess: refresh }));
  // A refused archive / restore (e.g. CONFLICT: changed by someone else since this page loaded) reloads the customer.
  const reloadAfter = async (e: { message: string }) => {
    toast.error(e.message);
    await queryClient.invalidateQueries(trpc.crm.customers.get.queryFilter({ id: customer.id }));
  };
  const archive = useMutation(
    trpc.crm.customers.archive.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.crm.customers.get.queryFilter({ id: customer.id }));
        await queryClient.invalidateQueries(trpc.crm.customers.list.pathFilter());
        toast.success(t("archived"));
      },
      onError: (e) => reloadAfter(e),
    }),
  );
  const restore = useMutation(
    trpc.crm.customers.restore.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.crm.customers.get.queryFilter({ id: customer.id }));
        await queryClient.invalidateQueries(trpc.crm.customers.list.pathFilter());
        toast.success(t("restored"));
      },
      onError: (e) => reloadAfter(e),
    }),
  );
  const transitions: DocumentTransition[] = customer.transitions.map((tr) => ({
    id: tr.name,
    label: t(`transitions.${tr.name as "qualify"}`),
    toLabel: t(`status.${tr.to as "lead"}`),
    variant: tr.name === "churn" || tr.name === "deactivate" ? "outline" : "default",
    reason: tr.requiresReason ? "required" : undefined,
    onConfirm: (reason?: string) =>
      transition.mutateAsync({ id: customer.id, version: customer.version, transition: tr.name as "qualify", ...(reason ? { reason } : {}) }),
  }));
  return (
    <header className="flex flex-wrap items-start gap-4">
      <div className="grid min-w-0 flex-1 gap-1">
        <div className="flex flex-wrap items-center gap-3">
          <h1 id="crm-customer-title" className="text-2xl font-semibold tracking-tight">
            {customer.name}
          </h1>
          <StatusBadge label={t(`status.${customer.status}`)} tone={STATUS_TONE[customer.status]} />
          {customer.archivedAt ? <StatusBadge label={t("archivedBadge")} tone="neutral" /> : null}
        </div>
        <p className="text-sm text-muted-foreground tabular-nums">
          {customer.number} · {t(`tier.${customer.tier}`)} · {t(`type.${customer.type}`)}
        </p>
      </div>
      <div className="flex flex-wrap items-center gap-2" role="group" aria-label={t("actions")}>
        <TransitionButtons transitions={transitions} />
        {canArchive ? (
          customer.archivedAt ? (
            <Button variant="outline" size="sm" disabled={restore.isPending} onClick={() => restore.mutate({ id: customer.id, version: customer.version })}>
              <ArchiveRestoreIcon aria-hidden="true" />
              {t("restore")}
            </Button>
          ) : (
            <Button variant="outline" size="sm" disabled={archive.isPending} onClick={() => archive.mutate({ id: customer.id, version: customer.version })}>
              <ArchiveIcon aria-hidden="true" />
              {t("archive")}
            </Button>
          )
        ) : null}
      </div>
    </header>
  );
}
