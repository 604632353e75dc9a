"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArchiveIcon, ArchiveRestoreIcon, PencilIcon, PercentIcon, PlusIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";

import { CheckboxField, DateField, DialogFormActions, Form, NumberField, SelectField, TextField, useZodForm } from "@/components/form";
import { useFormat } from "@/components/format/FormatProvider";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Card, CardContent } from "@/components/ui/Card";
import { Dialog, DialogPanel } from "@/components/ui/Dialog";
import { TAX_KINDS, ZCreateTaxRateInput } from "@/server/modules/settings/master-data.schemas";
import { useTRPC } from "@/trpc/react";

import { ActionButton, ListStates, StatusBadge, Th } from "./shared";

type TaxRate = {
  id: string;
  code: string;
  name: string;
  rate: string;
  kind: (typeof TAX_KINDS)[number];
  region: string | null;
  inclusive: boolean;
  validFrom: string | null;
  validTo: string | null;
  isDefault: boolean;
  active: boolean;
};

/** Tax rates: table with create / edit dialogs, make default, archive and restore. */
export function TaxRatesSettings({ canEdit }: { canEdit: boolean }) {
  const t = useTranslations("masterData.taxRates");
  const trpc = useTRPC();
  const format = useFormat();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.settings.taxRates.list.queryOptions());
  const [editing, setEditing] = useState<TaxRate | "new" | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.settings.taxRates.list.queryKey() });
  const archive = useMutation(trpc.settings.taxRates.archive.mutationOptions({ onSuccess: refresh }));
  const restore = useMutation(trpc.settings.taxRates.restore.mutationOptions({ onSuccess: refresh }));
  const update = useMutation(trpc.settings.taxRates.update.mutationOptions({ onSuccess: refresh }));

  const addButton = canEdit ? (
    <Button onClick={() => setEditing("new")}>
      <PlusIcon aria-hidden="true" />
      {t("add")}
    </Button>
  ) : null;
  const validity = (r: TaxRate) =>
    !r.validFrom && !r.validTo
      ? t("always")
      : r.validFrom && r.validTo
        ? t("between", { from: format.date(r.validFrom), to: format.date(r.validTo) })
        : r.validFrom
          ? t("from", { from: format.date(r.validFrom) })
          : t("until", { to: format.date(r.validTo!) });

  return (
    <div className="grid gap-4">
      <div className="flex justify-end">{list.data?.rows.length ? addButton : null}</div>
      <ListStates query={list} label={t("tableLabel")} empty={{ icon: PercentIcon, title: t("emptyTitle"), body: t("emptyBody"), action: addButton }}>
        <Card>
          <CardContent className="overflow-x-auto p-0">
            <table className="w-full text-sm" aria-label={t("tableLabel")}>
              <thead className="border-b bg-muted/40 text-left text-muted-foreground">
                <tr>
                  <Th>{t("columns.name")}</Th>
                  <Th>{t("columns.code")}</Th>
                  <Th className="text-right">{t("columns.rate")}</Th>
                  <Th>{t("columns.kind")}</Th>
                  <Th>{t("columns.validity")}</Th>
                  <Th>{t("columns.status")}</Th>
                  {canEdit ? (
                    <Th>
                      <span className="sr-only">{t("columns.actions")}</span>
                    </Th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {(list.data?.rows ?? []).map((r) => (
                  <tr key={r.id} className={`border-b last:border-0 ${r.active ? "" : "text-muted-foreground"}`}>
                    <th scope="row" className="px-4 py-2 text-left font-medium">
                      {r.name} {r.isDefault ? <Badge className="ml-2">{t("default")}</Badge> : null}
                    </th>
                    <td className="px-4 py-2 font-mono">{r.code}</td>
                    <td className="px-4 py-2 text-right tabular-nums">{format.percent(r.rate)}</td>
                    <td className="px-4 py-2">
                      {t(`kinds.${r.kind}`)}
                      {r.region ? <span className="text-muted-foreground"> · {r.region}</span> : null}
                      {r.inclusive ? <span className="text-muted-foreground"> · {t("inclusiveShort")}</span> : null}
                    </td>
                    <td className="px-4 py-2 whitespace-nowrap">{validity(r)}</td>
                    <td className="px-4 py-2">
                      <StatusBadge active={r.active} />
                    </td>
                    {canEdit ? (
                      <td className="px-4 py-2 text-right whitespace-nowrap">
                        <Button variant="ghost" size="sm" aria-label={t("editLabel", { name: r.name })} onClick={() => setEditing(r)}>
                          <PencilIcon aria-hidden="true" />
                          {t("edit")}
                        </Button>
                        {r.active && !r.isDefault ? (
                          <>
                            <ActionButton label={t("makeDefaultLabel", { name: r.name })} run={() => update.mutateAsync({ ...r, isDefault: true })} done={t("madeDefault", { name: r.name })}>
                              {t("makeDefault")}
                            </ActionButton>
                            <ActionButton label={t("archiveLabel", { name: r.name })} icon={ArchiveIcon} run={() => archive.mutateAsync({ id: r.id })} done={t("archived", { name: r.name })}>
                              {t("archive")}
                            </ActionButton>
                          </>
                        ) : null}
                        {r.active ? null : (
                          <ActionButton label={t("restoreLabel", { name: r.name })} icon={ArchiveRestoreIcon} run={() => restore.mutateAsync({ id: r.id })} done={t("restored", { name: r.name })}>
                            {t("restore")}
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
      {editing ? <TaxRateDialog rate={editing === "new" ? null : editing} onClose={() => setEditing(null)} onSaved={refresh} /> : null}
    </div>
  );
}

function TaxRateDialog({ rate, onClose, onSaved }: { rate: TaxRate | null; onClose: () => void; onSaved: () => Promise<unknown> }) {
  const t = useTranslations("masterData.taxRates");
  const trpc = useTRPC();
  const form = useZodForm(ZCreateTaxRateInput, {
    defaultValues: {
      code: rate?.code ?? "",
      name: rate?.name ?? "",
      rate: rate?.rate ?? "",
      kind: rate?.kind ?? "vat",
      region: rate?.region ?? "",
      inclusive: rate?.inclusive ?? false,
      validFrom: rate?.validFrom ?? "",
      validTo: rate?.validTo ?? "",
      isDefault: rate?.isDefault ?? false,
    },
  });
  const create = useMutation(trpc.settings.taxRates.create.mutationOptions());
  const update = useMutation(trpc.settings.taxRates.update.mutationOptions());

  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogPanel title={rate ? t("editTitle", { name: rate.name }) : t("addTitle")} description={t("dialogDescription")} className="max-w-lg">
        <Form
          form={form}
          guardUnsavedChanges={false}
          onSubmit={async (values) => {
            const saved = rate ? await update.mutateAsync({ ...values, id: rate.id, isDefault: values.isDefault || rate.isDefault }) : await create.mutateAsync(values);
            await onSaved();
            toast.success(t("saved", { name: saved.name }));
            onClose();
          }}
        >
          <div className="grid grid-cols-2 gap-4">
            <TextField name="name" label={t("fields.name")} required autoComplete="off" />
            <TextField name="code" label={t("fields.code")} required autoComplete="off" />
          </div>
          <div className="grid grid-cols-2 gap-4">
            <NumberField name="rate" label={t("fields.rate")} required suffix="%" />
            <SelectField name="kind" label={t("fields.kind")} required placeholder={false} options={TAX_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))} />
          </div>
          <TextField name="region" label={t("fields.region")} description={t("fields.regionHelp")} autoComplete="off" />
          <div className="grid grid-cols-2 gap-4">
            <DateField name="validFrom" label={t("fields.validFrom")} />
            <DateField name="validTo" label={t("fields.validTo")} />
          </div>
          <CheckboxField name="inclusive" label={t("fields.inclusive")} description={t("fields.inclusiveHelp")} />
          <CheckboxField name="isDefault" label={t("fields.isDefault")} description={t("fields.isDefaultHelp")} disabled={rate?.isDefault === true || rate?.active === false} />
          <DialogFormActions />
        </Form>
      </DialogPanel>
    </Dialog>
  );
}
