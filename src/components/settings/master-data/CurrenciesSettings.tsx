"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowLeftRightIcon, BanIcon, CircleCheckIcon, CoinsIcon, PencilIcon, PlusIcon, Trash2Icon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useId, useMemo, useState } from "react";
import { toast } from "sonner";

import { DateField, Form, NumberField, SelectField, SubmitButton, useZodForm } from "@/components/form";
import { useFormat } from "@/components/format/FormatProvider";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Card, CardContent } from "@/components/ui/Card";
import { Dialog, DialogClose, DialogPanel } from "@/components/ui/Dialog";
import { Input } from "@/components/ui/Input";
import { Label } from "@/components/ui/Label";
import { formatCurrency, todayIn } from "@/lib/format";
import { CURRENCY_CODES } from "@/lib/money/currencies";
import { ZCreateExchangeRateInput, ZEnableCurrencyInput } from "@/server/modules/settings/master-data.schemas";
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
      <ExchangeRates canEdit={canEdit} currencies={rows.filter((r) => r.active && !r.isBase).map((r) => r.code)} />
    </div>
  );
}

function EnableCurrencyDialog({ taken, onClose, onSaved }: { taken: Set<string>; onClose: () => void; onSaved: () => Promise<unknown> }) {
  const t = useTranslations("masterData.currencies");
  const common = useTranslations("common");
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
          <div className="flex justify-end gap-2">
            <DialogClose asChild>
              <Button type="button" variant="outline">
                {common("cancel")}
              </Button>
            </DialogClose>
            <SubmitButton>{t("enable")}</SubmitButton>
          </div>
        </Form>
      </DialogPanel>
    </Dialog>
  );
}

type Rate = { id: string; currency: string; baseCurrency: string; rate: string; validOn: string };

