import type { Tx } from "@/server/db/scope";
import { defineAttachable } from "@/server/kernel/files/entities";
import type { OrgScope } from "@/server/kernel/scope";

/** Images and documents of an item (drawings, data sheets, certificates). Items are organization-wide. */
export const itemAttachable = defineAttachable({
  entityType: "inventory.item",
  readPermission: "inventory.item.read",
  writePermission: "inventory.item.manage",
  exists: async (tx: Tx, scope: OrgScope, id: string) => (await tx.item.count({ where: { organizationId: scope.orgId, id } })) === 1,
});
