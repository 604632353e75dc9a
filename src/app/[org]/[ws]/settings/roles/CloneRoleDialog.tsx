"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";

import { DialogFormActions, Form, TextField, useZodForm } from "@/components/form";
import { Dialog, DialogPanel } from "@/components/ui/Dialog";
import { workspacePath } from "@/lib/urls";
import { ZCloneRoleInput } from "@/server/modules/admin/admin.schemas";
import { useTRPC } from "@/trpc/react";

/** Asks for the copy's name, clones the role and opens the copy. */
export function CloneRoleDialog({ role, org, ws, onClose }: { role: { id: string; name: string }; org: string; ws: string; onClose: () => void }) {
  const t = useTranslations("roles");
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const form = useZodForm(ZCloneRoleInput, { defaultValues: { id: role.id, name: t("copyName", { name: role.name }) } });
  const clone = useMutation(trpc.admin.roles.clone.mutationOptions());

  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogPanel title={t("cloneTitle", { name: role.name })} description={t("cloneDescription")}>
        <Form
          form={form}
          guardUnsavedChanges={false}
          onSubmit={async (values) => {
            const copy = await clone.mutateAsync(values);
            await queryClient.invalidateQueries(trpc.admin.roles.list.pathFilter());
            onClose();
            router.push(workspacePath(org, ws, "settings", "roles", copy.id));
          }}
        >
          <TextField name="name" label={t("fields.name")} required autoComplete="off" />
          <DialogFormActions submit={t("clone")} />
        </Form>
      </DialogPanel>
    </Dialog>
  );
}
