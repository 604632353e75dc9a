// The load runner of the first benchmark (issue 5, ARCHITECTURE §14). Against the data set of bench/generate.ts:
//   1. starts the production build (`next build` first when there is none, or with --build) on the bench database,
//      as scripts/run.ts does, with LOG_LEVEL=debug so every procedure logs its own duration ("server time");
//      or uses a running server with --url (which must serve the bench database);
//   2. signs in over HTTP (next-auth credentials) as the owner of the large organization;
//   3. drives tRPC procedures in closed loops at 1 and 10 connections and reports p50 / p95 / p99 and throughput;
//   4. runs the same work directly in SQL — the statements the services issue (list, count, board, dashboard),
//      captured from the services themselves by a recording transaction — as tessera_app in a transaction with the
//      same set_config settings (RLS on), giving API / SQL.
//   Inventory (issue 6): scenarios inv-item-list, inv-item-search, inv-item-page, inv-valuation, inv-on-hand and the
//   reports' inv-report-stock, inv-report-stock-category, inv-report-stock-totals, inv-report-valuation,
//   inv-report-valuation-totals over the
//   inventory of bench/inventory.ts (skipped when the bench database has none); posting throughput is bench/moves.ts.
//
//   npx tsx bench/run.ts [--seconds 15] [--warmup 3] [--connections 1,10] [--build] [--url http://host:port]
//                        [--only list-page-1,record-open]
// Results: printed, and written to bench/.out/run-<time>.{json,md}.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { Prisma } from "@/generated/prisma/client";
import type { Tx } from "@/server/db/scope";
import type { OrgScope } from "@/server/kernel/scope";
import { countCustomers, listCustomers } from "@/server/modules/crm/customers.service";
import type { TListCustomersInput } from "@/server/modules/crm/crm.schemas";
import { board } from "@/server/modules/crm/deals.service";
import { ZBoardInput, type TBoardInput } from "@/server/modules/crm/deals.schemas";
import { dashboard } from "@/server/modules/crm/insights.service";
import { ZDashboardInput } from "@/server/modules/crm/activities.schemas";
import { ZListItemsInput, ZOnHandInput } from "@/server/modules/inventory/inventory.schemas";
import { getItem, listItems } from "@/server/modules/inventory/items.service";
import { ledger, onHand } from "@/server/modules/inventory/stock-queries.service";
import { ZStockReportInput, ZValuationReportInput } from "@/server/modules/inventory/reports.schemas";
import { stockReport, stockTotals, valuationReport, valuationTotals } from "@/server/modules/inventory/reports.service";
import { arg, BENCH_PASSWORD, BIG_ORG, bigOrgOwner, client, flag, fmtMs, openBenchDb } from "./db";
import { closedLoop, get, summarize, type Stats } from "./load";

const log = (s: string) => console.log(`[bench:run] ${s}`);
const seconds = Number(arg("seconds", "BENCH_SECONDS", "15"));
const warmup = Number(arg("warmup", "BENCH_WARMUP", "3"));
const connectionLevels = arg("connections", "BENCH_CONNECTIONS", "1,10").split(",").map(Number);
const only = arg("only", "BENCH_ONLY", "").split(",").filter(Boolean);
const externalUrl = arg("url", "BENCH_URL", "");
const port = Number(arg("port", "BENCH_PORT", "3300"));
const WORKSPACE = "hq";
/** The deep page (500 at full scale; smaller for a small data set). */
const deepPage = Number(arg("page", "BENCH_PAGE", "500"));

// ---------------------------------------------------------------------------------------------------------------
// Server

const serverTimes = new Map<string, number[]>(); // "<scenario>|<procedure>" → ms
let currentLabel = "";

async function startServer(env: Record<string, string>): Promise<ChildProcess> {
  const next = path.resolve("node_modules/next/dist/bin/next");
  if (flag("build") || !existsSync(".next/BUILD_ID")) {
    log("building the production app (NODE_ENV=production next build)");
    const t = performance.now();
    const b = spawn(process.execPath, [next, "build"], { stdio: "inherit", env: { ...process.env, ...env, NODE_ENV: "production" } });
    const code = await new Promise<number>((r) => b.once("exit", (c) => r(c ?? 1)));
    if (code !== 0) throw new Error(`next build failed (${code})`);
    log(`built in ${fmtMs(performance.now() - t)}`);
  }
  const child = spawn(process.execPath, [next, "start", "-p", String(port), "-H", "127.0.0.1"], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, ...env, NODE_ENV: "production", LOG_LEVEL: "debug" },
  });
  let buf = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    buf += chunk.toString("utf8");
    let nl: number;
    while ((nl = buf.indexOf("\n")) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (!line.startsWith("{")) {
        if (line.trim()) log(`server: ${line.trim()}`);
        continue;
      }
      try {
        const j = JSON.parse(line) as { msg?: string; path?: string; ms?: number; level?: number };
        if (j.msg === "procedure ok" && j.path && typeof j.ms === "number" && currentLabel) {
          const key = `${currentLabel}|${j.path}`;
          (serverTimes.get(key) ?? serverTimes.set(key, []).get(key)!).push(j.ms);
        } else if ((j.level ?? 0) >= 40) log(`server: ${line.slice(0, 400)}`);
      } catch {
        /* not a log line */
      }
    }
  });
  return child;
}

