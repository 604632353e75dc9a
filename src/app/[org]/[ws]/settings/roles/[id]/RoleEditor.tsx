"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowLeftIcon, CopyIcon } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { useController } from "react-hook-form";
import { toast } from "sonner";

import { PermissionMatrix } from "@/components/admin/PermissionMatrix";
import { Form, SelectField, SubmitButton, TextareaField, TextField, useZodForm, type ZodForm } from "@/components/form";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/Card";
import { Skeleton } from "@/components/ui/Skeleton";
import { workspacePath } from "@/lib/urls";
import { RECORD_SCOPE_VALUES, ZCreateRoleInput } from "@/server/modules/admin/admin.schemas";
import { useTRPC } from "@/trpc/react";

import { CloneRoleDialog } from "../CloneRoleDialog";

type Props = { org: string; ws: string; id: string | null; canManage: boolean; available: string[] | null };

/** A role's page: the new-role form, a custom role's edit form, or a system role read-only with "Clone to edit". */
export function RoleEditor(props: Props) {
  const t = useTranslations("roles");
  const trpc = useTRPC();
  const role = useQuery({ ...trpc.admin.roles.get.queryOptions({ id: props.id ?? "" }), enabled: props.id !== null, retry: false });
  const back = workspacePath(props.org, props.ws, "settings", "roles");

  let body;
  if (props.id === null) body = <RoleForm {...props} role={null} />;
  else if (role.isPending) body = <Skeleton className="h-96 w-full" aria-label={t("editor.loading")} />;
  else if (role.isError)
    body = (
      <div role="alert" className="grid gap-2 rounded-md border p-4">
        <p className="text-destructive">{role.error.data?.code === "NOT_FOUND" ? t("editor.notFound") : t("loadFailed", { message: role.error.message })}</p>
        <Button variant="outline" size="sm" className="justify-self-start" onClick={() => void role.refetch()}>
          {t("retry")}
        </Button>
      </div>
    );
  else body = <RoleForm key={role.data.id + role.dataUpdatedAt} {...props} role={role.data} />;

  return (
    <div className="mx-auto grid max-w-5xl gap-4">
      <Link href={back} className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:underline">
        <ArrowLeftIcon aria-hidden="true" className="size-4" />
        {t("backToList")}
      </Link>
      {body}
    </div>
  );
}

type RoleData = {
  id: string;
  name: string;
  description: string | null;
  isSystem: boolean;
  recordScope: (typeof RECORD_SCOPE_VALUES)[number];
  permissions: string[];
  memberCount: number;
};

function RoleForm({ org, ws, canManage, available, role }: Props & { role: RoleData | null }) {
  const t = useTranslations("roles");
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [cloning, setCloning] = useState(false);
  const readOnly = !canManage || !!role?.isSystem;
  const availableSet = useMemo(() => (available ? new Set(available) : undefined), [available]);

  const form = useZodForm(ZCreateRoleInput, {
    defaultValues: {
      name: role?.name ?? "",
      description: role?.description ?? "",
      recordScope: role?.recordScope ?? "all",
      permissions: role?.permissions ?? [],
    },
  });
  const create = useMutation(trpc.admin.roles.create.mutationOptions());
  const update = useMutation(trpc.admin.roles.update.mutationOptions());

  const submit = async (values: ReturnType<typeof ZCreateRoleInput.parse>) => {
    const input = { ...values, description: values.description || null };
    if (role) {
      const saved = await update.mutateAsync({ id: role.id, ...input });
      form.reset({ name: saved.name, description: saved.description ?? "", recordScope: saved.recordScope, permissions: saved.permissions });
      await queryClient.invalidateQueries(trpc.admin.roles.pathFilter());
      toast.success(t("editor.saved", { name: saved.name }));
    } else {
      const created = await create.mutateAsync(input);
      form.reset(form.getValues());
      await queryClient.invalidateQueries(trpc.admin.roles.list.pathFilter());
      toast.success(t("editor.created", { name: created.name }));
      router.push(workspacePath(org, ws, "settings", "roles", created.id));
    }
  };

  return (
    <>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">{role ? role.name : t("editor.newTitle")}</h1>
        {role ? <Badge variant={role.isSystem ? "secondary" : "outline"}>{role.isSystem ? t("system") : t("custom")}</Badge> : null}
        {role ? <span className="text-sm text-muted-foreground">{t("editor.members", { count: role.memberCount })}</span> : null}
        {role?.isSystem && canManage ? (
          <Button className="ml-auto" variant="outline" onClick={() => setCloning(true)}>
            <CopyIcon aria-hidden="true" />
            {t("editor.cloneToEdit")}
          </Button>
        ) : null}
      </div>
      {role?.isSystem ? <p className="text-sm text-muted-foreground">{t("editor.systemReadOnly")}</p> : null}
      <Form form={form} onSubmit={submit} guardUnsavedChanges={!readOnly} aria-label={t("editor.formLabel")}>
        <Card>
          <CardHeader>
            <CardTitle>{t("editor.details")}</CardTitle>
          </CardHeader>
          <CardContent className="grid gap-4 md:grid-cols-2">
            <TextField name="name" label={t("fields.name")} required disabled={readOnly} autoComplete="off" />
            <SelectField
              name="recordScope"
              label={t("fields.recordScope")}
              description={t("fields.recordScopeHelp")}
              disabled={readOnly}
              placeholder={false}
              options={RECORD_SCOPE_VALUES.map((v) => ({ value: v, label: t(`recordScope.${v}`) }))}
            />
            <div className="md:col-span-2">
              <TextareaField name="description" label={t("fields.description")} disabled={readOnly} rows={2} maxLength={500} />
            </div>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>{t("editor.permissions")}</CardTitle>
            <CardDescription>{readOnly ? t("editor.permissionsReadOnly") : t("editor.permissionsHelp")}</CardDescription>
          </CardHeader>
          <CardContent>
            <MatrixField form={form} readOnly={readOnly} available={availableSet} />
          </CardContent>
        </Card>
        {readOnly ? null : (
          <div className="flex justify-end gap-2">
            <Button type="button" variant="outline" onClick={() => form.reset()} disabled={!form.formState.isDirty}>
              {t("editor.discard")}
            </Button>
            <SubmitButton>{role ? t("editor.save") : t("editor.create")}</SubmitButton>
          </div>
        )}
      </Form>
      {cloning && role ? <CloneRoleDialog role={role} org={org} ws={ws} onClose={() => setCloning(false)} /> : null}
    </>
  );
}

function MatrixField({ form, readOnly, available }: { form: ZodForm<typeof ZCreateRoleInput>; readOnly: boolean; available?: ReadonlySet<string> }) {
  const { field, fieldState } = useController({ control: form.control, name: "permissions" });
  return (
    <div className="grid gap-2">
      <PermissionMatrix value={field.value ?? []} onChange={field.onChange} readOnly={readOnly} available={available} />
      {fieldState.error ? (
        <p role="alert" className="text-sm text-destructive">
          {fieldState.error.message}
        </p>
      ) : null}
    </div>
  );
}