function ExchangeRates({ canEdit, currencies }: { canEdit: boolean; currencies: string[] }) {
  const t = useTranslations("masterData.rates");
  const trpc = useTRPC();
  const format = useFormat();
  const queryClient = useQueryClient();
  const ids = { currency: useId(), from: useId(), to: useId() };
  const [filter, setFilter] = useState<{ currency: string; from: string; to: string }>({ currency: "", from: "", to: "" });
  const input = {
    ...(filter.currency ? { currency: filter.currency } : {}),
    ...(filter.from ? { from: filter.from } : {}),
    ...(filter.to && (!filter.from || filter.to >= filter.from) ? { to: filter.to } : {}),
  };
  const list = useQuery(trpc.settings.exchangeRates.list.queryOptions(input));
  const [editing, setEditing] = useState<Rate | "new" | null>(null);
  const [deleting, setDeleting] = useState<Rate | null>(null);
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.settings.exchangeRates.list.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.settings.currencies.list.queryKey() }),
    ]);
  const remove = useMutation(trpc.settings.exchangeRates.delete.mutationOptions({ onSuccess: refresh }));
  const base = list.data?.baseCurrency ?? "";
  const filtered = !!(filter.currency || filter.from || filter.to);

  const addButton =
    canEdit && currencies.length > 0 ? (
      <Button onClick={() => setEditing("new")}>
        <PlusIcon aria-hidden="true" />
        {t("add")}
      </Button>
    ) : null;

  return (
    <section className="grid gap-4" aria-labelledby="rates-heading">
      <div className="flex items-end justify-between gap-4">
        <div className="grid gap-1">
          <h2 id="rates-heading" className="text-lg font-semibold">
            {t("heading")}
          </h2>
          <p className="text-sm text-muted-foreground">{t("description", { base: base || "…" })}</p>
        </div>
        {addButton}
      </div>
      <div className="flex flex-wrap items-end gap-4" role="group" aria-label={t("filters")}>
        <div className="grid gap-1">
          <Label htmlFor={ids.currency}>{t("filterCurrency")}</Label>
          <select
            id={ids.currency}
            value={filter.currency}
            onChange={(e) => setFilter((f) => ({ ...f, currency: e.target.value }))}
            className="h-9 w-48 rounded-md border border-input bg-background px-3 text-sm shadow-xs outline-none focus-visible:ring-2 focus-visible:ring-ring"
          >
            <option value="">{t("allCurrencies")}</option>
            {currencies.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </div>
        <div className="grid gap-1">
          <Label htmlFor={ids.from}>{t("filterFrom")}</Label>
          <Input id={ids.from} type="date" className="w-44" value={filter.from} onChange={(e) => setFilter((f) => ({ ...f, from: e.target.value }))} />
        </div>
        <div className="grid gap-1">
          <Label htmlFor={ids.to}>{t("filterTo")}</Label>
          <Input id={ids.to} type="date" className="w-44" value={filter.to} min={filter.from || undefined} onChange={(e) => setFilter((f) => ({ ...f, to: e.target.value }))} />
        </div>
        {filtered ? (
          <Button variant="ghost" onClick={() => setFilter({ currency: "", from: "", to: "" })}>
            {t("clearFilters")}
          </Button>
        ) : null}
      </div>
      <ListStates
        query={list}
        label={t("tableLabel")}
        empty={{
          icon: ArrowLeftRightIcon,
          title: filtered ? t("noMatchTitle") : t("emptyTitle"),
          body: filtered ? t("noMatchBody") : currencies.length ? t("emptyBody", { base: base || "…" }) : t("emptyNoCurrencies"),
          action: filtered ? null : addButton,
        }}
      >
        <Card>
          <CardContent className="overflow-x-auto p-0">
            <table className="w-full text-sm" aria-label={t("tableLabel")}>
              <thead className="border-b bg-muted/40 text-left text-muted-foreground">
                <tr>
                  <Th>{t("columns.validOn")}</Th>
                  <Th>{t("columns.currency")}</Th>
                  <Th className="text-right">{t("columns.rate")}</Th>
                  {canEdit ? (
                    <Th>
                      <span className="sr-only">{t("columns.actions")}</span>
                    </Th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {(list.data?.rows ?? []).map((r) => (
                  <tr key={r.id} className="border-b last:border-0">
                    <th scope="row" className="px-4 py-2 text-left font-medium whitespace-nowrap">
                      {format.date(r.validOn)}
                    </th>
                    <td className="px-4 py-2 font-mono">{r.currency}</td>
                    <td className="px-4 py-2 text-right tabular-nums whitespace-nowrap">
                      {t("rateText", { currency: r.currency, rate: format.number(r.rate, { maximumFractionDigits: 8 }), base: r.baseCurrency })}
                    </td>
                    {canEdit ? (
                      <td className="px-4 py-2 text-right whitespace-nowrap">
                        <Button variant="ghost" size="sm" aria-label={t("editLabel", { currency: r.currency, date: r.validOn })} onClick={() => setEditing(r)}>
                          <PencilIcon aria-hidden="true" />
                          {t("edit")}
                        </Button>
                        <Button variant="ghost" size="sm" aria-label={t("deleteLabel", { currency: r.currency, date: r.validOn })} onClick={() => setDeleting(r)}>
                          <Trash2Icon aria-hidden="true" />
                          {t("delete")}
                        </Button>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
            {list.data && list.data.total > list.data.rows.length ? (
              <p className="border-t px-4 py-2 text-sm text-muted-foreground">{t("truncated", { shown: list.data.rows.length, total: list.data.total })}</p>
            ) : null}
          </CardContent>
        </Card>
      </ListStates>
      {editing ? <RateDialog rate={editing === "new" ? null : editing} currencies={currencies} base={base} onClose={() => setEditing(null)} onSaved={refresh} /> : null}
      {deleting ? (
        <ConfirmDialog
          title={t("deleteTitle")}
          body={t("deleteBody", { currency: deleting.currency, date: format.date(deleting.validOn) })}
          confirm={t("delete")}
          onConfirm={async () => {
            await remove.mutateAsync({ id: deleting.id });
            toast.success(t("deleted"));
          }}
          onClose={() => setDeleting(null)}
        />
      ) : null}
    </section>
  );
}

function RateDialog({ rate, currencies, base, onClose, onSaved }: { rate: Rate | null; currencies: string[]; base: string; onClose: () => void; onSaved: () => Promise<unknown> }) {
  const t = useTranslations("masterData.rates");
  const common = useTranslations("common");
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
          <div className="flex justify-end gap-2">
            <DialogClose asChild>
              <Button type="button" variant="outline">
                {common("cancel")}
              </Button>
            </DialogClose>
            <SubmitButton>{common("save")}</SubmitButton>
          </div>
        </Form>
      </DialogPanel>
    </Dialog>
  );
}
