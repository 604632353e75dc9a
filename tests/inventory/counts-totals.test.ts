// The counts list's counters (inventory.stock_count_totals, kept by triggers on the count's lines): after every step
// of a count's life the list's lineCount / countedCount / differenceCount equal a direct count of the lines and the
// count page's totals; a posted count's difference count is frozen at posting; concurrent entries on one count keep
// the counter exact; the totals row is seen only by members of the count's workspace; counting writes no audit event
// of the count header or its totals.
import { beforeAll, describe, expect, it } from "vitest";
import { asApp, withConnection } from "../helpers/db";
import { makeUser } from "../helpers/factory";
import { LIST_LIVE_DIFFERENCES_MAX } from "@/server/modules/inventory/counts.schemas";
import { makeItem, stockroom, type Stockroom, withLines } from "./helpers";

/** The count's lines counted beneath RLS, and its totals row. */
async function direct(orgId: string, countId: string) {
  return withConnection("system", async (c) => {
    const { rows } = await c.query<{ lines: number; counted: number; line_count: number | null; counted_count: number | null; difference_count: number | null }>(
      `select (select count(*)::int from inventory.stock_count_lines where organization_id = $1 and count_id = $2) as lines,
              (select count(counted_qty)::int from inventory.stock_count_lines where organization_id = $1 and count_id = $2) as counted,
              t.line_count, t.counted_count, t.difference_count
         from (select 1) x left join inventory.stock_count_totals t on t.organization_id = $1 and t.count_id = $2`,
      [orgId, countId],
    );
    return rows[0]!;
  });
}

