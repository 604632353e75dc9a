// settings.values: the scoped settings store (kernel/settings) — effective values with their source for the
// current workspace, set at the organization or workspace level, reset to the inherited value.
import { effectiveSettings, resetSetting, setSetting } from "@/server/kernel/settings";
import { router, workspacePermission } from "@/server/trpc/procedures";
import { ZResetSettingInput, ZSetSettingInput } from "./values.schemas";

export const valuesRouter = router({
  list: workspacePermission("settings.setting.read").query(async ({ ctx }) => ({
    rows: await effectiveSettings(ctx.tx, ctx.scope),
    canUpdate: ctx.scope.permissions.has("settings.setting.update"),
  })),
  set: workspacePermission("settings.setting.update")
    .input(ZSetSettingInput)
    .mutation(({ ctx, input }) => setSetting(ctx.tx, ctx.scope, { key: input.key, level: input.scope, value: input.value })),
  reset: workspacePermission("settings.setting.update")
    .input(ZResetSettingInput)
    .mutation(({ ctx, input }) => resetSetting(ctx.tx, ctx.scope, { key: input.key, level: input.scope })),
});
