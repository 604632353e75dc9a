"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArchiveIcon, ArchiveRestoreIcon, ListPlusIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { toast } from "sonner";
import { z } from "zod";

import { CheckboxField, DialogFormActions, Form, NumberField, SelectField, TextareaField, TextField, useZodForm } from "@/components/form";
import { ChildTable, type ChildColumn } from "@/components/child-table/ChildTable";
import { ActionButton } from "@/components/settings/master-data/shared";
import { Badge } from "@/components/ui/Badge";
import { DialogPanel } from "@/components/ui/Dialog";
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
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.crm.customFields.list.queryKey() });
  const archive = useMutation(trpc.crm.customFields.archive.mutationOptions({ onSuccess: refresh }));
  const columns: ChildColumn<Definition>[] = [
    { id: "label", header: t("columns.label"), cell: (d) => d.label, rowHeader: true },
    { id: "key", header: t("columns.key"), cell: (d) => d.key, className: "font-mono" },
    { id: "kind", header: t("columns.kind"), cell: (d) => t(`kinds.${d.kind}`) },
    { id: "options", header: t("columns.options"), cell: (d) => d.options.join(", ") || "—", className: "max-w-64 truncate" },
    { id: "required", header: t("columns.required"), cell: (d) => (d.required ? t("yes") : t("no")) },
    { id: "order", header: t("columns.order"), cell: (d) => d.sortOrder, className: "text-right tabular-nums" },
    {
      id: "status",
      header: t("columns.status"),
      cell: (d) => (d.archivedAt ? <Badge variant="secondary">{t("archivedBadge")}</Badge> : <Badge variant="outline">{t("activeBadge")}</Badge>),
    },
  ];

  return (
    <ChildTable
      variant="card"
      label={t("tableLabel")}
      query={list}
      rows={list.data?.rows}
      rowKey={(d) => d.id}
      rowClassName={(d) => (d.archivedAt ? "text-muted-foreground" : "")}
      columns={columns}
      empty={{ icon: ListPlusIcon, title: t("emptyTitle"), body: t("emptyBody") }}
      canManage={canEdit}
      actionsHeader={t("columns.actions")}
      addLabel={t("add")}
      editor={(definition, close) => <DefinitionDialog definition={definition} onClose={close} onSaved={refresh} />}
      edit={{ label: (d) => t("editLabel", { label: d.label }), text: t("edit") }}
      actionsPlacement="after"
      actions={
        canEdit
          ? (d) =>
              d.archivedAt ? (
                <ActionButton
                  label={t("restoreLabel", { label: d.label })}
                  icon={ArchiveRestoreIcon}
                  run={() => archive.mutateAsync({ id: d.id, archived: false, version: d.version })}
                  done={t("restored", { label: d.label })}
                >
                  {t("restore")}
                </ActionButton>
              ) : (
                <ActionButton
                  label={t("archiveLabel", { label: d.label })}
                  icon={ArchiveIcon}
                  run={() => archive.mutateAsync({ id: d.id, archived: true, version: d.version })}
                  done={t("archived", { label: d.label })}
                >
                  {t("archive")}
                </ActionButton>
              )
          : undefined
      }
    />
  );
}

function DefinitionDialog({ definition, onClose, onSaved }: { definition: Definition | null; onClose: () => void; onSaved: () => Promise<unknown> }) {
  const t = useTranslations("crmFields.fields");
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
        <DialogFormActions />
      </Form>
    </DialogPanel>
  );
}
