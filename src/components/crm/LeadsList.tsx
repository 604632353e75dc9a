"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { PlusIcon } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useCallback, useMemo, useState } from "react";
import { toast } from "sonner";
import { z } from "zod";

import { DataTable, type DataTableColumn, type DataTableFilter, type RowOf } from "@/components/data-table";
import { StatusBadge, type StatusTone } from "@/components/document/StatusBadge";
import { ComboboxField, Form, MoneyField, SelectField, SubmitButton, TextareaField, TextField, useZodForm, type ComboboxOption } from "@/components/form";
import { useFormat } from "@/components/format/FormatProvider";
import { looksMasked, MaskedField, MaskedValue } from "@/components/masking/Masked";
import { Button } from "@/components/ui/Button";
import { Checkbox } from "@/components/ui/Checkbox";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogPanel, DialogTitle } from "@/components/ui/Dialog";
import { Input } from "@/components/ui/Input";
import { Label } from "@/components/ui/Label";
import { Textarea } from "@/components/ui/Textarea";
import { workspacePath } from "@/lib/urls";
import { LEAD_SOURCES, LEAD_STATUSES, LEADS_LIST, LEADS_LIST_KEY, ZCreateLeadInput, ZUpdateLeadInput, type LeadStatus } from "@/server/modules/crm/deals.schemas";
import type { AppRouter } from "@/server/trpc/root";
import { useTRPC } from "@/trpc/react";

/** The convert dialog's one form field (the rest are plain inputs); the server parses ZConvertLeadInput. */
const ZConvertForm = z.object({ existingCustomerId: z.string() });

type LeadRow = RowOf<ReturnType<typeof useTRPC>["crm"]["leads"]["list"]>;
type Lead = inferRouterOutputs<AppRouter>["crm"]["leads"]["get"];
const TONE: Record<LeadStatus, StatusTone> = { new: "info", contacted: "warning", qualified: "success", disqualified: "danger" };
const TRANSITIONS: Record<LeadStatus, ("contact" | "qualify" | "disqualify" | "reopen")[]> = {
  new: ["contact", "qualify", "disqualify"],
  contacted: ["qualify", "disqualify"],
  qualified: ["disqualify", "reopen"],
  disqualified: ["reopen"],
};

type Props = { org: string; ws: string; canManage: boolean; canCreateCustomer: boolean; canCreateDeal: boolean };

