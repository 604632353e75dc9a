// Inputs of crm.leads.* and crm.deals.* (the pipeline). Strings are trimmed; optional text accepts "" or null as "none".
import { z } from "zod";
import { defineListInput, type ListInput, type ListSpec } from "@/lib/list";
import { isCurrencyCode } from "@/lib/money/currencies";
import { CUSTOMER_TYPES, optEmail, optText, optUuid, ZName } from "./crm.schemas";

export const LEAD_SOURCES = ["website", "referral", "campaign", "event", "cold_call", "partner", "other"] as const;
export const LEAD_STATUSES = ["new", "contacted", "qualified", "disqualified"] as const;
export const DEAL_STAGES = ["lead", "qualified", "proposal", "negotiation", "closing", "won", "lost"] as const;
export const OPEN_STAGES = ["lead", "qualified", "proposal", "negotiation", "closing"] as const;
export type DealStage = (typeof DEAL_STAGES)[number];
export type LeadStatus = (typeof LEAD_STATUSES)[number];

/** The stage's probability ceiling — the same rule as crm.stage_probability_cap and the check deals_probability_check. */
export const STAGE_CAP: Record<DealStage, number> = { lead: 20, qualified: 40, proposal: 60, negotiation: 80, closing: 100, won: 100, lost: 0 };
export const isClosedStage = (s: DealStage) => s === "won" || s === "lost";

/**
 * The probability a deal gets in `to`: won 100, lost 0; a given value is clamped to the stage's cap; without one, a
 * move forward (or a reopening) takes the cap and a move back keeps the current value within the cap. (Pure: the
 * board's optimistic update uses it too.)
 */
export function probabilityFor(from: DealStage, current: number, to: DealStage, given?: number): number {
  if (to === "won") return 100;
  if (to === "lost") return 0;
  const cap = STAGE_CAP[to];
  if (given !== undefined) return Math.max(0, Math.min(given, cap));
  const forward = isClosedStage(from) || DEAL_STAGES.indexOf(to) > DEAL_STAGES.indexOf(from);
  return forward ? cap : Math.min(current, cap);
}

const ZAmount = z
  .string({ error: "Enter an amount" })
  .trim()
  .regex(/^\d{1,16}(\.\d{1,2})?$/, "Enter an amount of zero or more with at most 2 decimals");
const optAmount = z
  .union([ZAmount, z.literal(""), z.null()])
  .optional()
  .transform((v) => (v === undefined ? undefined : v || null));
const ZCurrencyCode = z.string().trim().toUpperCase().refine(isCurrencyCode, "Unknown currency");
const optCurrency = z
  .union([ZCurrencyCode, z.literal(""), z.null()])
  .optional()
  .transform((v) => (v === undefined ? undefined : v || null));
const optDate = z
  .union([z.iso.date("Enter a date (YYYY-MM-DD)"), z.literal(""), z.null()])
  .optional()
  .transform((v) => (v === undefined ? undefined : v || null));
const ZVersion = z.number().int().min(1);

export const ZId = z.object({ id: z.uuid() });

// ---------------------------------------------------------------------------------------------------------------
// Leads

const ZLeadFields = z.object({
  name: ZName,
  companyName: optText(200),
  email: optEmail,
  phone: optText(50),
  source: z.enum(LEAD_SOURCES).optional(),
  ownerMembershipId: optUuid,
  estimatedValue: optAmount,
  currency: optCurrency,
  notes: optText(5000),
  /** Only on create: the workspace the lead belongs to (none: organization-wide). */
  workspaceId: optUuid,
});

function checkEstimate(v: { estimatedValue?: string | null; currency?: string | null }, ctx: z.RefinementCtx) {
  if (v.estimatedValue && !v.currency) ctx.addIssue({ code: "custom", path: ["currency"], message: "Choose the currency of the estimate" });
}

export const ZCreateLeadInput = ZLeadFields.superRefine(checkEstimate);
export type TCreateLeadInput = z.infer<typeof ZCreateLeadInput>;
export const ZUpdateLeadInput = ZLeadFields.omit({ workspaceId: true }).partial().extend({ id: z.uuid(), version: ZVersion }).superRefine(checkEstimate);
export type TUpdateLeadInput = z.infer<typeof ZUpdateLeadInput>;

export const LEAD_TRANSITIONS = ["contact", "qualify", "disqualify", "reopen"] as const;
export const ZLeadTransitionInput = z.object({
  id: z.uuid(),
  version: ZVersion,
  transition: z.enum(LEAD_TRANSITIONS),
  reason: optText(1000),
});
export type TLeadTransitionInput = z.infer<typeof ZLeadTransitionInput>;

const ZConvertDeal = z.object({
  name: ZName,
  value: ZAmount.optional(),
  currency: optCurrency,
  expectedCloseDate: optDate,
});

export const ZConvertLeadInput = z
  .object({
    id: z.uuid(),
    version: ZVersion,
    /** A new customer from the lead, with these overrides (name defaults to the company name, else the lead's name). */
    customer: z
      .object({
        name: ZName.optional(),
        type: z.enum(CUSTOMER_TYPES).optional(),
        email: optEmail,
        phone: optText(50),
        taxId: optText(50),
      })
      .optional(),
    /** Or an existing customer. */
    existingCustomerId: z.uuid().optional(),
    deal: ZConvertDeal.nullable().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.customer && v.existingCustomerId)
      ctx.addIssue({ code: "custom", path: ["existingCustomerId"], message: "Create a new customer or choose an existing one, not both" });
  });
