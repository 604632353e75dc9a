"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";
import { z } from "zod";

import { CheckboxField, Form, NumberField, SelectField, SubmitButton, TextareaField, useZodForm } from "@/components/form";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/Card";
import { Dialog, DialogClose, DialogPanel } from "@/components/ui/Dialog";
import { Skeleton } from "@/components/ui/Skeleton";
import { SETTINGS, type EffectiveSetting, type SettingKey, type SettingLevel, type SettingSource } from "@/server/kernel/settings/registry";
import { useTRPC } from "@/trpc/react";

import { asFieldError, useSettingValues } from "./use-settings";

type Translate = ReturnType<typeof useTranslations<"orgSettings">>;

/** A value as words: units, yes/no, domain lists, choices. */
export function describeValue(t: Translate, key: SettingKey, value: unknown): string {
  const kind = SETTINGS[key].kind;
  switch (kind.type) {
    case "boolean":
      return value ? t("all.yes") : t("all.no");
    case "integer":
      return kind.unit ? t(`units.${kind.unit}`, { value: String(value) }) : String(value);
    case "domains":
      return Array.isArray(value) && value.length ? value.join(", ") : t("all.anyDomain");
    case "choice":
      return t(`choices.${value as "monday"}`);
    case "text":
      return typeof value === "string" && value ? value : t("all.emptyText");
  }
}

const SOURCE_VARIANT: Record<SettingSource, "outline" | "secondary" | "default"> = {
  global: "outline",
  organization: "secondary",
  workspace: "default",
};

