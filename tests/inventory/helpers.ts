// Shared set-up of the inventory tests: an organization with a unit, warehouses in two workspaces with a few bins,
// callers by role, and readers of what the database holds (as the system role, beneath RLS).
import type { DEFAULT_REASONS } from "@/server/modules/inventory/adjustment-reasons.service";
import { TRPCError } from "@trpc/server";
import { systemDb } from "@/server/db/client";
import { callerFor, makeOrg, makeUser, uniq } from "../helpers/factory";
import { withConnection } from "../helpers/db";

export type Org = Awaited<ReturnType<typeof makeOrg>>;
export type Caller = Awaited<ReturnType<typeof callerFor>>;

export async function unitFor(orgId: string, code = "pcs"): Promise<string> {
  const u = await systemDb().unitOfMeasure.create({ data: { organizationId: orgId, code: `${code}-${uniq()}`, name: "Piece", category: "count", isBase: false } });
  return u.id;
}

export interface Stockroom {
  org: Org;
  owner: Caller;
  ownerId: string;
  unitId: string;
  /** Warehouse in workspace "main" with bins A and B; warehouse in "second" with bin C. */
  main: { id: string; a: string; b: string };
  second: { id: string; c: string };
  /** The organization's default adjustment reasons: code → id (DAMAGED, EXPIRED, LOST, FOUND, CORRECTION, OPENING). */
  reasons: Record<(typeof DEFAULT_REASONS)[number]["code"], string>;
}

export async function stockroom(opts: { allowNegative?: boolean } = {}): Promise<Stockroom> {
  const org = await makeOrg({ workspaces: ["main", "second"] });
  const user = await makeUser(org);
  const owner = await callerFor(user.id, { org: org.slug });
  const unitId = await unitFor(org.id);
  const w1 = await owner.inventory.warehouses.create({ workspaceId: org.workspaces.main!, code: `WH1`, name: "Main warehouse", allowNegativeStock: opts.allowNegative ?? false });
  const a = await owner.inventory.locations.create({ warehouseId: w1.id, code: "A", kind: "bin" });
  const b = await owner.inventory.locations.create({ warehouseId: w1.id, code: "B", kind: "bin" });
  const w2 = await owner.inventory.warehouses.create({ workspaceId: org.workspaces.second!, code: `WH2`, name: "Branch warehouse" });
  const c = await owner.inventory.locations.create({ warehouseId: w2.id, code: "C", kind: "bin" });
  const reasons = Object.fromEntries((await owner.inventory.adjustmentReasons.list()).map((r) => [r.code, r.id])) as Stockroom["reasons"];
  return { org, owner, ownerId: user.id, unitId, main: { id: w1.id, a: a.id, b: b.id }, second: { id: w2.id, c: c.id }, reasons };
}

export async function makeItem(room: Stockroom, fields: Record<string, unknown> = {}) {
  return room.owner.inventory.items.create({ sku: `SKU-${uniq()}`, name: "Widget", baseUnitId: room.unitId, ...fields } as Parameters<Caller["inventory"]["items"]["create"]>[0]);
}

/** The level's on hand / reserved, read beneath RLS ("0" when there is no row). */
export async function level(orgId: string, itemId: string, locationId: string, lotId: string | null = null) {
  return withConnection("system", async (c) => {
    const { rows } = await c.query<{ on_hand: string; reserved: string; available: string }>(
      `select on_hand_qty::numeric(18,4)::text as on_hand, reserved_qty::numeric(18,4)::text as reserved, available_qty::numeric(18,4)::text as available
         from inventory.stock_levels where organization_id = $1 and item_id = $2 and location_id = $3 and lot_id is not distinct from $4`,
      [orgId, itemId, locationId, lotId],
    );
    return rows[0] ?? { on_hand: "0.0000", reserved: "0.0000", available: "0.0000" };
  });
}

export async function cost(orgId: string, itemId: string) {
  return withConnection("system", async (c) => {
    const { rows } = await c.query<{ quantity: string; value: string; average: string }>(
      `select quantity::text, value::text, average_unit_cost::text as average from inventory.item_costs where organization_id = $1 and item_id = $2`,
      [orgId, itemId],
    );
    return rows[0];
  });
}

/** inventory.check_levels as the system role (every workspace): the differing rows. */
export async function differences(orgId: string) {
  return withConnection("system", async (c) => (await c.query(`select * from inventory.check_levels($1)`, [orgId])).rows);
}

export async function ledgerValue(orgId: string): Promise<string> {
  return withConnection("system", async (c) => {
    const { rows } = await c.query<{ moves: string; costs: string }>(
      `select (select coalesce(sum(value), 0) from inventory.stock_moves where organization_id = $1)::numeric(20,2)::text as moves,
              (select coalesce(sum(value), 0) from inventory.item_costs where organization_id = $1)::numeric(20,2)::text as costs`,
      [orgId],
    );
    if (rows[0]!.moves !== rows[0]!.costs) throw new Error(`ledger value ${rows[0]!.moves} <> cost rows ${rows[0]!.costs}`);
    return rows[0]!.moves;
  });
}

/** The error code and field errors a call ends with; { code: "OK" } when it succeeds. */
export async function failure(p: Promise<unknown>): Promise<{ code: string; message?: string; fields?: Record<string, string[]> }> {
  try {
    await p;
    return { code: "OK" };
  } catch (e) {
    if (!(e instanceof TRPCError)) throw e;
    const cause = e.cause as { fieldErrors?: Record<string, string[]> } | undefined;
    return { code: e.code, message: e.message, fields: cause?.fieldErrors };
  }
}

type CountsCaller = Caller["inventory"]["counts"];
export type CountLine = Awaited<ReturnType<CountsCaller["lines"]>>["rows"][number];

/** Every line of a count, page by page through inventory.counts.lines (the largest page), in line order. */
export async function allCountLines(counts: CountsCaller, id: string, input: Omit<Parameters<CountsCaller["lines"]>[0], "id" | "page" | "perPage"> = {}): Promise<CountLine[]> {
  const out: CountLine[] = [];
  for (let page = 1; ; page++) {
    const r = await counts.lines({ ...input, id, page, perPage: 200 });
    out.push(...r.rows);
    if (r.page * r.perPage >= r.total) return out;
  }
}

/** A count's answer (get, create, a transition: header and totals) with its lines read as the count page reads them. */
export async function withLines<T extends { id: string }>(counts: CountsCaller, answer: Promise<T>): Promise<T & { lines: CountLine[] }> {
  const a = await answer;
  return { ...a, lines: await allCountLines(counts, a.id) };
}
