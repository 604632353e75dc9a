// Inputs of the customer-detail procedures: addresses, status transitions, bulk actions (crm.addresses.*,
// crm.customers.transition|history|bulk*).
import { z } from "zod";
import { ISO_COUNTRY_CODES } from "./countries";

export const ADDRESS_KINDS = ["billing", "shipping", "legal", "office"] as const;
export const CUSTOMER_TRANSITIONS = ["qualify", "activate", "deactivate", "churn", "reactivate"] as const;

const optText = (max: number) =>
  z
    .union([z.string().trim().max(max, `At most ${max} characters`), z.null()])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === null || v === "" ? null : v));

const ZCountryCode = z
  .string({ error: "Choose a country" })
  .trim()
  .toUpperCase()
  .refine((v) => ISO_COUNTRY_CODES.has(v), "Enter a 2-letter ISO 3166 country code, e.g. US or KZ");

const ZAddressFields = z.object({
  kind: z.enum(ADDRESS_KINDS).optional(),
  label: optText(100),
  line1: z.string({ error: "Enter the street address" }).trim().min(1, "Enter the street address").max(200, "At most 200 characters"),
  line2: optText(200),
  city: optText(100),
  region: optText(100),
  postalCode: optText(20),
  countryCode: ZCountryCode,
  isDefaultBilling: z.boolean().optional(),
  isDefaultShipping: z.boolean().optional(),
});

export const ZListAddressesInput = z.object({ customerId: z.uuid() });
export const ZCreateAddressInput = ZAddressFields.extend({ customerId: z.uuid() });
export type TCreateAddressInput = z.infer<typeof ZCreateAddressInput>;
export const ZUpdateAddressInput = ZAddressFields.partial().extend({ id: z.uuid() });
export type TUpdateAddressInput = z.infer<typeof ZUpdateAddressInput>;
export const ZAddressId = z.object({ id: z.uuid() });

export const ZTransitionCustomerInput = z.object({
  id: z.uuid(),
  version: z.number().int().min(1),
  transition: z.enum(CUSTOMER_TRANSITIONS),
  reason: z.string().trim().max(1000, "At most 1000 characters").optional(),
});
export type TTransitionCustomerInput = z.infer<typeof ZTransitionCustomerInput>;

const ZIds = z.array(z.uuid()).min(1, "Select at least one customer").max(500, "At most 500 customers at once");
export const ZBulkIdsInput = z.object({ ids: ZIds });
export const ZBulkAssignOwnerInput = z.object({
  ids: ZIds,
  ownerMembershipId: z.union([z.uuid(), z.null()]),
});
export const ZBulkAddTagInput = z.object({ ids: ZIds, tag: z.string({ error: "Enter a tag" }).trim().min(1, "Enter a tag").max(50, "At most 50 characters") });
