// The category tree: any depth, code unique per organization, sort order among siblings. A move never makes a
// category its own ancestor: checked here with a recursive CTE (a field error), and by the trigger
// inventory.categories_no_cycle for any writer.
import { Prisma } from "@/generated/prisma/client";
import type { Tx } from "@/server/db/scope";
import { AppError, notFound } from "@/server/kernel/errors";
import type { OrgScope } from "@/server/kernel/scope";
import type { z } from "zod";
import type { ZCreateCategoryInput, ZMoveCategoryInput } from "./inventory.schemas";
import { fieldError } from "./stock.service";

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
  children: CategoryNode[];
}

const node = (c: CategoryRow): CategoryNode => ({
  id: c.id, parentId: c.parentId, code: c.code, name: c.name, description: c.description, sortOrder: c.sortOrder, archivedAt: c.archivedAt,
  version: c.version, children: [],
});

/** The whole tree: roots in sort order (then name), each with its children likewise. */
export async function categoryTree(tx: Tx, scope: OrgScope) {
  const rows = await tx.category.findMany({ where: { organizationId: scope.orgId }, orderBy: [{ sortOrder: "asc" }, { name: "asc" }, { id: "asc" }] });
  const byId = new Map(rows.map((r) => [r.id, node(r)]));
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
        sortOrder: input.sortOrder ?? 0, createdBy: scope.userId, updatedBy: scope.userId,
      },
    });
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
  const { count } = await tx.category.updateMany({
    where: { organizationId: scope.orgId, id: c.id, version: c.version },
    data: { parentId: input.parentId, sortOrder: input.sortOrder ?? c.sortOrder, version: { increment: 1 }, updatedBy: scope.userId },
  });
  if (count !== 1) throw new AppError("CONFLICT", "This category was changed by someone else. Reload it and try again.");
  return node(await categoryOr404(tx, scope, c.id));
}
