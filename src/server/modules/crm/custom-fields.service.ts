// Custom field definitions: a per-organization schema for `custom_fields` (customers for now). The key and the kind
// are fixed at creation (stored values depend on them); label, options, required and order change with an
// optimistic `version`. Archived definitions keep their key reserved and stop being offered or accepted as new
// values (custom-fields.validate.ts). Row changes are audited by the trigger.
import { Prisma } from "@/generated/prisma/client";
import type { Tx } from "@/server/db/scope";
import { AppError, notFound } from "@/server/kernel/errors";
import type { OrgScope } from "@/server/kernel/scope";
import { setArchived } from "./archive";
import { validateCustomFields } from "./custom-fields.validate";
import type { TCreateCustomFieldInput, TUpdateCustomFieldInput } from "./fields.schemas";

const SELECT = {
  id: true,
  entity: true,
  key: true,
  label: true,
  kind: true,
  options: true,
  required: true,
  sortOrder: true,
  archivedAt: true,
  version: true,
  createdAt: true,
  updatedAt: true,
} as const;

export type CustomFieldDefinitionOut = Prisma.CustomFieldDefinitionGetPayload<{ select: typeof SELECT }>;

const fieldError = (field: string, message: string, code: "BAD_REQUEST" | "CONFLICT" = "BAD_REQUEST") =>
  new AppError(code, message, { [field]: [message] });
const stale = () => new AppError("CONFLICT", "This field was changed by someone else. Reload it and try again.");

async function definitionOr404(tx: Tx, scope: OrgScope, id: string) {
  const d = await tx.customFieldDefinition.findFirst({ where: { organizationId: scope.orgId, id }, select: SELECT });
  if (!d) throw notFound("Custom field not found");
  return d;
}

export async function listCustomFields(tx: Tx, scope: OrgScope, input: { entity: "customer"; includeArchived: boolean }) {
  const rows = await tx.customFieldDefinition.findMany({
    where: { organizationId: scope.orgId, entity: input.entity, ...(input.includeArchived ? {} : { archivedAt: null }) },
    select: SELECT,
    orderBy: [{ sortOrder: "asc" }, { label: "asc" }, { id: "asc" }],
  });
  return { rows };
}

export async function createCustomField(tx: Tx, scope: OrgScope, input: TCreateCustomFieldInput) {
  const taken = await tx.customFieldDefinition.findFirst({ where: { organizationId: scope.orgId, entity: input.entity, key: input.key }, select: { id: true } });
  if (taken) throw fieldError("key", "A field with this key exists (archived fields keep their key)", "CONFLICT");
  let sortOrder = input.sortOrder;
  if (sortOrder === undefined) {
    const last = await tx.customFieldDefinition.aggregate({ where: { organizationId: scope.orgId, entity: input.entity }, _max: { sortOrder: true } });
    sortOrder = Math.min((last._max.sortOrder ?? -10) + 10, 10_000);
  }
  try {
    return await tx.customFieldDefinition.create({
      data: {
        organizationId: scope.orgId,
        entity: input.entity,
        key: input.key,
        label: input.label,
        kind: input.kind,
        options: input.kind === "select" ? (input.options ?? []) : [],
        required: input.required ?? false,
        sortOrder,
        createdBy: scope.userId,
        updatedBy: scope.userId,
      },
      select: SELECT,
    });
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") throw fieldError("key", "A field with this key exists", "CONFLICT");
    throw e;
  }
}

export async function updateCustomField(tx: Tx, scope: OrgScope, input: TUpdateCustomFieldInput) {
  const current = await definitionOr404(tx, scope, input.id);
  if (current.version !== input.version) throw stale();
  if (input.options !== undefined) {
    if (current.kind !== "select") throw fieldError("options", "Only a select field has options");
    if (input.options.length === 0) throw fieldError("options", "Add at least one option");
  }
  const data: Prisma.CustomFieldDefinitionUpdateManyMutationInput = { version: { increment: 1 }, updatedBy: scope.userId };
  if (input.label !== undefined) data.label = input.label;
  if (input.options !== undefined) data.options = input.options;
  if (input.required !== undefined) data.required = input.required;
  if (input.sortOrder !== undefined) data.sortOrder = input.sortOrder;
  const { count } = await tx.customFieldDefinition.updateMany({ where: { organizationId: scope.orgId, id: input.id, version: input.version }, data });
  if (count !== 1) throw stale();
  return definitionOr404(tx, scope, input.id);
}

/** Archives (or, with `archived: false`, restores) a definition. Idempotent. */
export function archiveCustomField(tx: Tx, scope: OrgScope, input: { id: string; archived: boolean; version?: number }) {
  const target = {
    delegate: tx.customFieldDefinition,
    where: { organizationId: scope.orgId },
    load: (id: string) => definitionOr404(tx, scope, id),
    out: (row: Awaited<ReturnType<typeof definitionOr404>>) => row,
    stale,
  };
  return setArchived(scope, target, input.id, input.archived, input.version);
}

/** The values as a save would store them, or the same field errors (`customFields.<key>`); changes nothing. */
export async function checkCustomFields(tx: Tx, scope: OrgScope, input: { entity: "customer"; customFields: Record<string, unknown> }) {
  return { customFields: await validateCustomFields(tx, scope, input.entity, input.customFields) };
}
