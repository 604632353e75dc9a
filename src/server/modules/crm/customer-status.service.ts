// A customer's status moves only through customerMachine (kernel/state-machine.ts): every change is checked
// (from-state, permission, reason), written with the version read, and recorded in audit.status_history and the
// audit stream. Archived customers are read-only: no transition until restored.
import type { Tx } from "@/server/db/scope";
import { eventsForRecord } from "@/server/modules/audit/events.service";
import { AppError } from "@/server/kernel/errors";
import type { OrgScope } from "@/server/kernel/scope";
import { historyFor } from "@/server/kernel/state-machine";
import { customerMachine } from "./customer-machine";
import type { TTransitionCustomerInput } from "./customer-details.schemas";
import { customerOr404, getCustomer } from "./customers.service";
import { visibleWhere } from "./visibility";

export async function transitionCustomer(tx: Tx, scope: OrgScope, input: TTransitionCustomerInput) {
  const current = await customerOr404(tx, scope, input.id);
  if (current.version !== input.version) throw new AppError("CONFLICT", "This customer was changed by someone else. Reload it and try again.");
  await customerMachine.apply(tx, scope, {
    transition: input.transition,
    entity: { id: current.id, status: current.status, version: current.version, workspaceId: current.workspaceId },
    reason: input.reason,
    context: { archived: current.archivedAt !== null },
    update: async (tx2, to, from) =>
      (
        await tx2.customer.updateMany({
          where: { ...visibleWhere(scope), id: current.id, status: from, version: current.version, archivedAt: null },
          data: { status: to, version: { increment: 1 }, updatedBy: scope.userId },
        })
      ).count,
  });
  return getCustomer(tx, scope, { id: current.id });
}

/** Status history (oldest first) and the audit events of the customer row (newest first). */
export async function customerHistory(tx: Tx, scope: OrgScope, input: { id: string }) {
  const c = await customerOr404(tx, scope, input.id);
  const status = await historyFor(tx, scope, "customer", c.id);
  const events = await eventsForRecord(tx, scope, { table: "crm.customers", recordId: c.id }, 200);
  return { status, events };
}
