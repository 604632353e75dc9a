// The category tree: any depth, code unique per organization, sort order among siblings. A move never makes a
// category its own ancestor: checked here with a recursive CTE (a field error), and by the trigger
// inventory.categories_no_cycle for any writer.
import { Prisma } from "@/generated/prisma/client";
import type { Tx } from "@/server/db/scope";
import { AppError, notFound } from "@/server/kernel/errors";
import type { OrgScope } from "@/server/kernel/scope";
import type { z } from "zod";
import * as numbering from "@/server/kernel/numbering";
import type { ZCreateCategoryInput, ZMoveCategoryInput } from "./inventory.schemas";
import type { ZArchiveVersionedInput, ZUpdateCategoryInput } from "./master.schemas";
import { fieldError } from "./stock.service";
import { setArchived } from "@/server/kernel/archive";

/** The kernel document type of the part-number series; one sequence per category (series_key = the category id). */
const PART_NUMBER_TYPE = "item_part_number";

type CategoryRow = Prisma.CategoryGetPayload<object>;
export interface CategoryNode {
  id: string;
  parentId: string | null;
  code: string;
  name: string;
  description: string | null;
  sortOrder: number;
  archivedAt: Date | null;
  version: number;
  /** The part-number series (`710-{####}`), its next number and whether it has numbered items; null without one. */
  series: { format: string; nextNumber: string; used: boolean } | null;
  children: CategoryNode[];
}

const node = (c: CategoryRow): CategoryNode => ({
  id: c.id, parentId: c.parentId, code: c.code, name: c.name, description: c.description, sortOrder: c.sortOrder, archivedAt: c.archivedAt,
  version: c.version, series: null, children: [],
});

/** The whole tree: roots in sort order (then name), each with its children likewise. */
export async function categoryTree(tx: Tx, scope: OrgScope) {
  const rows = await tx.category.findMany({ where: { organizationId: scope.orgId }, orderBy: [{ sortOrder: "asc" }, { name: "asc" }, { id: "asc" }] });
  const byId = new Map(rows.map((r) => [r.id, node(r)]));
  for (const [key, s] of await numbering.seriesByKey(tx, scope, PART_NUMBER_TYPE)) {
    const n = byId.get(key);
    if (n) n.series = { format: s.format, nextNumber: s.nextNumber, used: s.used };
  }
  const roots: CategoryNode[] = [];
  for (const n of byId.values()) {
    const parent = n.parentId ? byId.get(n.parentId) : undefined;
    (parent ? parent.children : roots).push(n);
  }
  return { roots };
}

async function categoryOr404(tx: Tx, scope: OrgScope, id: string) {
  const c = await tx.category.findFirst({ where: { organizationId: scope.orgId, id } });
  if (!c) throw notFound("Category not found");
  return c;
}

export async function createCategory(tx: Tx, scope: OrgScope, input: z.output<typeof ZCreateCategoryInput>) {
  if (input.parentId && !(await tx.category.findFirst({ where: { organizationId: scope.orgId, id: input.parentId }, select: { id: true } })))
    throw fieldError("parentId", "Choose a parent category");
  if (await tx.category.findFirst({ where: { organizationId: scope.orgId, code: input.code }, select: { id: true } }))
    throw fieldError("code", `Code ${input.code} is already used by another category`, "CONFLICT");
  try {
    const c = await tx.category.create({
      data: {
        organizationId: scope.orgId, parentId: input.parentId ?? null, code: input.code, name: input.name, description: input.description ?? null,
        sortOrder: input.sortOrder ?? (await nextSortOrder(tx, scope, input.parentId ?? null)), createdBy: scope.userId, updatedBy: scope.userId,
      },
    });
    if (input.numberFormat) await numbering.createSeries(tx, scope, { documentType: PART_NUMBER_TYPE, seriesKey: c.id, format: input.numberFormat });
    return node(c);
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") throw fieldError("code", `Code ${input.code} is already used by another category`, "CONFLICT");
    throw e;
  }
}

