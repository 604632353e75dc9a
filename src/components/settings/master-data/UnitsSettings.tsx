"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArchiveIcon, ArchiveRestoreIcon, PencilIcon, PlusIcon, RulerIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";

import { CheckboxField, DialogFormActions, Form, NumberField, SelectField, TextField, useZodForm } from "@/components/form";
import { useFormat } from "@/components/format/FormatProvider";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Card, CardContent } from "@/components/ui/Card";
import { Dialog, DialogPanel } from "@/components/ui/Dialog";
import { UNIT_CATEGORIES, ZCreateUnitInput } from "@/server/modules/settings/master-data.schemas";
import { useTRPC } from "@/trpc/react";

import { ActionButton, ListStates, StatusBadge, Th } from "./shared";

type Unit = { id: string; code: string; name: string; category: (typeof UNIT_CATEGORIES)[number]; factor: string; decimals: number; isBase: boolean; active: boolean };

/** Units of measure grouped by category: the base unit first, the others with their factor to it. */
export function UnitsSettings({ canEdit }: { canEdit: boolean }) {
  const t = useTranslations("masterData.units");
  const trpc = useTRPC();
  const format = useFormat();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.settings.units.list.queryOptions());
  const [editing, setEditing] = useState<Unit | "new" | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.settings.units.list.queryKey() });
  const archive = useMutation(trpc.settings.units.archive.mutationOptions({ onSuccess: refresh }));
  const restore = useMutation(trpc.settings.units.restore.mutationOptions({ onSuccess: refresh }));
  const rows = list.data?.rows ?? [];
  const baseOf = new Map(rows.filter((u) => u.isBase).map((u) => [u.category, u.code]));

  const addButton = canEdit ? (
    <Button onClick={() => setEditing("new")}>
      <PlusIcon aria-hidden="true" />
      {t("add")}
    </Button>
  ) : null;

  return (
    <div className="grid gap-4">
      <div className="flex justify-end">{rows.length ? addButton : null}</div>
      <ListStates query={list} label={t("tableLabel")} empty={{ icon: RulerIcon, title: t("emptyTitle"), body: t("emptyBody"), action: addButton }}>
        <Card>
          <CardContent className="overflow-x-auto p-0">
            <table className="w-full text-sm" aria-label={t("tableLabel")}>
              <thead className="border-b bg-muted/40 text-left text-muted-foreground">
                <tr>
                  <Th>{t("columns.code")}</Th>
                  <Th>{t("columns.name")}</Th>
                  <Th>{t("columns.category")}</Th>
                  <Th className="text-right">{t("columns.factor")}</Th>
                  <Th className="text-right">{t("columns.decimals")}</Th>
                  <Th>{t("columns.status")}</Th>
                  {canEdit ? (
                    <Th>
                      <span className="sr-only">{t("columns.actions")}</span>
                    </Th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {rows.map((u) => (
                  <tr key={u.id} className={`border-b last:border-0 ${u.active ? "" : "text-muted-foreground"}`}>
                    <th scope="row" className="px-4 py-2 text-left font-mono font-medium">
                      {u.code} {u.isBase ? <Badge className="ml-2 font-sans">{t("base")}</Badge> : null}
                    </th>
                    <td className="px-4 py-2">{u.name}</td>
                    <td className="px-4 py-2">{t(`categories.${u.category}`)}</td>
                    <td className="px-4 py-2 text-right tabular-nums whitespace-nowrap">
                      {u.isBase ? "1" : t("factorText", { factor: format.number(u.factor), base: baseOf.get(u.category) ?? "—" })}
                    </td>
                    <td className="px-4 py-2 text-right tabular-nums">{u.decimals}</td>
                    <td className="px-4 py-2">
                      <StatusBadge active={u.active} />
                    </td>
                    {canEdit ? (
                      <td className="px-4 py-2 text-right whitespace-nowrap">
                        <Button variant="ghost" size="sm" aria-label={t("editLabel", { code: u.code })} onClick={() => setEditing(u)}>
                          <PencilIcon aria-hidden="true" />
                          {t("edit")}
                        </Button>
                        {u.isBase ? null : u.active ? (
                          <ActionButton label={t("archiveLabel", { code: u.code })} icon={ArchiveIcon} run={() => archive.mutateAsync({ id: u.id })} done={t("archived", { code: u.code })}>
                            {t("archive")}
                          </ActionButton>
                        ) : (
                          <ActionButton label={t("restoreLabel", { code: u.code })} icon={ArchiveRestoreIcon} run={() => restore.mutateAsync({ id: u.id })} done={t("restored", { code: u.code })}>
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
      {editing ? <UnitDialog unit={editing === "new" ? null : editing} bases={baseOf} onClose={() => setEditing(null)} onSaved={refresh} /> : null}
    </div>
  );
}

function UnitDialog({ unit, bases, onClose, onSaved }: { unit: Unit | null; bases: Map<string, string>; onClose: () => void; onSaved: () => Promise<unknown> }) {
  const t = useTranslations("masterData.units");
  const trpc = useTRPC();
  const form = useZodForm(ZCreateUnitInput, {
    defaultValues: {
      code: unit?.code ?? "",
      name: unit?.name ?? "",
      category: unit?.category ?? "count",
      factor: unit?.factor ?? "1",
      decimals: String(unit?.decimals ?? 0),
      isBase: unit?.isBase ?? false,
    },
  });
  const create = useMutation(trpc.settings.units.create.mutationOptions());
  const update = useMutation(trpc.settings.units.update.mutationOptions());

  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogPanel title={unit ? t("editTitle", { code: unit.code }) : t("addTitle")} description={t("dialogDescription")} className="max-w-lg">
        <Form
          form={form}
          guardUnsavedChanges={false}
          onSubmit={async (values) => {
            // A base unit keeps its category, factor 1 and the flag (shown read-only).
            const saved = unit
              ? await update.mutateAsync({ ...values, id: unit.id, ...(unit.isBase ? { isBase: true, category: unit.category, factor: "1" } : { isBase: false }) })
              : await create.mutateAsync(values);
            await onSaved();
            toast.success(t("saved", { code: saved.code }));
            onClose();
          }}
        >
          <div className="grid grid-cols-2 gap-4">
            <TextField name="code" label={t("fields.code")} required autoComplete="off" />
            <TextField name="name" label={t("fields.name")} required autoComplete="off" />
          </div>
          {unit?.isBase ? (
            <p className="text-sm text-muted-foreground">{t("baseNote", { category: t(`categories.${unit.category}`) })}</p>
          ) : (
            <SelectField
              name="category"
              label={t("fields.category")}
              required
              placeholder={false}
              options={UNIT_CATEGORIES.map((c) => ({ value: c, label: bases.has(c) ? t("categoryWithBase", { category: t(`categories.${c}`), base: bases.get(c)! }) : t(`categories.${c}`) }))}
            />
          )}
          <div className="grid grid-cols-2 gap-4">
            <NumberField name="factor" label={t("fields.factor")} description={t("fields.factorHelp")} required readOnly={unit?.isBase === true} />
            <NumberField name="decimals" label={t("fields.decimals")} description={t("fields.decimalsHelp")} />
          </div>
          {unit ? null : <CheckboxField name="isBase" label={t("fields.isBase")} description={t("fields.isBaseHelp")} />}
          <DialogFormActions />
        </Form>
      </DialogPanel>
    </Dialog>
  );
}