/** Leads on the DataTable; a row opens a side panel with its transitions and "Convert". */
export function LeadsList(props: Props) {
  const t = useTranslations("crmDeals");
  const format = useFormat();
  const trpc = useTRPC();
  const [creating, setCreating] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const columns = useMemo<DataTableColumn<LeadRow>[]>(
    () => [
      { id: "name", header: t("leads.columns.name"), cell: (r) => <span className="font-medium">{r.name}</span>, hideable: false },
      { id: "company", header: t("leads.columns.company"), cell: (r) => r.companyName ?? "—" },
      { id: "email", header: t("leads.columns.email"), cell: (r) => <MaskedValue value={r.email} masked={looksMasked(r.email)} /> },
      { id: "source", header: t("leads.columns.source"), cell: (r) => t(`sources.${r.source as "other"}`) },
      { id: "status", header: t("leads.columns.status"), cell: (r) => <StatusBadge label={t(`leadStatus.${r.status as LeadStatus}`)} tone={TONE[r.status as LeadStatus]} /> },
      { id: "owner", header: t("leads.columns.owner"), cell: (r) => r.ownerName ?? "—" },
      { id: "value", header: t("leads.columns.value"), cell: (r) => (r.estimatedValue && r.currency ? format.money(r.estimatedValue, r.currency) : "—"), className: "text-right tabular-nums" },
      { id: "converted", header: t("leads.columns.converted"), cell: (r) => (r.convertedCustomerId ? t("leads.yes") : t("leads.no")) },
      { id: "createdAt", header: t("leads.columns.createdAt"), cell: (r) => format.date(r.createdAt), className: "whitespace-nowrap" },
    ],
    [t, format],
  );
  const owners = useQuery(trpc.crm.deals.owners.queryOptions(undefined, { enabled: props.canCreateDeal }));
  const filters = useMemo<DataTableFilter[]>(
    () => [
      { id: "status", label: t("fields.status"), options: LEAD_STATUSES.map((s) => ({ value: s, label: t(`leadStatus.${s}`) })) },
      { id: "source", label: t("fields.source"), options: LEAD_SOURCES.map((s) => ({ value: s, label: t(`sources.${s}`) })) },
      ...(owners.data ? [{ id: "owner", label: t("fields.owner"), options: owners.data.members.map((m) => ({ value: m.id, label: m.name })) }] : []),
    ],
    [t, owners.data],
  );
  return (
    <div className="grid gap-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{t("leads.title")}</h1>
        <p className="text-sm text-muted-foreground">{t("leads.description")}</p>
      </div>
      <DataTable
        listKey={LEADS_LIST_KEY}
        label={t("leads.tableLabel")}
        spec={LEADS_LIST}
        procedure={trpc.crm.leads.list}
        columns={columns}
        filters={filters}
        getRowLabel={(r) => t("leads.open", { name: r.name })}
        onRowOpen={(r) => setOpenId(r.id)}
        searchPlaceholder={t("leads.search")}
        emptyMessage={t("leads.empty")}
        toolbar={
          props.canManage ? (
            <Button onClick={() => setCreating(true)}>
              <PlusIcon aria-hidden="true" />
              {t("leads.new")}
            </Button>
          ) : null
        }
      />
      <Dialog open={creating} onOpenChange={setCreating}>
        {creating ? <CreateLeadDialog onDone={() => setCreating(false)} /> : null}
      </Dialog>
      <Dialog open={openId !== null} onOpenChange={(o) => !o && setOpenId(null)}>
        {openId ? <LeadPanel id={openId} {...props} /> : null}
      </Dialog>
    </div>
  );
}

function CreateLeadDialog({ onDone }: { onDone: () => void }) {
  const t = useTranslations("crmDeals");
  const trpc = useTRPC();
  const format = useFormat();
  const queryClient = useQueryClient();
  const create = useMutation(trpc.crm.leads.create.mutationOptions());
  const currency = format.currency ?? "USD";
  const form = useZodForm(ZCreateLeadInput, {
    defaultValues: { name: "", companyName: "", email: "", phone: "", source: "other", estimatedValue: "", currency, notes: "" },
  });
  return (
    <DialogContent>
      <DialogTitle>{t("leads.createTitle")}</DialogTitle>
      <DialogDescription>{t("leads.createDescription")}</DialogDescription>
      <Form
        form={form}
        guardUnsavedChanges={false}
        className="grid gap-3"
        onSubmit={async (values) => {
          await create.mutateAsync({ ...values, currency: values.estimatedValue ? values.currency : null });
          await queryClient.invalidateQueries(trpc.crm.leads.pathFilter());
          toast.success(t("leads.created"));
          onDone();
        }}
      >
        <TextField name="name" label={t("fields.name")} required />
        <TextField name="companyName" label={t("fields.companyName")} />
        <TextField name="email" type="email" label={t("fields.email")} />
        <TextField name="phone" type="tel" label={t("fields.phone")} />
        <SelectField name="source" label={t("fields.source")} options={LEAD_SOURCES.map((s) => ({ value: s, label: t(`sources.${s}`) }))} placeholder={false} />
        <MoneyField name="estimatedValue" currency={currency} label={t("fields.estimatedValue")} />
        <TextareaField name="notes" label={t("fields.notes")} rows={3} />
        <SubmitButton>{t("leads.create")}</SubmitButton>
      </Form>
    </DialogContent>
  );
}

