// What makes a list exportable: its key (the URL segment), the permission, the list input schema, the columns and a
// page fetcher in keyset order. Lists register in src/server/exports.ts.
import type { z } from "zod";
import type { Tx } from "@/server/db/scope";
import type { MaskClass } from "@/server/kernel/masking";
import type { Permission } from "@/server/kernel/permissions";
import type { OrgScope } from "@/server/kernel/scope";
import type { FeatureKey } from "@/server/modules/platform/features";
import type { ExportHeaderKey } from "./headers";

export type CellValue = string | number | boolean | Date | null | undefined;

export interface ExportColumn<R> {
  id: string;
  /**
   * The message key of the column's header (src/messages/*.json): the list screen's column label when it reads the
   * same, else `exports.columns.*`. The file's header row is written in the exporting user's language.
   */
  header: ExportHeaderKey;
  value: (row: R) => CellValue;
}

export interface ExportableList<I = unknown, R = unknown> {
  /** URL segment of /api/export/[list], e.g. "audit.events"; the file is named after it (audit-events-YYYY-MM-DD). */
  key: string;
  permission: Permission;
  /** A plan feature the organization must have (modules/platform/features.ts); refused with 403 naming it. */
  feature?: FeatureKey;
  /**
   * The list's procedure is organization-level (`permission()`, e.g. crm.customers.list): the export reads with the
   * organization scope — every workspace the member may see — as the list does. The `ws` parameter is still
   * checked (membership) but does not narrow the rows. Default: a `ws` narrows the export to that workspace.
   */
  organizationLevel?: boolean;
  /** The list's input schema; cursor and page are dropped before parsing. */
  input: z.ZodType<I>;
  columns: readonly ExportColumn<R>[];
  /**
   * Sensitive columns (kernel/masking): column id → class, and the permission that shows them unmasked. The export
   * masks those cells for everyone else (whatever the page fetcher answered) and records `masked` in its audit event.
   */
  masking?: { permission: Permission; columns: Readonly<Record<string, MaskClass>> };
  /** One page of the filtered set, in keyset order, after `cursor` (null: the first page). */
  fetchPage: (tx: Tx, scope: OrgScope, input: I, cursor: string | null) => Promise<{ rows: R[]; nextCursor: string | null }>;
}

/** Keeps the row type between columns and fetchPage when declaring an export. */
export function defineExport<I, R>(list: ExportableList<I, R>): ExportableList<I, R> {
  return list;
}
