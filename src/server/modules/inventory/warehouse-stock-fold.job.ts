// Folds inventory.warehouse_stock_deltas into inventory.warehouse_stock_totals for every organization, every minute
// (migration 20261203080000_inventory_warehouse_stock_totals): the stock report's totals read base + Σ deltas of a
// warehouse, so the deltas a minute of postings leaves (one or a few rows per move) stay few. Per organization one
// statement, run like the valuation-days job (the app client with the organization and all its workspaces set).
// Exact whenever it runs, also beside postings or another fold: a delta is deleted and added by exactly one fold.
import { systemDb } from "@/server/db/client";
import { withSettings } from "@/server/db/scope";
import { defineScheduledJob } from "@/server/kernel/jobs/define";

/** Folds the deltas of every organization (or of `orgIds`); answers how many delta rows were folded. */
export async function foldWarehouseStock(opts: { requestId?: string; orgIds?: string[] } = {}): Promise<number> {
  const orgs = await systemDb().organization.findMany({
    where: opts.orgIds ? { id: { in: opts.orgIds } } : undefined,
    select: { id: true, workspaces: { select: { id: true } } },
    orderBy: { id: "asc" },
  });
  let folded = 0;
  for (const org of orgs) {
    if (!org.workspaces.length) continue;
    const settings = { orgId: org.id, workspaceIds: org.workspaces.map((w) => w.id), requestId: opts.requestId ?? null };
    const [row] = await withSettings(settings, (tx) =>
      tx.$queryRaw<{ n: bigint }[]>`select inventory.warehouse_stock_fold(${org.id}::uuid) as n`,
    );
    folded += Number(row?.n ?? 0);
  }
  return folded;
}

export const warehouseStockFoldJob = defineScheduledJob("inventory.warehouse-stock-fold", "* * * * *", async ({ jobId, log }) => {
  const folded = await foldWarehouseStock({ requestId: `job:${jobId}` });
  log.info({ folded }, "warehouse stock deltas folded");
  return { folded };
});
