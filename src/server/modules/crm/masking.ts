// Which CRM fields are sensitive (kernel/masking): e-mail, phone and tax id of customers; e-mail and phone of contacts
// and leads. A member without crm.sensitive.view sees them masked wherever the CRM answers them (lists, records,
// search hits, exports, history) while the organization masks the class (security.maskPhones / maskEmails /
// maskTaxIds), cannot change them, and cannot find records by them.
import type { Tx } from "@/server/db/scope";
import { maskDecision, type FieldClasses, type MaskClass, type MaskDecision, type SensitiveTable } from "@/server/kernel/masking";
import type { OrgScope } from "@/server/kernel/scope";
import { TERM_KIND } from "./search-terms";

export const CRM_SENSITIVE_PERMISSION = "crm.sensitive.view" as const;

export const CUSTOMER_SENSITIVE = { email: "email", phone: "phone", taxId: "taxId" } as const satisfies FieldClasses;
export const CONTACT_SENSITIVE = { email: "email", phone: "phone" } as const satisfies FieldClasses;
export const LEAD_SENSITIVE = { email: "email", phone: "phone" } as const satisfies FieldClasses;

/** The audit trail's columns (database names) of the same fields. */
export const CRM_SENSITIVE_TABLES: readonly SensitiveTable[] = [
  { table: "crm.customers", permission: CRM_SENSITIVE_PERMISSION, columns: { email: "email", phone: "phone", tax_id: "taxId" } },
  { table: "crm.contacts", permission: CRM_SENSITIVE_PERMISSION, columns: { email: "email", phone: "phone" } },
  { table: "crm.leads", permission: CRM_SENSITIVE_PERMISSION, columns: { email: "email", phone: "phone" } },
];

/** What this member sees masked in the CRM (no query on the request path: kernel/masking). */
export function crmMasking(tx: Tx, scope: OrgScope): Promise<MaskDecision> {
  return maskDecision(tx, scope, CRM_SENSITIVE_PERMISSION);
}

const KIND_OF: Record<MaskClass, number> = { email: TERM_KIND.email, phone: TERM_KIND.phone, taxId: TERM_KIND.taxId };

/** The search-term kinds a masked member may not match (crm.search_terms.kind): a masked value is never a key. */
export function hiddenTermKinds(decision: MaskDecision): number[] {
  return [...decision.classes].map((c) => KIND_OF[c]).sort();
}