export type TConvertLeadInput = z.infer<typeof ZConvertLeadInput>;

export const LEADS_LIST = {
  sorts: ["createdAt", "name"],
  keyset: ["createdAt"],
  defaultSort: { id: "createdAt", desc: true },
  filters: { status: "enum", source: "enum", owner: "enum", archived: "enum" },
} as const satisfies ListSpec;
export const ZListLeadsInput = defineListInput(LEADS_LIST);
export const LEADS_LIST_KEY = "crm.leads";
export type TListLeadsInput = ListInput<(typeof LEADS_LIST.sorts)[number], keyof typeof LEADS_LIST.filters>;

// ---------------------------------------------------------------------------------------------------------------
// Deals

const ZCompetitors = z.array(z.string().trim().min(1).max(100)).max(20, "At most 20 competitors");

export const ZCreateDealInput = z.object({
  name: ZName,
  customerId: z.uuid({ error: "Choose a customer" }),
  contactId: optUuid,
  stage: z.enum(OPEN_STAGES).optional(),
  probability: z.number().int().min(0).max(100).optional(),
  value: ZAmount.optional(),
  currency: optCurrency,
  expectedCloseDate: optDate,
  ownerMembershipId: optUuid,
  source: z.enum(LEAD_SOURCES).nullable().optional(),
  competitors: ZCompetitors.optional(),
  /** The deal's workspace (none: organization-wide); a workspace customer's deals belong to that workspace. */
  workspaceId: optUuid,
});
export type TCreateDealInput = z.infer<typeof ZCreateDealInput>;

export const ZUpdateDealInput = z.object({
  id: z.uuid(),
  version: ZVersion,
  name: ZName.optional(),
  contactId: optUuid,
  value: ZAmount.optional(),
  currency: ZCurrencyCode.optional(),
  expectedCloseDate: optDate,
  ownerMembershipId: optUuid,
  source: z.enum(LEAD_SOURCES).nullable().optional(),
  competitors: ZCompetitors.optional(),
});
export type TUpdateDealInput = z.infer<typeof ZUpdateDealInput>;

export const ZMoveStageInput = z.object({
  id: z.uuid(),
  version: ZVersion,
  stage: z.enum(DEAL_STAGES),
  probability: z.number().int().min(0).max(100).optional(),
  wonReason: optText(1000),
  lostReason: optText(1000),
  lostToCompetitor: optText(100),
});
export type TMoveStageInput = z.infer<typeof ZMoveStageInput>;

const ZDecimal = (label: string, max: number) =>
  z.union([z.string().trim(), z.number()]).transform((v, ctx) => {
    const s = String(v).trim();
    if (!/^\d{1,14}(\.\d{1,6})?$/.test(s)) {
      ctx.addIssue({ code: "custom", message: `Enter ${label}` });
      return z.NEVER;
    }
    if (Number(s) > max) {
      ctx.addIssue({ code: "custom", message: `At most ${max}` });
      return z.NEVER;
    }
    return s;
  });

export const ZDealLine = z.object({
  product: z.string({ error: "Enter a product" }).trim().min(1, "Enter a product").max(200, "At most 200 characters"),
  quantity: ZDecimal("a quantity", 1e12).refine((s) => Number(s) > 0, "The quantity must be more than zero"),
  unitPrice: ZDecimal("a price", 1e12),
  discountPercent: ZDecimal("a discount in percent", 100).default("0"),
  taxRate: ZDecimal("a tax rate in percent", 1000).default("0"),
});
export const ZSetLinesInput = z.object({ id: z.uuid(), version: ZVersion, lines: z.array(ZDealLine).max(200, "At most 200 lines") });
export type TSetLinesInput = z.infer<typeof ZSetLinesInput>;

export const DEALS_LIST = {
  sorts: ["number", "name", "value", "expectedCloseDate", "createdAt"],
  keyset: ["number"],
  defaultSort: { id: "number", desc: true },
  /** closeDate: the expected close date; closed: the day closed_at falls on in the organization's time zone (as the
   * dashboard's won/lost by month counts it); currency: ISO codes. */
  filters: { stage: "enum", owner: "enum", customer: "enum", currency: "enum", closeDate: "dateRange", closed: "dateRange", archived: "enum" },
} as const satisfies ListSpec;
export const ZListDealsInput = defineListInput(DEALS_LIST);
export const DEALS_LIST_KEY = "crm.deals";
export type TListDealsInput = ListInput<(typeof DEALS_LIST.sorts)[number], keyof typeof DEALS_LIST.filters>;

export const ZBoardInput = z
  .object({
    owner: z.uuid().optional(),
    /** Only deals in this currency (the dashboard's money widgets show one currency at a time). */
    currency: ZCurrencyCode.optional(),
    closeFrom: z.iso.date().optional(),
    closeTo: z.iso.date().optional(),
    perStage: z.number().int().min(1).max(100).default(20),
  })
  .default({ perStage: 20 });
export type TBoardInput = z.infer<typeof ZBoardInput>;
