// Inputs of the crm procedures. Strings are trimmed; optional text fields accept "" or null as "none".
import { z } from "zod";
import { defineListInput, type ListInput, type ListSpec } from "@/lib/list";
import { isCurrencyCode } from "@/lib/money/currencies";
import { ZExpectedVersion } from "@/server/kernel/archive";

export const CUSTOMER_TYPES = ["company", "individual"] as const;
export const CUSTOMER_STATUSES = ["lead", "prospect", "active", "inactive", "churned"] as const;
export const CUSTOMER_TIERS = ["standard", "silver", "gold", "platinum"] as const;
/** The statuses a customer may be created in; later changes go through customerMachine (crm.customers.transition). */
export const CUSTOMER_INITIAL_STATUSES = ["lead", "prospect", "active"] as const;

/** Optional text: "" and null both mean "none" (stored as NULL). */
export const optText = (max: number) =>
  z
    .union([z.string().trim().max(max, `At most ${max} characters`), z.null()])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === null || v === "" ? null : v));

export const optEmail = z
  .union([z.literal(""), z.null(), z.email("Enter a valid e-mail address").trim().max(254)])
  .optional()
  .transform((v) => (v === undefined ? undefined : v ? v.toLowerCase() : null));

export const optUuid = z
  .union([z.uuid(), z.literal(""), z.null()])
  .optional()
  .transform((v) => (v === undefined ? undefined : v || null));

export const ZName = z.string({ error: "Enter a name" }).trim().min(1, "Enter a name").max(200, "At most 200 characters");

const ZCreditLimit = z
  .union([
    z
      .string()
      .trim()
      .regex(/^\d{1,16}(\.\d{1,2})?$/, "Enter an amount of zero or more with at most 2 decimals"),
    z.literal(""),
    z.null(),
  ])
  .optional()
  .transform((v) => (v === undefined ? undefined : v || null));

const ZCurrency = z
  .union([z.string().trim().toUpperCase().refine(isCurrencyCode, "Unknown currency"), z.literal(""), z.null()])
  .optional()
  .transform((v) => (v === undefined ? undefined : v || null));

const ZCustomerFields = z.object({
  type: z.enum(CUSTOMER_TYPES).optional(),
  name: ZName,
  legalName: optText(300),
  status: z.enum(CUSTOMER_INITIAL_STATUSES, { error: "Start as a lead, prospect or active customer" }).optional(),
  taxId: optText(50),
  email: optEmail,
  phone: optText(50),
  website: optText(300),
  industry: optText(100),
  tier: z.enum(CUSTOMER_TIERS).optional(),
  ownerMembershipId: optUuid,
  creditLimit: ZCreditLimit,
  creditCurrency: ZCurrency,
  paymentTermId: optUuid,
  tags: z.array(z.string().trim().min(1).max(50)).max(50, "At most 50 tags").optional(),
  notes: optText(5000),
  customFields: z.record(z.string().max(100), z.unknown()).optional(),
  /** Only on create: the workspace the customer belongs to (none: organization-wide). */
  workspaceId: optUuid,
});

function checkCredit(v: { creditLimit?: string | null; creditCurrency?: string | null }, ctx: z.RefinementCtx) {
  if (v.creditLimit && !v.creditCurrency) ctx.addIssue({ code: "custom", path: ["creditCurrency"], message: "Choose the credit limit's currency" });
}

export const ZCreateCustomerInput = ZCustomerFields.superRefine(checkCredit);
export type TCreateCustomerInput = z.infer<typeof ZCreateCustomerInput>;

/** Status is not here: it changes only through crm.customers.transition (the state machine). */
export const ZUpdateCustomerInput = ZCustomerFields.omit({ workspaceId: true, status: true })
  .partial()
  .extend({
    id: z.uuid(),
    version: z.number().int().min(1),
    status: z.never({ error: "Change the status with a transition (crm.customers.transition)" }).optional(),
  })
  .superRefine(checkCredit);
export type TUpdateCustomerInput = z.infer<typeof ZUpdateCustomerInput>;

export const ZCustomerId = z.object({ id: z.uuid() });
/** Archive / restore of a customer, lead or deal: the record and, from a screen, the version it showed (CONFLICT when changed since). */
export const ZArchiveRecordInput = z.object({ id: z.uuid(), version: ZExpectedVersion });

export const CUSTOMERS_LIST = {
  sorts: ["name", "number", "createdAt"],
  keyset: ["name"],
  defaultSort: { id: "name", desc: false },
  filters: { status: "enum", tier: "enum", owner: "enum", type: "enum", archived: "enum", tags: "enum", segment: "enum" },
} as const satisfies ListSpec;
export const ZListCustomersInput = defineListInput(CUSTOMERS_LIST);
export const CUSTOMERS_LIST_KEY = "crm.customers";
export type TListCustomersInput = ListInput<(typeof CUSTOMERS_LIST.sorts)[number], keyof typeof CUSTOMERS_LIST.filters>;

const ZContactFields = z.object({
  firstName: z.string({ error: "Enter a first name" }).trim().min(1, "Enter a first name").max(100, "At most 100 characters"),
  lastName: optText(100),
  position: optText(100),
  email: optEmail,
  phone: optText(50),
  isPrimary: z.boolean().optional(),
  isDecisionMaker: z.boolean().optional(),
});
export const ZListContactsInput = z.object({ customerId: z.uuid() });
export const ZCreateContactInput = ZContactFields.extend({ customerId: z.uuid() });
export type TCreateContactInput = z.infer<typeof ZCreateContactInput>;
export const ZUpdateContactInput = ZContactFields.partial().extend({ id: z.uuid() });
export type TUpdateContactInput = z.infer<typeof ZUpdateContactInput>;
export const ZContactId = z.object({ id: z.uuid() });
