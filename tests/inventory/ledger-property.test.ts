// The ledger is the single source of truth: after every step of a random sequence (fixed seed, so a failure replays
// exactly) of receipts, issues, consumption, transfers, adjustments, reservations, releases and reversals — some of
// them refused — the stock levels equal Σ ledger (inventory.check_levels answers no rows), the organization's value
// equals Σ ledger value, no level of a warehouse that forbids negative stock is below zero or below its reservations,
// and a model kept in the test agrees with the database. A second sequence moves the serials of an item with two
// variants, often naming the wrong variant or place: after every step each level holds exactly its serials in stock.
import { beforeAll, describe, expect, it } from "vitest";
import { withConnection } from "../helpers/db";
import { differences, failure, ledgerValue, makeItem, stockroom, type Stockroom } from "./helpers";

/** mulberry32: a small deterministic generator. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Quantities in ten-thousandths (integers), so the model's arithmetic is exact. */
const fmt = (n: number) => {
  const sign = n < 0 ? "-" : "";
  const a = Math.abs(n);
  return `${sign}${Math.floor(a / 10000)}.${String(a % 10000).padStart(4, "0")}`;
};

describe("stock ledger consistency", () => {
  let room: Stockroom;
  beforeAll(async () => {
    room = await stockroom();
    // The second workspace's warehouse allows negative stock; the main one forbids it.
    const w2 = (await room.owner.inventory.warehouses.list()).rows.find((w) => w.id === room.second.id)!;
    await room.owner.inventory.warehouses.update({ id: w2.id, version: w2.version, allowNegativeStock: true });
  });

  it("keeps levels = Σ ledger and value = Σ ledger value after every step (seed 20261202)", async () => {
    const r = rng(20261202);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
    const plain = await makeItem(room, { standardUnitCost: "1.5" });
    const lotted = await makeItem(room, { lotControl: true });
    const items = [
      { id: plain.id, lots: [undefined] as (string | undefined)[] },
      { id: lotted.id, lots: ["L1", "L2"] },
    ];
    const locations = [room.main.a, room.main.b, room.second.c];
    const negativeOk = new Set([room.second.c]);
    const model = new Map<string, { onHand: number; reserved: number }>();
    const keyOf = (item: string, loc: string, lot?: string) => `${item}|${loc}|${lot ?? ""}`;
    const cell = (k: string) => model.get(k) ?? { onHand: 0, reserved: 0 };
    const moves: { id: string; reversed: boolean; isReversal: boolean }[] = [];
    const s = room.owner.inventory.stock;
    const tally = { ok: 0, refused: 0 } as Record<string, number>;
    // Lots exist once received (or adjusted in); moving an unknown lot out is refused.
    const lots = new Set<string>();
    const lotKnown = (item: string, lot?: string) => lot === undefined || lots.has(`${item}|${lot}`);

    for (let step = 0; step < 100; step++) {
      const item = pick(items);
      const lot = pick(item.lots);
      const loc = pick(locations);
      const k = keyOf(item.id, loc, lot);
      const q = 1 + Math.floor(r() * 80000); // 0.0001 … 8.0000
      const qty = fmt(q);
      const op = moves.length < 3 ? "receive" : pick(["receive", "receive", "issue", "consume", "transfer", "adjust", "reserve", "release", "reverse"] as const);
      const c = cell(k);
      let result: { code: string };
      if (op === "receive") {
        const unitCost = `${Math.floor(r() * 50)}.${String(Math.floor(r() * 1000000)).padStart(6, "0")}`;
        result = await failure(s.receive({ itemId: item.id, locationId: loc, quantity: qty, unitCost, lotNumber: lot }).then((m) => moves.push({ id: m.id, reversed: false, isReversal: false })));
        expect(result.code).toBe("OK");
        model.set(k, { ...c, onHand: c.onHand + q });
        if (lot) lots.add(`${item.id}|${lot}`);
      } else if (op === "issue" || op === "consume") {
        const call = op === "issue" ? s.issue({ itemId: item.id, locationId: loc, quantity: qty, lotNumber: lot }) : s.issue({ itemId: item.id, locationId: loc, quantity: qty, lotNumber: lot, moveType: "production_consume" });
        result = await failure(call.then((m) => moves.push({ id: m.id, reversed: false, isReversal: false })));
        const allowed = lotKnown(item.id, lot) && (negativeOk.has(loc) || c.onHand - c.reserved >= q);
        expect(result.code, `step ${step} ${op}`).toBe(allowed ? "OK" : "BAD_REQUEST");
        if (allowed) model.set(k, { ...c, onHand: c.onHand - q });
      } else if (op === "transfer") {
        const to = loc === room.main.a ? room.main.b : room.main.a;
        const from = loc === room.second.c ? room.main.b : loc;
        const kf = keyOf(item.id, from, lot);
        const kt = keyOf(item.id, to, lot);
        const cf = cell(kf);
        result = await failure(s.transfer({ itemId: item.id, fromLocationId: from, toLocationId: to, quantity: qty, lotNumber: lot }).then((m) => moves.push({ id: m.id, reversed: false, isReversal: false })));
        const allowed = lotKnown(item.id, lot) && cf.onHand - cf.reserved >= q;
        expect(result.code, `step ${step} transfer`).toBe(allowed ? "OK" : "BAD_REQUEST");
        if (allowed) {
          model.set(kf, { ...cf, onHand: cf.onHand - q });
          const ct = cell(kt);
          model.set(kt, { ...ct, onHand: ct.onHand + q });
        }
      } else if (op === "adjust") {
        const down = r() < 0.5;
        result = await failure(s.adjust({ itemId: item.id, locationId: loc, quantity: down ? `-${qty}` : qty, lotNumber: lot }).then((m) => moves.push({ id: m.id, reversed: false, isReversal: false })));
        const allowed = !down || (lotKnown(item.id, lot) && (negativeOk.has(loc) || c.onHand - c.reserved >= q));
        expect(result.code, `step ${step} adjust`).toBe(allowed ? "OK" : "BAD_REQUEST");
        if (!down && lot) lots.add(`${item.id}|${lot}`);
        if (allowed) model.set(k, { ...c, onHand: c.onHand + (down ? -q : q) });
      } else if (op === "reserve") {
        result = await failure(s.reserve({ itemId: item.id, locationId: loc, quantity: qty, lotNumber: lot }));
        const allowed = lotKnown(item.id, lot) && c.onHand - c.reserved >= q;
        expect(result.code, `step ${step} reserve`).toBe(allowed ? "OK" : "BAD_REQUEST");
        if (allowed) model.set(k, { ...c, reserved: c.reserved + q });
      } else if (op === "release") {
        const amount = c.reserved > 0 && r() < 0.7 ? Math.max(1, Math.floor(c.reserved * r())) : q;
        result = await failure(s.release({ itemId: item.id, locationId: loc, quantity: fmt(amount), lotNumber: lot }));
        const allowed = lotKnown(item.id, lot) && c.reserved >= amount;
        expect(result.code, `step ${step} release`).toBe(allowed ? "OK" : "BAD_REQUEST");
        if (allowed) model.set(k, { ...c, reserved: c.reserved - amount });
      } else {
        const m = pick(moves);
        result = await failure(s.reverse({ moveId: m.id }).then((x) => moves.push({ id: x.id, reversed: false, isReversal: true })));
        if (m.isReversal) expect(result.code).toBe("PRECONDITION_FAILED");
        else if (m.reversed) expect(result.code).toBe("CONFLICT");
        else expect(["OK", "BAD_REQUEST"]).toContain(result.code); // taking stock back out may be refused
        if (result.code === "OK") {
          m.reversed = true;
          // Re-read the model from the database for the two levels the reversal touched (the model cannot know the
          // original move's locations without re-deriving them; the invariants below are what must hold).
          await syncModel();
        }
      }
      tally[result.code === "OK" ? "ok" : "refused"]!++;

      // Invariants after every step.
      expect(await differences(room.org.id), `step ${step} (${op})`).toEqual([]);
      await ledgerValue(room.org.id);
      const bad = await withConnection("system", async (cn) =>
        (await cn.query(
          `select l.location_id from inventory.stock_levels l join inventory.locations c on c.organization_id = l.organization_id and c.id = l.location_id
             join inventory.warehouses w on w.organization_id = c.organization_id and w.id = c.warehouse_id
            where l.organization_id = $1 and not w.allow_negative_stock and (l.on_hand_qty < 0 or l.reserved_qty > l.on_hand_qty)`,
          [room.org.id],
        )).rows,
      );
      expect(bad, `step ${step}`).toEqual([]);
      await compareModel(step);
    }
    expect(tally.ok).toBeGreaterThan(50);
    expect(tally.refused).toBeGreaterThan(5);
    expect(moves.filter((m) => m.isReversal).length).toBeGreaterThan(2);

    async function readLevels() {
      return withConnection("system", async (cn) =>
        (await cn.query<{ item: string; loc: string; lot: string | null; on_hand: string; reserved: string }>(
          `select l.item_id as item, l.location_id as loc, t.lot_number as lot, (l.on_hand_qty * 10000)::bigint::text as on_hand, (l.reserved_qty * 10000)::bigint::text as reserved
             from inventory.stock_levels l left join inventory.lots t on t.organization_id = l.organization_id and t.id = l.lot_id
            where l.organization_id = $1`,
          [room.org.id],
        )).rows,
      );
    }
    async function syncModel() {
      model.clear();
      for (const row of await readLevels()) model.set(keyOf(row.item, row.loc, row.lot ?? undefined), { onHand: Number(row.on_hand), reserved: Number(row.reserved) });
    }
    async function compareModel(step: number) {
      const db = new Map((await readLevels()).map((row) => [keyOf(row.item, row.loc, row.lot ?? undefined), { onHand: Number(row.on_hand), reserved: Number(row.reserved) }]));
      const keys = new Set([...db.keys(), ...model.keys()]);
      for (const key of keys) expect(db.get(key) ?? { onHand: 0, reserved: 0 }, `step ${step} ${key}`).toEqual(model.get(key) ?? { onHand: 0, reserved: 0 });
    }
  }, 300_000);

  it("keeps every serial where its variant's level counts it, whatever is posted (seed 20261203)", async () => {
    const r = rng(20261203);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
    const item = await makeItem(room, { serialControl: true });
    const v = room.owner.inventory.variants;
    const variants = [
      (await v.create({ itemId: item.id, sku: `${item.sku}-RED`, attributes: { color: "red" } })).id,
      (await v.create({ itemId: item.id, sku: `${item.sku}-BLUE`, attributes: { color: "blue" } })).id,
    ];
    const serials = ["P1", "P2", "P3", "P4", "P5"];
    const bins = [room.main.a, room.main.b];
    // The model: where each serial is, as which variant (absent: never received or issued).
    const model = new Map<string, { variant: string; loc: string }>();
    const moves: string[] = [];
    const s = room.owner.inventory.stock;
    const tally: Record<string, number> = {};
    for (let step = 0; step < 80; step++) {
      const serial = pick(serials);
      const variantId = pick(variants);
      const loc = pick(bins);
      const at = model.get(serial);
      const one = { itemId: item.id, variantId, quantity: "1", serialNumber: serial };
      const op = moves.length < 3 ? "receive" : pick(["receive", "issue", "issue", "transfer", "transfer", "reverse"] as const);
      let code: string;
      if (op === "receive") {
        code = (await failure(s.receive({ ...one, locationId: loc, unitCost: "10" }).then((m) => moves.push(m.id)))).code;
        expect(code, `step ${step} receive ${serial}`).toBe(at ? "CONFLICT" : "OK");
        if (!at) model.set(serial, { variant: variantId, loc });
      } else if (op === "issue") {
        code = (await failure(s.issue({ ...one, locationId: loc }).then((m) => moves.push(m.id)))).code;
        const allowed = at?.loc === loc && at.variant === variantId;
        expect(code, `step ${step} issue ${serial}`).toBe(allowed ? "OK" : "BAD_REQUEST");
        if (allowed) model.delete(serial);
      } else if (op === "transfer") {
        const to = loc === bins[0] ? bins[1]! : bins[0]!;
        code = (await failure(s.transfer({ ...one, fromLocationId: loc, toLocationId: to }).then((m) => moves.push(m.id)))).code;
        const allowed = at?.loc === loc && at.variant === variantId;
        expect(code, `step ${step} transfer ${serial}`).toBe(allowed ? "OK" : "BAD_REQUEST");
        if (allowed) model.set(serial, { variant: variantId, loc: to });
      } else {
        code = (await failure(s.reverse({ moveId: pick(moves) }).then((m) => moves.push(m.id)))).code;
        expect(["OK", "BAD_REQUEST", "CONFLICT", "PRECONDITION_FAILED"]).toContain(code);
        // What a reversal does to the serial is read back (the model does not replay the original move).
        model.clear();
        for (const x of await serialsNow()) if (x.status === "in_stock") model.set(x.serial_number, { variant: x.variant_id!, loc: x.location_id! });
      }
      tally[`${op} ${code}`] = (tally[`${op} ${code}`] ?? 0) + 1;
      // Invariants: levels = Σ ledger and each level = its serials in stock (check_levels' "serials"); the model agrees.
      expect(await differences(room.org.id), `step ${step} (${op})`).toEqual([]);
      const now = new Map((await serialsNow()).filter((x) => x.status === "in_stock").map((x) => [x.serial_number, { variant: x.variant_id, loc: x.location_id }]));
      expect(now, `step ${step}`).toEqual(model);
    }
    // Both outcomes of each kind happened, including moves refused for naming the other variant.
    for (const k of ["receive OK", "receive CONFLICT", "issue OK", "issue BAD_REQUEST", "transfer OK", "transfer BAD_REQUEST", "reverse OK"])
      expect(tally[k] ?? 0, `${k} in ${JSON.stringify(tally)}`).toBeGreaterThan(0);

    async function serialsNow() {
      return withConnection("system", async (cn) =>
        (await cn.query<{ serial_number: string; status: string; variant_id: string | null; location_id: string | null }>(
          `select serial_number, status::text, variant_id::text, location_id::text from inventory.serials where organization_id = $1 and item_id = $2`,
          [room.org.id, item.id])).rows);
    }
  }, 300_000);
});
