// inventory.counts.*: cycle counts — thin; parsing in counts.schemas.ts, rules in counts.service.ts. Reading with
// inventory.stock.read, creating, counting and the transitions with inventory.stock.adjust (the machine checks it too).
import { permission, router } from "@/server/trpc/procedures";
import * as counts from "./counts.service";
import * as s from "./counts.schemas";
import { ZId } from "./inventory.schemas";

export const countsRouter = router({
  list: permission("inventory.stock.read").input(s.ZListCountsInput).query(({ ctx, input }) => counts.listCounts(ctx.tx, ctx.scope, input)),
  get: permission("inventory.stock.read").input(ZId).query(({ ctx, input }) => counts.getCount(ctx.tx, ctx.scope, input)),
  lines: permission("inventory.stock.read").input(s.ZCountLinesInput).query(({ ctx, input }) => counts.countLines(ctx.tx, ctx.scope, input)),
  create: permission("inventory.stock.adjust").meta({ transactionTimeoutMs: counts.CREATE_COUNT_TIMEOUT_MS }).input(s.ZCreateCountInput).mutation(({ ctx, input }) => counts.createCount(ctx.tx, ctx.scope, input)),
  setCounted: permission("inventory.stock.adjust").input(s.ZSetCountedInput).mutation(({ ctx, input }) => counts.setCounted(ctx.tx, ctx.scope, input)),
  setSerials: permission("inventory.stock.adjust").input(s.ZSetCountSerialsInput).mutation(({ ctx, input }) => counts.setSerials(ctx.tx, ctx.scope, input)),
  addLine: permission("inventory.stock.adjust").input(s.ZAddCountLineInput).mutation(({ ctx, input }) => counts.addLine(ctx.tx, ctx.scope, input)),
  review: permission("inventory.stock.adjust").input(s.ZCountTransitionInput).mutation(({ ctx, input }) => counts.reviewCount(ctx.tx, ctx.scope, input)),
  reopen: permission("inventory.stock.adjust").input(s.ZCountTransitionInput).mutation(({ ctx, input }) => counts.reopenCount(ctx.tx, ctx.scope, input)),
  post: permission("inventory.stock.adjust").input(s.ZCountTransitionInput).mutation(({ ctx, input }) => counts.postCount(ctx.tx, ctx.scope, input)),
  cancel: permission("inventory.stock.adjust").input(s.ZCancelCountInput).mutation(({ ctx, input }) => counts.cancelCount(ctx.tx, ctx.scope, input)),
});