async function waitHealthy(base: string) {
  const until = Date.now() + 120_000;
  for (;;) {
    try {
      await get(`${base}/api/health`, {});
      return;
    } catch (e) {
      if (Date.now() > until) throw e;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** next-auth credentials sign-in over HTTP (as e2e/support.ts signInOverHttp): returns the Cookie header. */
async function signIn(base: string, email: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair!.indexOf("=");
      jar.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrf = await fetch(`${base}/api/auth/csrf`);
  keep(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie() },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
    redirect: "manual",
  });
  keep(res);
  if (![...jar.keys()].some((k) => k.includes("session-token"))) throw new Error(`sign-in of ${email} failed (${res.status})`);
  return cookie();
}

// ---------------------------------------------------------------------------------------------------------------
// Scenarios

interface Fixture {
  orgId: string;
  userId: string;
  membershipId: string;
  workspaceIds: string[];
  /** A sales member owning gold-tier customers. */
  ownerMemberId: string;
  customerIds: string[];
  searchTerm: string;
  /** Inventory (issue 6): null when the bench database has no inventory data (generate.ts before the inventory phase). */
  inv: InvFixture | null;
}

interface InvFixture {
  /** Items with stock moves (random, deterministic): the item page rotates over them. */
  itemIds: string[];
  /** The busiest warehouse (WH-HQ1): the stock on hand report's filter. */
  warehouseId: string;
  search: string;
  /** The valuation date: a year ago. */
  asOf: string;
  /** A top-level category (the first by code): the stock report's category subtree filter. */
  categoryId: string | null;
}

interface Scenario {
  id: string;
  title: string;
  kind: "list" | "record" | "dashboard" | "baseline";
  budgetMs: number;
  /** tRPC calls of one unit of work (a page load): made in parallel. */
  calls: (i: number) => { path: string; input: unknown }[];
  /**
   * The SQL-direct run: calls the service behind `calls` with a recording transaction (capturedSql) whose statements
   * are answered by the database as tessera_app, and returns the statements it issued, in order.
   */
  sql?: (run: Run) => Promise<Statement[]>;
  /**
   * Instead of `sql`, for a page of several calls over rotating records: units of work (unit i % length for call i),
   * each a list of statement groups run in parallel (one transaction each, as the page's calls are).
   */
  sqlUnits?: (run: Run) => Promise<Statement[][][]>;
  /** Reported as skipped without calling the server (e.g. no inventory data in the bench database). */
  skip?: string;
  note?: string;
}

type Run = (q: Statement) => Promise<unknown[]>;

interface Statement {
  text: string;
  values: unknown[];
}

const trpcUrl = (base: string, p: string, input: unknown) => `${base}/api/trpc/${p}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;

function scenarios(f: Fixture, page500Cursor: string, deep: number): Scenario[] {
  const scope = benchScope(f);
  const listCall = (input: Record<string, unknown>) => () => [{ path: "crm.customers.list", input }];
  const listSql = (input: TListCustomersInput) => (run: Run) => capturedSql(run, (tx) => listCustomers(tx, scope, input));
  const tierOwner = { filters: { tier: { type: "enum", values: ["gold"] }, owner: { type: "enum", values: [f.ownerMemberId] } } };
  // What the customers DataTable sends for a search since the count is lazy: the rows first (withTotal: false), then
  // crm.customers.count with the same q once they are shown (list-search-count).
  const search = { q: f.searchTerm };
  const boardInput: TBoardInput = ZBoardInput.parse({});
  const dashboardInput = ZDashboardInput.parse({});
  return [
    {
      id: "baseline",
      title: "Baseline: platform.organizations.get (session + organization scope + one primary-key read)",
      kind: "baseline",
      budgetMs: 30,
      calls: () => [{ path: "platform.organizations.get", input: null }],
      note: "the fixed cost of any organization procedure",
    },
    { id: "list-page-1", title: "Customer list, page 1 (default sort: name)", kind: "list", budgetMs: 50, calls: listCall({}), sql: listSql({ perPage: 50 }) },
    {
      id: "list-page-500-cursor",
      title: `Customer list, page ${deep} (cursor chain)`,
      kind: "list",
      budgetMs: 50,
      calls: listCall({ cursor: page500Cursor }),
      sql: listSql({ perPage: 50, cursor: page500Cursor }),
    },
    {
      id: "list-page-500-offset",
      title: `Customer list, page ${deep} (page number, offset)`,
      kind: "list",
      budgetMs: 50,
      calls: listCall({ page: deep }),
      sql: listSql({ perPage: 50, page: deep }),
    },
    {
      id: "list-search",
      title: `Customer list, search "${f.searchTerm}" (rows: withTotal false, as the DataTable asks)`,
      kind: "list",
      budgetMs: 50,
      calls: listCall({ ...search, withTotal: false }),
      sql: listSql({ perPage: 50, ...search, withTotal: false }),
    },
    {
      id: "list-search-count",
      title: `Customer list, search "${f.searchTerm}": its count (crm.customers.count, after the rows)`,
      kind: "list",
      budgetMs: 50,
      calls: () => [{ path: "crm.customers.count", input: search }],
      sql: (run) => capturedSql(run, (tx) => countCustomers(tx, scope, { perPage: 50, ...search })),
    },
    {
      id: "list-tier-owner",
      title: "Customer list, tier gold + one owner",
      kind: "list",
      budgetMs: 50,
      calls: listCall(tierOwner),
      sql: listSql({ perPage: 50, ...(tierOwner as Pick<TListCustomersInput, "filters">) }),
    },
    {
      id: "record-open",
      title: "Customer page (crm.customers.get + crm.contacts.list, in parallel)",
      kind: "record",
      budgetMs: 30,
      calls: (i) => {
        const id = f.customerIds[i % f.customerIds.length]!;
        return [
          { path: "crm.customers.get", input: { id } },
          { path: "crm.contacts.list", input: { customerId: id } },
        ];
      },
    },
    {
      id: "pipeline-board",
      title: "Pipeline board (crm.deals.board: stage totals + first 20 cards per stage)",
      kind: "list",
      budgetMs: 50,
      calls: () => [{ path: "crm.deals.board", input: {} }],
      sql: (run) => capturedSql(run, (tx) => board(tx, scope, boardInput)),
    },
    {
      id: "dashboard",
      title: "CRM dashboard (crm.dashboard)",
      kind: "dashboard",
      budgetMs: 150,
      calls: () => [{ path: "crm.dashboard", input: {} }],
      sql: (run) => capturedSql(run, (tx) => dashboard(tx, scope, dashboardInput)),
    },
    ...inventoryScenarios(f, scope),
  ];
}

/**
 * Inventory (issue 6): the item list, a search, the item page (item ‖ its stock ‖ its ledger), the valuation as of a
 * year ago and the stock on hand of a warehouse. Inputs go through the procedures' zod schemas, so the SQL side runs
 * the services with exactly the router's input.
 */
function inventoryScenarios(f: Fixture, scope: OrgScope): Scenario[] {
  const inv = f.inv;
  const skip = inv ? undefined : "no inventory data in the bench database (run bench/generate.ts on a branch with the inventory tables)";
  const itemIds = inv?.itemIds ?? [];
  const list = (input: Record<string, unknown>) => ({
    calls: () => [{ path: "inventory.items.list", input }],
    sql: (run: Run) => capturedSql(run, (tx) => listItems(tx, scope, ZListItemsInput.parse(input))),
  });
  const onHandInput = { filters: { warehouse: { type: "enum", values: [inv?.warehouseId ?? ""] } } };
  // The report pages as their tables ask: the first page of 50 (the list default), the filters in the URL.
  const stockReportInput = { filters: { warehouse: { type: "enum", values: [inv?.warehouseId ?? ""] } } };
  const stockCategoryInput = { filters: { ...stockReportInput.filters, category: { type: "enum", values: [inv?.categoryId ?? ""] } } };
  const valuationInput = { filters: { asOf: { type: "text", value: inv?.asOf ?? "" } } };
  const itemStock = (id: string) => ({ filters: { item: { type: "enum", values: [id] } } });
  const enumFilter = (...values: string[]) => ({ type: "enum", values });
  const needsCategory = inv?.categoryId ? undefined : "no category in the bench organization";
  return [
    { id: "inv-item-list", title: "Item list, page 1 (default sort: name)", kind: "list", budgetMs: 50, skip, ...list({}) },
    { id: "inv-item-search", title: `Item list, search "${inv?.search ?? ""}" (SKU prefix or name)`, kind: "list", budgetMs: 50, skip, ...list({ q: inv?.search ?? "" }) },
    {
      id: "inv-item-page",
      title: "Item page (inventory.items.get ‖ stock.onHand for the item ‖ stock.ledger first page)",
      kind: "record",
      budgetMs: 30,
      skip,
      calls: (i) => {
        const id = itemIds[i % Math.max(1, itemIds.length)]!;
        return [
          { path: "inventory.items.get", input: { id } },
          { path: "inventory.stock.onHand", input: itemStock(id) },
          { path: "inventory.stock.ledger", input: { itemId: id } },
        ];
      },
      sqlUnits: async (run) => {
        const units: Statement[][][] = [];
        for (const id of itemIds) {
          units.push([
            await capturedSql(run, (tx) => getItem(tx, scope, { id })),
            await capturedSql(run, (tx) => onHand(tx, scope, ZOnHandInput.parse(itemStock(id)))),
            await capturedSql(run, (tx) => ledger(tx, scope, { itemId: id })),
          ]);
        }
        return units;
      },
      note: "the three statements captured from the services (getItem, onHand, ledger)",
    },
    {
      id: "inv-valuation",
      title: `Valuation as of ${inv?.asOf ?? "a year ago"} (inventory.valuation, the issue's contract name: first page by item)`,
      kind: "list",
      budgetMs: 50,
      skip,
      calls: () => [{ path: "inventory.valuation", input: valuationInput }],
      sql: (run) => capturedSql(run, (tx) => valuationReport(tx, scope, ZValuationReportInput.parse(valuationInput))),
      note: "a report; §14 names no report budget, the list page's 50 ms is applied. Until 2026-12-01 this scenario measured the older inventory.stock.valuation (first page + total), now retired",
    },
    {
      id: "inv-on-hand",
      title: "Stock on hand of a warehouse (inventory.stock.onHand, first page)",
      kind: "list",
      budgetMs: 50,
      skip,
      calls: () => [{ path: "inventory.stock.onHand", input: onHandInput }],
      sql: (run) => capturedSql(run, (tx) => onHand(tx, scope, ZOnHandInput.parse(onHandInput))),
    },
    {
      id: "inv-report-stock",
      title: "Stock on hand report of a warehouse (inventory.reports.stock, by item, first page)",
      kind: "list",
      budgetMs: 50,
      skip,
      calls: () => [{ path: "inventory.reports.stock", input: stockReportInput }],
      sql: (run) => capturedSql(run, (tx) => stockReport(tx, scope, ZStockReportInput.parse(stockReportInput))),
    },
    {
      id: "inv-report-stock-category",
      title: "Stock on hand report of a warehouse and a top-level category's subtree (inventory.reports.stock, first page)",
      kind: "list",
      budgetMs: 50,
      skip: skip ?? (inv?.categoryId ? undefined : "no category in the bench organization"),
      calls: () => [{ path: "inventory.reports.stock", input: stockCategoryInput }],
      sql: (run) => capturedSql(run, (tx) => stockReport(tx, scope, ZStockReportInput.parse(stockCategoryInput))),
    },
    {
      id: "inv-report-stock-totals",
      title: "Stock on hand report of a warehouse: its totals (inventory.reports.stockTotals, the page's separate request)",
      kind: "list",
      budgetMs: 50,
      skip,
      calls: () => [{ path: "inventory.reports.stockTotals", input: stockReportInput }],
      sql: (run) => capturedSql(run, (tx) => stockTotals(tx, scope, ZStockReportInput.parse(stockReportInput))),
      note: "one warehouse in view: its counters (base + deltas since the last fold, migration 20261203080000); before, a Σ over every level of the warehouse",
    },
    stockTotalsVariant("inv-report-stock-totals-in-stock", "of a warehouse, in stock only", { ...stockReportInput.filters, stock: enumFilter("inStock") }),
    stockTotalsVariant("inv-report-stock-totals-all", "of every warehouse (no filter: the owner sees four)", {}),
    {
      id: "inv-report-valuation",
      title: `Valuation report as of ${inv?.asOf ?? "a year ago"} (inventory.reports.valuation, by item, first page)`,
      kind: "list",
      budgetMs: 50,
      skip,
      calls: () => [{ path: "inventory.reports.valuation", input: valuationInput }],
      sql: (run) => capturedSql(run, (tx) => valuationReport(tx, scope, ZValuationReportInput.parse(valuationInput))),
    },
    {
      id: "inv-report-valuation-totals",
      title: `Valuation report as of ${inv?.asOf ?? "a year ago"}: its totals (inventory.reports.valuationTotals, the page's separate request)`,
      kind: "list",
      budgetMs: 50,
      skip,
      calls: () => [{ path: "inventory.reports.valuationTotals", input: valuationInput }],
      sql: (run) => capturedSql(run, (tx) => valuationTotals(tx, scope, ZValuationReportInput.parse(valuationInput))),
    },
    // The other groupings and filters of the two reports (first page, or the totals panel's request).
    stockVariant("inv-report-stock-location", "grouped by location × item", { group: enumFilter("location") }),
    stockVariant("inv-report-stock-lot", "grouped by item × lot", { group: enumFilter("lot") }),
    valuationVariant("inv-report-valuation-category-filter", "by item, a top-level category's subtree", { category: enumFilter(inv?.categoryId ?? "") }, "page", needsCategory),
    valuationVariant("inv-report-valuation-by-warehouse", "grouped by warehouse", { group: enumFilter("warehouse") }, "page"),
    valuationVariant("inv-report-valuation-by-category", "grouped by category", { group: enumFilter("category") }, "page"),
    valuationVariant("inv-report-valuation-totals-warehouse", "totals of one warehouse", { warehouse: enumFilter(inv?.warehouseId ?? "") }, "totals"),
    valuationVariant("inv-report-valuation-totals-category", "totals of a top-level category's subtree", { category: enumFilter(inv?.categoryId ?? "") }, "totals", needsCategory),
  ];

  function stockVariant(id: string, what: string, filters: Record<string, unknown>): Scenario {
    const input = { filters: { ...stockReportInput.filters, ...filters } };
    return {
      id,
      title: `Stock on hand report of a warehouse, ${what} (inventory.reports.stock, first page)`,
      kind: "list",
      budgetMs: 50,
      skip,
      calls: () => [{ path: "inventory.reports.stock", input }],
      sql: (run) => capturedSql(run, (tx) => stockReport(tx, scope, ZStockReportInput.parse(input))),
    };
  }

  function stockTotalsVariant(id: string, what: string, filters: Record<string, unknown>): Scenario {
    const input = { filters };
    return {
      id,
      title: `Stock on hand report totals ${what} (inventory.reports.stockTotals)`,
      kind: "list",
      budgetMs: 50,
      skip,
      calls: () => [{ path: "inventory.reports.stockTotals", input }],
      sql: (run) => capturedSql(run, (tx) => stockTotals(tx, scope, ZStockReportInput.parse(input))),
    };
  }

  function valuationVariant(id: string, what: string, filters: Record<string, unknown>, kind: "page" | "totals", skipWhy?: string): Scenario {
    const input = { filters: { ...valuationInput.filters, ...filters } };
    const totals = kind === "totals";
    return {
      id,
      title: `Valuation report as of ${inv?.asOf ?? "a year ago"}, ${what} (inventory.reports.${totals ? "valuationTotals" : "valuation, first page"})`,
      kind: "list",
      budgetMs: 50,
      skip: skip ?? skipWhy,
      calls: () => [{ path: totals ? "inventory.reports.valuationTotals" : "inventory.reports.valuation", input }],
      sql: (run) =>
        capturedSql(run, (tx) => (totals ? valuationTotals : valuationReport)(tx, scope, ZValuationReportInput.parse(input))),
    };
  }
}

