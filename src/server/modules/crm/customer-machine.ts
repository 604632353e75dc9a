// The customer status machine (kernel/STATE-MACHINES.md): lead → prospect → active ⇄ inactive → churned.
import type { OrgScope } from "@/server/kernel/scope";
import { allowedTransitions, defineMachine } from "@/server/kernel/state-machine";
import { CUSTOMER_STATUSES } from "./crm.schemas";

export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];
type Context = { archived: boolean };

const notArchived = ({ context }: { context: Context }) => (context?.archived ? "This customer is archived; restore it to change its status." : undefined);

export const customerMachine = defineMachine<CustomerStatus, "qualify" | "activate" | "deactivate" | "churn" | "reactivate", Context>({
  entityType: "customer",
  states: CUSTOMER_STATUSES,
  transitions: {
    qualify: { from: ["lead"], to: "prospect", label: "Qualify", permission: "crm.customer.update", guard: notArchived },
    activate: { from: ["lead", "prospect"], to: "active", label: "Activate", permission: "crm.customer.update", guard: notArchived },
    deactivate: { from: ["active"], to: "inactive", label: "Deactivate", permission: "crm.customer.update", guard: notArchived },
    churn: { from: ["active", "inactive"], to: "churned", label: "Mark as churned", permission: "crm.customer.update", requiresReason: true, guard: notArchived },
    reactivate: { from: ["inactive", "churned"], to: "active", label: "Reactivate", permission: "crm.customer.update", guard: notArchived },
  },
});

/** The transitions this member may take now (for the customer page header); none while archived. */
export function customerTransitions(scope: OrgScope, c: { status: CustomerStatus; archivedAt: Date | null }) {
  if (c.archivedAt) return [];
  return allowedTransitions(customerMachine, c.status, scope).map(({ name, label, to, requiresReason }) => ({ name, label, to, requiresReason }));
}

