// Inputs of crm.activities.*, crm.customers.timeline|summary and crm.dashboard. Strings are trimmed; optional text
// accepts "" or null as "none".
import { z } from "zod";
import { defineListInput, type ListInput, type ListSpec } from "@/lib/list";
import { isCurrencyCode } from "@/lib/money/currencies";

export const ACTIVITY_TYPES = ["call", "email", "meeting", "demo", "note", "task"] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];
/** Quick states: open (not done), done, overdue (open, due before now), today (open, due today in the organization's
 * time zone), upcoming (open, due after today). Overdue and today overlap for what was due earlier today. */
export const ACTIVITY_STATES = ["open", "done", "overdue", "today", "upcoming"] as const;
export type ActivityState = (typeof ACTIVITY_STATES)[number];

const optText = (max: number) =>
  z
    .union([z.string().trim().max(max, `At most ${max} characters`), z.null()])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === null || v === "" ? null : v));

const optUuid = z
  .union([z.uuid(), z.literal(""), z.null()])
  .optional()
  .transform((v) => (v === undefined ? undefined : v || null));

/** A point in time: a Date, or an ISO string with an offset; "" / null = none. */
const optInstant = z
  .union([z.date(), z.iso.datetime({ offset: true, message: "Enter a date and time" }), z.literal(""), z.null()])
  .optional()
  .transform((v) => (v === undefined ? undefined : v === null || v === "" ? null : v instanceof Date ? v : new Date(v)));

const ZSubject = z.string({ error: "Enter a subject" }).trim().min(1, "Enter a subject").max(200, "At most 200 characters");

const ZActivityFields = z.object({
  type: z.enum(ACTIVITY_TYPES, { error: "Choose a type" }),
  subject: ZSubject,
  body: optText(10_000),
  outcome: optText(2000),
  dueAt: optInstant,
  nextAction: optText(200),
  nextActionAt: optInstant,
  /** Default: the caller's own membership. */
  ownerMembershipId: optUuid,
});

function checkNextAction(v: { nextAction?: string | null; nextActionAt?: Date | null }, ctx: z.RefinementCtx) {
  if (v.nextActionAt && !v.nextAction) ctx.addIssue({ code: "custom", path: ["nextAction"], message: "Say what the next action is" });
}

/** Exactly one target: a customer, one of its contacts, a deal or a lead. */
export const ZCreateActivityInput = ZActivityFields.extend({
  customerId: z.uuid().optional(),
  contactId: z.uuid().optional(),
  dealId: z.uuid().optional(),
  leadId: z.uuid().optional(),
  /** Already done (a call that happened): done now. */
  done: z.boolean().optional(),
}).superRefine((v, ctx) => {
  const n = [v.customerId, v.contactId, v.dealId, v.leadId].filter(Boolean).length;
  if (n !== 1) ctx.addIssue({ code: "custom", path: ["target"], message: "Choose what the activity is about: one customer, contact, deal or lead" });
  checkNextAction(v, ctx);
});
export type TCreateActivityInput = z.infer<typeof ZCreateActivityInput>;

export const ZUpdateActivityInput = ZActivityFields.partial()
  .extend({ id: z.uuid(), version: z.number().int().min(1) })
  .superRefine(checkNextAction);
export type TUpdateActivityInput = z.infer<typeof ZUpdateActivityInput>;

/** Completes an open activity; a next action (+ date) creates the follow-up task in the same transaction. */
export const ZCompleteActivityInput = z
  .object({
    id: z.uuid(),
    version: z.number().int().min(1),
    outcome: optText(2000),
    nextAction: optText(200),
    nextActionAt: optInstant,
  })
  .superRefine(checkNextAction);
export type TCompleteActivityInput = z.infer<typeof ZCompleteActivityInput>;

export const ZActivityId = z.object({ id: z.uuid() });

export const ACTIVITIES_LIST = {
  sorts: ["due", "createdAt"],
  keyset: ["due", "createdAt"],
  defaultSort: { id: "due", desc: false },
  filters: { customer: "enum", contact: "enum", deal: "enum", lead: "enum", type: "enum", owner: "enum", state: "enum" },
} as const satisfies ListSpec;
export const ZListActivitiesInput = defineListInput(ACTIVITIES_LIST);
export const ACTIVITIES_LIST_KEY = "crm.activities";
export type TListActivitiesInput = ListInput<(typeof ACTIVITIES_LIST.sorts)[number], keyof typeof ACTIVITIES_LIST.filters>;

export const ZTimelineInput = z.object({
  customerId: z.uuid(),
  cursor: z.string().max(1000).optional(),
  perPage: z.number().int().min(1).max(100).default(30),
});
export type TTimelineInput = z.infer<typeof ZTimelineInput>;

export const ZSummaryInput = z.object({ id: z.uuid() });

export const ZDashboardInput = z.object({
  /** A membership id, or "me"; none: everyone the caller may see. */
  owner: z.union([z.uuid(), z.literal("me")]).optional(),
  /** The money widgets' currency; default the organization's base currency. */
  currency: z.string().trim().toUpperCase().refine(isCurrencyCode, "Unknown currency").optional(),
});
export type TDashboardInput = z.infer<typeof ZDashboardInput>;

/** The log dialog's target picker: visible, unarchived customers, deals or leads by name or number. */
export const ZTargetSearchInput = z.object({
  kind: z.enum(["customer", "deal", "lead"]),
  q: z.string().trim().max(200).default(""),
});
export type TTargetSearchInput = z.infer<typeof ZTargetSearchInput>;
