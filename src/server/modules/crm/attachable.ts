import { defineAttachable } from "@/server/kernel/files/entities";
import type { OrgScope } from "@/server/kernel/scope";
import type { Tx } from "@/server/db/scope";
import { visibleWhere } from "./visibility";

/** Files attached to a customer (contracts, registration papers…): visible exactly when the customer is. */
export const customerAttachable = defineAttachable({
  entityType: "crm.customer",
  readPermission: "crm.customer.read",
  writePermission: "crm.customer.update",
  exists: async (tx: Tx, scope: OrgScope, id: string) => (await tx.customer.count({ where: { ...visibleWhere(scope), id } })) === 1,
  workspaceOf: async (tx: Tx, scope: OrgScope, id: string) =>
    (await tx.customer.findFirst({ where: { ...visibleWhere(scope), id }, select: { workspaceId: true } }))?.workspaceId ?? null,
});
