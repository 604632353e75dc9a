// The `segment` filter of crm.customers.list: a saved segment's definition (its filters and q) as list input, run
// together with the list's own filters (AND). Kept apart from segments.service.ts so customers.service.ts can use
// it without an import cycle.
import type { Tx } from "@/server/db/scope";
import { badRequest } from "@/server/kernel/list-query";
import { notFound } from "@/server/kernel/errors";
import type { OrgScope } from "@/server/kernel/scope";
import type { TListCustomersInput } from "./crm.schemas";
import { ZSegmentDefinition } from "./fields.schemas";
import { isUuid } from "@/lib/uuid";

/** The segment, if it is this organization's; NOT_FOUND otherwise (another organization's id included). */
export async function segmentOr404(tx: Tx, scope: OrgScope, id: string) {
  const s = await tx.segment.findFirst({ where: { organizationId: scope.orgId, id } });
  if (!s) throw notFound("Segment not found");
  return s;
}

/**
 * The list input a `segment` filter stands for, or null when the input has none. The segment's definition inherits
 * the outer `archived` filter (unless it sets its own), so "archived members of a segment" works.
 */
export async function segmentListInput(tx: Tx, scope: OrgScope, input: TListCustomersInput): Promise<TListCustomersInput | null> {
  const f = input.filters?.segment;
  if (!f) return null;
  if (f.type !== "enum" || f.values.length !== 1 || !isUuid(f.values[0]!)) throw badRequest("filters.segment", "Choose one segment");
  const segment = await segmentOr404(tx, scope, f.values[0]!);
  const parsed = ZSegmentDefinition.safeParse(segment.definition);
  // A definition the list no longer accepts (a filter was renamed) matches nothing rather than everything.
  if (!parsed.success) throw badRequest("filters.segment", "This segment's filters are no longer valid; edit the segment.");
  const filters = { ...(parsed.data.filters ?? {}) } as NonNullable<TListCustomersInput["filters"]>;
  if (!filters.archived && input.filters?.archived) filters.archived = input.filters.archived;
  return { q: parsed.data.q || undefined, filters, perPage: input.perPage };
}
