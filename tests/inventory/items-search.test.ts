// The items list's `q` through inventory.search_terms (migration 20261202230000_inventory_search_terms): every word
// starts a word of the name, a name token as written ("o-ring") or the SKU (whole, or one of its words); terms follow
// creates, renames, SKU changes, archive / restore and deletes (trigger); another organization's items never match;
// a common word (≥ 2,000 terms) hashes the ids and walks the name index, a rare one joins — the same answers and
// counts; the lookups are index conditions of search_terms_pkey as tessera_app under RLS; the rebuild function
// (backfill and bench fill path) recomputes exactly what the trigger keeps; the command palette finds names by any
// word start through the same terms.
import { beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "@/server/db/client";
import { sql } from "@/server/kernel/list-query";
import { itemSearchWords, itemTermsCountFrom, itemTermsMatchSql, itemTermsPlan } from "@/server/modules/inventory/search-terms";
import { asApp, withConnection } from "../helpers/db";
import { callerFor } from "../helpers/factory";
import { makeItem, stockroom, type Stockroom } from "./helpers";

const termsOf = async (orgId: string, itemId: string) =>
  (
    await systemDb().$queryRaw<{ term: string; archived: boolean }[]>`select term, archived from inventory.search_terms
      where organization_id = ${orgId}::uuid and item_id = ${itemId}::uuid order by term`
  ).map((r) => (r.archived ? `${r.term} (archived)` : r.term));

const explainAsApp = async (orgId: string, q: ReturnType<typeof sql>) =>
  asApp({ orgId }, async (pg) => {
    await pg.query("set local enable_seqscan = off");
    const r = await pg.query(`explain ${q.text}`, q.values as unknown[]);
    return r.rows.map((x: { "QUERY PLAN": string }) => x["QUERY PLAN"]).join("\n");
  });

describe("items list search (inventory.search_terms)", () => {
  it("splits a query into words as the database makes terms", () => {
    expect(itemSearchWords("  Ball  VALVE ")).toEqual([["ball"], ["valve"]]);
    expect(itemSearchWords("MAT-")).toEqual([["mat-"]]);
    expect(itemSearchWords("O-ring (12.5mm), nbr")).toEqual([["o-ring"], ["12.5mm"], ["nbr"]]);
    expect(itemSearchWords("Клапан шаровой")).toEqual([["клапан"], ["шаровой"]]);
    expect(itemSearchWords("valve valve")).toEqual([["valve"]]);
    expect(itemSearchWords("%%% - ()")).toEqual([]);
  });

  describe("matching", () => {
    let room: Stockroom;
    let other: Stockroom;
    const ids: Record<string, string> = {};
    const skus = async (q: string, extra: Record<string, unknown> = {}) =>
      (await room.owner.inventory.items.list({ q, sort: { id: "sku", desc: false }, ...extra })).rows.map((r) => r.sku);

    beforeAll(async () => {
      room = await stockroom();
      other = await stockroom();
      for (const [sku, name] of [
        ["VLV-0001", "Ball valve DN50"],
        ["VLV-0002", "Gate valve 2in"],
        ["ORG-12", "O-ring 12.5mm, NBR"],
        ["MAT-COPPER-W", "Copper wire 1.5"],
        ["B-1", "Bolt"],
      ] as const)
        ids[sku] = (await makeItem(room, { sku, name })).id;
      // The same names and SKUs in another organization: never found from this one.
      await makeItem(other, { sku: "VLV-0001", name: "Ball valve DN50" });
      await makeItem(other, { sku: "VLV-9999", name: "Foreign valve" });
    });

    it("finds by word starts of the name, the SKU from its start or a word of it, tokens as written", async () => {
      expect(await skus("valve")).toEqual(["VLV-0001", "VLV-0002"]);
      expect(await skus("VAL")).toEqual(["VLV-0001", "VLV-0002"]);
      expect(await skus("ball val")).toEqual(["VLV-0001"]);
      expect(await skus("val ball")).toEqual(["VLV-0001"]); // any order
      expect(await skus("vlv-")).toEqual(["VLV-0001", "VLV-0002"]); // SKU prefix, any case
      expect(await skus("VLV-0002")).toEqual(["VLV-0002"]);
      expect(await skus("B-")).toEqual(["B-1"]);
      expect(await skus("copper")).toEqual(["MAT-COPPER-W"]); // a word of the SKU and of the name
      expect(await skus("MAT-COP")).toEqual(["MAT-COPPER-W"]);
      expect(await skus("o-ring")).toEqual(["ORG-12"]);
      expect(await skus("ring 12.5")).toEqual(["ORG-12"]);
      expect(await skus("nbr")).toEqual(["ORG-12"]);
      expect(await skus("(valve),")).toEqual(["VLV-0001", "VLV-0002"]);
      // Text inside a word is not a word start (the price of the index; README "Items list search").
      expect(await skus("alve")).toEqual([]);
      expect(await skus("valve wire")).toEqual([]);
      // LIKE wildcards mean nothing.
      expect(await skus("%")).toEqual([]);
      expect(await skus("v_lve")).toEqual([]);
    });

    it("counts the matches, with and without other filters, and never another organization's items", async () => {
      const all = await room.owner.inventory.items.list({ q: "valve", perPage: 1 });
      expect(all).toMatchObject({ total: 2, totalCapped: false });
      expect(all.rows.map((r) => r.sku)).toEqual(["VLV-0001"]); // name order: "Ball valve" < "Gate valve"
      const next = await room.owner.inventory.items.list({ q: "valve", perPage: 1, cursor: all.nextCursor });
      expect(next.rows.map((r) => r.sku)).toEqual(["VLV-0002"]);
      const typed = await room.owner.inventory.items.list({ q: "valve", perPage: 1, filters: { type: { type: "enum", values: ["product"] } } });
      expect(typed.total).toBe(2);
      expect((await room.owner.inventory.items.list({ q: "valve", filters: { type: { type: "enum", values: ["service"] } } })).total).toBe(0);
      const byDate = await room.owner.inventory.items.list({ q: "valve", sort: { id: "createdAt", desc: true }, page: 1, perPage: 1 });
      expect(byDate).toMatchObject({ total: 2, rows: [{ sku: "VLV-0002" }] });
      expect(await skus("foreign")).toEqual([]);
      expect((await other.owner.inventory.items.list({ q: "valve" })).rows.map((r) => r.sku)).toEqual(["VLV-0001", "VLV-9999"]);
      expect((await other.owner.inventory.items.list({ q: "valve" })).rows.map((r) => r.id)).not.toContain(ids["VLV-0001"]);
      // The terms themselves are under the tenant policy: the app role sees only its organization's.
      const seen = await asApp({ orgId: room.org.id }, async (pg) => (await pg.query(`select distinct organization_id::text as o from inventory.search_terms`)).rows);
      expect(seen).toEqual([{ o: room.org.id }]);
      // Without the count (withTotal: false) the rows come alone.
      expect(await room.owner.inventory.items.list({ q: "valve", perPage: 1, withTotal: false })).not.toHaveProperty("total");
    });

    it("follows renames, SKU changes, archive / restore and deletes (trigger)", async () => {
      const item = await makeItem(room, { sku: "DMP-1", name: "Flap damper" });
      expect(await termsOf(room.org.id, item.id)).toEqual(["1", "damper", "dmp", "dmp-1", "flap"]);
      const renamed = await room.owner.inventory.items.update({ id: item.id, version: item.version, name: "Butterfly valve", sku: "BFV-1" });
      expect(await termsOf(room.org.id, item.id)).toEqual(["1", "bfv", "bfv-1", "butterfly", "valve"]);
      expect(await skus("damper")).toEqual([]);
      expect(await skus("dmp")).toEqual([]);
      expect(await skus("butter")).toEqual(["BFV-1"]);
      expect(await skus("valve")).toEqual(["BFV-1", "VLV-0001", "VLV-0002"]);
      // Archived: out of the default list and its count, in the archived one; restored: back.
      await room.owner.inventory.items.archive({ id: item.id });
      expect(await termsOf(room.org.id, item.id)).toEqual(["1 (archived)", "bfv (archived)", "bfv-1 (archived)", "butterfly (archived)", "valve (archived)"]);
      expect((await room.owner.inventory.items.list({ q: "valve" })).total).toBe(2);
      const archived = { archived: { type: "enum", values: ["archived"] } } as const;
      expect(await skus("valve", { filters: archived })).toEqual(["BFV-1"]);
      expect((await room.owner.inventory.items.list({ q: "valve", filters: { archived: { type: "enum", values: ["active", "archived"] } } })).total).toBe(3);
      await room.owner.inventory.items.archive({ id: item.id, archived: false });
      expect(await skus("valve")).toEqual(["BFV-1", "VLV-0001", "VLV-0002"]);
      // An update that touches neither name, SKU nor archive state leaves the terms alone; a delete removes them.
      await room.owner.inventory.items.update({ id: item.id, version: renamed.version + 2, listPrice: "5" });
      expect(await termsOf(room.org.id, item.id)).toEqual(["1", "bfv", "bfv-1", "butterfly", "valve"]);
      await room.owner.inventory.items.delete({ id: item.id });
      expect(await termsOf(room.org.id, item.id)).toEqual([]);
    });

    it("finds names by any word start in the command palette too, names starting with the text first", async () => {
      const ws = await callerFor(room.ownerId, { org: room.org.slug, ws: "main" });
      const hits = async (q: string) => ((await ws.platform.search({ q })).groups.find((g) => g.id === "inventoryItems")?.hits ?? []).map((h) => h.title);
      expect(await hits("valve")).toEqual(["VLV-0001 — Ball valve DN50", "VLV-0002 — Gate valve 2in"]);
      expect(await hits("gate val")).toEqual(["VLV-0002 — Gate valve 2in"]);
      expect(await hits("wire copper")).toEqual(["MAT-COPPER-W — Copper wire 1.5"]);
      expect(await hits("foreign")).toEqual([]);
      const otherWs = await callerFor(other.ownerId, { org: other.org.slug, ws: "main" });
      expect(((await otherWs.platform.search({ q: "ball valve" })).groups.find((g) => g.id === "inventoryItems")?.hits ?? []).map((h) => h.id)).not.toContain(ids["VLV-0001"]);
    });

    it("rebuilds an organization's terms exactly as the trigger keeps them, and refuses another organization", async () => {
      const before = await systemDb().$queryRaw<{ t: string }[]>`select term || ' ' || item_id || ' ' || archived as t from inventory.search_terms
        where organization_id = ${room.org.id}::uuid order by 1`;
      const rebuilt = await withConnection("owner", async (c) => {
        await c.query("begin");
        await c.query("select set_config('app.org_id', $1, true)", [room.org.id]);
        await c.query("delete from inventory.search_terms where organization_id = $1", [room.org.id]);
        const n = (await c.query<{ n: string }>("select inventory.search_terms_rebuild($1::uuid) as n", [room.org.id])).rows[0]!.n;
        const rows = (await c.query<{ t: string }>(`select term || ' ' || item_id || ' ' || archived as t from inventory.search_terms where organization_id = $1 order by 1`, [room.org.id])).rows;
        const setting = (await c.query<{ o: string }>("select current_setting('app.org_id') as o")).rows[0]!.o;
        const refused = await c.query("savepoint s").then(() => c.query("select inventory.search_terms_rebuild($1::uuid)", [other.org.id])).then(() => null, (e: { code?: string }) => e.code);
        await c.query("rollback");
        return { n: Number(n), rows, setting, refused };
      });
      expect(rebuilt.rows).toEqual(before);
      expect(rebuilt.n).toBe(before.length);
      expect(rebuilt.setting).toBe(room.org.id);
      expect(rebuilt.refused).toBe("42501");
    });
  });

  describe("plans at volume", () => {
    let room: Stockroom;
    const N = 2100;

    beforeAll(async () => {
      room = await stockroom();
      // Set-based as the system role: the trigger writes every row's terms. Every 100th is archived.
      await systemDb().$executeRaw`
        insert into inventory.items (organization_id, id, sku, name, base_unit_id, archived_at)
        select ${room.org.id}::uuid, gen_random_uuid(), 'CW-' || lpad(g::text, 5, '0'), 'Commonword part ' || lpad(g::text, 5, '0'), ${room.unitId}::uuid,
               case when g % 100 = 0 then now() end
          from generate_series(1, ${N}) g`;
      await makeItem(room, { sku: "RARE-1", name: "Rareword commonword" });
      // Another common word sharing "part" only: "commonword otherword" are two common words with no item in common.
      await systemDb().$executeRaw`
        insert into inventory.items (organization_id, id, sku, name, base_unit_id)
        select ${room.org.id}::uuid, gen_random_uuid(), 'OW-' || lpad(g::text, 5, '0'), 'Otherword part ' || lpad(g::text, 5, '0'), ${room.unitId}::uuid
          from generate_series(1, 2000) g`;
    });

    it("hashes a common word and joins a rare one, with the same rows, pages and counts", async () => {
      const db = systemDb();
      expect(await itemTermsPlan(db, room.org.id, itemSearchWords("commonword"))).toBe("hashed");
      expect(await itemTermsPlan(db, room.org.id, itemSearchWords("rareword"))).toBe("join");
      expect(await itemTermsPlan(db, room.org.id, itemSearchWords("commonword rareword"))).toBe("join");
      // Two common words: hashed only when the items they share are many too.
      expect(await itemTermsPlan(db, room.org.id, itemSearchWords("part commonword"))).toBe("hashed");
      expect(await itemTermsPlan(db, room.org.id, itemSearchWords("otherword commonword"))).toBe("join");
      const active = N - N / 100 + 1;
      const common = await room.owner.inventory.items.list({ q: "commonword", perPage: 3 });
      expect(common.rows.map((r) => r.sku)).toEqual(["CW-00001", "CW-00002", "CW-00003"]);
      expect(common).toMatchObject({ total: active, totalCapped: false });
      const next = await room.owner.inventory.items.list({ q: "commonword", perPage: 3, cursor: common.nextCursor });
      expect(next.rows.map((r) => r.sku)).toEqual(["CW-00004", "CW-00005", "CW-00006"]);
      // The same search by SKU descending, by a filter (join count) and with the archived ones.
      const bySku = await room.owner.inventory.items.list({ q: "COMMON", sort: { id: "sku", desc: true }, perPage: 2 });
      expect(bySku.rows.map((r) => r.sku)).toEqual(["RARE-1", "CW-02099"]);
      expect((await room.owner.inventory.items.list({ q: "commonword", filters: { type: { type: "enum", values: ["product"] } } })).total).toBe(active);
      expect((await room.owner.inventory.items.list({ q: "commonword", filters: { archived: { type: "enum", values: ["active", "archived"] } } })).total).toBe(N + 1);
      expect((await room.owner.inventory.items.list({ q: "commonword part 02000" })).total).toBe(0); // CW-02000 is archived
      expect((await room.owner.inventory.items.list({ q: "commonword part 0201" })).rows.map((r) => r.sku)).toEqual(["CW-02010", "CW-02011", "CW-02012", "CW-02013", "CW-02014", "CW-02015", "CW-02016", "CW-02017", "CW-02018", "CW-02019"]);
      const both = await room.owner.inventory.items.list({ q: "part commonword", perPage: 2 });
      expect(both).toMatchObject({ total: active - 1, rows: [{ sku: "CW-00001" }, { sku: "CW-00002" }] });
      expect((await room.owner.inventory.items.list({ q: "otherword commonword" })).total).toBe(0);
      expect((await room.owner.inventory.items.list({ q: "part", perPage: 1, filters: { type: { type: "enum", values: ["product"] } } })).total).toBe(active - 1 + 2000);
      const rare = await room.owner.inventory.items.list({ q: "commonword rare" });
      expect(rare).toMatchObject({ total: 1, rows: [{ sku: "RARE-1" }] });
    });

    it("looks the words up as index conditions of search_terms_pkey as tessera_app under RLS (page in both plans, count)", async () => {
      const org = room.org.id;
      const words = itemSearchWords("commonword par");
      for (const plan of ["join", "hashed"] as const) {
        const text = await explainAsApp(org, sql`select i.id from inventory.items i where i.organization_id = ${org}::uuid and i.archived_at is null
          and ${itemTermsMatchSql(sql`i.id`, org, words, plan, "active")} order by i.name, i.id limit 51`);
        expect(text).toMatch(/Index (Only )?Scan using search_terms_pkey on search_terms t[\s\S]*Index Cond: \(\(organization_id = .*\) AND \(term >= .*\) AND \(term < /);
        expect(text).not.toContain("Seq Scan");
        expect(text).not.toMatch(/~~|ilike/i);
      }
      const count = await explainAsApp(org, sql`select count(*) from (select 1 ${itemTermsCountFrom(org, words, "active")} limit 10001) c`);
      expect(count).toMatch(/Index (Only )?Scan using search_terms_pkey on search_terms t[\s\S]*Index Cond: \(\(organization_id = .*\) AND \(term >= .*\) AND \(term < /);
      expect(count).not.toContain("on items");
    });
  });
});
