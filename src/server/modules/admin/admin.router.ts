import { permission, router } from "@/server/trpc/procedures";
import { ZDeactivateMembersInput, ZListMembersInput, ZReactivateMembersInput } from "./admin.schemas";
import { deactivateMembers, listMembers, memberFilterOptions, reactivateMembers } from "./members.service";

export const adminRouter = router({
  members: router({
    list: permission("auth.member.read").input(ZListMembersInput).query(({ ctx, input }) => listMembers(ctx.tx, ctx.scope, input)),
    filterOptions: permission("auth.member.read").query(({ ctx }) => memberFilterOptions(ctx.tx, ctx.scope)),
    deactivate: permission("auth.member.invite").input(ZDeactivateMembersInput).mutation(({ ctx, input }) => deactivateMembers(ctx.tx, ctx.scope, input)),
    reactivate: permission("auth.member.invite").input(ZReactivateMembersInput).mutation(({ ctx, input }) => reactivateMembers(ctx.tx, ctx.scope, input)),
  }),
});
