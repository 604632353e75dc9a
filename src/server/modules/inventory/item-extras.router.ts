// inventory.substitutes.*: thin — inputs in item-extras.schemas.ts, rules in item-extras.service.ts.
import { permission, router } from "@/server/trpc/procedures";
import * as extras from "./item-extras.service";
import * as x from "./item-extras.schemas";
import { ZId } from "./inventory.schemas";

export const substitutesRouter = router({
  list: permission("inventory.item.read").input(x.ZItemRef).query(({ ctx, input }) => extras.listSubstitutes(ctx.tx, ctx.scope, input)),
  add: permission("inventory.item.manage").input(x.ZAddSubstituteInput).mutation(({ ctx, input }) => extras.addSubstitute(ctx.tx, ctx.scope, input)),
  update: permission("inventory.item.manage").input(x.ZUpdateSubstituteInput).mutation(({ ctx, input }) => extras.updateSubstitute(ctx.tx, ctx.scope, input)),
  remove: permission("inventory.item.manage").input(ZId).mutation(({ ctx, input }) => extras.removeSubstitute(ctx.tx, ctx.scope, input)),
});
