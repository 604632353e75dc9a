// inventory.*: thin — parsing in inventory.schemas.ts, rules in the services. Organization-level procedures;
// warehouses, locations, levels and moves are narrowed to the member's workspaces by the services and by RLS.
import { z } from "zod";
import { permission, router } from "@/server/trpc/procedures";
import * as categories from "./categories.service";
import * as extras from "./item-extras.service";
import * as x from "./item-extras.schemas";
import { substitutesRouter } from "./item-extras.router";
import { countsRouter } from "./counts.router";
import * as reasons from "./adjustment-reasons.service";
import * as rs from "./adjustment-reasons.schemas";
import * as documents from "./documents.service";
import * as ds from "./documents.schemas";
import { inventoryImportsRouter } from "./imports.router";
import * as s from "./inventory.schemas";
import * as m from "./master.schemas";
import * as items from "./items.service";
import * as stock from "./stock.service";
import * as queries from "./stock-queries.service";
import { reportsRouter, traceRouter, valuationProcedure } from "./reports.router";
import { dashboardProcedure, reorderRouter } from "./reorder.router";
import * as warehouses from "./warehouses.service";

export const inventoryRouter = router({
  imports: inventoryImportsRouter,
  items: router({
    list: permission("inventory.item.read").input(s.ZListItemsInput).query(({ ctx, input }) => items.listItems(ctx.tx, ctx.scope, input)),
    get: permission("inventory.item.read").input(s.ZId).query(({ ctx, input }) => items.getItem(ctx.tx, ctx.scope, input)),
    formOptions: permission("inventory.item.read").query(({ ctx }) => items.itemFormOptions(ctx.tx, ctx.scope)),
    create: permission("inventory.item.manage").input(s.ZCreateItemInput).mutation(({ ctx, input }) => items.createItem(ctx.tx, ctx.scope, input)),
    update: permission("inventory.item.manage").input(s.ZUpdateItemInput).mutation(({ ctx, input }) => items.updateItem(ctx.tx, ctx.scope, input)),
    archive: permission("inventory.item.manage").input(s.ZArchiveItemInput).mutation(({ ctx, input }) => items.archiveItem(ctx.tx, ctx.scope, input)),
    delete: permission("inventory.item.manage").input(s.ZId).mutation(({ ctx, input }) => items.deleteItem(ctx.tx, ctx.scope, input)),
    whereUsed: permission("inventory.item.read").input(x.ZItemRef).query(({ ctx, input }) => extras.whereUsed(ctx.tx, ctx.scope, input)),
    history: permission("inventory.item.read").input(x.ZItemRef).query(({ ctx, input }) => extras.itemHistory(ctx.tx, ctx.scope, input)),
  }),
  variants: router({
    create: permission("inventory.item.manage").input(s.ZCreateVariantInput).mutation(({ ctx, input }) => items.createVariant(ctx.tx, ctx.scope, input)),
    createMany: permission("inventory.item.manage").input(x.ZCreateVariantsInput).mutation(({ ctx, input }) => items.createVariants(ctx.tx, ctx.scope, input)),
    list: permission("inventory.item.read").input(x.ZItemRef).query(({ ctx, input }) => items.listVariants(ctx.tx, ctx.scope, input)),
    update: permission("inventory.item.manage").input(x.ZUpdateVariantInput).mutation(({ ctx, input }) => items.updateVariant(ctx.tx, ctx.scope, input)),
    archive: permission("inventory.item.manage").input(x.ZArchiveVariantInput).mutation(({ ctx, input }) => items.archiveVariant(ctx.tx, ctx.scope, input)),
  }),
  substitutes: substitutesRouter,
  categories: router({
    tree: permission("inventory.item.read").query(({ ctx }) => categories.categoryTree(ctx.tx, ctx.scope)),
    create: permission("inventory.item.manage").input(s.ZCreateCategoryInput).mutation(({ ctx, input }) => categories.createCategory(ctx.tx, ctx.scope, input)),
    move: permission("inventory.item.manage").input(s.ZMoveCategoryInput).mutation(({ ctx, input }) => categories.moveCategory(ctx.tx, ctx.scope, input)),
    update: permission("inventory.item.manage").input(m.ZUpdateCategoryInput).mutation(({ ctx, input }) => categories.updateCategory(ctx.tx, ctx.scope, input)),
    archive: permission("inventory.item.manage").input(m.ZArchiveVersionedInput).mutation(({ ctx, input }) => categories.archiveCategory(ctx.tx, ctx.scope, input)),
  }),
  warehouses: router({
    list: permission("inventory.stock.read")
      .input(z.object({ workspaceId: z.uuid().optional(), includeArchived: z.boolean().optional() }).optional())
      .query(({ ctx, input }) => warehouses.listWarehouses(ctx.tx, ctx.scope, input ?? {})),
    create: permission("inventory.warehouse.manage").input(s.ZCreateWarehouseInput).mutation(({ ctx, input }) => warehouses.createWarehouse(ctx.tx, ctx.scope, input)),
    update: permission("inventory.warehouse.manage").input(s.ZUpdateWarehouseInput).mutation(({ ctx, input }) => warehouses.updateWarehouse(ctx.tx, ctx.scope, input)),
    archive: permission("inventory.warehouse.manage").input(m.ZArchiveVersionedInput).mutation(({ ctx, input }) => warehouses.archiveWarehouse(ctx.tx, ctx.scope, input)),
    table: permission("inventory.stock.read").input(m.ZListWarehousesInput).query(({ ctx, input }) => warehouses.tableWarehouses(ctx.tx, ctx.scope, input)),
  }),
  locations: router({
    tree: permission("inventory.stock.read").input(s.ZLocationsTreeInput).query(({ ctx, input }) => warehouses.locationTree(ctx.tx, ctx.scope, input)),
    create: permission("inventory.warehouse.manage").input(s.ZCreateLocationInput).mutation(({ ctx, input }) => warehouses.createLocation(ctx.tx, ctx.scope, input)),
    update: permission("inventory.warehouse.manage").input(m.ZUpdateLocationInput).mutation(({ ctx, input }) => warehouses.updateLocation(ctx.tx, ctx.scope, input)),
    move: permission("inventory.warehouse.manage").input(m.ZMoveLocationInput).mutation(({ ctx, input }) => warehouses.moveLocation(ctx.tx, ctx.scope, input)),
    archive: permission("inventory.warehouse.manage").input(m.ZArchiveInput).mutation(({ ctx, input }) => warehouses.archiveLocation(ctx.tx, ctx.scope, input)),
  }),
  adjustments: router({
    list: permission("inventory.stock.read").input(s.ZListAdjustmentsInput).query(({ ctx, input }) => documents.listDocuments(ctx.tx, ctx.scope, "adjustment", input)),
    get: permission("inventory.stock.read").input(s.ZId).query(({ ctx, input }) => documents.getAdjustment(ctx.tx, ctx.scope, input)),
    create: permission("inventory.stock.adjust").input(s.ZCreateAdjustmentInput).mutation(({ ctx, input }) => documents.createAdjustment(ctx.tx, ctx.scope, input)),
    post: permission("inventory.stock.adjust").input(s.ZPostDocumentInput).mutation(({ ctx, input }) => documents.postAdjustment(ctx.tx, ctx.scope, input)),
    cancel: permission("inventory.stock.adjust").input(s.ZCancelDocumentInput).mutation(({ ctx, input }) => documents.cancelAdjustment(ctx.tx, ctx.scope, input)),
    update: permission("inventory.stock.adjust").input(ds.ZUpdateAdjustmentInput).mutation(({ ctx, input }) => documents.updateAdjustment(ctx.tx, ctx.scope, input)),
    delete: permission("inventory.stock.adjust").input(ds.ZDeleteDocumentInput).mutation(({ ctx, input }) => documents.deleteAdjustment(ctx.tx, ctx.scope, input)),
    approve: permission("inventory.stock.approve").input(ds.ZApproveDocumentInput).mutation(({ ctx, input }) => documents.approveAdjustment(ctx.tx, ctx.scope, input)),
    reject: permission("inventory.stock.approve").input(ds.ZRejectDocumentInput).mutation(({ ctx, input }) => documents.rejectAdjustment(ctx.tx, ctx.scope, input)),
  }),
  transfers: router({
    list: permission("inventory.stock.read").input(s.ZListDocumentsInput).query(({ ctx, input }) => documents.listDocuments(ctx.tx, ctx.scope, "transfer", input)),
    get: permission("inventory.stock.read").input(s.ZId).query(({ ctx, input }) => documents.getTransfer(ctx.tx, ctx.scope, input)),
    create: permission("inventory.stock.move").input(s.ZCreateTransferInput).mutation(({ ctx, input }) => documents.createTransfer(ctx.tx, ctx.scope, input)),
    post: permission("inventory.stock.move").input(s.ZPostDocumentInput).mutation(({ ctx, input }) => documents.postTransfer(ctx.tx, ctx.scope, input)),
    cancel: permission("inventory.stock.move").input(s.ZCancelDocumentInput).mutation(({ ctx, input }) => documents.cancelTransfer(ctx.tx, ctx.scope, input)),
    update: permission("inventory.stock.move").input(ds.ZUpdateTransferInput).mutation(({ ctx, input }) => documents.updateTransfer(ctx.tx, ctx.scope, input)),
    delete: permission("inventory.stock.move").input(ds.ZDeleteDocumentInput).mutation(({ ctx, input }) => documents.deleteTransfer(ctx.tx, ctx.scope, input)),
    approve: permission("inventory.stock.approve").input(ds.ZApproveDocumentInput).mutation(({ ctx, input }) => documents.approveTransfer(ctx.tx, ctx.scope, input)),
    reject: permission("inventory.stock.approve").input(ds.ZRejectDocumentInput).mutation(({ ctx, input }) => documents.rejectTransfer(ctx.tx, ctx.scope, input)),
  }),
  adjustmentReasons: router({
    list: permission("inventory.stock.read").input(rs.ZListAdjustmentReasonsInput).query(({ ctx, input }) => reasons.listReasons(ctx.tx, ctx.scope, input)),
    create: permission("inventory.settings.manage").input(rs.ZCreateAdjustmentReasonInput).mutation(({ ctx, input }) => reasons.createReason(ctx.tx, ctx.scope, input)),
    update: permission("inventory.settings.manage").input(rs.ZUpdateAdjustmentReasonInput).mutation(({ ctx, input }) => reasons.updateReason(ctx.tx, ctx.scope, input)),
    archive: permission("inventory.settings.manage").input(rs.ZAdjustmentReasonRef).mutation(({ ctx, input }) => reasons.archiveReason(ctx.tx, ctx.scope, input)),
    restore: permission("inventory.settings.manage").input(rs.ZAdjustmentReasonRef).mutation(({ ctx, input }) => reasons.restoreReason(ctx.tx, ctx.scope, input)),
    move: permission("inventory.settings.manage").input(rs.ZMoveAdjustmentReasonInput).mutation(({ ctx, input }) => reasons.moveReason(ctx.tx, ctx.scope, input)),
  }),
  documentSettings: router({
    get: permission("inventory.stock.read").query(({ ctx }) => documents.documentSettings(ctx.tx, ctx.scope)),
    update: permission("inventory.settings.manage").input(ds.ZDocumentSettingsInput).mutation(({ ctx, input }) => documents.updateDocumentSettings(ctx.tx, ctx.scope, input)),
  }),
  reports: reportsRouter,
  valuation: valuationProcedure,
  trace: traceRouter,
  counts: countsRouter,
  reorder: reorderRouter,
  dashboard: dashboardProcedure,
  stock: router({
    onHand: permission("inventory.stock.read").input(s.ZOnHandInput).query(({ ctx, input }) => queries.onHand(ctx.tx, ctx.scope, input)),
    ledger: permission("inventory.stock.read").input(s.ZLedgerInput).query(({ ctx, input }) => queries.ledger(ctx.tx, ctx.scope, input)),
    check: permission("inventory.stock.read").query(({ ctx }) => queries.checkLevels(ctx.tx, ctx.scope)),
    receive: permission("inventory.stock.move").input(s.ZReceiveInput).mutation(({ ctx, input }) => stock.receive(ctx.tx, ctx.scope, input)),
    issue: permission("inventory.stock.move").input(s.ZIssueInput).mutation(({ ctx, input }) => stock.issue(ctx.tx, ctx.scope, input)),
    transfer: permission("inventory.stock.move").input(s.ZTransferInput).mutation(({ ctx, input }) => stock.transfer(ctx.tx, ctx.scope, input)),
    reserve: permission("inventory.stock.move").input(s.ZReserveInput).mutation(({ ctx, input }) => stock.reserve(ctx.tx, ctx.scope, input)),
    release: permission("inventory.stock.move").input(s.ZReserveInput).mutation(({ ctx, input }) => stock.release(ctx.tx, ctx.scope, input)),
    adjust: permission("inventory.stock.adjust").input(s.ZAdjustInput).mutation(({ ctx, input }) => stock.adjust(ctx.tx, ctx.scope, input)),
    reverse: permission("inventory.stock.adjust").input(s.ZReverseInput).mutation(({ ctx, input }) => stock.reverse(ctx.tx, ctx.scope, input)),
  }),
});
