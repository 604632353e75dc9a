"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArchiveIcon, ArchiveRestoreIcon, ListPlusIcon, PencilIcon, PlusIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";
import { z } from "zod";

import { CheckboxField, Form, NumberField, SelectField, SubmitButton, TextareaField, TextField, useZodForm } from "@/components/form";
import { ActionButton, ListStates, Th } from "@/components/settings/master-data/shared";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Card, CardContent } from "@/components/ui/Card";
import { Dialog, DialogClose, DialogPanel } from "@/components/ui/Dialog";
import { CUSTOM_FIELD_KINDS, type CustomFieldKind } from "@/server/modules/crm/fields.schemas";
import { useTRPC } from "@/trpc/react";

type Definition = {
  id: string;
  key: string;
  label: string;
  kind: CustomFieldKind;
  options: string[];
  required: boolean;
  sortOrder: number;
  archivedAt: Date | null;
  version: number;
};

/** The form's own shape: options edited one per line, the order as text (the number field's decimal string). */
const ZDefinitionForm = z.object({
  key: z.string().trim(),
  label: z.string().trim(),
  kind: z.enum(CUSTOM_FIELD_KINDS),
  options: z.string(),
  required: z.boolean(),
  sortOrder: z.string().trim(),
});

const optionLines = (text: string) =>
  text
    .split("\n")
    .map((s) => s.trim())
    .filter(Boolean);

