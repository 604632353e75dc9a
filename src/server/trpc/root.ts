import { adminRouter } from "@/server/modules/admin/admin.router";
import { invitationsRouter } from "@/server/modules/admin/invitations.router";
import { accountRouter } from "@/server/modules/auth/account.router";
import { auditRouter } from "@/server/modules/audit/audit.router";
import { crmRouter } from "@/server/modules/crm/crm.router";
import { inventoryRouter } from "@/server/modules/inventory/inventory.router";
import { profileRouter } from "@/server/modules/auth/profile.router";
import { platformRouter } from "@/server/modules/platform/platform.router";
import { settingsRouter } from "@/server/modules/settings/settings.router";
import { createCallerFactory, router } from "./procedures";

export const appRouter = router({
  account: accountRouter,
  platform: platformRouter,
  settings: settingsRouter,
  audit: auditRouter,
  admin: adminRouter,
  invitations: invitationsRouter,
  profile: profileRouter,
  crm: crmRouter,
  inventory: inventoryRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
