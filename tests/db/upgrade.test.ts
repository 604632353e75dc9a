// Upgrading a database that already has organizations (migration 20261202090000_catalog_reconcile): migrations run
// as tessera_owner under FORCE ROW LEVEL SECURITY and cannot see tenant rows, so catalog data (system-role grants,
// number sequences) is reconciled by the system role after migrating, and derived data (crm.deal_totals) is rebuilt
// by a migration that reads the organizations without forcing. Both are proven here on a scratch database migrated
// to just before them, given an organization with data "from before", then upgraded.
import { afterAll, describe, expect, it } from "vitest";
import { createSystemClient } from "@/server/db/client";
import { migrate } from "@/server/db/migrate";
import { catalogFingerprint, reconcileCatalog } from "@/server/modules/platform/catalog-reconcile";
import { dropDatabases, onDatabase, scratchDatabase } from "../helpers/db";
import { createOlderOrganization, dropOlderDatabases, olderMigrationsDir } from "../helpers/upgrade";

const FIRST_FIXED = "20261202090000_catalog_reconcile";
const databases: string[] = [];

afterAll(async () => {
  await dropDatabases(databases);
  await dropOlderDatabases();
});

describe("upgrading a database with organizations", () => {
  it("rebuilds crm.deal_totals and restores the catalog's grants and sequences", async () => {
    const db = await scratchDatabase();
    databases.push(db.name);
    const older = await migrate(db.owner, { dir: olderMigrationsDir(FIRST_FIXED) });
    expect(older.at(-1)! < FIRST_FIXED).toBe(true);

    // An organization of the older release: created by the current code, then stripped of what the older catalog
    // lacked (the sales role's CRM grants, the deal sequence) and given deals whose totals were never kept.
    const sys = createSystemClient(db.system);
    let orgId: string;
    try {
      const created = await createOlderOrganization(sys, FIRST_FIXED, {
        name: "Upgraded Co",
        slug: "upgraded",
        country: "US",
        baseCurrency: "USD",
        timeZone: "UTC",
        locale: "en-US",
        workspaces: [{ name: "Main", slug: "main", type: "main" }],
      });
      orgId = created.organization.id;
    } finally {
      await sys.$disconnect();
    }
    const facts = () =>
      onDatabase(db.system, async (c) => ({
        salesCrm: Number(
          (
            await c.query(
              `select count(*) as n from auth.role_permissions p join auth.roles r on r.id = p.role_id
                where r.organization_id = $1 and r.key = 'sales' and p.permission like 'crm.%'`,
              [orgId],
            )
          ).rows[0].n,
        ),
        dealSequences: Number((await c.query(`select count(*) as n from settings.number_sequences where organization_id = $1 and document_type = 'deal'`, [orgId])).rows[0].n),
        totals: (
          await c.query(
            `select stage_rank::int as rank, sum(deal_count)::int as n, sum(value)::text as value from crm.deal_totals
              where organization_id = $1 group by 1 order by 1`,
            [orgId],
          )
        ).rows,
      }));
    const fullCatalog = await facts();
    expect(fullCatalog.salesCrm).toBeGreaterThan(10);
    expect(fullCatalog.dealSequences).toBe(1);

    await onDatabase(db.system, async (c) => {
      await c.query("begin");
      await c.query(
        `delete from auth.role_permissions p using auth.roles r
          where r.id = p.role_id and r.organization_id = $1 and r.key = 'sales' and p.permission like 'crm.%'`,
        [orgId],
      );
      await c.query(`delete from settings.number_sequences where organization_id = $1 and document_type = 'deal'`, [orgId]);
      await c.query(
        `insert into crm.customers (organization_id, id, number, name, tags) values ($1, gen_random_uuid(), 'CUST-00001', 'Old Customer', '{}')`,
        [orgId],
      );
      await c.query(
        `insert into crm.deals (organization_id, id, number, customer_id, name, stage, probability, value, currency, closed_at, competitors)
         select $1, gen_random_uuid(), 'DEAL-' || lpad(g::text, 5, '0'), (select id from crm.customers where organization_id = $1),
                'Deal ' || g, s.stage::crm.deal_stage, s.p, g * 100, 'USD', case when s.stage in ('won', 'lost') then now() end, '{}'
           from generate_series(1, 12) g
           join (values (0, 'lead', 10), (1, 'proposal', 50), (2, 'won', 100), (3, 'lost', 0)) s(k, stage, p) on s.k = g % 4`,
        [orgId],
      );
      await c.query(`delete from crm.deal_totals where organization_id = $1`, [orgId]);
      await c.query("commit");
    });
    const before = await facts();
    expect(before).toEqual({ salesCrm: 0, dealSequences: 0, totals: [] });

    // The upgrade, as prepareDatabase does it: the migrations as the owner, then the reconcile as the system role.
    expect(await migrate(db.owner)).toContain("20261202090100_crm_deal_totals_backfill");
    const result = await reconcileCatalog(db.system);
    expect(result).toEqual({ organizations: 1, fingerprint: catalogFingerprint() });

    const after = await facts();
    expect(after.salesCrm).toBe(fullCatalog.salesCrm);
    expect(after.dealSequences).toBe(1);
    // 12 deals: g % 4 = 0 lead (4, 8, 12), 1 proposal (1, 5, 9), 2 won (2, 6, 10), 3 lost (3, 7, 11).
    expect(after.totals).toEqual([
      { rank: 1, n: 3, value: "2400.00" },
      { rank: 3, n: 3, value: "1500.00" },
      { rank: 6, n: 3, value: "1800.00" },
      { rank: 7, n: 3, value: "2100.00" },
    ]);

    // The fingerprint is recorded: the next start does nothing, until the catalog changes.
    expect(await reconcileCatalog(db.system)).toEqual({ organizations: 0, fingerprint: catalogFingerprint() });
    await onDatabase(db.system, (c) => c.query(`update platform.catalog_state set fingerprint = repeat('0', 64)`));
    expect((await reconcileCatalog(db.system)).organizations).toBe(1);
  });
});
