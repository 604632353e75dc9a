import "@/server/search-providers";

import { searchRecords } from "@/server/kernel/search";
import { anyPermission, authedProcedure, orgProcedure, permission, router, workspaceProcedure } from "@/server/trpc/procedures";
import { getMe } from "./me.service";
import { getOrganization } from "./organizations.service";
import { ZManageWorkspacesInput, ZNewWorkspaceInput, ZSearchInput, ZUpdateWorkspaceInput, ZWorkspaceIdInput } from "./platform.schemas";
import { archiveWorkspace, createWorkspace, listWorkspaces, manageWorkspaces, restoreWorkspace, updateWorkspace } from "./workspaces.service";

export const platformRouter = router({
  me: authedProcedure.query(({ ctx }) => getMe(ctx.tx, ctx.user, ctx.userScope, ctx.claim)),
  organizations: router({
    get: permission("platform.organization.read").query(({ ctx }) => getOrganization(ctx.tx, ctx.scope)),
  }),
  workspaces: router({
    list: orgProcedure.query(({ ctx }) => listWorkspaces(ctx.tx, ctx.scope)),
    manageList: anyPermission("platform.workspace.read", "platform.workspace.manage").input(ZManageWorkspacesInput).query(({ ctx, input }) => manageWorkspaces(ctx.tx, ctx.scope, input)),
    create: permission("platform.workspace.manage").input(ZNewWorkspaceInput).mutation(({ ctx, input }) => createWorkspace(ctx.tx, ctx.scope, input)),
    update: permission("platform.workspace.manage").input(ZUpdateWorkspaceInput).mutation(({ ctx, input }) => updateWorkspace(ctx.tx, ctx.scope, input)),
    archive: permission("platform.workspace.manage").input(ZWorkspaceIdInput).mutation(({ ctx, input }) => archiveWorkspace(ctx.tx, ctx.scope, input)),
    restore: permission("platform.workspace.manage").input(ZWorkspaceIdInput).mutation(({ ctx, input }) => restoreWorkspace(ctx.tx, ctx.scope, input)),
  }),
  // Record search across modules for the command palette (providers: src/server/search-providers.ts).
  search: workspaceProcedure.input(ZSearchInput).query(({ ctx, input }) => searchRecords(ctx.tx, ctx.scope, input.q)),
});
