// Entity types that accept attachments. A module adds its definition here in one line.
import type { AttachableEntity } from "@/server/kernel/files/entities";
import { customerAttachable } from "@/server/modules/crm/attachable";
import { adjustmentAttachable, countAttachable, itemAttachable, transferAttachable } from "@/server/modules/inventory/attachable";
import { organizationAttachable } from "@/server/modules/platform/attachable";

const ATTACHABLES: readonly AttachableEntity[] = [
  organizationAttachable,
  customerAttachable,
  itemAttachable,
  adjustmentAttachable,
  transferAttachable,
  countAttachable,
];

const byType = new Map(ATTACHABLES.map((a) => [a.entityType, a]));

export function attachable(entityType: string): AttachableEntity | undefined {
  return byType.get(entityType);
}
