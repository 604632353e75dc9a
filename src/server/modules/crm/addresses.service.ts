// A customer's addresses. Visibility follows the customer (customerOr404: NOT_FOUND when the customer is not visible);
// archived customers are read-only. At most one default billing and one default shipping address per customer:
// making an address a default demotes the previous one in the same transaction (partial unique indexes back it).
import type { Prisma } from "@/generated/prisma/client";
import type { Tx } from "@/server/db/scope";
import { AppError, notFound } from "@/server/kernel/errors";
import type { OrgScope } from "@/server/kernel/scope";
import type { TCreateAddressInput, TUpdateAddressInput } from "./customer-details.schemas";
import { customerOr404 } from "./customers.service";
import { visibleWhere } from "./visibility";

const SELECT = {
  id: true,
  customerId: true,
  kind: true,
  label: true,
  line1: true,
  line2: true,
  city: true,
  region: true,
  postalCode: true,
  countryCode: true,
  isDefaultBilling: true,
  isDefaultShipping: true,
  createdAt: true,
  updatedAt: true,
} as const;

async function addressOr404(tx: Tx, scope: OrgScope, id: string) {
  const a = await tx.customerAddress.findFirst({
    where: { organizationId: scope.orgId, id, customer: visibleWhere(scope) },
    select: { ...SELECT, customer: { select: { archivedAt: true } } },
  });
  if (!a) throw notFound("Address not found");
  return a;
}

const readOnly = () => new AppError("PRECONDITION_FAILED", "This customer is archived; restore it to edit its addresses.");

async function writableCustomer(tx: Tx, scope: OrgScope, customerId: string) {
  const c = await customerOr404(tx, scope, customerId);
  if (c.archivedAt) throw readOnly();
  return c;
}

/** Clears the previous default billing/shipping address of the customer (except `exceptId`). */
async function demoteDefaults(tx: Tx, scope: OrgScope, customerId: string, which: { billing?: boolean; shipping?: boolean }, exceptId?: string) {
  const base = { organizationId: scope.orgId, customerId, ...(exceptId ? { id: { not: exceptId } } : {}) };
  if (which.billing) await tx.customerAddress.updateMany({ where: { ...base, isDefaultBilling: true }, data: { isDefaultBilling: false, updatedBy: scope.userId } });
  if (which.shipping) await tx.customerAddress.updateMany({ where: { ...base, isDefaultShipping: true }, data: { isDefaultShipping: false, updatedBy: scope.userId } });
}

/** Defaults first (billing, then shipping), then by kind and creation. */
export async function listAddresses(tx: Tx, scope: OrgScope, input: { customerId: string }) {
  await customerOr404(tx, scope, input.customerId);
  return tx.customerAddress.findMany({
    where: { organizationId: scope.orgId, customerId: input.customerId },
    orderBy: [{ isDefaultBilling: "desc" }, { isDefaultShipping: "desc" }, { kind: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    select: SELECT,
  });
}

export async function createAddress(tx: Tx, scope: OrgScope, input: TCreateAddressInput) {
  await writableCustomer(tx, scope, input.customerId);
  await demoteDefaults(tx, scope, input.customerId, { billing: input.isDefaultBilling, shipping: input.isDefaultShipping });
  return tx.customerAddress.create({
    data: {
      organizationId: scope.orgId,
      customerId: input.customerId,
      kind: input.kind ?? "billing",
      label: input.label ?? null,
      line1: input.line1,
      line2: input.line2 ?? null,
      city: input.city ?? null,
      region: input.region ?? null,
      postalCode: input.postalCode ?? null,
      countryCode: input.countryCode,
      isDefaultBilling: input.isDefaultBilling ?? false,
      isDefaultShipping: input.isDefaultShipping ?? false,
      createdBy: scope.userId,
      updatedBy: scope.userId,
    },
    select: SELECT,
  });
}

export async function updateAddress(tx: Tx, scope: OrgScope, input: TUpdateAddressInput) {
  const current = await addressOr404(tx, scope, input.id);
  if (current.customer.archivedAt) throw readOnly();
  await demoteDefaults(tx, scope, current.customerId, { billing: input.isDefaultBilling, shipping: input.isDefaultShipping }, current.id);
  const { id, ...fields } = input;
  const data = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Prisma.CustomerAddressUpdateManyMutationInput;
  await tx.customerAddress.updateMany({ where: { organizationId: scope.orgId, id }, data: { ...data, updatedBy: scope.userId } });
  const { customer: _customer, ...out } = await addressOr404(tx, scope, id);
  return out;
}

export async function deleteAddress(tx: Tx, scope: OrgScope, input: { id: string }) {
  const current = await addressOr404(tx, scope, input.id);
  if (current.customer.archivedAt) throw readOnly();
  await tx.customerAddress.deleteMany({ where: { organizationId: scope.orgId, id: input.id } });
  return { id: input.id };
}
