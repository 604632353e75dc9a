// crm.search_terms: query words (searchWords), and the two plans of the customers list's `q` (termsPlan): a common
// word (≥ 2,000 matching terms) hashes the matching ids and walks the list order, a rare one joins. Both must answer
// the same rows in the same order with the same count, and respect workspace visibility like the rest of the list.
import { beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "@/server/db/client";
import { searchWords, termsPlan, TERM_ENTITY } from "@/server/modules/crm/search-terms";
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
});