describe("cycle count totals", () => {
  let room: Stockroom;
  beforeAll(async () => {
    room = await stockroom();
  });

  const receive = (itemId: string, locationId: string, quantity: string) =>
    room.owner.inventory.stock.receive({ itemId, locationId, quantity, unitCost: "2" });

  /** The list's row, the count page's totals and the lines in the database agree; answers the list's row. */
  async function agreed(countId: string) {
    const c = room.owner.inventory.counts;
    const row = (await c.list({ perPage: 100 })).rows.find((r) => r.id === countId)!;
    const page = await c.get({ id: countId });
    const db = await direct(room.org.id, countId);
    expect(row).toMatchObject({ lineCount: page.totals.lines, countedCount: page.totals.counted, differenceCount: page.totals.withDifference });
    expect([db.line_count, db.counted_count]).toEqual([db.lines, db.counted]);
    expect([row.lineCount, row.countedCount]).toEqual([db.lines, db.counted]);
    if (page.status === "posted") expect(db.difference_count).toBe(row.differenceCount);
    else expect(db.difference_count).toBeNull();
    return row;
  }

  it("stay exact through create, count, clear, add a line, review and post; the posted difference count is frozen", async () => {
    const a = await makeItem(room);
    const b = await makeItem(room);
    const found = await makeItem(room);
    for (const loc of [room.main.a, room.main.b]) {
      await receive(a.id, loc, "5");
      await receive(b.id, loc, "3");
    }
    const c = room.owner.inventory.counts;
    const count = await withLines(c, c.create({ warehouseId: room.main.id }));
    const mine = count.lines.filter((l) => l.itemId === a.id || l.itemId === b.id);
    expect(mine).toHaveLength(4);
    expect(await agreed(count.id)).toMatchObject({ lineCount: count.lines.length, countedCount: 0, differenceCount: 0 });
    const [l1, l2, l3, l4] = mine;
    await c.setCounted({ id: count.id, lineId: l1!.id, countedQty: l1!.expectedQty }); // no difference
    await c.setCounted({ id: count.id, lineId: l2!.id, countedQty: "2" }); // a difference
    await c.setCounted({ id: count.id, lineId: l3!.id, countedQty: "9" }); // a difference
    expect(await agreed(count.id)).toMatchObject({ countedCount: 3, differenceCount: 2 });
    // Entering a counted line again changes nothing; clearing it uncounts it.
    await c.setCounted({ id: count.id, lineId: l3!.id, countedQty: "8" });
    await c.setCounted({ id: count.id, lineId: l3!.id, countedQty: null });
    await c.setCounted({ id: count.id, lineId: l4!.id, countedQty: null });
    expect(await agreed(count.id)).toMatchObject({ countedCount: 2, differenceCount: 1 });
    await c.addLine({ id: count.id, itemId: found.id, locationId: room.main.a, countedQty: "4" });
    expect(await agreed(count.id)).toMatchObject({ lineCount: count.lines.length + 1, countedCount: 3, differenceCount: 2 });
    // Open counts compare with on hand NOW: stock moved since the snapshot changes them, on the list as on the page.
    await receive(l1!.itemId, lineLocation(l1!), "1");
    expect(await agreed(count.id)).toMatchObject({ differenceCount: 3 });
    await receive(found.id, room.main.a, "4");
    expect(await agreed(count.id)).toMatchObject({ differenceCount: 2 });
    const reviewed = await c.review({ id: count.id, version: 1 });
    expect(reviewed.status).toBe("review");
    const before = await agreed(count.id);
    await c.post({ id: count.id, version: 2 });
    const posted = await agreed(count.id);
    expect(posted).toMatchObject({ lineCount: before.lineCount, countedCount: before.countedCount, differenceCount: before.differenceCount });
    // Stock moves after posting: the posted count's difference count (list and page) stays what was posted.
    for (const l of mine) await receive(l.itemId, lineLocation(l), "7");
    await room.owner.inventory.stock.issue({ itemId: found.id, locationId: room.main.a, quantity: "4" });
    expect(await agreed(count.id)).toEqual(posted);
  });

  const lineLocation = (l: { locationCode: string }) => (l.locationCode === "A" ? room.main.a : room.main.b);

  it("cancelled: the counters stay, the differences compare with on hand now as before", async () => {
    const item = await makeItem(room);
    await receive(item.id, room.main.b, "2");
    const c = room.owner.inventory.counts;
    const count = await withLines(c, c.create({ warehouseId: room.main.id, locationId: room.main.b }));
    const line = count.lines.find((l) => l.itemId === item.id)!;
    await c.setCounted({ id: count.id, lineId: line.id, countedQty: "1" });
    await c.cancel({ id: count.id, version: 1, reason: "Wrong day" });
    expect(await agreed(count.id)).toMatchObject({ lineCount: count.lines.length, countedCount: 1 });
  });

  it("leaves an open count's differences to its page above LIST_LIVE_DIFFERENCES_MAX counted lines, not a posted one's", async () => {
    const a = await makeItem(room);
    await receive(a.id, room.main.a, "4");
    const c = room.owner.inventory.counts;
    const count = await withLines(c, c.create({ warehouseId: room.main.id, locationId: room.main.a }));
    const line = count.lines.find((l) => l.itemId === a.id)!;
    await c.setCounted({ id: count.id, lineId: line.id, countedQty: "3" });
    const row = async () => (await c.list({ perPage: 100 })).rows.find((r) => r.id === count.id)!;
    expect(await row()).toMatchObject({ differenceCount: 1, differenceHidden: null });
    // As if the count had more counted lines than the list compares live (the counter is what the list reads).
    const setCounted = (n: number | null) =>
      withConnection("system", (x) =>
        x.query(
          `update inventory.stock_count_totals t set (line_count, counted_count) =
             (select coalesce($3, count(*))::int, coalesce($3, count(l.counted_qty))::int from inventory.stock_count_lines l
               where l.organization_id = t.organization_id and l.count_id = t.count_id)
            where t.organization_id = $1 and t.count_id = $2`,
          [room.org.id, count.id, n],
        ));
    await setCounted(LIST_LIVE_DIFFERENCES_MAX + 1);
    expect(await row()).toMatchObject({ differenceCount: null, differenceHidden: "large" });
    await setCounted(LIST_LIVE_DIFFERENCES_MAX);
    expect(await row()).toMatchObject({ differenceCount: 1, differenceHidden: null });
    await setCounted(null);
    await c.review({ id: count.id, version: (await c.get({ id: count.id })).version });
    await c.post({ id: count.id, version: (await c.get({ id: count.id })).version });
    await setCounted(LIST_LIVE_DIFFERENCES_MAX + 1);
    expect(await row()).toMatchObject({ status: "posted", differenceCount: 1, differenceHidden: null });
    await setCounted(null);
  });

  it("keeps counted_count exact under concurrent entries on one count", async () => {
    const items = await Promise.all(Array.from({ length: 20 }, () => makeItem(room)));
    const z = (await room.owner.inventory.locations.create({ warehouseId: room.main.id, code: `P-${Date.now()}`, kind: "bin" })).id;
    for (const i of items) await receive(i.id, z, "1");
    const c = room.owner.inventory.counts;
    const count = await withLines(c, c.create({ warehouseId: room.main.id, locationId: z }));
    expect(count.lines).toHaveLength(20);
    await Promise.all(count.lines.map((l, n) => c.setCounted({ id: count.id, lineId: l.id, countedQty: String(n % 3) })));
    expect(await agreed(count.id)).toMatchObject({ lineCount: 20, countedCount: 20 });
    // Half cleared while the other half is entered again, all at once.
    await Promise.all(count.lines.map((l, n) => c.setCounted({ id: count.id, lineId: l.id, countedQty: n % 2 ? null : "1" })));
    expect(await agreed(count.id)).toMatchObject({ lineCount: 20, countedCount: 10, differenceCount: 0 });
  });

  it("is seen only in the count's workspace; counting writes no audit event of the header or the totals", async () => {
    const item = await makeItem(room);
    await receive(item.id, room.main.a, "1");
    const count = await withLines(room.owner.inventory.counts, room.owner.inventory.counts.create({ warehouseId: room.main.id, locationId: room.main.a }));
    const line = count.lines.find((l) => l.itemId === item.id)!;
    await room.owner.inventory.counts.setCounted({ id: count.id, lineId: line.id, countedQty: "1" });
    const branch = await makeUser(room.org, { roles: ["owner"], workspaces: ["second"] });
    const read = (workspaceIds: string[]) =>
      asApp({ orgId: room.org.id, userId: branch.id, workspaceIds }, async (c) =>
        (await c.query(`select count_id from inventory.stock_count_totals where count_id = $1`, [count.id])).rowCount);
    expect(await read([room.org.workspaces.second!])).toBe(0);
    expect(await read([room.org.workspaces.main!])).toBe(1);
    // Lines carry no workspace: a writer who cannot see the count's totals row is refused rather than leaving it wrong.
    const write = (sql: string) =>
      asApp({ orgId: room.org.id, userId: branch.id, workspaceIds: [room.org.workspaces.second!] }, (c) => c.query(sql, [count.id, line.id]).then(() => "ok", (e: Error) => e.message));
    expect(await write(`update inventory.stock_count_lines set counted_qty = null, counted_at = null where count_id = $1 and id = $2`)).toContain("no totals row");
    expect(await write(`insert into inventory.stock_count_lines (organization_id, id, count_id, line_no, item_id, location_id, lot_number)
                          select organization_id, uuidv7(), count_id, 999, item_id, location_id, 'elsewhere' from inventory.stock_count_lines where count_id = $1 and id = $2`)).toContain("no totals row");
    const events = await withConnection("system", async (c) =>
      (await c.query<{ table_name: string; operation: string }>(
        `select table_name, operation from audit.events where organization_id = $1 and record_id = $2 order by created_at`, [room.org.id, count.id])).rows);
    expect(events.map((e) => `${e.table_name} ${e.operation}`)).toEqual(["inventory.stock_counts INSERT"]);
  });
});
