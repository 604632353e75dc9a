"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { toast } from "sonner";

import type { PresetViews } from "@/components/data-table/ViewsMenu";
import { DataTable, type DataTableBulkAction, type DataTableColumn, type DataTableFilter, type RowOf } from "@/components/data-table";
import { StatusBadge } from "@/components/document/StatusBadge";
import { looksMasked, MaskedValue } from "@/components/masking/Masked";
import { useFormat } from "@/components/format/FormatProvider";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogTitle } from "@/components/ui/Dialog";
import { Input } from "@/components/ui/Input";
import { Label } from "@/components/ui/Label";
import { CUSTOMER_STATUSES, CUSTOMER_TIERS, CUSTOMER_TYPES, CUSTOMERS_LIST, CUSTOMERS_LIST_KEY } from "@/server/modules/crm/crm.schemas";
import { useTRPC } from "@/trpc/react";

import { STATUS_TONE } from "./customer-status";
import { useCustomerFormOptions } from "./CustomerForm";

type Row = RowOf<ReturnType<typeof useTRPC>["crm"]["customers"]["list"]>;
type Pending = { action: "archive" | "assignOwner" | "addTag"; ids: string[]; clear: () => void };

const WHEN: Intl.DateTimeFormatOptions = { dateStyle: "medium" };

/** A built-in view: one enum filter set to one value. */
function enumView(name: string, filter: string, value: string): PresetViews["views"][number] {
  return { name, state: { filters: { [filter]: { type: "enum", values: [value] } } } };
}

/**
 * The customer list: keyset pages by name, sorting, filters (status, tier, type, owner, tags, archived), search,
 * column choice, saved views with the "My customers" and "Gold tier" presets, export and bulk actions.
 */
export function CustomersList({ basePath, canExport, canUpdate, canArchive }: { basePath: string; canExport: boolean; canUpdate: boolean; canArchive: boolean }) {
  const t = useTranslations("crmCustomers");
  const format = useFormat();
  const trpc = useTRPC();
  const options = useCustomerFormOptions();
  // Segments are saved filter definitions; the "segment" filter applies one (members computed on read).
  const segments = useQuery(trpc.crm.segments.list.queryOptions({ perPage: 100 }));
  const [pending, setPending] = useState<Pending | null>(null);

  const columns = useMemo<DataTableColumn<Row>[]>(
    () => [
      { id: "number", header: t("columns.number"), cell: (r) => <span className="tabular-nums">{r.number}</span>, className: "whitespace-nowrap" },
      { id: "name", header: t("columns.name"), cell: (r) => <span className="font-medium">{r.name}</span>, hideable: false },
      { id: "status", header: t("columns.status"), cell: (r) => <StatusBadge label={t(`status.${r.status as "lead"}`)} tone={STATUS_TONE[r.status] ?? "neutral"} /> },
      { id: "tier", header: t("columns.tier"), cell: (r) => t(`tier.${r.tier as "gold"}`) },
      { id: "type", header: t("columns.type"), cell: (r) => t(`type.${r.type as "company"}`), hiddenByDefault: true },
      { id: "owner", header: t("columns.owner"), cell: (r) => r.ownerName ?? "—" },
      { id: "email", header: t("columns.email"), cell: (r) => <MaskedValue value={r.email} masked={looksMasked(r.email)} /> },
      { id: "phone", header: t("columns.phone"), cell: (r) => <MaskedValue value={r.phone} masked={looksMasked(r.phone)} />, hiddenByDefault: true },
      { id: "taxId", header: t("columns.taxId"), cell: (r) => <MaskedValue value={r.taxId} masked={looksMasked(r.taxId)} />, hiddenByDefault: true },
      { id: "industry", header: t("columns.industry"), cell: (r) => r.industry ?? "—", hiddenByDefault: true },
      {
        id: "tags",
        header: t("columns.tags"),
        cell: (r) =>
          r.tags.length ? (
            <span className="flex flex-wrap gap-1">
              {r.tags.map((tag) => (
                <Badge key={tag} variant="secondary">
                  {tag}
                </Badge>
              ))}
            </span>
          ) : (
            "—"
          ),
      },
      {
        id: "createdAt",
        header: t("columns.createdAt"),
        cell: (r) => <time dateTime={new Date(r.createdAt).toISOString()}>{format.dateTime(new Date(r.createdAt), WHEN)}</time>,
        className: "whitespace-nowrap",
        hiddenByDefault: true,
      },
    ],
    [t, format],
  );

  const filters = useMemo<DataTableFilter[]>(
    () => [
      { id: "status", label: t("filters.status"), options: CUSTOMER_STATUSES.map((v) => ({ value: v, label: t(`status.${v}`) })) },
      { id: "tier", label: t("filters.tier"), options: CUSTOMER_TIERS.map((v) => ({ value: v, label: t(`tier.${v}`) })) },
      { id: "type", label: t("filters.type"), options: CUSTOMER_TYPES.map((v) => ({ value: v, label: t(`type.${v}`) })) },
      { id: "owner", label: t("filters.owner"), options: (options.data?.owners ?? []).map((o) => ({ value: o.id, label: o.name })) },
      { id: "tags", label: t("filters.tags"), options: (options.data?.tags ?? []).map((tag) => ({ value: tag, label: tag })) },
      ...(segments.data?.rows.length
        ? [{ id: "segment", label: t("filters.segment"), options: segments.data.rows.map((sg) => ({ value: sg.id, label: sg.name })) }]
        : []),
      {
        id: "archived",
        label: t("filters.archived"),
        options: [
          { value: "active", label: t("filters.notArchived") },
          { value: "archived", label: t("filters.isArchived") },
        ],
      },
    ],
    [options.data, segments.data, t],
  );

  const presetViews = useMemo<PresetViews>(
    () => ({
      label: t("presets.label"),
      views: [
        ...(options.data ? [enumView(t("presets.mine"), "owner", options.data.me.membershipId)] : []),
        enumView(t("presets.gold"), "tier", "gold"),
      ],
    }),
    [options.data, t],
  );

  const bulkActions = useMemo<DataTableBulkAction[]>(
    () => [
      ...(canUpdate
        ? [
            { label: t("bulk.assignOwner"), onRun: (ids: string[], s: { clear: () => void }) => setPending({ action: "assignOwner", ids, clear: s.clear }) },
            { label: t("bulk.addTag"), onRun: (ids: string[], s: { clear: () => void }) => setPending({ action: "addTag", ids, clear: s.clear }) },
          ]
        : []),
      ...(canArchive
        ? [{ label: t("bulk.archive"), variant: "destructive" as const, onRun: (ids: string[], s: { clear: () => void }) => setPending({ action: "archive", ids, clear: s.clear }) }]
        : []),
    ],
    [canUpdate, canArchive, t],
  );

  return (
    <>
      <DataTable
        listKey={CUSTOMERS_LIST_KEY}
        label={t("tableLabel")}
        spec={CUSTOMERS_LIST}
        procedure={trpc.crm.customers.list}
        countProcedure={trpc.crm.customers.count}
        columns={columns}
        filters={filters}
        getRowLabel={(r) => `${r.number} ${r.name}`}
        rowHref={(r) => `${basePath}/${r.id}`}
        bulkActions={bulkActions}
        exportKey={canExport ? CUSTOMERS_LIST_KEY : undefined}
        searchPlaceholder={t("searchPlaceholder")}
        emptyMessage={t("empty")}
        presetViews={presetViews}
      />
      <Dialog open={pending !== null} onOpenChange={(o) => !o && setPending(null)}>
        {pending ? <BulkDialog pending={pending} owners={options.data?.owners ?? []} ownOnly={options.data?.me.ownOnly ?? false} onDone={() => setPending(null)} /> : null}
      </Dialog>
    </>
  );
}