function LeadPanel({ id, org, ws, canManage, canCreateCustomer, canCreateDeal }: Props & { id: string }) {
  const t = useTranslations("crmDeals");
  const format = useFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const lead = useQuery(trpc.crm.leads.get.queryOptions({ id }));
  const [reasonFor, setReasonFor] = useState<"disqualify" | null>(null);
  const [reason, setReason] = useState("");
  const [converting, setConverting] = useState(false);
  const [editing, setEditing] = useState(false);
  const transition = useMutation(
    trpc.crm.leads.transition.mutationOptions({
      onSuccess: async () => {
        toast.success(t("leads.transitioned"));
        setReasonFor(null);
        setReason("");
        await queryClient.invalidateQueries(trpc.crm.leads.pathFilter());
      },
      onError: (e) => toast.error(e.message),
    }),
  );
  const l = lead.data;
  return (
    <DialogPanel side="right" title={l ? t("leads.detail", { name: l.name }) : t("deal.loading")}>
      {lead.isPending ? <p aria-busy="true">{t("deal.loading")}</p> : null}
      {lead.isError ? <p role="alert" className="text-sm text-destructive">{lead.error.message}</p> : null}
      {l ? (
        <div className="grid gap-4">
          <div className="flex flex-wrap items-center gap-2">
            <StatusBadge label={t(`leadStatus.${l.status}`)} tone={TONE[l.status]} />
            {l.convertedAt ? <StatusBadge label={t("leads.convertedBadge")} tone="success" /> : null}
          </div>
          {editing ? (
            <LeadEditForm lead={l} canSeeOwners={canCreateDeal} onDone={() => setEditing(false)} />
          ) : (
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
              <dt className="text-muted-foreground">{t("fields.companyName")}</dt>
              <dd>{l.companyName ?? "—"}</dd>
              <dt className="text-muted-foreground">{t("fields.email")}</dt>
              <dd><MaskedValue value={l.email} masked={l.masked.includes("email")} /></dd>
              <dt className="text-muted-foreground">{t("fields.phone")}</dt>
              <dd><MaskedValue value={l.phone} masked={l.masked.includes("phone")} /></dd>
              <dt className="text-muted-foreground">{t("fields.source")}</dt>
              <dd>{t(`sources.${l.source}`)}</dd>
              <dt className="text-muted-foreground">{t("fields.estimatedValue")}</dt>
              <dd>{l.estimatedValue && l.currency ? format.money(l.estimatedValue, l.currency) : "—"}</dd>
              <dt className="text-muted-foreground">{t("fields.notes")}</dt>
              <dd className="whitespace-pre-wrap">{l.notes ?? "—"}</dd>
            </dl>
          )}
          {canManage && !l.archivedAt && !editing ? (
            <div>
              <Button size="sm" variant="outline" onClick={() => setEditing(true)}>
                {t("list.editLead.edit")}
              </Button>
            </div>
          ) : null}
          {l.disqualifiedReason ? <p className="text-sm">{t("leads.disqualifiedReason", { reason: l.disqualifiedReason })}</p> : null}
          {l.convertedDealId ? (
            <Link className="text-sm underline" href={workspacePath(org, ws, "crm", "deals", l.convertedDealId)}>
              {t("leads.openDeal")}
            </Link>
          ) : null}
          {canManage && !l.convertedAt ? (
            <div className="flex flex-wrap gap-2">
              {TRANSITIONS[l.status].map((tr) => (
                <Button
                  key={tr}
                  size="sm"
                  variant={tr === "disqualify" ? "destructive" : "outline"}
                  disabled={transition.isPending}
                  onClick={() => (tr === "disqualify" ? setReasonFor("disqualify") : transition.mutate({ id: l.id, version: l.version, transition: tr }))}
                >
                  {t(`leads.transitions.${tr}`)}
                </Button>
              ))}
              {l.status !== "disqualified" ? (
                <Button size="sm" onClick={() => setConverting(true)}>
                  {t("leads.convert")}
                </Button>
              ) : null}
            </div>
          ) : null}
          {reasonFor ? (
            <div className="grid gap-2 rounded-md border p-3">
              <Label htmlFor="lead-reason">{t("leads.reasonLabel")}</Label>
              <Textarea id="lead-reason" value={reason} onChange={(e) => setReason(e.target.value)} aria-required="true" maxLength={1000} />
              <div className="flex gap-2">
                <Button variant="outline" size="sm" onClick={() => setReasonFor(null)}>
                  {t("cancel")}
                </Button>
                <Button
                  variant="destructive"
                  size="sm"
                  disabled={!reason.trim() || transition.isPending}
                  onClick={() => transition.mutate({ id: l.id, version: l.version, transition: "disqualify", reason: reason.trim() })}
                >
                  {t("leads.transitions.disqualify")}
                </Button>
              </div>
            </div>
          ) : null}
          <Dialog open={converting} onOpenChange={setConverting}>
            {converting ? <ConvertDialog lead={l} canCreateCustomer={canCreateCustomer} canCreateDeal={canCreateDeal} onDone={() => setConverting(false)} /> : null}
          </Dialog>
        </div>
      ) : null}
    </DialogPanel>
  );
}

