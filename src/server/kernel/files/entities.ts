// Attachable entity types. A module makes its records attachable by registering { entityType, readPermission,
// writePermission, exists } in src/server/modules/settings/attachables.ts; attachments of an unregistered type
// cannot be created, listed or opened.
import type { Tx } from "@/server/db/scope";
import type { Permission } from "@/server/kernel/permissions";
import type { OrgScope } from "@/server/kernel/scope";

export interface AttachableEntity {
  /** `module.resource`, e.g. "platform.organization", "sales.order". */
  entityType: string;
  /** Needed (besides settings.attachment.read) to list and download the record's files. */
  readPermission: Permission;
  /** Needed (besides settings.attachment.create / .delete) to attach or remove files. */
  writePermission: Permission;
  /** Whether the record exists and this scope may see it; runs in the caller's transaction, so RLS applies. */
  exists(tx: Tx, scope: OrgScope, id: string): Promise<boolean>;
  /** The record's workspace, for workspace-scoped records (stored on the attachment). */
  workspaceOf?(tx: Tx, scope: OrgScope, id: string): Promise<string | null>;
}

export function defineAttachable(def: AttachableEntity): AttachableEntity {
  if (!/^[a-z][a-z_]*\.[a-z][a-z_]*$/.test(def.entityType)) throw new Error(`invalid entity type "${def.entityType}" (module.resource)`);
  return def;
}
