// crm.search_terms: query words (searchWords), and the two plans of the customers list's `q` (termsPlan): a common
// word (≥ 2,000 matching terms) hashes the matching ids and walks the list order, a rare one joins. Both must answer
// the same rows in the same order with the same count, and respect workspace visibility like the rest of the list.
// The tags filter (entity customerTag, migration 20261202130000_crm_tag_terms): kept in step with the tags by the
// trigger, an index condition on search_terms_pkey as tessera_app under RLS, the same answers in both plans.
import { beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "@/server/db/client";
import { sql } from "@/server/kernel/list-query";
import { searchWords, tagsMatchSql, tagsPlan, tagTerms, termsPlan, TERM_ENTITY } from "@/server/modules/crm/search-terms";
import { asApp } from "../helpers/db";
import { callerFor, makeOrg, makeUser } from "../helpers/factory";

describe("crm search terms", () => {
  it("splits a query into words as the database splits terms", () => {
    expect(searchWords("  Nordic  TRAD ")).toEqual([["nordic"], ["trad"]]);
    expect(searchWords("o'brien-smith")).toEqual([["o"], ["brien"], ["smith"]]);
    expect(searchWords("+7 (701) 555-12")).toEqual([["770155512"]]);
    expect(searchWords("00042")).toEqual([["00042", "42"]]);
    expect(searchWords("CUST-00042")).toEqual([["cust-00042"]]);
    expect(searchWords("Ivan@Acme.test")).toEqual([["ivan@acme.test"]]);
    expect(searchWords("@acme.test")).toEqual([["acme.test"]]);
    expect(searchWords("Алматы Сервис")).toEqual([["алматы"], ["сервис"]]);
    expect(searchWords("%%% ___")).toEqual([]);
  });

  describe("list q plans", () => {
    let org: Awaited<ReturnType<typeof makeOrg>>;
    let caller: Awaited<ReturnType<typeof callerFor>>;
    const N = 2100;

    beforeAll(async () => {
      org = await makeOrg();
      const user = await makeUser(org);
      caller = await callerFor(user.id, { org: org.slug });
      // Set-based as the system role: the search terms trigger writes the terms of every row.
      await systemDb().$executeRaw`
        insert into crm.customers (organization_id, id, number, name, workspace_id, tags, updated_at)
        select ${org.id}::uuid, gen_random_uuid(), 'BULK-' || lpad(g::text, 5, '0'), 'Commonword ' || lpad(g::text, 5, '0'),
               case when g % 10 = 0 then ${org.workspaces.second}::uuid end, '{}', now()
          from generate_series(1, ${N}) g`;
      await caller.crm.customers.create({ name: "Rareword Commonword" });
    });

    it("uses the hashed plan for a common word and the join for a rare one, with the same answers", async () => {
      const db = systemDb();
      expect(await termsPlan(db, TERM_ENTITY.customer, org.id, searchWords("commonword"))).toBe("hashed");
      expect(await termsPlan(db, TERM_ENTITY.customer, org.id, searchWords("rareword"))).toBe("join");
      expect(await termsPlan(db, TERM_ENTITY.customer, org.id, searchWords("commonword rareword"))).toBe("join");

      const common = await caller.crm.customers.list({ q: "commonword", perPage: 5 });
      // Every 10th bulk row is in workspace "second": visible to this member (both workspaces), counted.
      expect(common.total).toBe(N + 1);
      expect(common.rows.map((r) => r.name)).toEqual(["Commonword 00001", "Commonword 00002", "Commonword 00003", "Commonword 00004", "Commonword 00005"]);
      const next = await caller.crm.customers.list({ q: "commonword", perPage: 5, cursor: common.nextCursor });
      expect(next.rows[0]!.name).toBe("Commonword 00006");
      const rare = await caller.crm.customers.list({ q: "rareword" });
      expect(rare.rows.map((r) => r.name)).toEqual(["Rareword Commonword"]);
      expect(rare.total).toBe(1);
      expect((await caller.crm.customers.list({ q: "commonword rare" })).rows.map((r) => r.name)).toEqual(["Rareword Commonword"]);
    });

    it("keeps workspace visibility and the count in the hashed plan", async () => {
      const member = await makeUser(org, { roles: ["sales"], workspaces: ["main"] });
      const c = await callerFor(member.id, { org: org.slug });
      const r = await c.crm.customers.list({ q: "commonword", perPage: 50 });
      expect(r.rows).toHaveLength(50);
      expect(r.rows.every((x) => x.workspaceId === null)).toBe(true);
      expect(r.rows.map((x) => x.name)).not.toContain("Commonword 00010");
      expect(r.total).toBe(N - N / 10 + 1);
    });
  });

  describe("tags filter", () => {
    let org: Awaited<ReturnType<typeof makeOrg>>;
    let caller: Awaited<ReturnType<typeof callerFor>>;
    const N = 2050;
    const tagNames = (r: { rows: { name: string }[] }) => r.rows.map((x) => x.name);
    const tagsOf = async (id: string) =>
      (
        await systemDb().$queryRaw<{ term: string }[]>`select term from crm.search_terms
          where organization_id = ${org.id}::uuid and entity = ${TERM_ENTITY.customerTag}::smallint and entity_id = ${id}::uuid order by term`
      ).map((r) => r.term);

    beforeAll(async () => {
      org = await makeOrg();
      const user = await makeUser(org);
      caller = await callerFor(user.id, { org: org.slug });
      // Every bulk row tagged "bulk"; every 10th also "Tenth" (case kept) and in workspace "second".
      await systemDb().$executeRaw`
        insert into crm.customers (organization_id, id, number, name, workspace_id, tags, updated_at)
        select ${org.id}::uuid, gen_random_uuid(), 'TAG-' || lpad(g::text, 5, '0'), 'Tagged ' || lpad(g::text, 5, '0'),
               case when g % 10 = 0 then ${org.workspaces.second}::uuid end,
               case when g % 10 = 0 then array['bulk', 'Tenth'] else array['bulk'] end, now()
          from generate_series(1, ${N}) g`;
    });

    it("keeps the tag terms in step with the tags: create, update, bulk add, delete", async () => {
      const c = await caller.crm.customers.create({ name: "Aardvark Tags", tags: ["vip", "north", "vip"] });
      expect(await tagsOf(c.id)).toEqual(["north", "vip"]);
      const u = await caller.crm.customers.update({ id: c.id, version: c.version, tags: ["vip", "south"] });
      expect(await tagsOf(c.id)).toEqual(["south", "vip"]);
      await caller.crm.customers.bulkAddTag({ ids: [c.id], tag: "east" });
      expect(await tagsOf(c.id)).toEqual(["east", "south", "vip"]);
      // A rename leaves the tags alone; clearing them removes every tag term.
      const renamed = await caller.crm.customers.update({ id: c.id, version: u.version + 1, name: "Aardvark Renamed" });
      expect(await tagsOf(c.id)).toEqual(["east", "south", "vip"]);
      await caller.crm.customers.update({ id: c.id, version: renamed.version, tags: [] });
      expect(await tagsOf(c.id)).toEqual([]);
      const d = await caller.crm.customers.create({ name: "Aardvark Deleted", tags: ["gone"] });
      await systemDb().$executeRaw`delete from crm.customers where organization_id = ${org.id}::uuid and id = ${d.id}::uuid`;
      expect(await tagsOf(d.id)).toEqual([]);
      // The bulk insert's rows got their terms from the trigger too.
      const bulk = await systemDb().$queryRaw<{ n: bigint }[]>`select count(*) as n from crm.search_terms
        where organization_id = ${org.id}::uuid and entity = ${TERM_ENTITY.customerTag}::smallint and term = 'bulk'`;
      expect(Number(bulk[0]!.n)).toBe(N);
    });

    it("filters any of the tags, exactly (case kept), in both plans, with workspace visibility and the count", async () => {
      expect(await tagsPlan(systemDb(), org.id, ["bulk"])).toBe("hashed");
      expect(await tagsPlan(systemDb(), org.id, ["Tenth"])).toBe("join");
      const bulk = await caller.crm.customers.list({ filters: { tags: { type: "enum", values: ["bulk"] } }, perPage: 3 });
      expect(tagNames(bulk)).toEqual(["Tagged 00001", "Tagged 00002", "Tagged 00003"]);
      expect(bulk.total).toBe(N);
      const next = await caller.crm.customers.list({ filters: { tags: { type: "enum", values: ["bulk"] } }, perPage: 3, cursor: bulk.nextCursor });
      expect(tagNames(next)[0]).toBe("Tagged 00004");
      const tenth = await caller.crm.customers.list({ filters: { tags: { type: "enum", values: ["Tenth", "nope"] } }, perPage: 2 });
      expect(tagNames(tenth)).toEqual(["Tagged 00010", "Tagged 00020"]);
      expect(tenth.total).toBe(N / 10);
      expect((await caller.crm.customers.list({ filters: { tags: { type: "enum", values: ["tenth"] } } })).total).toBe(0);
      // With q: both conditions apply.
      expect(tagNames(await caller.crm.customers.list({ q: "TAG-00020", filters: { tags: { type: "enum", values: ["Tenth"] } } }))).toEqual(["Tagged 00020"]);
      // A member of "main" only: the tenth rows (workspace "second") are not seen, nor counted.
      const member = await makeUser(org, { roles: ["sales"], workspaces: ["main"] });
      const m = await callerFor(member.id, { org: org.slug });
      expect((await m.crm.customers.list({ filters: { tags: { type: "enum", values: ["Tenth"] } } })).total).toBe(0);
      expect((await m.crm.customers.list({ filters: { tags: { type: "enum", values: ["bulk"] } } })).total).toBe(N - N / 10);
    });

    it("is an index condition of search_terms_pkey as tessera_app under RLS, in both plans", async () => {
      for (const plan of ["join", "hashed"] as const) {
        const where = tagsMatchSql(sql`c.id`, org.id, tagTerms(["Tenth", "vip"]), plan);
        const q = sql`explain select c.id from crm.customers c where c.organization_id = ${org.id}::uuid and ${where}`;
        const text = await asApp({ orgId: org.id, workspaceIds: Object.values(org.workspaces) }, async (pg) => {
          await pg.query("set local enable_seqscan = off");
          const r = await pg.query(q.text, q.values as unknown[]);
          return r.rows.map((x: { "QUERY PLAN": string }) => x["QUERY PLAN"]).join("\n");
        });
        expect(text).toMatch(/Index (Only )?Scan using search_terms_pkey on search_terms t[\s\S]*Index Cond: \(\(organization_id = .*\) AND \(entity = .*\) AND \(term = ANY /);
        expect(text).not.toContain("Seq Scan");
        expect(text).not.toContain("tags");
      }
    });
  });
});
