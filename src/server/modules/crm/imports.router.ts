// crm.imports.*: the customers import (kind "crm.customers") on the kernel import engine. The file itself is
// uploaded with POST /api/imports (multipart; kind=crm.customers) and the error report downloaded with
// GET /api/imports/[id]/report; everything else is here. Each procedure checks crm.customer.create in the service
// (commit also crm.customer.update when it updates); another organization's import id is NOT_FOUND. `history` lists
// the organization's imports of every kind the member may start (today: customers).
import { listImports } from "@/server/kernel/import/history";
import * as imports from "@/server/kernel/import/service";
import { permission, router } from "@/server/trpc/procedures";
import { CUSTOMERS_IMPORT_KIND as KIND } from "./customers.import";
import { ZImportHistoryInput, ZImportId, ZSetImportMappingInput } from "./imports.schemas";

const p = permission("crm.customer.create");

export const crmImportsRouter = router({
  preview: p.input(ZImportId).query(({ ctx, input }) => imports.previewImport(ctx.tx, ctx.scope, KIND, input.id)),
  setMapping: p.input(ZSetImportMappingInput).mutation(({ ctx, input }) => imports.setMapping(ctx.tx, ctx.scope, KIND, input)),
  validate: p.input(ZImportId).mutation(({ ctx, input }) => imports.startValidation(ctx.tx, ctx.scope, KIND, input)),
  dryRun: p.input(ZImportId).query(({ ctx, input }) => imports.dryRun(ctx.tx, ctx.scope, KIND, input)),
  commit: p.input(ZImportId).mutation(({ ctx, input }) => imports.startCommit(ctx.tx, ctx.scope, KIND, input)),
  status: p.input(ZImportId).query(({ ctx, input }) => imports.getImport(ctx.tx, ctx.scope, KIND, input.id)),
  errorsReport: p.input(ZImportId).query(({ ctx, input }) => imports.errorsReport(ctx.tx, ctx.scope, KIND, input)),
  history: p.input(ZImportHistoryInput).query(({ ctx, input }) => listImports(ctx.tx, ctx.scope, input)),
});
