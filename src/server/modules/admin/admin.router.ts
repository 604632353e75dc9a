import { permission, router } from "@/server/trpc/procedures";
import {
  ZDeactivateMembersInput,
  ZInvitationIdInput,
  ZInviteMemberInput,
  ZListInvitationsInput,
  ZListMembersInput,
  ZReactivateMembersInput,
  ZRemoveMemberInput,
  ZUpdateMemberInput,
} from "./admin.schemas";
import { inviteMember, listInvitations, resendInvitation, revokeInvitation } from "./invitations.service";
import { removeMember, updateMemberAccess } from "./member-access.service";
import { deactivateMembers, listMembers, memberFilterOptions, reactivateMembers } from "./members.service";

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
});
