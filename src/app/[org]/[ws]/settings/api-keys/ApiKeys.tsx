"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CopyIcon, KeyRoundIcon, TriangleAlertIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useId, useMemo, useState } from "react";
import { useController, useWatch } from "react-hook-form";
import { toast } from "sonner";
import { z } from "zod";

import { PermissionMatrix } from "@/components/admin/PermissionMatrix";
import { DateField, DialogFormActions, Form, SelectField, TextField, type ZodForm, useZodForm } from "@/components/form";
import { useFormat } from "@/components/format/FormatProvider";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogPanel, DialogTitle } from "@/components/ui/Dialog";
import { Input } from "@/components/ui/Input";
import { Label } from "@/components/ui/Label";
import { Skeleton } from "@/components/ui/Skeleton";
import { API_KEY_EXPIRY_DAYS } from "@/server/modules/admin/admin.schemas";
import { useTRPC } from "@/trpc/react";

const WHEN: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short" };
const DAY: Intl.DateTimeFormatOptions = { dateStyle: "medium" };

/** The organization's API keys: list, create (shown once) and revoke. */
export function ApiKeys({ permissions, isOwner }: { permissions: string[]; isOwner: boolean }) {
  const t = useTranslations("apiKeys");
  const format = useFormat();
  const trpc = useTRPC();
  const keys = useQuery(trpc.admin.apiKeys.list.queryOptions());
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<{ id: string; name: string } | null>(null);
  const cols = 9;

  return (
    <div className="grid gap-3">
      <div className="flex justify-end">
        <Button onClick={() => setCreating(true)}>
          <KeyRoundIcon aria-hidden="true" />
          {t("create")}
        </Button>
      </div>
      <div className="overflow-x-auto rounded-md border">
        <table className="w-full text-sm" aria-label={t("tableLabel")} aria-busy={keys.isPending || undefined}>
          <thead className="bg-muted/40 text-left text-muted-foreground">
            <tr>
              {(["name", "prefix", "scopes", "createdBy", "createdAt", "expiresAt", "lastUsedAt", "status"] as const).map((c) => (
                <th key={c} scope="col" className="px-3 py-2 font-medium whitespace-nowrap">
                  {t(`columns.${c}`)}
                </th>
              ))}
              <th scope="col" className="px-3 py-2 text-right font-medium">
                {t("columns.actions")}
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.isPending
              ? Array.from({ length: 3 }, (_, i) => (
                  <tr key={i} className="border-t">
                    <td colSpan={cols} className="px-3 py-2">
                      <Skeleton className="h-5 w-full" />
                    </td>
                  </tr>
                ))
              : null}
            {keys.isError ? (
              <tr>
                <td colSpan={cols} className="px-3 py-6 text-center">
                  <div role="alert" className="grid justify-items-center gap-2">
                    <p className="text-destructive">{t("loadFailed", { message: keys.error.message })}</p>
                    <Button variant="outline" size="sm" onClick={() => void keys.refetch()}>
                      {t("retry")}
                    </Button>
                  </div>
                </td>
              </tr>
            ) : null}
            {keys.data?.length === 0 ? (
              <tr>
                <td colSpan={cols} className="px-3 py-6 text-center text-muted-foreground">
                  {t("empty")}
                </td>
              </tr>
            ) : null}
            {keys.data?.map((k) => (
              <tr key={k.id} className="border-t align-top">
                <th scope="row" className="px-3 py-2 text-left font-medium">
                  {k.name}
                </th>
                <td className="px-3 py-2 font-mono text-xs whitespace-nowrap">tsk_{k.prefix}_…</td>
                <td className="max-w-xs px-3 py-2 font-mono text-xs break-words">{k.scopes.join(", ")}</td>
                <td className="px-3 py-2">{k.createdBy.name}</td>
                <td className="px-3 py-2 whitespace-nowrap">
                  <time dateTime={k.createdAt.toISOString()}>{format.dateTime(k.createdAt, WHEN)}</time>
                </td>
                <td className="px-3 py-2 whitespace-nowrap">
                  {k.expiresAt ? <time dateTime={k.expiresAt.toISOString()}>{format.dateTime(k.expiresAt, DAY)}</time> : t("noExpiry")}
                </td>
                <td className="px-3 py-2 whitespace-nowrap">
                  {k.lastUsedAt ? <time dateTime={k.lastUsedAt.toISOString()}>{format.dateTime(k.lastUsedAt, WHEN)}</time> : t("never")}
                </td>
                <td className="px-3 py-2">
                  <Badge variant={k.status === "active" ? "secondary" : k.status === "revoked" ? "destructive" : "outline"}>{t(`status.${k.status}`)}</Badge>
                </td>
                <td className="px-3 py-2 text-right">
                  {k.status === "revoked" ? null : (
                    <Button variant="ghost" size="sm" aria-label={t("revokeKey", { name: k.name })} onClick={() => setRevoking({ id: k.id, name: k.name })}>
                      {t("revoke")}
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {creating ? <CreateDialog permissions={permissions} isOwner={isOwner} onClose={() => setCreating(false)} /> : null}
      <Dialog open={revoking !== null} onOpenChange={(o) => !o && setRevoking(null)}>
        {revoking ? <RevokeDialog apiKey={revoking} onDone={() => setRevoking(null)} /> : null}
      </Dialog>
    </div>
  );
}

const ZKeyForm = z
  .object({
    name: z.string().trim().min(1, "Enter a name").max(100, "At most 100 characters"),
    scopes: z.array(z.string()).min(1, "Choose at least one permission"),
    expiry: z.enum(["30", "90", "365", "date", "never"]),
    date: z.string(),
  })
  .refine((v) => v.expiry !== "date" || /^\d{4}-\d{2}-\d{2}$/.test(v.date), { path: ["date"], message: "Choose a date" });

function expiresAt(v: z.infer<typeof ZKeyForm>): Date | null {
  if (v.expiry === "never") return null;
  // A chosen date: the key works through the end of that day (UTC).
  if (v.expiry === "date") return new Date(`${v.date}T23:59:59.000Z`);
  return new Date(Date.now() + Number(v.expiry) * 86_400_000);
}

function CreateDialog({ permissions, isOwner, onClose }: { permissions: string[]; isOwner: boolean; onClose: () => void }) {
  const t = useTranslations("apiKeys");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const form = useZodForm(ZKeyForm, { defaultValues: { name: "", scopes: [], expiry: "90", date: "" } });
  const create = useMutation(trpc.admin.apiKeys.create.mutationOptions());
  const expiry = useWatch({ control: form.control, name: "expiry" });
  const held = useMemo(() => new Set(permissions), [permissions]);
  const [tomorrow] = useState(() => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10));

  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogPanel
        title={created ? t("reveal.title", { name: created.name }) : t("createTitle")}
        description={created ? t("reveal.description") : t("createDescription")}
        className="max-h-[90vh] max-w-2xl overflow-y-auto"
      >
        {created ? (
          <Reveal apiKey={created.key} onDone={onClose} />
        ) : (
          <Form
            form={form}
            guardUnsavedChanges={false}
            onSubmit={async (values) => {
              const r = await create.mutateAsync({ name: values.name, scopes: values.scopes, expiresAt: expiresAt(values) });
              await queryClient.invalidateQueries(trpc.admin.apiKeys.list.pathFilter());
              setCreated({ name: r.name, key: r.key });
            }}
          >
            <TextField name="name" label={t("fields.name")} required autoComplete="off" />
            <div className="grid gap-3 sm:grid-cols-2">
              <SelectField
                name="expiry"
                label={t("fields.expiry")}
                placeholder={false}
                options={[
                  ...API_KEY_EXPIRY_DAYS.map((d) => ({ value: String(d), label: t("expiry.days", { count: d }) })),
                  { value: "date", label: t("expiry.date") },
                  ...(isOwner ? [{ value: "never", label: t("expiry.never") }] : []),
                ]}
              />
              {expiry === "date" ? <DateField name="date" label={t("fields.date")} required min={tomorrow} /> : null}
            </div>
            <ScopesField form={form} available={held} />
            <DialogFormActions submit={t("createSubmit")} />
          </Form>
        )}
      </DialogPanel>
    </Dialog>
  );
}

function ScopesField({ form, available }: { form: ZodForm<typeof ZKeyForm>; available: ReadonlySet<string> }) {
  const t = useTranslations("apiKeys");
  const { field, fieldState } = useController({ control: form.control, name: "scopes" });
  return (
    <div className="grid gap-2" role="group" aria-label={t("fields.scopes")}>
      <span className="text-sm font-medium">{t("fields.scopes")}</span>
      <p className="text-xs text-muted-foreground">{t("fields.scopesHelp")}</p>
      <PermissionMatrix compact hideUnavailable value={field.value} onChange={field.onChange} available={available} />
      {fieldState.error ? (
        <p role="alert" className="text-sm text-destructive">
          {fieldState.error.message}
        </p>
      ) : null}
    </div>
  );
}

function Reveal({ apiKey, onDone }: { apiKey: string; onDone: () => void }) {
  const t = useTranslations("apiKeys");
  const id = useId();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(apiKey);
      toast.success(t("reveal.copied"));
    } catch {
      toast.error(t("reveal.copyFailed"));
    }
  };
  return (
    <div className="grid gap-3">
      <div role="note" className="flex items-start gap-2 rounded-md border border-amber-500/40 bg-amber-500/10 px-3 py-2 text-sm">
        <TriangleAlertIcon aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
        <p>{t("reveal.warning")}</p>
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor={id}>{t("reveal.label")}</Label>
        <div className="flex gap-2">
          <Input id={id} readOnly value={apiKey} className="font-mono text-xs" onFocus={(e) => e.currentTarget.select()} />
          <Button type="button" variant="outline" onClick={() => void copy()}>
            <CopyIcon aria-hidden="true" />
            {t("reveal.copy")}
          </Button>
        </div>
      </div>
      <p className="text-xs text-muted-foreground">{t("reveal.usage")}</p>
      <div className="flex justify-end">
        <Button onClick={onDone}>{t("reveal.done")}</Button>
      </div>
    </div>
  );
}

function RevokeDialog({ apiKey, onDone }: { apiKey: { id: string; name: string }; onDone: () => void }) {
  const t = useTranslations("apiKeys");
  const common = useTranslations("common");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const revoke = useMutation(
    trpc.admin.apiKeys.revoke.mutationOptions({
      onSuccess: async () => {
        toast.success(t("revoked", { name: apiKey.name }));
        await queryClient.invalidateQueries(trpc.admin.apiKeys.list.pathFilter());
        onDone();
      },
    }),
  );
  return (
    <DialogContent>
      <DialogTitle>{t("revokeTitle", { name: apiKey.name })}</DialogTitle>
      <DialogDescription>{t("revokeDescription")}</DialogDescription>
      {revoke.error ? (
        <p role="alert" className="text-sm text-destructive">
          {revoke.error.message}
        </p>
      ) : null}
      <DialogFooter>
        <Button variant="outline" onClick={onDone} disabled={revoke.isPending}>
          {common("cancel")}
        </Button>
        <Button variant="destructive" onClick={() => revoke.mutate({ id: apiKey.id })} disabled={revoke.isPending}>
          {t("revoke")}
        </Button>
      </DialogFooter>
    </DialogContent>
  );
}
