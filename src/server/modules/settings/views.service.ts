import type { Tx } from "@/server/db/scope";
import { notFound } from "@/server/kernel/errors";
import type { OrgScope } from "@/server/kernel/scope";
import { ZViewState, type TViewState } from "@/lib/view-state";
import type { TDeleteViewInput, TListViewsInput, TSaveViewInput } from "./views.schemas";

const select = { id: true, listKey: true, name: true, state: true, isDefault: true, updatedAt: true } as const;

export type SavedViewDto = { id: string; listKey: string; name: string; state: TViewState; isDefault: boolean; updatedAt: Date };

function toDto(row: { id: string; listKey: string; name: string; state: unknown; isDefault: boolean; updatedAt: Date }): SavedViewDto {
  // A state written by an older release may no longer parse; it degrades to "no state" rather than breaking the list.
  const parsed = ZViewState.safeParse(row.state);
  return { ...row, state: parsed.success ? parsed.data : {} };
}

/** The current user's views of one list, by name. RLS alone would already restrict them to the user. */
export async function listViews(tx: Tx, scope: OrgScope, input: TListViewsInput): Promise<SavedViewDto[]> {
  const rows = await tx.savedView.findMany({
    where: { organizationId: scope.orgId, userId: scope.userId, listKey: input.listKey },
    select,
    orderBy: [{ name: "asc" }],
  });
  return rows.map(toDto);
}

/** Creates or replaces the user's view of that name. */
export async function saveView(tx: Tx, scope: OrgScope, input: TSaveViewInput): Promise<SavedViewDto> {
  const owner = { organizationId: scope.orgId, userId: scope.userId, listKey: input.listKey };
  if (input.isDefault) {
    await tx.savedView.updateMany({ where: { ...owner, isDefault: true, NOT: { name: input.name } }, data: { isDefault: false } });
  }
  const row = await tx.savedView.upsert({
    where: { organizationId_userId_listKey_name: { ...owner, name: input.name } },
    create: { ...owner, name: input.name, state: input.state, isDefault: input.isDefault ?? false },
    update: { state: input.state, ...(input.isDefault === undefined ? {} : { isDefault: input.isDefault }) },
    select,
  });
  return toDto(row);
}

export async function deleteView(tx: Tx, scope: OrgScope, input: TDeleteViewInput): Promise<{ id: string }> {
  const { count } = await tx.savedView.deleteMany({ where: { organizationId: scope.orgId, userId: scope.userId, id: input.id } });
  if (count === 0) throw notFound("View not found");
  return { id: input.id };
}
