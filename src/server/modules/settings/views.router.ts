import { orgProcedure, router } from "@/server/trpc/procedures";
import { ZDeleteViewInput, ZListViewsInput, ZSaveViewInput } from "./views.schemas";
import { deleteView, listViews, saveView } from "./views.service";

// Every member may keep views of the lists they can open; the views themselves are private (RLS own_views).
export const viewsRouter = router({
  list: orgProcedure.input(ZListViewsInput).query(({ ctx, input }) => listViews(ctx.tx, ctx.scope, input)),
  save: orgProcedure.input(ZSaveViewInput).mutation(({ ctx, input }) => saveView(ctx.tx, ctx.scope, input)),
  delete: orgProcedure.input(ZDeleteViewInput).mutation(({ ctx, input }) => deleteView(ctx.tx, ctx.scope, input)),
});