async function loadFixture(systemUrl: string): Promise<Fixture> {
  const c = client(systemUrl);
  await c.connect();
  try {
    const me = await bigOrgOwner(c);
    const { orgId: org, membershipId: membership } = me;
    // The member with the most gold customers after the owner: a realistic "my gold customers" filter.
    const owner = await c.query<{ id: string }>(
      `select owner_membership_id::text as id from crm.customers where organization_id = $1 and tier = 'gold' and owner_membership_id <> $2
        group by 1 order by count(*) desc limit 1`,
      [org, membership],
    );
    // 2,000 random active customers of the organization (organization-wide or in a workspace the owner sees).
    const ids = await c.query<{ id: string }>(
      "select id::text from crm.customers tablesample system (1) where organization_id = $1 and archived_at is null limit 2000",
      [org],
    );
    return {
      ...me,
      ownerMemberId: owner.rows[0]?.id ?? membership,
      customerIds: ids.rows.map((r) => r.id),
      searchTerm: process.env.BENCH_SEARCH ?? "nordic",
      inv: await loadInventoryFixture(c, org),
    };
  } finally {
    await c.end();
  }
}

async function loadInventoryFixture(c: pg.Client, org: string): Promise<InvFixture | null> {
  const exists = await c.query<{ ok: boolean }>("select to_regclass('inventory.item_costs') is not null as ok");
  if (!exists.rows[0]!.ok) return null;
  // 20 items with moves, picked at random but the same every run (the busiest and the quiet ones alike).
  const items = await c.query<{ id: string }>("select item_id::text as id from inventory.item_costs where organization_id = $1 order by md5(item_id::text) limit 20", [org]);
  const wh = await c.query<{ id: string }>(
    `select w.id::text from inventory.warehouses w where w.organization_id = $1
      order by (select count(*) from inventory.stock_levels s join inventory.locations l on l.organization_id = s.organization_id and l.id = s.location_id
                 where s.organization_id = w.organization_id and l.warehouse_id = w.id) desc, w.code limit 1`,
    [org],
  );
  if (!items.rowCount || !wh.rowCount) return null;
  const cat = await c.query<{ id: string }>("select id::text from inventory.categories where organization_id = $1 and parent_id is null order by code limit 1", [org]);
  return {
    itemIds: items.rows.map((r) => r.id),
    warehouseId: wh.rows[0]!.id,
    search: process.env.BENCH_INV_SEARCH ?? "valve",
    categoryId: cat.rows[0]?.id ?? null,
    asOf: new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// SQL direct: the statements a service issues, captured by a recording transaction.

const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * Runs `service` on a recording transaction: every raw statement is recorded and answered by `run` (the database, as
 * tessera_app with the fixture's RLS settings), so statements that depend on earlier answers (a search's word probe,
 * the dashboard's time zone and workspaces) are the ones the service really issues. The few Prisma model reads of
 * these services (the organization's time zone and base currency, its currencies, a segment) are recorded as the
 * equivalent one-table SQL; any other model call fails loudly instead of being left out of the measurement.
 */
async function capturedSql(run: Run, service: (tx: Tx) => Promise<unknown>): Promise<Statement[]> {
  const calls: Statement[] = [];
  const raw = (q: Statement) => {
    calls.push({ text: q.text, values: q.values });
    return run(q);
  };
  const model = {
    organization: {
      findUnique: async (a: { where: { id: string }; select: Record<string, boolean> }) => {
        const cols = Object.keys(a.select).map((k) => `${snake(k)} as "${k}"`).join(", ");
        const [row] = await raw(Prisma.sql`select ${Prisma.raw(cols)} from platform.organizations where id = ${a.where.id}::uuid`);
        return row ?? null;
      },
    },
    currency: {
      findMany: (a: { where: { organizationId: string } }) =>
        raw(Prisma.sql`select code from settings.currencies where organization_id = ${a.where.organizationId}::uuid order by code`),
    },
    segment: {
      findFirst: async (a: { where: { organizationId: string; id: string } }) => {
        const [row] = await raw(Prisma.sql`select * from crm.segments where organization_id = ${a.where.organizationId}::uuid and id = ${a.where.id}::uuid limit 1`);
        return row ?? null;
      },
    },
  };
  const tx = new Proxy(
    {
      // Called as a tagged template, or with a prepared Prisma.Sql (as the reports do).
      $queryRaw: (strings: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) =>
        raw(strings instanceof Prisma.Sql ? strings : Prisma.sql(strings, ...values)),
      ...model,
    },
    {
      get(target, key) {
        if (key in target) return target[key as keyof typeof target];
        throw new Error(`capturedSql: the service used tx.${String(key)}, which the recording transaction does not model`);
      },
    },
  ) as unknown as Tx;
  await service(tx);
  return calls;
}

/** One statement as tessera_app with the fixture's RLS settings (capturedSql's answers). */
async function scopedRows(pool: pg.Pool, f: Fixture, q: Statement): Promise<unknown[]> {
  const c = await pool.connect();
  try {
    await c.query("begin");
    await c.query("select set_config('app.org_id', $1, true), set_config('app.workspace_ids', $2, true), set_config('app.user_id', $3, true)", [
      f.orgId,
      `{${f.workspaceIds.join(",")}}`,
      f.userId,
    ]);
    const r = await c.query(q.text, q.values);
    await c.query("commit");
    return r.rows;
  } finally {
    c.release();
  }
}

async function sqlUnit(pool: pg.Pool, f: Fixture, statements: { text: string; values: unknown[] }[]) {
  const c = await pool.connect();
  try {
    await c.query("begin");
    await c.query(
      "select set_config('app.org_id', $1, true), set_config('app.workspace_ids', $2, true), set_config('app.user_id', $3, true), set_config('app.request_id', $4, true)",
      [f.orgId, `{${f.workspaceIds.join(",")}}`, f.userId, "bench-sql"],
    );
    for (const s of statements) await c.query(s.text, s.values);
    await c.query("commit");
  } catch (e) {
    await c.query("rollback").catch(() => undefined);
    throw e;
  } finally {
    c.release();
  }
}

/** The record page's reads as the Prisma queries of customers.get and contacts.list issue them. */
function recordSql(f: Fixture, id: string) {
  const visible = "organization_id = $1 and (workspace_id is null or workspace_id = any($2::uuid[]))";
  return {
    get: [{ text: `select * from crm.customers where ${visible} and id = $3 limit 1`, values: [f.orgId, f.workspaceIds, id] }],
    contacts: [
      { text: `select * from crm.customers where ${visible} and id = $3 limit 1`, values: [f.orgId, f.workspaceIds, id] },
      {
        text: `select id, customer_id, first_name, last_name, position, email, phone, is_primary, is_decision_maker, archived_at, created_at, updated_at
                 from crm.contacts where organization_id = $1 and customer_id = $2 order by is_primary desc, first_name, last_name, id`,
        values: [f.orgId, id],
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------------------------

interface Result {
  scenario: string;
  title: string;
  kind: string;
  budgetMs: number;
  connections: number;
  api?: Stats;
  server?: Record<string, Stats>;
  sql?: Stats;
  skipped?: string;
}

const r1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : "–");

/** --explain: EXPLAIN (ANALYZE, BUFFERS) of every list scenario's SQL as tessera_app with the RLS settings; no server. */
async function explain() {
  const bench = await openBenchDb(log);
  try {
    const f = await loadFixture(bench.urls.system);
    const scope = benchScope(f);
    const c = client(bench.urls.app);
    await c.connect();
    await c.query("begin");
    await c.query("select set_config('app.org_id', $1, true), set_config('app.workspace_ids', $2, true), set_config('app.user_id', $3, true)", [
      f.orgId,
      `{${f.workspaceIds.join(",")}}`,
      f.userId,
    ]);
    const run: Run = (q) => c.query(q.text, q.values).then((r) => r.rows);
    // The deep page's cursor: the last row of page deep-1 in the list's order (what the cursor chain arrives at).
    let deepCursor = "";
    if (!only.length || only.includes("list-page-500-cursor")) {
      const first = await capturedSql(async () => [], (tx) => listCustomers(tx, scope, { perPage: (deepPage - 1) * 50 - 1, withTotal: false }));
      const rows = (await c.query<{ id: string; name: string }>(first[0]!.text, first[0]!.values)).rows;
      const last = rows[(deepPage - 1) * 50 - 1]!;
      const { encodeCursor } = await import("@/lib/list");
      deepCursor = encodeCursor(last.name, last.id);
    }
    for (const s of scenarios(f, deepCursor, deepPage)) {
      if ((only.length && !only.includes(s.id)) || s.skip) continue;
      // A page of several calls: the first unit's statements (its first record).
      const statements = s.sql ? await s.sql(run) : s.sqlUnits ? ((await s.sqlUnits(run))[0] ?? []).flat() : [];
      for (const q of statements) {
        const plan = await c.query<{ "QUERY PLAN": string }>(`explain (analyze, buffers, costs off) ${q.text}`, q.values);
        console.log(`\n### ${s.title}\n\n${q.text.replace(/\s+/g, " ")}\n-- values ${JSON.stringify(q.values)}\n\n${plan.rows.map((r) => r["QUERY PLAN"]).join("\n")}`);
      }
    }
    await c.query("rollback");
    await c.end();
  } finally {
    await bench.stop();
  }
}

function benchScope(f: Fixture): OrgScope {
  return {
    orgId: f.orgId,
    orgSlug: BIG_ORG.slug,
    userId: f.userId,
    requestId: "bench",
    membershipId: f.membershipId,
    workspaceIds: f.workspaceIds,
    // The owner's ("*"), as far as these services look: the dashboard reads the activities widget only with
    // crm.activity.read, and the owner sees sensitive fields unmasked (crm.sensitive.view: no masking settings read).
    permissions: new Set<string>(["crm.customer.read", "crm.deal.read", "crm.activity.read", "crm.sensitive.view", "inventory.item.read", "inventory.stock.read"]),
    roles: ["owner"],
    recordScope: "all",
  };
}

async function main() {
  const started = new Date();
  const load0 = os.loadavg();
  const bench = await openBenchDb(log);
  let server: ChildProcess | null = null;
  const results: Result[] = [];
  try {
    const f = await loadFixture(bench.urls.system);
    const base = externalUrl || `http://127.0.0.1:${port}`;
    if (!externalUrl) {
      server = await startServer({
        ...bench.env,
        NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
        NEXTAUTH_URL: base,
        PORT: String(port),
        TESSERA_DEV_TOOLS: "0",
      });
    }
    await waitHealthy(base);
    const cookie = await signIn(base, BIG_ORG.owner, BENCH_PASSWORD);
    const headers = { cookie, "x-tessera-org": BIG_ORG.slug, "x-tessera-workspace": WORKSPACE };
    log(`signed in as ${BIG_ORG.owner} on ${base}`);

    // Page 500 through the cursor chain, as a user paging forward would get there (when that scenario runs).
    const tWalk = performance.now();
    let cursor: string | undefined;
    const walk = !only.length || only.includes("list-page-500-cursor");
    for (let p = 1; walk && p < deepPage; p++) {
      const body = JSON.parse(await get(trpcUrl(base, "crm.customers.list", cursor ? { cursor } : {}), headers)) as {
        result: { data: { json: { nextCursor?: string } } };
      };
      cursor = body.result.data.json.nextCursor;
      if (!cursor) throw new Error(`the list ended at page ${p}: is the data set generated at full scale?`);
    }
    if (walk) log(`walked the cursor chain to page ${deepPage} in ${fmtMs(performance.now() - tWalk)}`);

    const all = scenarios(f, cursor ?? "", deepPage).filter((s) => !only.length || only.includes(s.id));
    const pool = new pg.Pool({ connectionString: bench.urls.app, max: Math.max(...connectionLevels) * 2 });
    // An idle connection ended by the cluster's shutdown (after a failed scenario) must not hide that failure.
    pool.on("error", (e) => log(`pool: ${e.message}`));

    for (const s of all) {
      if (s.skip) {
        log(`${s.id}: skipped — ${s.skip}`);
        results.push({ scenario: s.id, title: s.title, kind: s.kind, budgetMs: s.budgetMs, connections: 0, skipped: s.skip });
        continue;
      }
      // Does the procedure exist on this build (a server started with --url may run an older one)?
      try {
        await Promise.all(s.calls(0).map((c) => get(trpcUrl(base, c.path, c.input), headers)));
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        const skipped = /No procedure found|NOT_FOUND|404/.test(msg) ? `procedure not on this build (${s.calls(0)[0]!.path})` : `failed: ${msg.slice(0, 200)}`;
        log(`${s.id}: skipped — ${skipped}`);
        results.push({ scenario: s.id, title: s.title, kind: s.kind, budgetMs: s.budgetMs, connections: 0, skipped });
        continue;
      }
      // The statements the service issues for this unit of work, captured once (answered by the database).
      const sqlStatements = s.sql ? await s.sql((q) => scopedRows(pool, f, q)) : null;
      const sqlUnits = s.sqlUnits ? await s.sqlUnits((q) => scopedRows(pool, f, q)) : null;
      for (const connections of connectionLevels) {
        currentLabel = `${s.id}@${connections}`;
        const api = await closedLoop({
          connections,
          seconds,
          warmupSeconds: warmup,
          work: async (i) => {
            await Promise.all(s.calls(i).map((c) => get(trpcUrl(base, c.path, c.input), headers)));
          },
        });
        currentLabel = "";
        const server: Record<string, Stats> = {};
        for (const [k, v] of serverTimes) {
          if (!k.startsWith(`${s.id}@${connections}|`)) continue;
          // The log has every call, warm-up included: drop the first calls in the same proportion.
          server[k.split("|")[1]!] = summarize(v.slice(Math.floor(v.length * (warmup / (warmup + seconds)))), 0, seconds);
        }
        let sql: Stats | undefined;
        if (sqlStatements) {
          sql = await closedLoop({ connections, seconds, warmupSeconds: warmup, work: () => sqlUnit(pool, f, sqlStatements) });
        } else if (sqlUnits?.length) {
          sql = await closedLoop({
            connections,
            seconds,
            warmupSeconds: warmup,
            work: async (i) => {
              await Promise.all(sqlUnits[i % sqlUnits.length]!.map((group) => sqlUnit(pool, f, group)));
            },
          });
        } else if (s.id === "record-open") {
          sql = await closedLoop({
            connections,
            seconds,
            warmupSeconds: warmup,
            work: async (i) => {
              const q = recordSql(f, f.customerIds[i % f.customerIds.length]!);
              await Promise.all([sqlUnit(pool, f, q.get), sqlUnit(pool, f, q.contacts)]);
            },
          });
        }
        const res: Result = { scenario: s.id, title: s.title, kind: s.kind, budgetMs: s.budgetMs, connections, api, server, sql };
        results.push(res);
        const srv = Object.entries(server)
          .map(([p, st]) => `${p} p50 ${st.p50} p95 ${st.p95}`)
          .join("; ");
        log(
          `${s.id} c=${connections}: API p50 ${r1(api.p50)} p95 ${r1(api.p95)} p99 ${r1(api.p99)} ms, ${r1(api.rps)}/s` +
            (api.errors ? `, ${api.errors} errors` : "") +
            (sql ? ` | SQL p50 ${r1(sql.p50)} p95 ${r1(sql.p95)} ms, ${r1(sql.rps)}/s | API/SQL p50 ${r1(api.p50 / sql.p50)}× p95 ${r1(api.p95 / sql.p95)}×` : "") +
            (srv ? ` | server ${srv}` : ""),
        );
      }
    }
    await pool.end();

    // Report
    const sys = client(bench.adminUrl ?? bench.urls.system);
    await sys.connect();
    const sizes = await sys.query<{ t: string; rows: string; size: string }>(
      `select c.oid::regclass::text as t, c.reltuples::bigint::text as rows, pg_size_pretty(pg_total_relation_size(c.oid)) as size
         from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname in ('crm', 'inventory') and c.relkind = 'r' order by 1`,
    );
    const version = await sys.query<{ v: string }>("select version() as v");
    await sys.end();
    const out = {
      started: started.toISOString(),
      finished: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memGb: Math.round(os.totalmem() / 2 ** 30), loadBefore: load0, loadAfter: os.loadavg() },
      postgres: version.rows[0]?.v,
      options: { seconds, warmup, connectionLevels, url: externalUrl || null },
      tables: sizes.rows,
      results,
    };
    mkdirSync("bench/.out", { recursive: true });
    const stamp = started.toISOString().replace(/[:.]/g, "-");
    writeFileSync(`bench/.out/run-${stamp}.json`, JSON.stringify(out, null, 2));
    const md = markdown(out.results);
    writeFileSync(`bench/.out/run-${stamp}.md`, md);
    console.log(`\n${md}\nload average before ${load0.map((x) => x.toFixed(2)).join(" ")}, after ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`);
    log(`written bench/.out/run-${stamp}.{json,md}`);
  } finally {
    if (server && server.exitCode === null) {
      server.kill("SIGTERM");
      await new Promise((r) => server!.once("exit", r));
    }
    await bench.stop();
  }
}

function markdown(results: Result[]): string {
  const lines = [
    "| Scenario | Conn. | API p50 | API p95 | API p99 | req/s | Server p95 (procedure log) | SQL p50 | SQL p95 | API/SQL p50 | API/SQL p95 | Budget p95 |",
    "|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|",
  ];
  for (const r of results) {
    if (r.skipped) {
      const sq = r.sql;
      lines.push(
        `| ${r.title} | ${sq ? r.connections : "–"} | – | – | – | ${sq ? r1(sq.rps) : "–"} | API skipped: ${r.skipped} | ${sq ? r1(sq.p50) : "–"} | ${sq ? r1(sq.p95) : "–"} | – | – | ${r.budgetMs} ms |`,
      );
      continue;
    }
    const a = r.api!;
    const srv = Object.entries(r.server ?? {})
      .map(([p, st]) => `${p.replace("crm.", "")} ${st.p95}`)
      .join(", ");
    const ok = a.p95 <= r.budgetMs ? "" : " ✗";
    lines.push(
      `| ${r.title} | ${r.connections} | ${r1(a.p50)} | ${r1(a.p95)}${ok} | ${r1(a.p99)} | ${r1(a.rps)} | ${srv || "–"} | ${r.sql ? r1(r.sql.p50) : "–"} | ${r.sql ? r1(r.sql.p95) : "–"} | ${
        r.sql ? `${r1(a.p50 / r.sql.p50)}×` : "–"
      } | ${r.sql ? `${r1(a.p95 / r.sql.p95)}×` : "–"} | ${r.budgetMs} ms |`,
    );
  }
  return lines.join("\n");
}

if (flag("explain")) await explain();
else await main();
