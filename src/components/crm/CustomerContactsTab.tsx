"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferOutput } from "@trpc/tanstack-react-query";
import { useTranslations } from "next-intl";
import { toast } from "sonner";

import { ChildTable, type ChildColumn } from "@/components/child-table/ChildTable";
import { CheckboxField, Form, SubmitButton, TextField, useZodForm } from "@/components/form";
import { looksMasked, MaskedField, MaskedValue } from "@/components/masking/Masked";
import { Badge } from "@/components/ui/Badge";
import { DialogPanel } from "@/components/ui/Dialog";
import { ZCreateContactInput, ZUpdateContactInput } from "@/server/modules/crm/crm.schemas";
import { useTRPC } from "@/trpc/react";

import { ConfirmDelete } from "./ConfirmDelete";
import type { CustomerTabContext } from "./CustomerTabs";

type Contact = inferOutput<ReturnType<typeof useTRPC>["crm"]["contacts"]["list"]>[number];
const fullName = (c: Contact) => [c.firstName, c.lastName].filter(Boolean).join(" ");

/** The customer's contacts: primary first; add, edit, delete; primary and decision-maker flags. */
export function CustomerContactsTab({ customer, permissions, readOnly }: CustomerTabContext) {
  const t = useTranslations("crmCustomers.contacts");
  const trpc = useTRPC();
  const list = useQuery(trpc.crm.contacts.list.queryOptions({ customerId: customer.id }));
  const canManage = permissions.has("crm.contact.manage") && !readOnly;
  const columns: ChildColumn<Contact>[] = [
    { id: "name", header: t("name"), cell: fullName, className: "font-medium" },
    { id: "position", header: t("position"), cell: (c) => c.position ?? "—" },
    { id: "email", header: t("email"), cell: (c) => <MaskedValue value={c.email} masked={looksMasked(c.email)} /> },
    { id: "phone", header: t("phone"), cell: (c) => <MaskedValue value={c.phone} masked={looksMasked(c.phone)} /> },
    {
      id: "flags",
      header: t("flags"),
      cell: (c) => (
        <span className="flex flex-wrap gap-1">
          {c.isPrimary ? <Badge>{t("primary")}</Badge> : null}
          {c.isDecisionMaker ? <Badge variant="secondary">{t("decisionMaker")}</Badge> : null}
        </span>
      ),
    },
  ];

  return (
    <ChildTable
      label={t("title")}
      headingId="crm-contacts-title"
      query={list}
      rows={list.data}
      rowKey={(c) => c.id}
      columns={columns}
      loadFailed={t("loadFailed")}
      empty={{ text: t("empty") }}
      canManage={canManage}
      actionsHeader={t("actions")}
      addLabel={t("add")}
      editor={(contact, close) => <ContactDialog customerId={customer.id} contact={contact} onDone={close} />}
      edit={{ label: (c) => t("edit", { name: fullName(c) }) }}
      remove={{
        label: (c) => t("delete", { name: fullName(c) }),
        confirm: (contact, close) => <DeleteContact contact={contact} customerId={customer.id} onDone={close} />,
      }}
    />
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
  const name = fullName(contact);
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
