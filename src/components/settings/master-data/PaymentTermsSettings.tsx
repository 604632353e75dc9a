"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArchiveIcon, ArchiveRestoreIcon, CalendarClockIcon, PencilIcon, PlusIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";

import { CheckboxField, DialogFormActions, Form, NumberField, TextField, useZodForm } from "@/components/form";
import { useFormat } from "@/components/format/FormatProvider";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Card, CardContent } from "@/components/ui/Card";
import { Dialog, DialogPanel } from "@/components/ui/Dialog";
import { ZCreatePaymentTermInput } from "@/server/modules/settings/master-data.schemas";
import { useTRPC } from "@/trpc/react";

import { ActionButton, ListStates, StatusBadge, Th } from "./shared";

type Term = {
  id: string;
  code: string;
  name: string;
  netDays: number;
  discountPercent: string;
  discountDays: number | null;
  endOfMonth: boolean;
  isDefault: boolean;
  active: boolean;
};

/** Payment terms: table with create / edit dialogs, archive and restore. */
export function PaymentTermsSettings({ canEdit }: { canEdit: boolean }) {
  const t = useTranslations("masterData.terms");
  const trpc = useTRPC();
  const format = useFormat();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.settings.paymentTerms.list.queryOptions());
  const [editing, setEditing] = useState<Term | "new" | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.settings.paymentTerms.list.queryKey() });
  const archive = useMutation(trpc.settings.paymentTerms.archive.mutationOptions({ onSuccess: refresh }));
  const restore = useMutation(trpc.settings.paymentTerms.restore.mutationOptions({ onSuccess: refresh }));

  const addButton = canEdit ? (
    <Button onClick={() => setEditing("new")}>
      <PlusIcon aria-hidden="true" />
      {t("add")}
    </Button>
  ) : null;

  return (
    <div className="grid gap-4">
      <div className="flex justify-end">{list.data?.rows.length ? addButton : null}</div>
      <ListStates query={list} label={t("tableLabel")} empty={{ icon: CalendarClockIcon, title: t("emptyTitle"), body: t("emptyBody"), action: addButton }}>
        <Card>
          <CardContent className="overflow-x-auto p-0">
            <table className="w-full text-sm" aria-label={t("tableLabel")}>
              <thead className="border-b bg-muted/40 text-left text-muted-foreground">
                <tr>
                  <Th>{t("columns.name")}</Th>
                  <Th>{t("columns.code")}</Th>
                  <Th className="text-right">{t("columns.netDays")}</Th>
                  <Th>{t("columns.discount")}</Th>
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
                    <td className="px-4 py-2 text-right tabular-nums">
                      {format.number(String(r.netDays))}
                      {r.endOfMonth ? ` ${t("eomShort")}` : ""}
                    </td>
                    <td className="px-4 py-2 whitespace-nowrap">
                      {/[1-9]/.test(r.discountPercent) ? t("discountText", { percent: format.percent(r.discountPercent), days: r.discountDays ?? 0 }) : "—"}
                    </td>
                    <td className="px-4 py-2">
                      <StatusBadge active={r.active} />
                    </td>
                    {canEdit ? (
                      <td className="px-4 py-2 text-right whitespace-nowrap">
                        <Button variant="ghost" size="sm" aria-label={t("editLabel", { name: r.name })} onClick={() => setEditing(r)}>
                          <PencilIcon aria-hidden="true" />
                          {t("edit")}
                        </Button>
                        {r.active ? (
                          r.isDefault ? null : (
                            <ActionButton label={t("archiveLabel", { name: r.name })} icon={ArchiveIcon} run={() => archive.mutateAsync({ id: r.id })} done={t("archived", { name: r.name })}>
                              {t("archive")}
                            </ActionButton>
                          )
                        ) : (
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
      {editing ? <PaymentTermDialog term={editing === "new" ? null : editing} onClose={() => setEditing(null)} onSaved={refresh} /> : null}
    </div>
  );
}

function PaymentTermDialog({ term, onClose, onSaved }: { term: Term | null; onClose: () => void; onSaved: () => Promise<unknown> }) {
  const t = useTranslations("masterData.terms");
  const trpc = useTRPC();
  const form = useZodForm(ZCreatePaymentTermInput, {
    defaultValues: {
      code: term?.code ?? "",
      name: term?.name ?? "",
      netDays: term ? String(term.netDays) : "30",
      discountPercent: term?.discountPercent ?? "0",
      discountDays: term?.discountDays === null || term?.discountDays === undefined ? "" : String(term.discountDays),
      endOfMonth: term?.endOfMonth ?? false,
      isDefault: term?.isDefault ?? false,
    },
  });
  const create = useMutation(trpc.settings.paymentTerms.create.mutationOptions());
  const update = useMutation(trpc.settings.paymentTerms.update.mutationOptions());

  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogPanel title={term ? t("editTitle", { name: term.name }) : t("addTitle")} description={t("dialogDescription")} className="max-w-lg">
        <Form
          form={form}
          guardUnsavedChanges={false}
          onSubmit={async (values) => {
            const saved = term ? await update.mutateAsync({ ...values, id: term.id, isDefault: values.isDefault || term.isDefault }) : await create.mutateAsync(values);
            await onSaved();
            toast.success(t("saved", { name: saved.name }));
            onClose();
          }}
        >
          <div className="grid grid-cols-2 gap-4">
            <TextField name="name" label={t("fields.name")} required autoComplete="off" />
            <TextField name="code" label={t("fields.code")} required autoComplete="off" />
          </div>
          <NumberField name="netDays" label={t("fields.netDays")} required suffix={t("days")} />
          <CheckboxField name="endOfMonth" label={t("fields.endOfMonth")} description={t("fields.endOfMonthHelp")} />
          <div className="grid grid-cols-2 gap-4">
            <NumberField name="discountPercent" label={t("fields.discountPercent")} suffix="%" />
            <NumberField name="discountDays" label={t("fields.discountDays")} suffix={t("days")} />
          </div>
          <CheckboxField name="isDefault" label={t("fields.isDefault")} description={t("fields.isDefaultHelp")} disabled={term?.isDefault === true || term?.active === false} />
          <DialogFormActions />
        </Form>
      </DialogPanel>
    </Dialog>
  );
}