/** Edits the lead's fields with crm.leads.update's own schema; field errors land in place, a stale version says so. */
function LeadEditForm({ lead, canSeeOwners, onDone }: { lead: Lead; canSeeOwners: boolean; onDone: () => void }) {
  const t = useTranslations("crmDeals");
  const trpc = useTRPC();
  const format = useFormat();
  const queryClient = useQueryClient();
  const update = useMutation(trpc.crm.leads.update.mutationOptions());
  // The owner list comes with crm.deal.read; without it the owner is left as it is.
  const owners = useQuery(trpc.crm.deals.owners.queryOptions(undefined, { enabled: canSeeOwners }));
  const currencies = [...new Set([...(owners.data?.currencies ?? []), lead.currency ?? format.currency ?? "USD"])].sort();
  const form = useZodForm(ZUpdateLeadInput, {
    defaultValues: {
      id: lead.id,
      version: lead.version,
      name: lead.name,
      companyName: lead.companyName ?? "",
      // Fields this member sees masked (kernel/masking) are shown read-only and never sent.
      email: lead.masked.includes("email") ? undefined : (lead.email ?? ""),
      phone: lead.masked.includes("phone") ? undefined : (lead.phone ?? ""),
      source: lead.source,
      ...(canSeeOwners ? { ownerMembershipId: lead.ownerMembershipId ?? "" } : {}),
      estimatedValue: lead.estimatedValue ?? "",
      currency: lead.currency ?? format.currency ?? "USD",
      notes: lead.notes ?? "",
    },
  });
  return (
    <Form
      form={form}
      className="grid gap-3"
      aria-label={t("list.editLead.title")}
      onSubmit={async (values) => {
        const sent = { ...values, currency: values.estimatedValue ? values.currency : null };
        for (const f of lead.masked) delete (sent as Partial<Record<string, unknown>>)[f];
        await update.mutateAsync(sent);
        await queryClient.invalidateQueries(trpc.crm.leads.pathFilter());
        toast.success(t("list.editLead.saved"));
        onDone();
      }}
    >
      <TextField name="name" label={t("fields.name")} required />
      <TextField name="companyName" label={t("fields.companyName")} />
      {lead.masked.includes("email") ? <MaskedField label={t("fields.email")} value={lead.email} /> : <TextField name="email" type="email" label={t("fields.email")} />}
      {lead.masked.includes("phone") ? <MaskedField label={t("fields.phone")} value={lead.phone} /> : <TextField name="phone" type="tel" label={t("fields.phone")} />}
      <SelectField name="source" label={t("fields.source")} options={LEAD_SOURCES.map((s) => ({ value: s, label: t(`sources.${s}`) }))} placeholder={false} />
      {canSeeOwners && owners.data ? (
        <SelectField
          name="ownerMembershipId"
          label={t("fields.owner")}
          options={[{ value: "", label: t("fields.noOwner") }, ...owners.data.members.map((m) => ({ value: m.id, label: m.name }))]}
          placeholder={false}
        />
      ) : null}
      <MoneyField name="estimatedValue" currencyName="currency" currencies={currencies} label={t("fields.estimatedValue")} />
      <TextareaField name="notes" label={t("fields.notes")} rows={3} />
      <div className="flex gap-2">
        <Button type="button" variant="outline" onClick={onDone}>
          {t("cancel")}
        </Button>
        <SubmitButton>{t("list.editLead.save")}</SubmitButton>
      </div>
    </Form>
  );
}

