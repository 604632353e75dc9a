"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { UserPlusIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";

import { Form, SubmitButton, TextField, useZodForm } from "@/components/form";
import { Button } from "@/components/ui/Button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogTitle } from "@/components/ui/Dialog";
import { ZInviteMemberInput, ZUpdateMemberInput } from "@/server/modules/admin/admin.schemas";
import { useTRPC } from "@/trpc/react";

import { AccessFields } from "./AccessFields";

/** "Invite" button and its dialog: e-mail, roles, workspace access. */
export function InviteButton({ canGrantOwner }: { canGrantOwner: boolean }) {
  const t = useTranslations("invitations");
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}>
        <UserPlusIcon aria-hidden="true" />
        {t("invite.action")}
      </Button>
      <Dialog open={open} onOpenChange={setOpen}>
        {open ? <InviteDialog canGrantOwner={canGrantOwner} onDone={() => setOpen(false)} /> : null}
      </Dialog>
    </>
  );
}

function InviteDialog({ canGrantOwner, onDone }: { canGrantOwner: boolean; onDone: () => void }) {
  const t = useTranslations("invitations");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const options = useQuery(trpc.admin.members.filterOptions.queryOptions());
  const form = useZodForm(ZInviteMemberInput, { defaultValues: { email: "", roleIds: [], allWorkspaces: false, workspaceIds: [] } });
  const invite = useMutation(trpc.admin.members.invite.mutationOptions());
  return (
    <DialogContent className="max-w-lg">
      <DialogTitle>{t("invite.title")}</DialogTitle>
      <DialogDescription>{t("invite.description")}</DialogDescription>
      {options.isError ? (
        <p role="alert" className="text-sm text-destructive">
          {t("optionsFailed")}
        </p>
      ) : !options.data ? (
        <p className="text-sm text-muted-foreground" aria-busy="true">
          {t("loading")}
        </p>
      ) : (
        <Form
          form={form}
          guardUnsavedChanges={false}
          onSubmit={async (values) => {
            const r = await invite.mutateAsync(values);
            toast.success(t("invite.done", { email: r.email }));
            await queryClient.invalidateQueries(trpc.admin.invitations.list.pathFilter());
            onDone();
          }}
        >
          <TextField name="email" type="email" label={t("invite.email")} autoComplete="off" required autoFocus />
          <AccessFields options={options.data} canGrantOwner={canGrantOwner} />
          <DialogFooter>
            <Button type="button" variant="outline" onClick={onDone}>
              {t("cancel")}
            </Button>
            <SubmitButton>{t("invite.submit")}</SubmitButton>
          </DialogFooter>
        </Form>
      )}
    </DialogContent>
  );
}

export type AccessTarget = {
  id: string;
  user: { name: string; email: string };
  roles: { key: string }[];
  workspaces: { id: string }[] | "all";
};

/** Change a member's roles and workspaces. */
export function EditAccessDialog({ member, canGrantOwner, onDone }: { member: AccessTarget; canGrantOwner: boolean; onDone: () => void }) {
  const t = useTranslations("members.editAccess");
  const common = useTranslations("members");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const options = useQuery(trpc.admin.members.filterOptions.queryOptions());
  const update = useMutation(trpc.admin.members.update.mutationOptions());
  const roleIds = (options.data?.roles ?? []).filter((r) => member.roles.some((x) => x.key === r.key)).map((r) => r.id);
  return (
    <DialogContent className="max-w-lg">
      <DialogTitle>{t("title", { name: member.user.name })}</DialogTitle>
      <DialogDescription>{t("description", { email: member.user.email })}</DialogDescription>
      {options.isError ? (
        <p role="alert" className="text-sm text-destructive">
          {common("optionsFailed")}
        </p>
      ) : !options.data ? (
        <p className="text-sm text-muted-foreground" aria-busy="true">
          {common("loading")}
        </p>
      ) : (
        <EditAccessForm
          key={member.id}
          defaults={{
            id: member.id,
            roleIds,
            allWorkspaces: member.workspaces === "all",
            workspaceIds: member.workspaces === "all" ? [] : member.workspaces.map((w) => w.id),
          }}
          options={options.data}
          canGrantOwner={canGrantOwner}
          onSubmit={async (values) => {
            await update.mutateAsync(values);
            toast.success(t("done", { name: member.user.name }));
            await queryClient.invalidateQueries(trpc.admin.members.list.pathFilter());
            onDone();
          }}
          onCancel={onDone}
        />
      )}
    </DialogContent>
  );
}

function EditAccessForm({
  defaults,
  options,
  canGrantOwner,
  onSubmit,
  onCancel,
}: {
  defaults: { id: string; roleIds: string[]; allWorkspaces: boolean; workspaceIds: string[] };
  options: Parameters<typeof AccessFields>[0]["options"];
  canGrantOwner: boolean;
  onSubmit: (values: { id: string; roleIds: string[]; allWorkspaces: boolean; workspaceIds: string[] }) => Promise<void>;
  onCancel: () => void;
}) {
  const t = useTranslations("members.editAccess");
  const common = useTranslations("members");
  const form = useZodForm(ZUpdateMemberInput, { defaultValues: defaults });
  return (
    <Form form={form} guardUnsavedChanges={false} onSubmit={onSubmit}>
      <AccessFields options={options} canGrantOwner={canGrantOwner} />
      <DialogFooter>
        <Button type="button" variant="outline" onClick={onCancel}>
          {common("cancel")}
        </Button>
        <SubmitButton>{t("submit")}</SubmitButton>
      </DialogFooter>
    </Form>
  );
}

/** Confirm removing a member from the organization (the account stays). */
export function RemoveMemberDialog({ member, onDone }: { member: AccessTarget; onDone: () => void }) {
  const t = useTranslations("members.remove");
  const common = useTranslations("members");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(
    trpc.admin.members.remove.mutationOptions({
      onSuccess: async () => {
        toast.success(t("done", { name: member.user.name }));
        await queryClient.invalidateQueries(trpc.admin.members.list.pathFilter());
        onDone();
      },
    }),
  );
  return (
    <DialogContent>
      <DialogTitle>{t("title", { name: member.user.name })}</DialogTitle>
      <DialogDescription>{t("description", { email: member.user.email })}</DialogDescription>
      {remove.error ? (
        <p role="alert" className="text-sm text-destructive">
          {remove.error.message}
        </p>
      ) : null}
      <DialogFooter>
        <Button variant="outline" onClick={onDone} disabled={remove.isPending}>
          {common("cancel")}
        </Button>
        <Button variant="destructive" onClick={() => remove.mutate({ id: member.id })} disabled={remove.isPending}>
          {t("confirm")}
        </Button>
      </DialogFooter>
    </DialogContent>
  );
}
