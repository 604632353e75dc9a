import type { Tx } from "@/server/db/scope";
import { defineAttachable } from "@/server/kernel/files/entities";
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
const workspaceOfRow = (row: { workspaceId: string } | null) => row?.workspaceId ?? null;

/** Delivery notes, photos of damage, signed count sheets of a stock adjustment. */
export const adjustmentAttachable = defineAttachable({
  entityType: "inventory.adjustment",
  readPermission: "inventory.stock.read",
  writePermission: "inventory.stock.adjust",
  exists: async (tx: Tx, scope: OrgScope, id: string) => (await tx.stockAdjustment.count({ where: { ...visible(scope), id } })) === 1,
  workspaceOf: async (tx: Tx, scope: OrgScope, id: string) =>
    workspaceOfRow(await tx.stockAdjustment.findFirst({ where: { ...visible(scope), id }, select: { workspaceId: true } })),
});

/** Waybills and receipts of a transfer between warehouses. */
export const transferAttachable = defineAttachable({
  entityType: "inventory.transfer",
  readPermission: "inventory.stock.read",
  writePermission: "inventory.stock.move",
  exists: async (tx: Tx, scope: OrgScope, id: string) => (await tx.stockTransfer.count({ where: { ...visible(scope), id } })) === 1,
  workspaceOf: async (tx: Tx, scope: OrgScope, id: string) =>
    workspaceOfRow(await tx.stockTransfer.findFirst({ where: { ...visible(scope), id }, select: { workspaceId: true } })),
});

/** Signed count sheets and photos of a cycle count. */
export const countAttachable = defineAttachable({
  entityType: "inventory.count",
  readPermission: "inventory.stock.read",
  writePermission: "inventory.stock.adjust",
  exists: async (tx: Tx, scope: OrgScope, id: string) => (await tx.stockCount.count({ where: { ...visible(scope), id } })) === 1,
  workspaceOf: async (tx: Tx, scope: OrgScope, id: string) =>
    workspaceOfRow(await tx.stockCount.findFirst({ where: { ...visible(scope), id }, select: { workspaceId: true } })),
});