function BulkDialog({
  pending,
  owners,
  ownOnly,
  onDone,
}: {
  pending: Pending;
  owners: { id: string; name: string; email: string }[];
  ownOnly: boolean;
  onDone: () => void;
}) {
  const t = useTranslations("crmCustomers.bulk");
  const common = useTranslations("common");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [owner, setOwner] = useState("");
  const [tag, setTag] = useState("");
  const count = pending.ids.length;
  const onSuccess = async (r: { ids: string[] }) => {
    toast.success(t(`${pending.action}Done`, { count: r.ids.length }));
    await queryClient.invalidateQueries(trpc.crm.customers.list.pathFilter());
    pending.clear();
    onDone();
  };
  const archive = useMutation(trpc.crm.customers.bulkArchive.mutationOptions({ onSuccess }));
  const assign = useMutation(trpc.crm.customers.bulkAssignOwner.mutationOptions({ onSuccess }));
  const addTag = useMutation(trpc.crm.customers.bulkAddTag.mutationOptions({ onSuccess }));
  const busy = archive.isPending || assign.isPending || addTag.isPending;
  const error = archive.error ?? assign.error ?? addTag.error;

  const confirm = () => {
    if (pending.action === "archive") archive.mutate({ ids: pending.ids });
    if (pending.action === "assignOwner") assign.mutate({ ids: pending.ids, ownerMembershipId: owner || null });
    if (pending.action === "addTag") addTag.mutate({ ids: pending.ids, tag });
  };

  return (
    <DialogContent>
      <DialogTitle>{t(`${pending.action}Title`, { count })}</DialogTitle>
      <DialogDescription>{t(`${pending.action}Description`, { count })}</DialogDescription>
      {pending.action === "assignOwner" ? (
        <div className="grid gap-1.5">
          <Label htmlFor="crm-bulk-owner">{t("owner")}</Label>
          <select
            id="crm-bulk-owner"
            className="h-9 rounded-md border border-input bg-background px-2 text-sm"
            value={owner}
            onChange={(e) => setOwner(e.target.value)}
          >
            {ownOnly ? null : <option value="">{t("noOwner")}</option>}
            {owners.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name} ({o.email})
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {pending.action === "addTag" ? (
        <div className="grid gap-1.5">
          <Label htmlFor="crm-bulk-tag">{t("tag")}</Label>
          <Input id="crm-bulk-tag" value={tag} maxLength={50} onChange={(e) => setTag(e.target.value)} />
        </div>
      ) : null}
      {error ? (
        <p role="alert" className="text-sm text-destructive">
          {error.message}
        </p>
      ) : null}
      <DialogFooter>
        <Button variant="outline" onClick={onDone} disabled={busy}>
          {common("cancel")}
        </Button>
        <Button variant={pending.action === "archive" ? "destructive" : "default"} onClick={confirm} disabled={busy || (pending.action === "addTag" && !tag.trim())}>
          {t(`${pending.action}Confirm`, { count })}
        </Button>
      </DialogFooter>
    </DialogContent>
  );
}
