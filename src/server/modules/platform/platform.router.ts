import "@/server/search-providers";

import { searchRecords } from "@/server/kernel/search";
import { systemDb } from "@/server/db/client";
import { authedProcedure, orgProcedure, permission, router, verifiedProcedure, workspaceProcedure } from "@/server/trpc/procedures";
import { getMe } from "./me.service";
import { completeOnboarding, suggestSlug } from "./onboarding.service";
import { getOrganization } from "./organizations.service";
import { ZCompleteOnboardingInput, ZSearchInput, ZSuggestSlugInput } from "./platform.schemas";
import { listWorkspaces } from "./workspaces.service";

export const platformRouter = router({
  me: authedProcedure.query(({ ctx }) => getMe(ctx.tx, ctx.user, ctx.userScope, ctx.claim)),
  organizations: router({
    get: permission("platform.organization.read").query(({ ctx }) => getOrganization(ctx.tx, ctx.scope)),
  }),
  // A verified user creating an organization (no organization claim is read; system path: slugs are global).
  onboarding: router({
    suggestSlug: verifiedProcedure.input(ZSuggestSlugInput).query(({ input }) => suggestSlug(systemDb(), input)),
    complete: verifiedProcedure.input(ZCompleteOnboardingInput).mutation(({ ctx, input }) => completeOnboarding(systemDb(), ctx.user, input)),
  }),
  workspaces: router({
    list: orgProcedure.query(({ ctx }) => listWorkspaces(ctx.tx, ctx.scope)),
  }),
  // Record search across modules for the command palette (providers: src/server/search-providers.ts).
  search: workspaceProcedure.input(ZSearchInput).query(({ ctx, input }) => searchRecords(ctx.tx, ctx.scope, input.q)),
});
