import "@/server/search-providers";

import { searchRecords } from "@/server/kernel/search";
import { authedProcedure, orgProcedure, permission, router, workspaceProcedure } from "@/server/trpc/procedures";
import { getMe } from "./me.service";
import { getOrganization, updateOrganization } from "./organizations.service";
import { ZSearchInput, ZUpdateOrganizationInput } from "./platform.schemas";
import { listWorkspaces } from "./workspaces.service";

export const platformRouter = router({
  me: authedProcedure.query(({ ctx }) => getMe(ctx.tx, ctx.user, ctx.userScope, ctx.claim)),
  organizations: router({
    get: permission("platform.organization.read").query(({ ctx }) => getOrganization(ctx.tx, ctx.scope)),
    update: permission("platform.organization.update")
      .input(ZUpdateOrganizationInput)
      .mutation(({ ctx, input }) => updateOrganization(ctx.tx, ctx.scope, input)),
  }),
  workspaces: router({
    list: orgProcedure.query(({ ctx }) => listWorkspaces(ctx.tx, ctx.scope)),
  }),
  // Record search across modules for the command palette (providers: src/server/search-providers.ts).
  search: workspaceProcedure.input(ZSearchInput).query(({ ctx, input }) => searchRecords(ctx.tx, ctx.scope, input.q)),
});
