import { z } from "zod";
import { defineListInput, type ListInput, type ListSpec } from "@/lib/list";
import { isPermission, type Permission } from "@/server/kernel/permissions";
import { ZEmail, ZPassword } from "@/server/modules/auth/auth.schemas";

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

// ---------------------------------------------------------------------------------------------------------------
// Roles and API keys

export const RECORD_SCOPE_VALUES = ["own", "workspace", "all"] as const;

/** Permissions from the catalog (kernel/permissions.ts); an unknown one is a field error naming it. */
const ZPermissionList = z
  .array(z.string().trim().max(100))
  .max(500)
  .superRefine((list, ctx) => {
    const unknown = list.filter((p) => !isPermission(p));
    if (unknown.length) ctx.addIssue({ code: "custom", message: `Unknown permission: ${unknown.join(", ")}` });
  })
  .transform((list) => [...new Set(list)] as Permission[]);

const ZRoleName = z.string().trim().min(1, "Enter a name").max(80, "At most 80 characters");
const ZRoleDescription = z.string().trim().max(500, "At most 500 characters").nullish();
const ZRecordScope = z.enum(RECORD_SCOPE_VALUES);

export const ZRoleIdInput = z.object({ id: z.uuid() });
export type TRoleIdInput = z.infer<typeof ZRoleIdInput>;

export const ZCreateRoleInput = z.object({
  name: ZRoleName,
  description: ZRoleDescription,
  permissions: ZPermissionList,
  recordScope: ZRecordScope.default("all"),
});
export type TCreateRoleInput = z.infer<typeof ZCreateRoleInput>;

export const ZUpdateRoleInput = z.object({
  id: z.uuid(),
  name: ZRoleName.optional(),
  description: ZRoleDescription,
  permissions: ZPermissionList.optional(),
  recordScope: ZRecordScope.optional(),
});
export type TUpdateRoleInput = z.infer<typeof ZUpdateRoleInput>;

export const ZCloneRoleInput = z.object({ id: z.uuid(), name: ZRoleName });
export type TCloneRoleInput = z.infer<typeof ZCloneRoleInput>;

/** Expiry choices the UI offers (days); a custom date is also allowed, "no expiry" only for owners. */
export const API_KEY_EXPIRY_DAYS = [30, 90, 365] as const;
export const API_KEY_MAX_DAYS = 3 * 365;

export const ZCreateApiKeyInput = z.object({
  name: z.string().trim().min(1, "Enter a name").max(100, "At most 100 characters"),
  scopes: ZPermissionList.refine((l) => l.length > 0, "Choose at least one permission"),
  /** null = no expiry (owners only). */
  expiresAt: z.date().nullable(),
});
export type TCreateApiKeyInput = z.infer<typeof ZCreateApiKeyInput>;

export const ZApiKeyIdInput = z.object({ id: z.uuid() });
export type TApiKeyIdInput = z.infer<typeof ZApiKeyIdInput>;
// Access: roles and workspaces of a membership or an invitation.

const ZAccessFields = {
  roleIds: z.array(z.uuid("Unknown role")).min(1, "Choose at least one role").max(50),
  allWorkspaces: z.boolean(),
  workspaceIds: z.array(z.uuid("Unknown workspace")).max(500).default([]),
};

/** A list of workspaces must name at least one; "all workspaces" ignores the list. */
function refineAccess(v: { allWorkspaces: boolean; workspaceIds: string[] }, ctx: z.RefinementCtx) {
  if (!v.allWorkspaces && v.workspaceIds.length === 0)
    ctx.addIssue({ code: "custom", path: ["workspaceIds"], message: "Choose at least one workspace, or all workspaces" });
}

export const ZInviteMemberInput = z.object({ email: ZEmail, ...ZAccessFields }).superRefine(refineAccess);
export type TInviteMemberInput = z.infer<typeof ZInviteMemberInput>;

export const ZUpdateMemberInput = z.object({ id: z.uuid(), ...ZAccessFields }).superRefine(refineAccess);
export type TUpdateMemberInput = z.infer<typeof ZUpdateMemberInput>;

export const ZRemoveMemberInput = z.object({ id: z.uuid() });
export type TRemoveMemberInput = z.infer<typeof ZRemoveMemberInput>;

// ---------------------------------------------------------------------------------------------------------------
// Invitations.

export const INVITATION_STATUSES = ["pending", "accepted", "revoked", "expired"] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

/** Days an invitation link stays valid (from the last send). */
export const INVITATION_TTL_DAYS = 7;

/** The invitations list. Few rows per organization: numbered pages only. */
export const INVITATIONS_LIST = {
  sorts: ["createdAt", "email", "expiresAt"],
  keyset: [],
  defaultSort: { id: "createdAt", desc: true },
  filters: { status: "enum" },
} as const satisfies ListSpec;

export const ZListInvitationsInput = defineListInput(INVITATIONS_LIST);
export type TListInvitationsInput = ListInput<(typeof INVITATIONS_LIST.sorts)[number], keyof typeof INVITATIONS_LIST.filters>;

export const ZInvitationIdInput = z.object({ id: z.uuid() });
export type TInvitationIdInput = z.infer<typeof ZInvitationIdInput>;

/** A link's token as typed or pasted; anything malformed is simply an unknown invitation. */
export const ZInvitationTokenInput = z.object({ token: z.string().trim().min(1).max(200) });
export type TInvitationTokenInput = z.infer<typeof ZInvitationTokenInput>;

export const ZAcceptInvitationNewInput = z.object({
  token: z.string().trim().min(1).max(200),
  name: z.string().trim().min(1, "Enter your name").max(200, "Name is too long"),
  password: ZPassword,
});
export type TAcceptInvitationNewInput = z.infer<typeof ZAcceptInvitationNewInput>;
