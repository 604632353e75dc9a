// inventory.reorder.* and inventory.dashboard: thin — parsing in reorder.schemas.ts, rules in the services.
// Reads with inventory.stock.read; rules change with inventory.reorder.manage (planning parameters, not stock moves).
import { permission, router } from "@/server/trpc/procedures";
import { dashboard } from "./dashboard.service";
import * as reorder from "./reorder.service";
import * as s from "./reorder.schemas";

export const reorderRouter = router({
  suggestions: permission("inventory.stock.read").input(s.ZReorderSuggestionsInput).query(({ ctx, input }) => reorder.suggestions(ctx.tx, ctx.scope, input)),
  rules: router({
    list: permission("inventory.stock.read").input(s.ZListReorderRulesInput).query(({ ctx, input }) => reorder.listRules(ctx.tx, ctx.scope, input)),
    upsert: permission("inventory.reorder.manage").input(s.ZUpsertReorderRuleInput).mutation(({ ctx, input }) => reorder.upsertRule(ctx.tx, ctx.scope, input)),
    delete: permission("inventory.reorder.manage").input(s.ZDeleteReorderRuleInput).mutation(({ ctx, input }) => reorder.deleteRule(ctx.tx, ctx.scope, input)),
  }),
});

export const dashboardProcedure = permission("inventory.stock.read")
  .input(s.ZInventoryDashboardInput)
  .query(({ ctx, input }) => dashboard(ctx.tx, ctx.scope, input));