/** Moves a category under another (or to the root); never under itself or one of its descendants. */
export async function moveCategory(tx: Tx, scope: OrgScope, input: z.output<typeof ZMoveCategoryInput>) {
  const c = await categoryOr404(tx, scope, input.id);
  if (input.parentId) {
    if (input.parentId === c.id) throw fieldError("parentId", "A category cannot be its own parent");
    if (!(await tx.category.findFirst({ where: { organizationId: scope.orgId, id: input.parentId }, select: { id: true } })))
      throw fieldError("parentId", "Choose a parent category");
    const cycle = await tx.$queryRaw<{ found: boolean }[]>`
      with recursive up as (
        select id, parent_id, 1 as depth from inventory.categories where organization_id = ${scope.orgId}::uuid and id = ${input.parentId}::uuid
        union all
        select c.id, c.parent_id, up.depth + 1 from inventory.categories c join up on c.id = up.parent_id
         where c.organization_id = ${scope.orgId}::uuid and up.depth < 1000)
      select exists (select 1 from up where id = ${c.id}::uuid) as found`;
    if (cycle[0]?.found) throw fieldError("parentId", `"${c.name}" cannot move under one of its own subcategories`);
  }
  let sortOrder = input.sortOrder ?? c.sortOrder;
  if (input.position !== undefined) {
    // Renumber the new siblings 10, 20, … with the category at `position` (only the rows whose order changes).
    const siblings = await tx.category.findMany({
      where: { organizationId: scope.orgId, parentId: input.parentId, NOT: { id: c.id } },
      orderBy: [{ sortOrder: "asc" }, { name: "asc" }, { id: "asc" }],
      select: { id: true, sortOrder: true },
    });
    const at = Math.min(input.position, siblings.length);
    sortOrder = (at + 1) * 10;
    for (const [i, sib] of siblings.entries()) {
      const want = (i < at ? i + 1 : i + 2) * 10;
      if (sib.sortOrder !== want) await tx.category.updateMany({ where: { organizationId: scope.orgId, id: sib.id }, data: { sortOrder: want, updatedBy: scope.userId } });
    }
  } else if (input.sortOrder === undefined && input.parentId !== c.parentId) {
    sortOrder = await nextSortOrder(tx, scope, input.parentId);
  }
  const { count } = await tx.category.updateMany({
    where: { organizationId: scope.orgId, id: c.id, version: c.version },
    data: { parentId: input.parentId, sortOrder, version: { increment: 1 }, updatedBy: scope.userId },
  });
  if (count !== 1) throw new AppError("CONFLICT", "This category was changed by someone else. Reload it and try again.");
  return node(await categoryOr404(tx, scope, c.id));
}

/** After the last sibling: 10 more than the highest sort order under `parentId`. */
async function nextSortOrder(tx: Tx, scope: OrgScope, parentId: string | null): Promise<number> {
  const top = await tx.category.aggregate({ where: { organizationId: scope.orgId, parentId }, _max: { sortOrder: true } });
  return top._max.sortOrder === null ? 10 : Math.min(top._max.sortOrder + 10, 1_000_000);
}

const stale = () => new AppError("CONFLICT", "This category was changed by someone else. Reload it and try again.");

