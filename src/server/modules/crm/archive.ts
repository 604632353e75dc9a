// Archive / restore for CRM records (customers, leads, deals, custom field definitions): the kernel's helper
// (`@/server/kernel/archive`) with the CRM's visibility rule (`crmVisibleWhere`) as the default write condition.
import type { Tx } from "@/server/db/scope";
import * as kernel from "@/server/kernel/archive";
import type { OrgScope } from "@/server/kernel/scope";
import { crmVisibleWhere } from "./visibility";

type Versioned = { archivedAt: Date | null; version: number };
export type CrmArchiveTarget<Row extends Versioned, Out> = Omit<kernel.ArchiveTarget<Row, Out>, "where"> & { where?: Record<string, unknown> };

/** Archives (`archived: true`) or restores a CRM record; answers `out` of the record as it is afterwards. */
export function setArchived<Row extends Versioned, Out>(
  scope: OrgScope,
  target: CrmArchiveTarget<Row, Out>,
  id: string,
  archived: boolean,
  version?: number,
): Promise<Out> {
  return kernel.setArchived(scope, { ...target, where: target.where ?? crmVisibleWhere(scope) }, id, archived, version);
}

type ArchiveInput = { id: string; version?: number };

/** `archive` and `restore` service functions `(tx, scope, { id, version? })` for the record `target` describes. */
export function archiveActions<Row extends Versioned, Out>(target: (tx: Tx, scope: OrgScope) => CrmArchiveTarget<Row, Out>) {
  return {
    archive: (tx: Tx, scope: OrgScope, input: ArchiveInput) => setArchived(scope, target(tx, scope), input.id, true, input.version),
    restore: (tx: Tx, scope: OrgScope, input: ArchiveInput) => setArchived(scope, target(tx, scope), input.id, false, input.version),
  };
}
