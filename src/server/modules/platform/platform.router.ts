import { authedProcedure, orgProcedure, permission, router } from "@/server/trpc/procedures";
import { getMe } from "./me.service";
import { getOrganization } from "./organizations.service";
import { listWorkspaces } from "./workspaces.service";

export const platformRouter = router({
  me: authedProcedure.query(({ ctx }) => getMe(ctx.tx, ctx.user, ctx.userScope, ctx.claim)),
  organizations: router({
    get: permission("platform.organization.read").query(({ ctx }) => getOrganization(ctx.tx, ctx.scope)),
  }),
  workspaces: router({
    list: orgProcedure.query(({ ctx }) => listWorkspaces(ctx.tx, ctx.scope)),
  }),
});