/** Custom field definitions of customers: a table with add / edit / archive / restore for crm.settings.manage. */
export function CustomFieldsSettings({ canEdit }: { canEdit: boolean }) {
  const t = useTranslations("crmFields.fields");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.crm.customFields.list.queryOptions({ includeArchived: true }));
  const [editing, setEditing] = useState<Definition | "new" | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.crm.customFields.list.queryKey() });
  const archive = useMutation(trpc.crm.customFields.archive.mutationOptions({ onSuccess: refresh }));
  const rows = list.data?.rows ?? [];

  const addButton = canEdit ? (
    <Button onClick={() => setEditing("new")}>
      <PlusIcon aria-hidden="true" />
      {t("add")}
    </Button>
  ) : null;

  return (
    <div className="grid gap-4">
      <div className="flex justify-end">{rows.length ? addButton : null}</div>
      <ListStates query={list} label={t("tableLabel")} empty={{ icon: ListPlusIcon, title: t("emptyTitle"), body: t("emptyBody"), action: addButton }}>
        <Card>
          <CardContent className="overflow-x-auto p-0">
            <table className="w-full text-sm" aria-label={t("tableLabel")}>
              <thead className="border-b bg-muted/40 text-left text-muted-foreground">
                <tr>
                  <Th>{t("columns.label")}</Th>
                  <Th>{t("columns.key")}</Th>
                  <Th>{t("columns.kind")}</Th>
                  <Th>{t("columns.options")}</Th>
                  <Th>{t("columns.required")}</Th>
                  <Th className="text-right">{t("columns.order")}</Th>
                  <Th>{t("columns.status")}</Th>
                  {canEdit ? (
                    <Th>
                      <span className="sr-only">{t("columns.actions")}</span>
                    </Th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {rows.map((d) => (
                  <tr key={d.id} className={`border-b last:border-0 ${d.archivedAt ? "text-muted-foreground" : ""}`}>
                    <th scope="row" className="px-4 py-2 text-left font-medium">
                      {d.label}
                    </th>
                    <td className="px-4 py-2 font-mono">{d.key}</td>
                    <td className="px-4 py-2">{t(`kinds.${d.kind}`)}</td>
                    <td className="max-w-64 truncate px-4 py-2">{d.options.join(", ") || "—"}</td>
                    <td className="px-4 py-2">{d.required ? t("yes") : t("no")}</td>
                    <td className="px-4 py-2 text-right tabular-nums">{d.sortOrder}</td>
                    <td className="px-4 py-2">
                      {d.archivedAt ? <Badge variant="secondary">{t("archivedBadge")}</Badge> : <Badge variant="outline">{t("activeBadge")}</Badge>}
                    </td>
                    {canEdit ? (
                      <td className="px-4 py-2 text-right whitespace-nowrap">
                        <Button variant="ghost" size="sm" aria-label={t("editLabel", { label: d.label })} onClick={() => setEditing(d)}>
                          <PencilIcon aria-hidden="true" />
                          {t("edit")}
                        </Button>
                        {d.archivedAt ? (
                          <ActionButton
                            label={t("restoreLabel", { label: d.label })}
                            icon={ArchiveRestoreIcon}
                            run={() => archive.mutateAsync({ id: d.id, archived: false })}
                            done={t("restored", { label: d.label })}
                          >
                            {t("restore")}
                          </ActionButton>
                        ) : (
                          <ActionButton
                            label={t("archiveLabel", { label: d.label })}
                            icon={ArchiveIcon}
                            run={() => archive.mutateAsync({ id: d.id, archived: true })}
                            done={t("archived", { label: d.label })}
                          >
                            {t("archive")}
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
      {editing ? <DefinitionDialog definition={editing === "new" ? null : editing} onClose={() => setEditing(null)} onSaved={refresh} /> : null}
    </div>
  );
}

function DefinitionDialog({ definition, onClose, onSaved }: { definition: Definition | null; onClose: () => void; onSaved: () => Promise<unknown> }) {
  const t = useTranslations("crmFields.fields");
  const common = useTranslations("common");
  const trpc = useTRPC();
  const form = useZodForm(ZDefinitionForm, {
    defaultValues: {
      key: definition?.key ?? "",
      label: definition?.label ?? "",
      kind: definition?.kind ?? "text",
      options: definition?.options.join("\n") ?? "",
      required: definition?.required ?? false,
      sortOrder: definition ? String(definition.sortOrder) : "",
    },
  });
  const create = useMutation(trpc.crm.customFields.create.mutationOptions());
  const update = useMutation(trpc.crm.customFields.update.mutationOptions());
  const kind = form.watch("kind");

  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogPanel title={definition ? t("editTitle", { label: definition.label }) : t("addTitle")} description={t("dialogDescription")} className="max-w-lg">
        <Form
          form={form}
          guardUnsavedChanges={false}
          onSubmit={async (values) => {
            const sortOrder = values.sortOrder === "" ? undefined : Number(values.sortOrder);
            const options = values.kind === "select" ? optionLines(values.options) : undefined;
            const saved = definition
              ? await update.mutateAsync({
                  id: definition.id,
                  version: definition.version,
                  label: values.label,
                  required: values.required,
                  ...(sortOrder === undefined ? {} : { sortOrder }),
                  ...(definition.kind === "select" ? { options } : {}),
                })
              : await create.mutateAsync({ key: values.key, label: values.label, kind: values.kind, options, required: values.required, sortOrder });
            await onSaved();
            toast.success(t("saved", { label: saved.label }));
            onClose();
          }}
        >
          <div className="grid grid-cols-2 gap-4">
            <TextField name="label" label={t("form.label")} required autoComplete="off" />
            <TextField name="key" label={t("form.key")} description={t("form.keyHelp")} required autoComplete="off" readOnly={definition !== null} />
          </div>
          <div className="grid grid-cols-2 gap-4">
            {definition ? (
              <p className="self-center text-sm text-muted-foreground">{t("form.kindFixed", { kind: t(`kinds.${definition.kind}`) })}</p>
            ) : (
              <SelectField
                name="kind"
                label={t("form.kind")}
                required
                placeholder={false}
                options={CUSTOM_FIELD_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
              />
            )}
            <NumberField name="sortOrder" label={t("form.order")} description={t("form.orderHelp")} />
          </div>
          {kind === "select" ? <TextareaField name="options" label={t("form.options")} description={t("form.optionsHelp")} required rows={4} /> : null}
          <CheckboxField name="required" label={t("form.required")} description={t("form.requiredHelp")} />
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
