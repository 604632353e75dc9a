import "@/server/search-providers";

import { searchRecords } from "@/server/kernel/search";
import { systemDb } from "@/server/db/client";
import { anyPermission, authedProcedure, operatorProcedure, orgProcedure, permission, router, verifiedProcedure, workspaceProcedure } from "@/server/trpc/procedures";
import {
  ZChangePlanInput,
  ZCreatePlanInput,
  ZListOrganizationsInput,
  ZListPlatformAuditInput,
  ZOrganizationIdInput,
  ZRemoveOverrideInput,
  ZSetOverrideInput,
  ZSetPlanFeaturesInput,
  ZSuspendOrganizationInput,
  ZTransitionSubscriptionInput,
  ZUpdatePlanInput,
} from "./console.schemas";
import {
  createPlan,
  listFeatures,
  listOrganizations,
  listPlans,
  organizationDetail,
  reactivateOrganization,
  removeOverride,
  setOverride,
  setPlanFeatures,
  suspendOrganization,
  updatePlan,
} from "./console.service";
import { getMe } from "./me.service";
import { listPlatformAudit } from "./platform-audit.service";
import { completeOnboarding, suggestSlug } from "./onboarding.service";
import { getOrganization, updateOrganization } from "./organizations.service";
import { ZCompleteOnboardingInput, ZManageWorkspacesInput, ZNewWorkspaceInput, ZSearchInput, ZSuggestSlugInput, ZUpdateOrganizationInput, ZUpdateWorkspaceInput, ZWorkspaceIdInput } from "./platform.schemas";
import { changePlan, transitionSubscription } from "./subscriptions.service";
import { archiveWorkspace, createWorkspace, listWorkspaces, manageWorkspaces, restoreWorkspace, updateWorkspace } from "./workspaces.service";

export const platformRouter = router({
  me: authedProcedure.query(({ ctx }) => getMe(ctx.tx, ctx.user, ctx.userScope, ctx.claim)),
  organizations: router({
    // A member's own organization.
    get: permission("platform.organization.read").query(({ ctx }) => getOrganization(ctx.tx, ctx.scope)),
    update: permission("platform.organization.update")
      .input(ZUpdateOrganizationInput)
      .mutation(({ ctx, input }) => updateOrganization(ctx.tx, ctx.scope, input)),
    // The platform console (operators only, every organization).
    list: operatorProcedure.input(ZListOrganizationsInput).query(({ ctx, input }) => listOrganizations(ctx.systemTx, input)),
    detail: operatorProcedure.input(ZOrganizationIdInput).query(({ ctx, input }) => organizationDetail(ctx.systemTx, input)),
    suspend: operatorProcedure.input(ZSuspendOrganizationInput).mutation(({ ctx, input }) => suspendOrganization(ctx.systemTx, ctx.operator, input)),
    reactivate: operatorProcedure.input(ZOrganizationIdInput).mutation(({ ctx, input }) => reactivateOrganization(ctx.systemTx, ctx.operator, input)),
  }),
  plans: router({
    list: operatorProcedure.query(({ ctx }) => listPlans(ctx.systemTx)),
    create: operatorProcedure.input(ZCreatePlanInput).mutation(({ ctx, input }) => createPlan(ctx.systemTx, ctx.operator, input)),
    update: operatorProcedure.input(ZUpdatePlanInput).mutation(({ ctx, input }) => updatePlan(ctx.systemTx, ctx.operator, input)),
    setFeatures: operatorProcedure.input(ZSetPlanFeaturesInput).mutation(({ ctx, input }) => setPlanFeatures(ctx.systemTx, ctx.operator, input)),
  }),
  features: router({
    list: operatorProcedure.query(({ ctx }) => listFeatures(ctx.systemTx)),
  }),
  // The platform's own audit trail (catalog changes that belong to no organization), newest first.
  audit: router({
    list: operatorProcedure.input(ZListPlatformAuditInput).query(({ ctx, input }) => listPlatformAudit(ctx.systemTx, input)),
  }),
  subscriptions: router({
    changePlan: operatorProcedure.input(ZChangePlanInput).mutation(({ ctx, input }) => changePlan(ctx.systemTx, ctx.operator, input)),
    transition: operatorProcedure.input(ZTransitionSubscriptionInput).mutation(({ ctx, input }) => transitionSubscription(ctx.systemTx, ctx.operator, input)),
  }),
  overrides: router({
    set: operatorProcedure.input(ZSetOverrideInput).mutation(({ ctx, input }) => setOverride(ctx.systemTx, ctx.operator, input)),
    remove: operatorProcedure.input(ZRemoveOverrideInput).mutation(({ ctx, input }) => removeOverride(ctx.systemTx, input)),
  }),
  // A verified user creating an organization (no organization claim is read; system path: slugs are global).
  onboarding: router({
    suggestSlug: verifiedProcedure.input(ZSuggestSlugInput).query(({ input }) => suggestSlug(systemDb(), input)),
    complete: verifiedProcedure.input(ZCompleteOnboardingInput).mutation(({ ctx, input }) => completeOnboarding(systemDb(), ctx.user, input)),
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
