import { z } from "zod";
import { defineListInput, type ListInput, type ListSpec } from "@/lib/list";

/** The members list (list contract of src/lib/list.ts). Names are not unique, so they page by number. */
export const MEMBERS_LIST = {
  sorts: ["name", "email", "createdAt"],
  keyset: ["email", "createdAt"],
  defaultSort: { id: "name", desc: false },
  filters: { status: "enum", role: "enum", workspace: "enum" },
} as const satisfies ListSpec;

export const ZListMembersInput = defineListInput(MEMBERS_LIST);
export type TListMembersInput = ListInput<(typeof MEMBERS_LIST.sorts)[number], keyof typeof MEMBERS_LIST.filters>;

export const MEMBERSHIP_STATUSES = ["active", "suspended"] as const;
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];

/** Bulk changes are capped so one call stays one short transaction. */
export const MAX_BULK_MEMBERS = 100;

const ZMembershipIds = z.array(z.uuid()).min(1).max(MAX_BULK_MEMBERS);

export const ZDeactivateMembersInput = z.object({
  ids: ZMembershipIds,
  reason: z.string().trim().max(500).optional(),
});
export type TDeactivateMembersInput = z.infer<typeof ZDeactivateMembersInput>;

export const ZReactivateMembersInput = z.object({ ids: ZMembershipIds });
export type TReactivateMembersInput = z.infer<typeof ZReactivateMembersInput>;
