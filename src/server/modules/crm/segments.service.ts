// Segments: a saved customers-list filter (`definition` = the list's filters and q, validated against the list's
// own input schema). Nothing is materialized: members are the customers list run with the definition, on read, so a
// customer that changes moves in or out at once. Member counts use the list's capped count. Row changes are audited
// by the trigger.
import { Prisma } from "@/generated/prisma/client";
import type { ListOutput } from "@/lib/list";
import { encodeCursor } from "@/lib/list";
import type { Tx } from "@/server/db/scope";
import { AppError } from "@/server/kernel/errors";
import { readCursor } from "@/server/kernel/list-query";
import type { OrgScope } from "@/server/kernel/scope";
import { listCustomers, type CustomerListRow } from "./customers.service";
import type { TCreateSegmentInput, TListSegmentsInput, TSegmentDefinition, TSegmentMembersInput, TUpdateSegmentInput } from "./fields.schemas";
import { segmentOr404 } from "./segment-filter";

export type SegmentOut = {
  id: string;
  name: string;
  description: string | null;
  definition: TSegmentDefinition;
  version: number;
  createdAt: Date;
  updatedAt: Date;
};
export type SegmentListRow = SegmentOut & { memberCount: number; memberCountCapped: boolean };

type SegmentRow = Prisma.SegmentGetPayload<object>;
const out = (s: SegmentRow): SegmentOut => ({
  id: s.id,
  name: s.name,
  description: s.description,
  definition: s.definition as TSegmentDefinition,
  version: s.version,
  createdAt: s.createdAt,
  updatedAt: s.updatedAt,
});

const fieldError = (field: string, message: string, code: "BAD_REQUEST" | "CONFLICT" = "BAD_REQUEST") =>
  new AppError(code, message, { [field]: [message] });
const stale = () => new AppError("CONFLICT", "This segment was changed by someone else. Reload it and try again.");
const NAME_TAKEN = "A segment with this name exists";

async function checkName(tx: Tx, scope: OrgScope, name: string, exceptId?: string) {
  const taken = await tx.segment.findFirst({
    where: { organizationId: scope.orgId, name: { equals: name, mode: "insensitive" }, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { id: true },
  });
  if (taken) throw fieldError("name", NAME_TAKEN, "CONFLICT");
}

function uniqueViolation(e: unknown): never {
  if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") throw fieldError("name", NAME_TAKEN, "CONFLICT");
  throw e;
}

/** Normalized for storage: no empty parts. */
function cleanDefinition(d: TSegmentDefinition): TSegmentDefinition {
  const def: TSegmentDefinition = {};
  if (d.q) def.q = d.q;
  if (d.filters && Object.keys(d.filters).length) def.filters = d.filters;
  return def;
}

async function memberCount(tx: Tx, scope: OrgScope, id: string) {
  const r = await listCustomers(tx, scope, { filters: { segment: { type: "enum", values: [id] } }, perPage: 1 });
  return { memberCount: r.total ?? r.rows.length, memberCountCapped: r.totalCapped ?? false };
}

/** Segments by name (keyset), each with its capped member count as this member sees it. */
export async function listSegments(tx: Tx, scope: OrgScope, input: TListSegmentsInput): Promise<ListOutput<SegmentListRow>> {
  const desc = input.sort?.desc ?? false;
  const where: Prisma.SegmentWhereInput = { organizationId: scope.orgId };
  if (input.q) where.name = { contains: input.q, mode: "insensitive" };
  if (input.cursor) {
    const c = readCursor(input.cursor);
    if (typeof c.sortValue !== "string") throw fieldError("cursor", "This cursor is not valid; start from the first page.");
    const cmp = desc ? "lt" : "gt";
    where.OR = [{ name: { [cmp]: c.sortValue } }, { name: c.sortValue, id: { [cmp]: c.id } }];
  }
  const dir = desc ? "desc" : "asc";
  const rows = await tx.segment.findMany({ where, orderBy: [{ name: dir }, { id: dir }], take: input.perPage + 1 });
  const page = rows.slice(0, input.perPage);
  const result: ListOutput<SegmentListRow> = { rows: [] };
  for (const s of page) result.rows.push({ ...out(s), ...(await memberCount(tx, scope, s.id)) });
  const last = page.at(-1);
  if (rows.length > input.perPage && last) result.nextCursor = encodeCursor(last.name, last.id);
  if (!input.cursor) result.total = await tx.segment.count({ where: { organizationId: scope.orgId, ...(input.q ? { name: where.name } : {}) } });
  return result;
}

export async function getSegment(tx: Tx, scope: OrgScope, input: { id: string }) {
  const s = await segmentOr404(tx, scope, input.id);
  return { ...out(s), ...(await memberCount(tx, scope, s.id)) };
}

export async function createSegment(tx: Tx, scope: OrgScope, input: TCreateSegmentInput) {
  await checkName(tx, scope, input.name);
  try {
    const s = await tx.segment.create({
      data: {
        organizationId: scope.orgId,
        name: input.name,
        description: input.description ?? null,
        definition: cleanDefinition(input.definition) as Prisma.InputJsonObject,
        createdBy: scope.userId,
        updatedBy: scope.userId,
      },
    });
    return out(s);
  } catch (e) {
    uniqueViolation(e);
  }
}

export async function updateSegment(tx: Tx, scope: OrgScope, input: TUpdateSegmentInput) {
  const current = await segmentOr404(tx, scope, input.id);
  if (current.version !== input.version) throw stale();
  if (input.name !== undefined && input.name !== current.name) await checkName(tx, scope, input.name, input.id);
  const data: Prisma.SegmentUpdateManyMutationInput = { version: { increment: 1 }, updatedBy: scope.userId };
  if (input.name !== undefined) data.name = input.name;
  if (input.description !== undefined) data.description = input.description;
  if (input.definition !== undefined) data.definition = cleanDefinition(input.definition) as Prisma.InputJsonObject;
  try {
    const { count } = await tx.segment.updateMany({ where: { organizationId: scope.orgId, id: input.id, version: input.version }, data });
    if (count !== 1) throw stale();
  } catch (e) {
    uniqueViolation(e);
  }
  return out(await segmentOr404(tx, scope, input.id));
}

export async function deleteSegment(tx: Tx, scope: OrgScope, input: { id: string }) {
  await segmentOr404(tx, scope, input.id);
  await tx.segment.deleteMany({ where: { organizationId: scope.orgId, id: input.id } });
  return { id: input.id };
}

/** The customers in the segment now: the customers list (its paging, sorts and capped count) over the definition. */
export async function segmentMembers(tx: Tx, scope: OrgScope, input: TSegmentMembersInput): Promise<ListOutput<CustomerListRow>> {
  await segmentOr404(tx, scope, input.id);
  return listCustomers(tx, scope, {
    filters: { segment: { type: "enum", values: [input.id] } },
    ...(input.sort ? { sort: input.sort } : {}),
    ...(input.cursor ? { cursor: input.cursor } : {}),
    ...(input.page ? { page: input.page } : {}),
    perPage: input.perPage,
  });
}
