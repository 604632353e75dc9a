import { anyPermission, featureGate, permission, router } from "@/server/trpc/procedures";
import {
  ZApiKeyIdInput,
  ZCloneRoleInput,
  ZCreateApiKeyInput,
  ZCreateRoleInput,
  ZDeactivateMembersInput,
  ZInvitationIdInput,
  ZInviteMemberInput,
  ZListInvitationsInput,
  ZListMembersInput,
  ZReactivateMembersInput,
  ZRemoveMemberInput,
  ZRoleIdInput,
  ZUpdateMemberInput,
  ZUpdateRoleInput,
} from "./admin.schemas";
import { createApiKey, listApiKeys, revokeApiKey } from "./api-keys.service";
import { inviteMember, listInvitations, resendInvitation, revokeInvitation } from "./invitations.service";
import { removeMember, updateMemberAccess } from "./member-access.service";
import { deactivateMembers, listMembers, memberFilterOptions, reactivateMembers } from "./members.service";
import { cloneRole, createRole, deleteRole, getRole, listRoles, updateRole } from "./roles.service";

export const adminRouter = router({
  members: router({
    list: permission("auth.member.read").input(ZListMembersInput).query(({ ctx, input }) => listMembers(ctx.tx, ctx.scope, input)),
    filterOptions: permission("auth.member.read").query(({ ctx }) => memberFilterOptions(ctx.tx, ctx.scope)),
    deactivate: permission("auth.member.invite").input(ZDeactivateMembersInput).mutation(({ ctx, input }) => deactivateMembers(ctx.tx, ctx.scope, input)),
    reactivate: permission("auth.member.invite").input(ZReactivateMembersInput).mutation(({ ctx, input }) => reactivateMembers(ctx.tx, ctx.scope, input)),
    invite: permission("auth.member.invite").input(ZInviteMemberInput).mutation(({ ctx, input }) => inviteMember(ctx.tx, ctx.scope, input)),
    update: permission("auth.member.invite").input(ZUpdateMemberInput).mutation(({ ctx, input }) => updateMemberAccess(ctx.tx, ctx.scope, input)),
    remove: permission("auth.member.invite").input(ZRemoveMemberInput).mutation(({ ctx, input }) => removeMember(ctx.tx, ctx.scope, input)),
  }),
  invitations: router({
    list: permission("auth.member.read").input(ZListInvitationsInput).query(({ ctx, input }) => listInvitations(ctx.tx, ctx.scope, input)),
    resend: permission("auth.member.invite").input(ZInvitationIdInput).mutation(({ ctx, input }) => resendInvitation(ctx.tx, ctx.scope, input)),
    revoke: permission("auth.member.invite").input(ZInvitationIdInput).mutation(({ ctx, input }) => revokeInvitation(ctx.tx, ctx.scope, input)),
  }),
  roles: router({
    list: anyPermission("auth.member.read", "auth.role.manage").query(({ ctx }) => listRoles(ctx.tx, ctx.scope)),
    get: anyPermission("auth.member.read", "auth.role.manage").input(ZRoleIdInput).query(({ ctx, input }) => getRole(ctx.tx, ctx.scope, input)),
    create: permission("auth.role.manage").use(featureGate("custom_roles")).input(ZCreateRoleInput).mutation(({ ctx, input }) => createRole(ctx.tx, ctx.scope, input)),
    update: permission("auth.role.manage").use(featureGate("custom_roles")).input(ZUpdateRoleInput).mutation(({ ctx, input }) => updateRole(ctx.tx, ctx.scope, input)),
    delete: permission("auth.role.manage").input(ZRoleIdInput).mutation(({ ctx, input }) => deleteRole(ctx.tx, ctx.scope, input)),
    clone: permission("auth.role.manage").use(featureGate("custom_roles")).input(ZCloneRoleInput).mutation(({ ctx, input }) => cloneRole(ctx.tx, ctx.scope, input)),
  }),
  apiKeys: router({
    list: permission("auth.api_key.manage").query(({ ctx }) => listApiKeys(ctx.tx, ctx.scope)),
    create: permission("auth.api_key.manage").use(featureGate("api_keys")).input(ZCreateApiKeyInput).mutation(({ ctx, input }) => createApiKey(ctx.tx, ctx.scope, input)),
    revoke: permission("auth.api_key.manage").input(ZApiKeyIdInput).mutation(({ ctx, input }) => revokeApiKey(ctx.tx, ctx.scope, input)),
  }),
});
