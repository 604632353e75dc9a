"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { UsersRoundIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useController, useFormContext } from "react-hook-form";
import { toast } from "sonner";
import { z } from "zod";

import { DialogFormActions, Form, TextareaField, TextField, useZodForm } from "@/components/form";
import { useFormat } from "@/components/format/FormatProvider";
import { ChildTable, type ChildColumn } from "@/components/child-table/ChildTable";
import { ConfirmPanel } from "@/components/settings/master-data/shared";
import { Button } from "@/components/ui/Button";
import { DialogPanel } from "@/components/ui/Dialog";
import { workspacePath } from "@/lib/urls";
import { CUSTOMER_STATUSES, CUSTOMER_TIERS, CUSTOMER_TYPES } from "@/server/modules/crm/crm.schemas";
import type { TSegmentDefinition } from "@/server/modules/crm/fields.schemas";
import { useTRPC } from "@/trpc/react";

type Segment = { id: string; name: string; description: string | null; definition: TSegmentDefinition; version: number; memberCount: number; memberCountCapped: boolean };

const ENUM_FILTERS = ["status", "tier", "type", "owner"] as const;
type EnumFilter = (typeof ENUM_FILTERS)[number];

const ZSegmentForm = z.object({
  name: z.string().trim(),
  description: z.string(),
  q: z.string().trim(),
  status: z.array(z.string()),
  tier: z.array(z.string()),
  type: z.array(z.string()),
  owner: z.array(z.string()),
  tags: z.string(),
});
type SegmentForm = z.infer<typeof ZSegmentForm>;

const enumValues = (d: TSegmentDefinition, key: string) => {
  const f = d.filters?.[key];
  return f?.type === "enum" ? f.values : [];
};

function toDefinition(v: SegmentForm): TSegmentDefinition {
  const filters: NonNullable<TSegmentDefinition["filters"]> = {};
  for (const key of ENUM_FILTERS) if (v[key].length) filters[key] = { type: "enum", values: v[key] };
  const tags = [...new Set(v.tags.split(",").map((s) => s.trim()).filter(Boolean))];
  if (tags.length) filters.tags = { type: "enum", values: tags };
  return { ...(v.q ? { q: v.q } : {}), ...(Object.keys(filters).length ? { filters } : {}) };
}

/** Segments with their member counts (as this member sees them), a link to the filtered customers list, and for
 * crm.settings.manage a filter builder to create and edit them. */
export function SegmentsPage({ org, ws, canEdit, canReadMembers }: { org: string; ws: string; canEdit: boolean; canReadMembers: boolean }) {
  const t = useTranslations("crmFields.segments");
  const trpc = useTRPC();
  const format = useFormat();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.crm.segments.list.queryOptions({ perPage: 100 }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.crm.segments.list.queryKey() });
  const remove = useMutation(trpc.crm.segments.delete.mutationOptions({ onSuccess: refresh }));
  const columns: ChildColumn<Segment>[] = [
    { id: "name", header: t("columns.name"), cell: (s) => s.name, rowHeader: true },
    { id: "description", header: t("columns.description"), cell: (s) => s.description ?? "—", className: "max-w-96 truncate text-muted-foreground" },
    {
      id: "members",
      header: t("columns.members"),
      cell: (s) => (s.memberCountCapped ? t("moreThan", { count: format.number(String(s.memberCount)) }) : format.number(String(s.memberCount))),
      className: "text-right tabular-nums",
    },
  ];

  return (
    <ChildTable
      variant="card"
      label={t("tableLabel")}
      query={list}
      rows={list.data?.rows}
      rowKey={(s) => s.id}
      columns={columns}
      empty={{ icon: UsersRoundIcon, title: t("emptyTitle"), body: t("emptyBody") }}
      canManage={canEdit}
      actionsHeader={t("columns.actions")}
      addLabel={t("add")}
      editor={(segment, close) => <SegmentDialog segment={segment} canReadMembers={canReadMembers} onClose={close} onSaved={refresh} />}
      edit={{ label: (s) => t("editLabel", { name: s.name }), text: t("edit") }}
      remove={{
        label: (s) => t("deleteLabel", { name: s.name }),
        text: t("delete"),
        confirm: (segment, close) => (
          <ConfirmPanel
            title={t("deleteTitle", { name: segment.name })}
            body={t("deleteBody")}
            confirm={t("delete")}
            onClose={close}
            onConfirm={async () => {
              await remove.mutateAsync({ id: segment.id });
              toast.success(t("deleted", { name: segment.name }));
            }}
          />
        ),
      }}
      actions={(s) => (
        <Button asChild variant="ghost" size="sm">
          <Link href={`${workspacePath(org, ws, "crm", "customers")}?f.segment=${s.id}`} aria-label={t("showCustomersLabel", { name: s.name })}>
            <UsersRoundIcon aria-hidden="true" />
            {t("showCustomers")}
          </Link>
        </Button>
      )}
    />
  );
}

