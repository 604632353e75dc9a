"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { BanIcon, CircleCheckIcon, CoinsIcon, PencilIcon, PlusIcon, Trash2Icon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { toast } from "sonner";

import { DataTable, type DataTableColumn, type DataTableFilter, type RowOf } from "@/components/data-table";
import { DateField, DialogFormActions, Form, NumberField, SelectField, useZodForm } from "@/components/form";
import { useFormat } from "@/components/format/FormatProvider";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Card, CardContent } from "@/components/ui/Card";
import { Dialog, DialogPanel } from "@/components/ui/Dialog";
import { formatCurrency, todayIn } from "@/lib/format";
import { CURRENCY_CODES } from "@/lib/money/currencies";
import { EXCHANGE_RATES_LIST, EXCHANGE_RATES_LIST_KEY, ZCreateExchangeRateInput, ZEnableCurrencyInput } from "@/server/modules/settings/master-data.schemas";
import { useTRPC } from "@/trpc/react";

import { ActionButton, ConfirmDialog, ListStates, Th } from "./shared";

/** Currencies (enable / disable, the base currency fixed) and, below, their exchange rates to the base currency. */
export function CurrenciesSettings({ canEdit }: { canEdit: boolean }) {
  const t = useTranslations("masterData.currencies");
  const trpc = useTRPC();
  const format = useFormat();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.settings.currencies.list.queryOptions());
  const [enabling, setEnabling] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.settings.currencies.list.queryKey() });
  const disable = useMutation(trpc.settings.currencies.disable.mutationOptions({ onSuccess: refresh }));
  const enable = useMutation(trpc.settings.currencies.enable.mutationOptions({ onSuccess: refresh }));
  const rows = list.data?.rows ?? [];

  return (
    <div className="grid gap-8">
      <section className="grid gap-4" aria-labelledby="currencies-heading">
        <div className="flex items-end justify-between gap-4">
          <h2 id="currencies-heading" className="text-lg font-semibold">
            {t("heading")}
          </h2>
          {canEdit ? (
            <Button onClick={() => setEnabling(true)}>
              <PlusIcon aria-hidden="true" />
              {t("enable")}
            </Button>
          ) : null}
        </div>
        <ListStates query={list} label={t("tableLabel")} empty={{ icon: CoinsIcon, title: t("emptyTitle"), body: t("emptyBody") }}>
          <Card>
            <CardContent className="overflow-x-auto p-0">
              <table className="w-full text-sm" aria-label={t("tableLabel")}>
                <thead className="border-b bg-muted/40 text-left text-muted-foreground">
                  <tr>
                    <Th>{t("columns.code")}</Th>
                    <Th>{t("columns.name")}</Th>
                    <Th className="text-right">{t("columns.minorUnits")}</Th>
                    <Th className="text-right">{t("columns.rates")}</Th>
                    <Th>{t("columns.status")}</Th>
                    {canEdit ? (
                      <Th>
                        <span className="sr-only">{t("columns.actions")}</span>
                      </Th>
                    ) : null}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((c) => (
                    <tr key={c.id} className={`border-b last:border-0 ${c.active ? "" : "text-muted-foreground"}`}>
                      <th scope="row" className="px-4 py-2 text-left font-mono font-medium">
                        {c.code} {c.isBase ? <Badge className="ml-2 font-sans">{t("base")}</Badge> : null}
                      </th>
                      <td className="px-4 py-2">{formatCurrency(c.code, format.locale).replace(` (${c.code})`, "")}</td>
                      <td className="px-4 py-2 text-right tabular-nums">{c.minorUnits}</td>
                      <td className="px-4 py-2 text-right tabular-nums">
                        {c.isBase ? "—" : c.rateCount ? t("ratesText", { count: c.rateCount, date: format.date(c.latestRateOn!) }) : t("noRates")}
                      </td>
                      <td className="px-4 py-2">{c.active ? <Badge variant="outline">{t("enabled")}</Badge> : <Badge variant="secondary">{t("disabled")}</Badge>}</td>
                      {canEdit ? (
                        <td className="px-4 py-2 text-right whitespace-nowrap">
                          {c.isBase ? null : c.active ? (
                            <ActionButton label={t("disableLabel", { code: c.code })} icon={BanIcon} run={() => disable.mutateAsync({ id: c.id })} done={t("disabledToast", { code: c.code })}>
                              {t("disable")}
                            </ActionButton>
                          ) : (
                            <ActionButton label={t("enableLabel", { code: c.code })} icon={CircleCheckIcon} run={() => enable.mutateAsync({ code: c.code })} done={t("enabledToast", { code: c.code })}>
                              {t("reenable")}
                            </ActionButton>
                          )}
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </CardContent>
          </Card>
        </ListStates>
        {enabling ? <EnableCurrencyDialog taken={new Set(rows.map((r) => r.code))} onClose={() => setEnabling(false)} onSaved={refresh} /> : null}
      </section>
      <ExchangeRates canEdit={canEdit} currencies={rows.filter((r) => r.active && !r.isBase).map((r) => r.code)} base={rows.find((r) => r.isBase)?.code ?? ""} />
    </div>
  );
}

function EnableCurrencyDialog({ taken, onClose, onSaved }: { taken: Set<string>; onClose: () => void; onSaved: () => Promise<unknown> }) {
  const t = useTranslations("masterData.currencies");
  const trpc = useTRPC();
  const format = useFormat();
  const form = useZodForm(ZEnableCurrencyInput, { defaultValues: { code: "" } });
  const enable = useMutation(trpc.settings.currencies.enable.mutationOptions());
  const options = useMemo(
    () => CURRENCY_CODES.filter((c) => !taken.has(c)).map((c) => ({ value: c, label: formatCurrency(c, format.locale) })).sort((a, b) => a.label.localeCompare(b.label, format.locale)),
    [taken, format.locale],
  );
  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogPanel title={t("enableTitle")} description={t("enableDescription")} className="max-w-md">
        <Form
          form={form}
          guardUnsavedChanges={false}
          onSubmit={async (values) => {
            const saved = await enable.mutateAsync(values);
            await onSaved();
            toast.success(t("enabledToast", { code: saved.code }));
            onClose();
          }}
        >
          <SelectField name="code" label={t("fields.code")} required options={options} />
          <DialogFormActions submit={t("enable")} />
        </Form>
      </DialogPanel>
    </Dialog>
  );
}

type RatesProcedure = ReturnType<typeof useTRPC>["settings"]["exchangeRates"]["list"];
type Rate = RowOf<RatesProcedure>;
type RateAction = { action: "edit"; rate: Rate } | { action: "delete"; rate: Rate } | { action: "new" };

/**
 * Exchange rates on the DataTable (URL-backed state, saved views, CSV/XLSX export): keyset pages newest first,
 * sortable by date, currency and rate, filtered by currency and date range; Edit / Delete per row with the right.
 */
function ExchangeRates({ canEdit, currencies, base }: { canEdit: boolean; currencies: string[]; base: string }) {
  const t = useTranslations("masterData.rates");
  const trpc = useTRPC();
  const format = useFormat();
  const queryClient = useQueryClient();
  const [acting, setActing] = useState<RateAction | null>(null);
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries(trpc.settings.exchangeRates.list.pathFilter()),
      queryClient.invalidateQueries({ queryKey: trpc.settings.currencies.list.queryKey() }),
    ]);
  const remove = useMutation(trpc.settings.exchangeRates.delete.mutationOptions({ onSuccess: refresh }));

  const columns = useMemo<DataTableColumn<Rate>[]>(
    () => [
      { id: "validOn", header: t("columns.validOn"), cell: (r) => <time dateTime={r.validOn}>{format.date(r.validOn)}</time>, hideable: false, className: "whitespace-nowrap font-medium" },
      { id: "currency", header: t("columns.currency"), cell: (r) => r.currency, className: "font-mono" },
      {
        id: "rate",
        header: t("columns.rate"),
        cell: (r) => t("rateText", { currency: r.currency, rate: format.number(r.rate, { maximumFractionDigits: 8 }), base: r.baseCurrency }),
        className: "tabular-nums whitespace-nowrap",
      },
      ...(canEdit
        ? [
            {
              id: "actions",
              header: t("columns.actions"),
              hideable: false,
              className: "text-right whitespace-nowrap",
              cell: (r: Rate) => (
                <>
                  <Button variant="ghost" size="sm" aria-label={t("editLabel", { currency: r.currency, date: r.validOn })} onClick={() => setActing({ action: "edit", rate: r })}>
                    <PencilIcon aria-hidden="true" />
                    {t("edit")}
                  </Button>
                  <Button variant="ghost" size="sm" aria-label={t("deleteLabel", { currency: r.currency, date: r.validOn })} onClick={() => setActing({ action: "delete", rate: r })}>
                    <Trash2Icon aria-hidden="true" />
                    {t("delete")}
                  </Button>
                </>
              ),
            } satisfies DataTableColumn<Rate>,
          ]
        : []),
    ],
    [canEdit, format, t],
  );
  const filters = useMemo<DataTableFilter[]>(
    () => [
      { id: "currency", label: t("filterCurrency"), options: currencies.map((c) => ({ value: c, label: c })) },
      { id: "validOn", label: t("filterValidOn") },
    ],
    [currencies, t],
  );

  return (
    <section className="grid gap-4" aria-labelledby="rates-heading">
      <div className="flex items-end justify-between gap-4">
        <div className="grid gap-1">
          <h2 id="rates-heading" className="text-lg font-semibold">
            {t("heading")}
          </h2>
          <p className="text-sm text-muted-foreground">{t("description", { base: base || "…" })}</p>
        </div>
        {canEdit && currencies.length > 0 ? (
          <Button onClick={() => setActing({ action: "new" })}>
            <PlusIcon aria-hidden="true" />
            {t("add")}
          </Button>
        ) : null}
      </div>
      <DataTable
        listKey={EXCHANGE_RATES_LIST_KEY}
        label={t("tableLabel")}
        spec={EXCHANGE_RATES_LIST}
        procedure={trpc.settings.exchangeRates.list}
        columns={columns}
        filters={filters}
        getRowLabel={(r) => `${r.currency} ${r.validOn}`}
        exportKey={EXCHANGE_RATES_LIST_KEY}
        searchPlaceholder={t("searchPlaceholder")}
        emptyMessage={currencies.length ? t("emptyBody", { base: base || "…" }) : t("emptyNoCurrencies")}
      />
      {acting?.action === "new" || acting?.action === "edit" ? (
        <RateDialog rate={acting.action === "edit" ? acting.rate : null} currencies={currencies} base={base} onClose={() => setActing(null)} onSaved={refresh} />
      ) : null}
      {acting?.action === "delete" ? (
        <ConfirmDialog
          title={t("deleteTitle")}
          body={t("deleteBody", { currency: acting.rate.currency, date: format.date(acting.rate.validOn) })}
          confirm={t("delete")}
          onConfirm={async () => {
            await remove.mutateAsync({ id: acting.rate.id });
            toast.success(t("deleted"));
          }}
          onClose={() => setActing(null)}
        />
      ) : null}
    </section>
  );
}

