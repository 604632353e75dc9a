// Inputs of the platform console's procedures (operators only).
import { z } from "zod";
import { defineListInput, type ListInput, type ListSpec } from "@/lib/list";
import { FEATURE_KEYS } from "./features";

export const ORGANIZATIONS_LIST = {
  sorts: ["name", "slug", "createdAt"],
  keyset: [],
  defaultSort: { id: "name", desc: false },
  filters: { status: "enum", plan: "enum" },
} as const satisfies ListSpec;
export const ZListOrganizationsInput = defineListInput(ORGANIZATIONS_LIST);
export type TListOrganizationsInput = ListInput<(typeof ORGANIZATIONS_LIST.sorts)[number], keyof typeof ORGANIZATIONS_LIST.filters>;

export const ORGANIZATION_STATUSES = ["active", "suspended"] as const;
export const SUBSCRIPTION_STATUSES = ["trial", "active", "past_due", "cancelled"] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];
export const SUBSCRIPTION_TRANSITIONS = ["activate", "mark_past_due", "trial_ended", "cancel", "reinstate"] as const;

const ZReason = z.string().trim().min(1, "Give a reason").max(1000);

export const ZOrganizationIdInput = z.object({ id: z.uuid() });
export type TOrganizationIdInput = z.infer<typeof ZOrganizationIdInput>;

export const ZSuspendOrganizationInput = z.object({ id: z.uuid(), reason: ZReason });
export type TSuspendOrganizationInput = z.infer<typeof ZSuspendOrganizationInput>;

const ZLimit = z.number().int().min(1, "At least 1, or leave empty for unlimited").max(1_000_000_000).nullable();

export const ZPlanInput = z.object({
  key: z.string().trim().regex(/^[a-z][a-z0-9_]{0,62}$/, "Use lowercase letters, digits and underscores, starting with a letter"),
  name: z.string().trim().min(1, "Enter a name").max(200),
  monthlyAmount: z.string().trim().regex(/^\d{1,16}(\.\d{1,2})?$/, "Enter a price such as 49 or 49.90"),
  currency: z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/, "Use a three-letter ISO currency code"),
  maxUsers: ZLimit,
  maxWorkspaces: ZLimit,
  maxDocumentsPerMonth: z.number().int().min(0).max(1_000_000_000).nullable(),
  isDefault: z.boolean().default(false),
  active: z.boolean().default(true),
  sortOrder: z.number().int().min(0).max(10_000).default(0),
});
export type TPlanInput = z.input<typeof ZPlanInput>;

export const ZCreatePlanInput = ZPlanInput;
export type TCreatePlanInput = z.infer<typeof ZCreatePlanInput>;
export const ZUpdatePlanInput = ZPlanInput.extend({ id: z.uuid() });
export type TUpdatePlanInput = z.infer<typeof ZUpdatePlanInput>;

const ZFeatureKey = z.enum(FEATURE_KEYS as unknown as [string, ...string[]], "Unknown feature");

export const ZSetPlanFeaturesInput = z.object({ planId: z.uuid(), features: z.array(ZFeatureKey).max(100) });
export type TSetPlanFeaturesInput = z.infer<typeof ZSetPlanFeaturesInput>;

export const ZChangePlanInput = z.object({ organizationId: z.uuid(), planId: z.uuid() });
export type TChangePlanInput = z.infer<typeof ZChangePlanInput>;

export const ZTransitionSubscriptionInput = z.object({
  organizationId: z.uuid(),
  transition: z.enum(SUBSCRIPTION_TRANSITIONS),
  reason: z.string().trim().max(1000).optional(),
});
export type TTransitionSubscriptionInput = z.infer<typeof ZTransitionSubscriptionInput>;

export const ZSetOverrideInput = z.object({
  organizationId: z.uuid(),
  feature: ZFeatureKey,
  enabled: z.boolean(),
  reason: z.string().trim().min(1, "Give a reason").max(500),
});
export type TSetOverrideInput = z.infer<typeof ZSetOverrideInput>;

export const ZRemoveOverrideInput = z.object({ organizationId: z.uuid(), feature: ZFeatureKey });
export type TRemoveOverrideInput = z.infer<typeof ZRemoveOverrideInput>;

// The platform's own audit trail (audit.platform_events): newest first, paged by number, filter by action.
export const PLATFORM_AUDIT_LIST = {
  sorts: ["createdAt"],
  keyset: [],
  defaultSort: { id: "createdAt", desc: true },
  filters: { action: "enum" },
} as const satisfies ListSpec;
export const ZListPlatformAuditInput = defineListInput(PLATFORM_AUDIT_LIST);
export type TListPlatformAuditInput = ListInput<(typeof PLATFORM_AUDIT_LIST.sorts)[number], keyof typeof PLATFORM_AUDIT_LIST.filters>;