/** Every registry key with its effective value, where it comes from, and set / reset actions per level. */
export function AllSettings({ canEdit, workspaceName }: { canEdit: boolean; workspaceName: string }) {
  const t = useTranslations("orgSettings");
  const tc = useTranslations("common");
  const trpc = useTRPC();
  const { query, invalidate } = useSettingValues();
  const [editing, setEditing] = useState<{ row: EffectiveSetting; level: SettingLevel } | null>(null);
  const reset = useMutation(
    trpc.settings.values.reset.mutationOptions({
      onSuccess: async (row) => {
        await invalidate();
        toast.success(t("all.resetDone", { setting: label(row.key), value: describeValue(t, row.key, row.value), source: t(`source.${row.source}`) }));
      },
      onError: (error) => toast.error(error.message),
    }),
  );
  const label = (key: SettingKey) => t(`keys.${key}` as "keys.security.passwordMinLength");
  const editable = canEdit && query.data?.canUpdate === true;

  return (
    <Card aria-labelledby="all-settings-heading">
      <CardHeader>
        <CardTitle id="all-settings-heading">{t("all.title")}</CardTitle>
        <CardDescription>{t("all.description")}</CardDescription>
      </CardHeader>
      <CardContent>
        {query.isPending ? (
          <div className="grid gap-2" aria-busy="true" aria-label={tc("loading")}>
            {Array.from({ length: 6 }, (_, i) => (
              <Skeleton key={i} className="h-10 w-full" />
            ))}
          </div>
        ) : query.isError ? (
          <div role="alert" className="flex items-center gap-3 text-sm">
            {t("all.loadFailed")}
            <Button type="button" size="sm" variant="outline" onClick={() => void query.refetch()}>
              {tc("tryAgain")}
            </Button>
          </div>
        ) : query.data.rows.length === 0 ? (
          <p className="text-sm text-muted-foreground">{t("all.empty")}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm" aria-labelledby="all-settings-heading">
              <thead className="border-b text-left text-muted-foreground">
                <tr>
                  <th scope="col" className="py-2 pr-4 font-medium">{t("all.setting")}</th>
                  <th scope="col" className="py-2 pr-4 font-medium">{t("all.value")}</th>
                  <th scope="col" className="py-2 pr-4 font-medium">{t("all.source")}</th>
                  <th scope="col" className="py-2 font-medium">
                    <span className={editable ? undefined : "sr-only"}>{t("all.actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {query.data.rows.map((row) => {
                  const name = label(row.key);
                  return (
                    <tr key={row.key} className="border-b last:border-0" data-setting={row.key}>
                      <th scope="row" className="py-2 pr-4 text-left font-medium">
                        {name}
                        <div className="font-mono text-xs font-normal text-muted-foreground">{row.key}</div>
                      </th>
                      <td className="max-w-xs py-2 pr-4 break-words">{describeValue(t, row.key, row.value)}</td>
                      <td className="py-2 pr-4">
                        <Badge variant={SOURCE_VARIANT[row.source]} data-testid="setting-source">
                          {t(`source.${row.source}`)}
                        </Badge>
                      </td>
                      <td className="py-2">
                        {editable ? (
                          <div className="flex flex-wrap gap-1">
                            {row.levels.includes("organization") ? (
                              <Button size="sm" variant="outline" aria-label={t("all.setOrganizationLabel", { setting: name })} onClick={() => setEditing({ row, level: "organization" })}>
                                {t("all.setOrganization")}
                              </Button>
                            ) : null}
                            {row.levels.includes("workspace") ? (
                              <Button size="sm" variant="outline" aria-label={t("all.setWorkspaceLabel", { setting: name })} onClick={() => setEditing({ row, level: "workspace" })}>
                                {t("all.setWorkspace")}
                              </Button>
                            ) : null}
                            {row.source !== "global" ? (
                              <Button
                                size="sm"
                                variant="ghost"
                                disabled={reset.isPending}
                                aria-label={t("all.resetLabel", { setting: name, level: t(`levels.${row.source}`) })}
                                onClick={() => reset.mutate({ key: row.key, scope: row.source as SettingLevel })}
                              >
                                {t("all.reset")}
                              </Button>
                            ) : null}
                          </div>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </CardContent>
      {editing ? (
        <SetSettingDialog
          row={editing.row}
          level={editing.level}
          title={editing.level === "organization" ? t("all.dialogOrganization", { setting: label(editing.row.key) }) : t("all.dialogWorkspace", { setting: label(editing.row.key), workspace: workspaceName })}
          onClose={() => setEditing(null)}
          onSaved={async () => {
            await invalidate();
            toast.success(t("all.saved", { setting: label(editing.row.key) }));
            setEditing(null);
          }}
        />
      ) : null}
    </Card>
  );
}

function SetSettingDialog({
  row,
  level,
  title,
  onClose,
  onSaved,
}: {
  row: EffectiveSetting;
  level: SettingLevel;
  title: string;
  onClose: () => void;
  onSaved: () => Promise<void>;
}) {
  const t = useTranslations("orgSettings");
  const tc = useTranslations("common");
  const trpc = useTRPC();
  const kind = SETTINGS[row.key].kind;
  const set = useMutation(trpc.settings.values.set.mutationOptions());
  // The editor keeps text (or a boolean); the server checks the value with the key's own schema.
  const initial = level === "workspace" ? (row.workspaceValue ?? row.value) : (row.organizationValue ?? row.value);
  const form = useZodForm(z.object({ value: kind.type === "boolean" ? z.boolean() : z.string() }), {
    defaultValues: { value: kind.type === "boolean" ? initial === true : kind.type === "domains" ? (initial as string[]).join("\n") : String(initial) },
  });

  function toValue(v: string | boolean): unknown {
    if (kind.type === "boolean") return v === true;
    const s = String(v);
    if (kind.type === "integer") return /^\s*-?\d+\s*$/.test(s) ? Number(s) : s;
    if (kind.type === "domains") return s.split(/[\s,;]+/).map((d) => d.trim()).filter(Boolean);
    return s;
  }

  async function submit(values: { value: string | boolean }) {
    try {
      await set.mutateAsync({ key: row.key, scope: level, value: toValue(values.value) as never });
    } catch (error) {
      throw asFieldError(error, "value");
    }
    await onSaved();
  }

  const valueLabel = t("all.valueLabel");
  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogPanel title={title} description={t("all.dialogDescription", { value: describeValue(t, row.key, row.value) })} className="max-w-lg">
        <Form form={form} onSubmit={submit} guardUnsavedChanges={false}>
          {kind.type === "boolean" ? (
            <CheckboxField name="value" label={valueLabel} />
          ) : kind.type === "integer" ? (
            <NumberField name="value" label={valueLabel} description={t("security.range", { min: kind.min, max: kind.max })} autoFocus />
          ) : kind.type === "choice" ? (
            <SelectField name="value" label={valueLabel} placeholder={false} options={kind.options.map((o) => ({ value: o, label: t(`choices.${o as "monday"}`) }))} />
          ) : kind.type === "domains" ? (
            <TextareaField name="value" label={valueLabel} description={t("all.domainsHelp")} rows={4} />
          ) : (
            <TextareaField name="value" label={valueLabel} rows={3} maxLength={kind.maxLength} />
          )}
          <div className="flex justify-end gap-2">
            <DialogClose asChild>
              <Button type="button" variant="outline">
                {tc("cancel")}
              </Button>
            </DialogClose>
            <SubmitButton>{tc("save")}</SubmitButton>
          </div>
        </Form>
      </DialogPanel>
    </Dialog>
  );
}
