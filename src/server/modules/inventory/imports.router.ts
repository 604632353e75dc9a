// inventory.imports.*: the items import (kind "inventory.items", items.import.ts) on the kernel import engine. The
// file is uploaded with POST /api/imports (multipart; kind=inventory.items) and the error report downloaded with
// GET /api/imports/[id]/report; everything else is here. Each procedure checks inventory.item.manage in the service;
// rows with opening stock also need inventory.stock.move (a row error otherwise). Another organization's import id
// is NOT_FOUND. `history` lists the organization's items imports.
import { listImports } from "@/server/kernel/import/history";
import * as imports from "@/server/kernel/import/service";
import { ZImportHistoryInput, ZImportId, ZSetImportMappingInput } from "@/server/modules/crm/imports.schemas";
import { permission, router } from "@/server/trpc/procedures";
import { ITEMS_IMPORT_KIND as KIND } from "./items.import";

const p = permission("inventory.item.manage");

export const inventoryImportsRouter = router({
  preview: p.input(ZImportId).query(({ ctx, input }) => imports.previewImport(ctx.tx, ctx.scope, KIND, input.id)),
  setMapping: p.input(ZSetImportMappingInput).mutation(({ ctx, input }) => imports.setMapping(ctx.tx, ctx.scope, KIND, input)),
  validate: p.input(ZImportId).mutation(({ ctx, input }) => imports.startValidation(ctx.tx, ctx.scope, KIND, input)),
  dryRun: p.input(ZImportId).query(({ ctx, input }) => imports.dryRun(ctx.tx, ctx.scope, KIND, input)),
  commit: p.input(ZImportId).mutation(({ ctx, input }) => imports.startCommit(ctx.tx, ctx.scope, KIND, input)),
  status: p.input(ZImportId).query(({ ctx, input }) => imports.getImport(ctx.tx, ctx.scope, KIND, input.id)),
  errorsReport: p.input(ZImportId).query(({ ctx, input }) => imports.errorsReport(ctx.tx, ctx.scope, KIND, input)),
  history: p.input(ZImportHistoryInput).query(({ ctx, input }) => listImports(ctx.tx, ctx.scope, input, { kinds: [KIND] })),
});