/** A group of checkboxes editing a string[] form value. */
function CheckboxGroup({ name, legend, options }: { name: EnumFilter; legend: string; options: { value: string; label: string }[] }) {
  const { control } = useFormContext<SegmentForm>();
  const { field } = useController({ name, control });
  const value = field.value as string[];
  return (
    <fieldset className="grid gap-1.5">
      <legend className="mb-1 text-sm font-medium">{legend}</legend>
      <div className="flex flex-wrap gap-x-4 gap-y-1.5">
        {options.map((o) => (
          <label key={o.value} className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              className="size-4 accent-primary"
              checked={value.includes(o.value)}
              onChange={(e) => field.onChange(e.target.checked ? [...value, o.value] : value.filter((v) => v !== o.value))}
            />
            {o.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function SegmentDialog({ segment, canReadMembers, onClose, onSaved }: { segment: Segment | null; canReadMembers: boolean; onClose: () => void; onSaved: () => Promise<unknown> }) {
  const t = useTranslations("crmFields.segments");
  const trpc = useTRPC();
  const d = segment?.definition ?? {};
  const form = useZodForm(ZSegmentForm, {
    defaultValues: {
      name: segment?.name ?? "",
      description: segment?.description ?? "",
      q: d.q ?? "",
      status: enumValues(d, "status"),
      tier: enumValues(d, "tier"),
      type: enumValues(d, "type"),
      owner: enumValues(d, "owner"),
      tags: enumValues(d, "tags").join(", "),
    },
  });
  const members = useQuery({ ...trpc.admin.members.list.queryOptions({ perPage: 100 }), enabled: canReadMembers });
  const create = useMutation(trpc.crm.segments.create.mutationOptions());
  const update = useMutation(trpc.crm.segments.update.mutationOptions());

  return (
    <DialogPanel title={segment ? t("editTitle", { name: segment.name }) : t("addTitle")} description={t("dialogDescription")} className="max-w-2xl">
      <Form
        form={form}
        guardUnsavedChanges={false}
        onSubmit={async (values) => {
          const input = { name: values.name, description: values.description, definition: toDefinition(values) };
          const saved = segment ? await update.mutateAsync({ ...input, id: segment.id, version: segment.version }) : await create.mutateAsync(input);
          await onSaved();
          toast.success(t("saved", { name: saved.name }));
          onClose();
        }}
      >
        <TextField name="name" label={t("form.name")} required autoComplete="off" />
        <TextareaField name="description" label={t("form.description")} rows={2} />
        <TextField name="q" label={t("form.q")} description={t("form.qHelp")} autoComplete="off" />
        <CheckboxGroup name="status" legend={t("form.status")} options={CUSTOMER_STATUSES.map((v) => ({ value: v, label: t(`statuses.${v}`) }))} />
        <CheckboxGroup name="tier" legend={t("form.tier")} options={CUSTOMER_TIERS.map((v) => ({ value: v, label: t(`tiers.${v}`) }))} />
        <CheckboxGroup name="type" legend={t("form.type")} options={CUSTOMER_TYPES.map((v) => ({ value: v, label: t(`types.${v}`) }))} />
        {canReadMembers && members.data?.rows.length ? (
          <CheckboxGroup name="owner" legend={t("form.owner")} options={members.data.rows.map((m) => ({ value: m.id, label: m.user.name || m.user.email }))} />
        ) : null}
        <TextField name="tags" label={t("form.tags")} description={t("form.tagsHelp")} autoComplete="off" />
        <DialogFormActions />
      </Form>
    </DialogPanel>
  );
}
