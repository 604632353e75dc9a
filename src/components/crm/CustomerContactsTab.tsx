"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferOutput } from "@trpc/tanstack-react-query";
import { PencilIcon, PlusIcon, Trash2Icon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";

import { CheckboxField, Form, SubmitButton, TextField, useZodForm } from "@/components/form";
import { looksMasked, MaskedField, MaskedValue } from "@/components/masking/Masked";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Dialog, DialogPanel } from "@/components/ui/Dialog";
import { Skeleton } from "@/components/ui/Skeleton";
import { ZCreateContactInput, ZUpdateContactInput } from "@/server/modules/crm/crm.schemas";
import { useTRPC } from "@/trpc/react";

import { ConfirmDelete } from "./ConfirmDelete";
import type { CustomerTabContext } from "./CustomerTabs";

type Contact = inferOutput<ReturnType<typeof useTRPC>["crm"]["contacts"]["list"]>[number];
type Editing = { mode: "create" } | { mode: "edit"; contact: Contact } | { mode: "delete"; contact: Contact };

/** The customer's contacts: primary first; add, edit, delete; primary and decision-maker flags. */
export function CustomerContactsTab({ customer, permissions, readOnly }: CustomerTabContext) {
  const t = useTranslations("crmCustomers.contacts");
  const trpc = useTRPC();
  const list = useQuery(trpc.crm.contacts.list.queryOptions({ customerId: customer.id }));
  const [editing, setEditing] = useState<Editing | null>(null);
  const canManage = permissions.has("crm.contact.manage") && !readOnly;

  return (
    <section className="grid gap-3" aria-labelledby="crm-contacts-title">
      <div className="flex items-center justify-between gap-2">
        <h2 id="crm-contacts-title" className="text-lg font-semibold">
          {t("title")}
        </h2>
        {canManage ? (
          <Button size="sm" onClick={() => setEditing({ mode: "create" })}>
            <PlusIcon aria-hidden="true" />
            {t("add")}
          </Button>
        ) : null}
      </div>
      {list.isPending ? <Skeleton className="h-24 w-full" /> : null}
      {list.isError ? (
        <p role="alert" className="text-sm text-destructive">
          {t("loadFailed")}{" "}
          <Button variant="link" size="sm" onClick={() => void list.refetch()}>
            {t("retry")}
          </Button>
        </p>
      ) : null}
      {list.isSuccess && list.data.length === 0 ? <p className="py-6 text-center text-sm text-muted-foreground">{t("empty")}</p> : null}
      {list.isSuccess && list.data.length > 0 ? (
        <table className="w-full text-sm" aria-label={t("title")}>
          <thead className="text-left text-muted-foreground">
            <tr>
              <th className="py-2 font-medium">{t("name")}</th>
              <th className="py-2 font-medium">{t("position")}</th>
              <th className="py-2 font-medium">{t("email")}</th>
              <th className="py-2 font-medium">{t("phone")}</th>
              <th className="py-2 font-medium">{t("flags")}</th>
              {canManage ? <th className="py-2 font-medium sr-only">{t("actions")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {list.data.map((c) => {
              const name = [c.firstName, c.lastName].filter(Boolean).join(" ");
              return (
                <tr key={c.id} className="border-t">
                  <td className="py-2 font-medium">{name}</td>
                  <td className="py-2">{c.position ?? "—"}</td>
                  <td className="py-2"><MaskedValue value={c.email} masked={looksMasked(c.email)} /></td>
                  <td className="py-2"><MaskedValue value={c.phone} masked={looksMasked(c.phone)} /></td>
                  <td className="py-2">
                    <span className="flex flex-wrap gap-1">
                      {c.isPrimary ? <Badge>{t("primary")}</Badge> : null}
                      {c.isDecisionMaker ? <Badge variant="secondary">{t("decisionMaker")}</Badge> : null}
                    </span>
                  </td>
                  {canManage ? (
                    <td className="py-2 text-right whitespace-nowrap">
                      <Button variant="ghost" size="icon" aria-label={t("edit", { name })} onClick={() => setEditing({ mode: "edit", contact: c })}>
                        <PencilIcon aria-hidden="true" />
                      </Button>
                      <Button variant="ghost" size="icon" aria-label={t("delete", { name })} onClick={() => setEditing({ mode: "delete", contact: c })}>
                        <Trash2Icon aria-hidden="true" />
                      </Button>
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      <Dialog open={editing !== null} onOpenChange={(o) => !o && setEditing(null)}>
        {editing?.mode === "create" || editing?.mode === "edit" ? (
          <ContactDialog customerId={customer.id} contact={editing.mode === "edit" ? editing.contact : null} onDone={() => setEditing(null)} />
        ) : null}
        {editing?.mode === "delete" ? <DeleteContact contact={editing.contact} customerId={customer.id} onDone={() => setEditing(null)} /> : null}
      </Dialog>
    </section>
  );
}

function withoutMasked<V extends { email?: unknown; phone?: unknown }>(v: V, email: boolean, phone: boolean): V {
  const out = { ...v };
  if (email) delete out.email;
  if (phone) delete out.phone;
  return out;
}

function ContactDialog({ customerId, contact, onDone }: { customerId: string; contact: Contact | null; onDone: () => void }) {
  const t = useTranslations("crmCustomers.contacts");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(trpc.crm.contacts.create.mutationOptions());
  const update = useMutation(trpc.crm.contacts.update.mutationOptions());
  // A contact's e-mail or phone this member sees masked (kernel/masking): read-only, never sent.
  const maskedEmail = !!contact && looksMasked(contact.email);
  const maskedPhone = !!contact && looksMasked(contact.phone);
  const values = {
    firstName: contact?.firstName ?? "",
    lastName: contact?.lastName ?? "",
    position: contact?.position ?? "",
    email: maskedEmail ? undefined : (contact?.email ?? ""),
    phone: maskedPhone ? undefined : (contact?.phone ?? ""),
    isPrimary: contact?.isPrimary ?? false,
    isDecisionMaker: contact?.isDecisionMaker ?? false,
  };
  const createForm = useZodForm(ZCreateContactInput, { defaultValues: { ...values, customerId } });
  const updateForm = useZodForm(ZUpdateContactInput, { defaultValues: { ...values, id: contact?.id ?? "" } });
  const done = async () => {
    await queryClient.invalidateQueries(trpc.crm.contacts.list.queryFilter({ customerId }));
    toast.success(contact ? t("saved") : t("added"));
    onDone();
  };
  const fields = (
    <>
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField name="firstName" label={t("firstName")} required maxLength={100} autoFocus />
        <TextField name="lastName" label={t("lastName")} maxLength={100} />
        <TextField name="position" label={t("position")} maxLength={100} />
        {maskedPhone ? <MaskedField label={t("phone")} value={contact.phone} /> : <TextField name="phone" type="tel" label={t("phone")} maxLength={50} />}
      </div>
      {maskedEmail ? <MaskedField label={t("email")} value={contact.email} /> : <TextField name="email" type="email" label={t("email")} />}
      <CheckboxField name="isPrimary" label={t("isPrimary")} description={t("isPrimaryHint")} />
      <CheckboxField name="isDecisionMaker" label={t("isDecisionMaker")} />
      <div className="flex justify-end">
        <SubmitButton>{contact ? t("save") : t("add")}</SubmitButton>
      </div>
    </>
  );
  return (
    <DialogPanel title={contact ? t("editTitle") : t("addTitle")} side="right">
      {contact ? (
        <Form form={updateForm} guardUnsavedChanges={false} onSubmit={async (v) => (await update.mutateAsync(withoutMasked(v, maskedEmail, maskedPhone)), done())}>
          {fields}
        </Form>
      ) : (
        <Form form={createForm} guardUnsavedChanges={false} onSubmit={async (v) => (await create.mutateAsync(v), done())}>
          {fields}
        </Form>
      )}
    </DialogPanel>
  );
}

function DeleteContact({ contact, customerId, onDone }: { contact: Contact; customerId: string; onDone: () => void }) {
  const t = useTranslations("crmCustomers.contacts");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(
    trpc.crm.contacts.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.crm.contacts.list.queryFilter({ customerId }));
        toast.success(t("deleted"));
        onDone();
      },
    }),
  );
  const name = [contact.firstName, contact.lastName].filter(Boolean).join(" ");
  return (
    <ConfirmDelete
      title={t("deleteTitle", { name })}
      description={t("deleteDescription")}
      pending={remove.isPending}
      error={remove.error?.message}
      onCancel={onDone}
      onConfirm={() => remove.mutate({ id: contact.id })}
    />
  );
}