function RateDialog({ rate, currencies, base, onClose, onSaved }: { rate: Rate | null; currencies: string[]; base: string; onClose: () => void; onSaved: () => Promise<unknown> }) {
  const t = useTranslations("masterData.rates");
  const trpc = useTRPC();
  const format = useFormat();
  const form = useZodForm(ZCreateExchangeRateInput, {
    defaultValues: { currency: rate?.currency ?? currencies[0] ?? "", rate: rate?.rate ?? "", validOn: rate?.validOn ?? todayIn(format.timeZone) },
  });
  const create = useMutation(trpc.settings.exchangeRates.create.mutationOptions());
  const update = useMutation(trpc.settings.exchangeRates.update.mutationOptions());
  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogPanel title={rate ? t("editTitle", { currency: rate.currency }) : t("addTitle")} description={t("dialogDescription", { base })} className="max-w-md">
        <Form
          form={form}
          guardUnsavedChanges={false}
          onSubmit={async (values) => {
            if (rate) await update.mutateAsync({ id: rate.id, rate: values.rate, validOn: values.validOn });
            else await create.mutateAsync(values);
            await onSaved();
            toast.success(t("saved", { currency: values.currency }));
            onClose();
          }}
        >
          {rate ? (
            <p className="text-sm">{t("pair", { currency: rate.currency, base })}</p>
          ) : (
            <SelectField name="currency" label={t("fields.currency")} required placeholder={false} options={currencies.map((c) => ({ value: c, label: formatCurrency(c, format.locale) }))} />
          )}
          <NumberField name="rate" label={t("fields.rate")} description={t("fields.rateHelp", { base })} required suffix={base} />
          <DateField name="validOn" label={t("fields.validOn")} required />
          <DialogFormActions />
        </Form>
      </DialogPanel>
    </Dialog>
  );
}