function ConvertDialog({ lead, canCreateCustomer, canCreateDeal, onDone }: { lead: Lead; canCreateCustomer: boolean; canCreateDeal: boolean; onDone: () => void }) {
  const t = useTranslations("crmDeals");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<"new" | "existing">(canCreateCustomer ? "new" : "existing");
  const [customerName, setCustomerName] = useState(lead.companyName ?? lead.name);
  const [withDeal, setWithDeal] = useState(canCreateDeal);
  const [dealName, setDealName] = useState(`${lead.companyName ?? lead.name}`);
  const [error, setError] = useState<string | null>(null);
  const form = useZodForm(ZConvertForm, { defaultValues: { existingCustomerId: "" } });
  const search = useCallback(
    async (q: string): Promise<ComboboxOption[]> => {
      const r = await queryClient.fetchQuery(trpc.crm.customers.list.queryOptions({ q: q || undefined, perPage: 20 }));
      return r.rows.map((c) => ({ value: c.id, label: c.name, description: c.number }));
    },
    [queryClient, trpc],
  );
  const convert = useMutation(
    trpc.crm.leads.convert.mutationOptions({
      onSuccess: async (r) => {
        toast.success(t("leads.converted", { customer: `${r.customer.number} ${r.customer.name}` }));
        await queryClient.invalidateQueries(trpc.crm.leads.pathFilter());
        await queryClient.invalidateQueries(trpc.crm.deals.pathFilter());
        onDone();
      },
      onError: (e) => setError(e.message),
    }),
  );
  return (
    <DialogContent>
      <DialogTitle>{t("leads.convertTitle", { name: lead.name })}</DialogTitle>
      <DialogDescription>{t("leads.convertDescription")}</DialogDescription>
      <Form
        form={form}
        guardUnsavedChanges={false}
        className="grid gap-3"
        onSubmit={(v) => {
          setError(null);
          const existing = v.existingCustomerId || undefined;
          convert.mutate({
            id: lead.id,
            version: lead.version,
            ...(mode === "existing" ? { existingCustomerId: existing } : { customer: { name: customerName.trim() || undefined } }),
            deal: withDeal ? { name: dealName.trim(), ...(lead.estimatedValue ? { value: lead.estimatedValue } : {}), ...(lead.currency ? { currency: lead.currency } : {}) } : null,
          });
        }}
      >
        <fieldset className="grid gap-2">
          <legend className="text-sm font-medium">{t("fields.customer")}</legend>
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="convert-mode" checked={mode === "new"} disabled={!canCreateCustomer} onChange={() => setMode("new")} />
            {t("leads.newCustomer")}
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="convert-mode" checked={mode === "existing"} onChange={() => setMode("existing")} />
            {t("leads.existingCustomer")}
          </label>
        </fieldset>
        {mode === "new" ? (
          <div className="grid gap-1.5">
            <Label htmlFor="convert-customer-name">{t("leads.customerName")}</Label>
            <Input id="convert-customer-name" value={customerName} onChange={(e) => setCustomerName(e.target.value)} maxLength={200} />
          </div>
        ) : (
          <ComboboxField name="existingCustomerId" label={t("leads.existingCustomer")} search={search} required />
        )}
        {canCreateDeal ? (
          <label className="flex items-center gap-2 text-sm">
            <Checkbox checked={withDeal} onCheckedChange={(c) => setWithDeal(c === true)} aria-label={t("leads.createDeal")} />
            {t("leads.createDeal")}
          </label>
        ) : null}
        {withDeal ? (
          <div className="grid gap-1.5">
            <Label htmlFor="convert-deal-name">{t("leads.dealName")}</Label>
            <Input id="convert-deal-name" value={dealName} onChange={(e) => setDealName(e.target.value)} maxLength={200} required />
          </div>
        ) : null}
        {error ? (
          <p role="alert" className="text-sm text-destructive">
            {error}
          </p>
        ) : null}
        <DialogFooter>
          <Button variant="outline" onClick={onDone}>
            {t("cancel")}
          </Button>
          <SubmitButton disabled={convert.isPending}>{t("leads.convertSubmit")}</SubmitButton>
        </DialogFooter>
      </Form>
    </DialogContent>
  );
}
