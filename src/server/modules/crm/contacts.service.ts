// A customer's contacts. The customer must be visible to the caller (customerOr404); at most one primary contact per
// customer: making one primary demotes the previous one (the partial unique index contacts_one_primary_key backs it).
import type { Tx } from "@/server/db/scope";
import { notFound } from "@/server/kernel/errors";
import { assertUnmaskedWrite, maskRow, maskRows } from "@/server/kernel/masking";
import type { OrgScope } from "@/server/kernel/scope";
import type { TCreateContactInput, TUpdateContactInput } from "./crm.schemas";
import { customerOr404, visibleWhere } from "./customers.service";
import { CONTACT_SENSITIVE, crmMasking } from "./masking";

const SELECT = {
  id: true,
  customerId: true,
  firstName: true,
  lastName: true,
  position: true,
  email: true,
  phone: true,
  isPrimary: true,
  isDecisionMaker: true,
  archivedAt: true,
  createdAt: true,
  updatedAt: true,
} as const;

async function contactOr404(tx: Tx, scope: OrgScope, id: string) {
  const c = await tx.contact.findFirst({ where: { organizationId: scope.orgId, id, customer: visibleWhere(scope) }, select: SELECT });
  if (!c) throw notFound("Contact not found");
  return c;
}

async function demotePrimary(tx: Tx, scope: OrgScope, customerId: string, exceptId?: string) {
  await tx.contact.updateMany({
    where: { organizationId: scope.orgId, customerId, isPrimary: true, ...(exceptId ? { id: { not: exceptId } } : {}) },
    data: { isPrimary: false, updatedBy: scope.userId },
  });
}

/** Contacts with e-mail and phone masked for a member without crm.sensitive.view (masking.ts). */
export async function listContacts(tx: Tx, scope: OrgScope, input: { customerId: string }) {
  await customerOr404(tx, scope, input.customerId);
  const rows = await tx.contact.findMany({
    where: { organizationId: scope.orgId, customerId: input.customerId },
    orderBy: [{ isPrimary: "desc" }, { firstName: "asc" }, { lastName: "asc" }, { id: "asc" }],
    select: SELECT,
  });
  return maskRows(await crmMasking(tx, scope), CONTACT_SENSITIVE, rows);
}

export async function createContact(tx: Tx, scope: OrgScope, input: TCreateContactInput) {
  await customerOr404(tx, scope, input.customerId);
  if (input.isPrimary) await demotePrimary(tx, scope, input.customerId);
  const row = await tx.contact.create({
    data: {
      organizationId: scope.orgId,
      customerId: input.customerId,
      firstName: input.firstName,
      lastName: input.lastName ?? null,
      position: input.position ?? null,
      email: input.email ?? null,
      phone: input.phone ?? null,
      isPrimary: input.isPrimary ?? false,
      isDecisionMaker: input.isDecisionMaker ?? false,
      createdBy: scope.userId,
      updatedBy: scope.userId,
    },
    select: SELECT,
  });
  return maskRow(await crmMasking(tx, scope), CONTACT_SENSITIVE, row);
}

export async function updateContact(tx: Tx, scope: OrgScope, given: TUpdateContactInput) {
  const current = await contactOr404(tx, scope, given.id);
  const masking = await crmMasking(tx, scope);
  // A field this member sees masked is never written by them (kernel/masking).
  const input = assertUnmaskedWrite(masking, CONTACT_SENSITIVE, given, current);
  if (input.isPrimary) await demotePrimary(tx, scope, current.customerId, current.id);
  const { id, ...fields } = input;
  const data = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
  await tx.contact.updateMany({ where: { organizationId: scope.orgId, id }, data: { ...data, updatedBy: scope.userId } });
  return maskRow(masking, CONTACT_SENSITIVE, await contactOr404(tx, scope, id));
}

export async function deleteContact(tx: Tx, scope: OrgScope, input: { id: string }) {
  await contactOr404(tx, scope, input.id);
  // Deals and activities keep their history without the person: unlink them in the same transaction.
  const where = { organizationId: scope.orgId, contactId: input.id };
  await tx.deal.updateMany({ where, data: { contactId: null, updatedBy: scope.userId } });
  await tx.activity.updateMany({ where, data: { contactId: null, updatedBy: scope.userId } });
  await tx.contact.deleteMany({ where: { organizationId: scope.orgId, id: input.id } });
  return { id: input.id };
}
