import { defineAttachable } from "@/server/kernel/files/entities";

/** Company documents: files attached to the organization itself (registration papers, tax certificates, …). */
export const organizationAttachable = defineAttachable({
  entityType: "platform.organization",
  readPermission: "platform.organization.read",
  writePermission: "platform.organization.update",
  // Only the current organization: another tenant's id answers "not found" like any foreign record.
  exists: async (tx, scope, id) => id === scope.orgId && (await tx.organization.count({ where: { id } })) === 1,
});
