import type { Tx } from "@/server/db/scope";
import { defineAttachable } from "@/server/kernel/files/entities";
import type { Permission } from "@/server/kernel/permissions";
import type { OrgScope } from "@/server/kernel/scope";

import { visible } from "./visibility";

/** Images and documents of an item (drawings, data sheets, certificates). Items are organization-wide. */
export const itemAttachable = defineAttachable({
  entityType: "inventory.item",
  readPermission: "inventory.item.read",
  writePermission: "inventory.item.manage",
  exists: async (tx: Tx, scope: OrgScope, id: string) => (await tx.item.count({ where: { organizationId: scope.orgId, id } })) === 1,
});

// Stock documents and cycle counts belong to their warehouse's workspace: a document exists for the caller only in
// their organization and one of the workspaces they can see (another workspace's id answers NOT_FOUND). Files may be
// attached in any status — delivery notes and photos of damage arrive after posting or cancelling.
type WorkspaceOf = (tx: Tx, where: ReturnType<typeof visible> & { id: string }) => Promise<{ workspaceId: string } | null>;

function stockDocumentAttachable(entityType: string, writePermission: Permission, find: WorkspaceOf) {
  const workspaceOf = async (tx: Tx, scope: OrgScope, id: string) => (await find(tx, { ...visible(scope), id }))?.workspaceId ?? null;
  return defineAttachable({
    entityType,
    readPermission: "inventory.stock.read",
    writePermission,
    exists: async (tx: Tx, scope: OrgScope, id: string) => (await workspaceOf(tx, scope, id)) !== null,
    workspaceOf,
  });
}

const select = { workspaceId: true } as const;

/** Delivery notes, photos of damage, signed count sheets of a stock adjustment. */
export const adjustmentAttachable = stockDocumentAttachable("inventory.adjustment", "inventory.stock.adjust", (tx, where) => tx.stockAdjustment.findFirst({ where, select }));

/** Waybills and receipts of a transfer between warehouses. */
export const transferAttachable = stockDocumentAttachable("inventory.transfer", "inventory.stock.move", (tx, where) => tx.stockTransfer.findFirst({ where, select }));

/** Signed count sheets and photos of a cycle count. */
export const countAttachable = stockDocumentAttachable("inventory.count", "inventory.stock.adjust", (tx, where) => tx.stockCount.findFirst({ where, select }));
