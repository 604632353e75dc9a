// Customer list bulk actions (archive, assign owner, add a tag) and the choices the customer form offers. A bulk
// action is all or nothing over visible customers: one id the member cannot see answers NOT_FOUND and changes none.
// Archived customers are read-only: owner and tag changes skip them.
import type { Tx } from "@/server/db/scope";
import { notFound } from "@/server/kernel/errors";
import type { OrgScope } from "@/server/kernel/scope";
import { fieldError } from "./customers.service";
import { activeMembers, crmVisibleSql, mayAssignOwner, visibleWhere } from "./visibility";

async function visibleIds(tx: Tx, scope: OrgScope, ids: string[]) {
  const unique = [...new Set(ids)];
  const found = await tx.customer.findMany({ where: { ...visibleWhere(scope), id: { in: unique } }, select: { id: true, archivedAt: true } });
  if (found.length !== unique.length) throw notFound("Customer not found");
  return found;
}

export async function bulkArchive(tx: Tx, scope: OrgScope, input: { ids: string[] }) {
  const rows = await visibleIds(tx, scope, input.ids);
  const ids = rows.filter((r) => !r.archivedAt).map((r) => r.id);
  await tx.customer.updateMany({
    where: { ...visibleWhere(scope), id: { in: ids }, archivedAt: null },
    data: { archivedAt: new Date(), version: { increment: 1 }, updatedBy: scope.userId },
  });
  return { ids };
}

export async function bulkAssignOwner(tx: Tx, scope: OrgScope, input: { ids: string[]; ownerMembershipId: string | null }) {
  if (!mayAssignOwner(scope, input.ownerMembershipId))
    throw fieldError("ownerMembershipId", "You can only own customers yourself: your role sees only its own customers");
  if (input.ownerMembershipId) {
    const m = await tx.membership.findFirst({ where: { organizationId: scope.orgId, id: input.ownerMembershipId, status: "active" }, select: { id: true } });
    if (!m) throw fieldError("ownerMembershipId", "Choose an active member of the organization");
  }
  const rows = await visibleIds(tx, scope, input.ids);
  const ids = rows.filter((r) => !r.archivedAt).map((r) => r.id);
  await tx.customer.updateMany({
    where: { ...visibleWhere(scope), id: { in: ids }, archivedAt: null },
    data: { ownerMembershipId: input.ownerMembershipId, version: { increment: 1 }, updatedBy: scope.userId },
  });
  return { ids };
}

export async function bulkAddTag(tx: Tx, scope: OrgScope, input: { ids: string[]; tag: string }) {
  await visibleIds(tx, scope, input.ids);
  const changed = await tx.$queryRaw<{ id: string }[]>`update crm.customers c
       set tags = array_append(c.tags, ${input.tag}::text), version = c.version + 1, updated_by = ${scope.userId}::uuid, updated_at = now()
     where ${crmVisibleSql(scope, "c")} and c.id = any(${[...new Set(input.ids)]}::uuid[]) and c.archived_at is null
       and not (${input.tag}::text = any(c.tags)) and cardinality(c.tags) < 50
     returning c.id::text as id`;
  return { ids: changed.map((r) => r.id) };
}

/** What the customer form and list filters choose from: active members (owners), payment terms, my workspaces, currencies. */
export async function customerFormOptions(tx: Tx, scope: OrgScope) {
  const [members, paymentTerms, workspaces, currencies] = [
    await activeMembers(tx, scope),
    await tx.paymentTerm.findMany({ where: { organizationId: scope.orgId, active: true }, select: { id: true, code: true, name: true, isDefault: true }, orderBy: { netDays: "asc" } }),
    await tx.workspace.findMany({ where: { organizationId: scope.orgId, id: { in: scope.workspaceIds } }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
    await tx.currency.findMany({ where: { organizationId: scope.orgId, active: true }, select: { code: true, isBase: true }, orderBy: { code: "asc" } }),
  ];
  // Tags in use, for the list's tags filter: bounded (the first 20,000 tagged customers), so it stays cheap at a
  // million customers; a tag outside the sample can still be filtered through the URL or a saved view.
  const tags = await tx.$queryRaw<{ tag: string }[]>`select distinct t as tag
      from (select c.tags from crm.customers c where ${crmVisibleSql(scope, "c")} and cardinality(c.tags) > 0 limit 20000) s, unnest(s.tags) t
     order by 1 limit 500`;
  return {
    tags: tags.map((r) => r.tag),
    me: scope.recordScope === "own" ? { membershipId: scope.membershipId, ownOnly: true } : { membershipId: scope.membershipId, ownOnly: false },
    owners: [...members].sort((a, b) => a.name.localeCompare(b.name)),
    paymentTerms,
    workspaces,
    currencies: currencies.map((c) => ({ code: c.code.trim(), isBase: c.isBase })),
  };
}