/** Renames a category (code, name, description) and sets up or changes its part-number series (until first use). */
export async function updateCategory(tx: Tx, scope: OrgScope, input: z.output<typeof ZUpdateCategoryInput>) {
  const c = await categoryOr404(tx, scope, input.id);
  if (c.version !== input.version) throw stale();
  if (input.code !== undefined && input.code !== c.code && (await tx.category.findFirst({ where: { organizationId: scope.orgId, code: input.code }, select: { id: true } })))
    throw fieldError("code", `Code ${input.code} is already used by another category`, "CONFLICT");
  const data: Prisma.CategoryUpdateManyMutationInput = { version: { increment: 1 }, updatedBy: scope.userId };
  if (input.code !== undefined) data.code = input.code;
  if (input.name !== undefined) data.name = input.name;
  if (input.description !== undefined) data.description = input.description;
  try {
    const { count } = await tx.category.updateMany({ where: { organizationId: scope.orgId, id: c.id, version: input.version }, data });
    if (count !== 1) throw stale();
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") throw fieldError("code", `Code ${input.code} is already used by another category`, "CONFLICT");
    throw e;
  }
  if (input.numberFormat !== undefined) {
    const current = (await numbering.seriesByKey(tx, scope, PART_NUMBER_TYPE, [c.id])).get(c.id);
    if (!current && input.numberFormat) {
      await numbering.createSeries(tx, scope, { documentType: PART_NUMBER_TYPE, seriesKey: c.id, format: input.numberFormat });
    } else if (current && input.numberFormat !== current.format) {
      if (current.used || !input.numberFormat)
        throw fieldError("numberFormat", `The series ${current.format} has already numbered items: it can no longer change`, "CONFLICT");
      await numbering.update(tx, scope, { id: current.id, format: input.numberFormat, reset: "never", version: current.version });
    }
  }
  return node(await categoryOr404(tx, scope, c.id));
}

/**
 * Archives a category (refused while items or active subcategories use it) or restores it (refused while its
 * parent is archived). Idempotent.
 */
export async function archiveCategory(tx: Tx, scope: OrgScope, input: z.output<typeof ZArchiveVersionedInput>) {
  const c = await categoryOr404(tx, scope, input.id);
  if ((c.archivedAt !== null) === input.archived) return node(c);
  if (input.archived) {
    const items = await tx.item.count({ where: { organizationId: scope.orgId, categoryId: c.id } });
    if (items) throw new AppError("PRECONDITION_FAILED", `"${c.name}" still has ${items} item${items === 1 ? "" : "s"}: move ${items === 1 ? "it" : "them"} to another category first.`);
    const children = await tx.category.count({ where: { organizationId: scope.orgId, parentId: c.id, archivedAt: null } });
    if (children) throw new AppError("PRECONDITION_FAILED", `"${c.name}" still has ${children} subcategor${children === 1 ? "y" : "ies"}: move or archive ${children === 1 ? "it" : "them"} first.`);
  } else if (c.parentId) {
    const parent = await categoryOr404(tx, scope, c.parentId);
    if (parent.archivedAt) throw new AppError("PRECONDITION_FAILED", `Restore "${parent.name}" first: "${c.name}" is under it.`);
  }
  return setArchived(scope, {
    delegate: tx.category,
    where: { organizationId: scope.orgId },
    load: (id) => categoryOr404(tx, scope, id),
    out: node,
    stale,
  }, c.id, input.archived, input.version);
}

/**
 * The SKU of a new item created without one: the next number of its category's part-number series (kernel
 * numbering: the counter row's lock serializes concurrent creations, and the number widens past the counter width —
 * `710-9999` → `710-10000` — never wraps). A number someone already typed by hand as a SKU is skipped.
 */
export async function assignPartNumber(tx: Tx, scope: OrgScope, categoryId: string | null): Promise<string> {
  const noSeries = () => fieldError("sku", "Enter a SKU: the chosen category has no part-number series");
  if (!categoryId) throw fieldError("sku", "Enter a SKU");
  if (!(await numbering.seriesByKey(tx, scope, PART_NUMBER_TYPE, [categoryId])).has(categoryId)) throw noSeries();
  for (let attempt = 0; attempt < 1000; attempt++) {
    const sku = await numbering.next(tx, scope, PART_NUMBER_TYPE, { series: categoryId, workspaceId: null });
    const [item, variant] = await Promise.all([
      tx.item.findFirst({ where: { organizationId: scope.orgId, sku }, select: { id: true } }),
      tx.variant.findFirst({ where: { organizationId: scope.orgId, sku }, select: { id: true } }),
    ]);
    if (!item && !variant) return sku;
  }
  throw fieldError("sku", "The category's series keeps meeting SKUs already in use: enter a SKU");
}
