// The reference data set of ARCHITECTURE §14 for the CRM tables (issue 5):
//   100 organizations created through the real organization-creation service (roles, sequences, currency, workspaces,
//   an owner with a known password); the largest ("bench-big") with 1,000,000 customers, 3,000,000 contacts,
//   500,000 deals and 2,000,000 activities (deals and activities when their tables exist), ~50 members owning them;
//   the 99 others with 1,000 customers each. Rows are made by set-based SQL (insert … select from generate_series),
//   with deterministic pseudo-random distributions (hashint8extended), so two runs make the same data.
//
//   npx tsx bench/generate.ts [--scale 1] [--orgs 100]        (npm run bench:generate -- --scale 0.01)
//
// Database: DATABASE_URL (+ DATABASE_OWNER_URL, DATABASE_SYSTEM_URL) or the embedded cluster in .bench/pgdata.
// Re-runnable: organizations that exist are kept, a table already filled for an organization is skipped (so after the
// pipeline tables arrive, a second run adds deals and activities only). Start over: rm -rf .bench.
//
// The bulk load runs as the table owner in ONE transaction per phase: the audit trigger (audit_capture) is disabled
// and the secondary indexes dropped for the load, then rebuilt and re-enabled before COMMIT — a failure rolls all of
// it back, so the trigger can never stay disabled. Generated rows therefore have no audit events (a real import
// would; the bench measures reads). Kernel numbering stays consistent: each sequence's counter is set to the last
// generated number, so the app continues at the next one.
import { performance } from "node:perf_hooks";
import type pg from "pg";
import { arg, BENCH_PASSWORD, BIG_ORG, client, fmtMs, openBenchDb } from "./db";

const log = (s: string) => console.log(`[bench:generate] ${s}`);
const scale = Number(arg("scale", "BENCH_SCALE", "1"));
const orgCount = Number(arg("orgs", "BENCH_ORGS", "100"));
if (!(scale > 0) || !(orgCount >= 1)) throw new Error("--scale must be > 0 and --orgs >= 1");

const n = (full: number, min = 1) => Math.max(min, Math.round(full * scale));
export const SIZES = {
  bigCustomers: n(1_000_000, 100),
  smallCustomers: n(1_000, 10),
  /** Contacts per customer: 1..5 by the customer's number, exactly 3 on average. */
  bigDeals: n(500_000, 50),
  smallDeals: n(500, 5),
  bigActivities: n(2_000_000, 200),
  smallActivities: n(2_000, 20),
  bigMembers: 50,
  /** Inventory (bench/inventory.ts): items and stock moves; small organizations get a few hundred of each. */
  bigItems: n(200_000, 200),
  smallItems: n(300, 100),
  bigMoves: n(5_000_000, 1_200),
  smallMoves: n(600, 240),
};

// ---------------------------------------------------------------------------------------------------------------
// Word lists and deterministic "random" expressions

const ADJ = `Northern Southern Eastern Western Central Pacific Atlantic Nordic Alpine Coastal Golden Silver Blue Green Red
  Prime First United Global National Royal Modern Classic Bright Rapid Solid Smart Clear Summit Pioneer Frontier
  Liberty Eagle Falcon Cedar Oak Maple Pine River Lake Valley Mountain Harbor Bay Metro Urban Rural Sun Star Polar
  Delta Omega Alpha Nova Vertex Apex Crystal Iron Steel Copper Stone`.split(/\s+/);
const NOUN = `Logistics Foods Textiles Motors Systems Analytics Dynamics Solutions Industries Trading Supply Energy Power
  Pharma Health Foods Bakery Dairy Farms Builders Construction Realty Capital Finance Insurance Media Studios Labs
  Software Networks Telecom Electronics Robotics Plastics Chemicals Metals Mining Paper Packaging Furniture Apparel
  Shoes Optics Marine Aviation Rail Freight Express Travel Hotels Restaurants Coffee Brewing Wines Sports Toys Books
  Printing Design Consulting`.split(/\s+/);
const SUFFIX = ["LLC", "Ltd", "Inc", "Group", "Co", "Partners", "Holdings", "Corp", "GmbH", "LLP"];
const FIRST = `James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth David Barbara Richard Susan Joseph
  Jessica Thomas Sarah Charles Karen Daniel Nancy Matthew Lisa Anthony Betty Mark Margaret Aigerim Nursultan Dana
  Arman Aliya Timur Olga Ivan Anna Sergei Elena Dmitry Priya Rahul Ananya Arjun Wei Li Yuki Hiro Sofia Lucas`.split(/\s+/);
const LAST = `Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson
  Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis Robinson
  Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Ivanov Petrova Sultanov Akhmetova Kim Sharma Patel
  Chen Wang Tanaka`.split(/\s+/);
const INDUSTRY = ["Manufacturing", "Retail", "Wholesale", "Construction", "Healthcare", "IT", "Finance", "Logistics", "Agriculture", "Energy", "Education", "Hospitality"];
const TAGS = ["vip", "wholesale", "retail", "export", "partner", "key-account", "new", "b2b", "b2c", "distributor", "reseller", "government"];
const POSITIONS = ["CEO", "CFO", "Procurement manager", "Sales manager", "Accountant", "Office manager", "CTO", "Buyer", "Logistics manager", "Director"];

const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;
const arr = (xs: readonly string[]) => `array[${xs.map(lit).join(",")}]`;
/** A uniform number in [0, 1) from the integer expression `key` and a seed: deterministic per row. */
const u = (key: string, seed: number) => `((hashint8extended((${key})::bigint, ${seed}) & 2147483647)::float8 / 2147483648.0)`;
/** One element of `xs` picked by u(key, seed) (skewed toward the first elements with power > 1). */
const pick = (xs: readonly string[], key: string, seed: number, power = 1) =>
  `(${arr(xs)})[1 + floor(${power === 1 ? u(key, seed) : `power(${u(key, seed)}, ${power})`} * ${xs.length})::int]`;

// ---------------------------------------------------------------------------------------------------------------
// Organizations (the real service) and members

interface Org {
  id: string;
  slug: string;
  big: boolean;
  ownerUserId: string;
  workspaceIds: string[];
  memberIds: string[];
  currency: string;
}

async function ensureOrganizations(): Promise<Org[]> {
  const { systemDb } = await import("@/server/db/client");
  const { createOrganization } = await import("@/server/modules/platform/organizations.service");
  const { addMember, createUser } = await import("@/server/modules/auth/users.service");
  const sys = systemDb();
  const t0 = performance.now();
  let created = 0;
  for (let i = 0; i < orgCount; i++) {
    const big = i === 0;
    const slug = big ? BIG_ORG.slug : `bench-${String(i).padStart(3, "0")}`;
    if (await sys.organization.findUnique({ where: { slug }, select: { id: true } })) continue;
    const ownerEmail = big ? BIG_ORG.owner : `owner@${slug}.test`;
    const owner =
      (await sys.user.findUnique({ where: { email: ownerEmail }, select: { id: true } })) ??
      (await sys.$transaction((tx) => createUser(tx, { email: ownerEmail, name: big ? "Bench Owner" : `Owner ${slug}`, password: BENCH_PASSWORD })));
    await createOrganization(
      sys,
      {
        name: big ? "Bench Big Corporation" : `Bench Company ${i}`,
        slug,
        country: "US",
        baseCurrency: "USD",
        timeZone: "America/New_York",
        locale: "en-US",
        workspaces: big
          ? [
              { name: "Headquarters", slug: "hq", type: "main" },
              { name: "East Branch", slug: "east", type: "branch" },
              { name: "West Branch", slug: "west", type: "branch" },
            ]
          : [{ name: "Main", slug: "main", type: "main" }],
      },
      { ownerUserId: owner.id },
    );
    created++;
    if (big) {
      // ~50 members own the big organization's records: the owner and 49 sales people (argon2 hashes, one each).
      const org = (await sys.organization.findUnique({ where: { slug }, select: { id: true } }))!;
      for (let k = 1; k < SIZES.bigMembers; k++) {
        const email = `sales${String(k).padStart(2, "0")}@${slug}.test`;
        await sys.$transaction(async (tx) => {
          const user =
            (await tx.user.findUnique({ where: { email }, select: { id: true } })) ??
            (await createUser(tx, { email, name: `${FIRST[k % FIRST.length]} ${LAST[(k * 7) % LAST.length]}`, password: BENCH_PASSWORD }));
          await addMember(tx, { organizationId: org.id, userId: user.id, roleKeys: ["sales"], allWorkspaces: true });
        });
      }
    }
    if (created % 10 === 0) log(`${created} organizations created (${fmtMs(performance.now() - t0)})`);
  }
  if (created) log(`created ${created} organization(s) through createOrganization in ${fmtMs(performance.now() - t0)}`);
  // Organizations made before a migration that grew the permission catalog or the document types get them here, as
  // the seed does (syncSystemRoles, syncSequences: idempotent).
  const { syncSequences } = await import("@/server/kernel/numbering");
  const { syncSystemRoles } = await import("@/server/modules/platform/organizations.service");
  const t1 = performance.now();
  const existing = await sys.organization.findMany({ where: { slug: { startsWith: "bench-" } }, select: { id: true } });
  for (const o of existing) {
    await sys.$transaction(async (tx) => {
      await syncSystemRoles(tx, o.id);
      await syncSequences(tx, o.id);
    });
  }
  log(`system roles and sequences in sync for ${existing.length} organization(s) (${fmtMs(performance.now() - t1)})`);

  const orgs = await sys.organization.findMany({
    where: { slug: { startsWith: "bench-" } },
    select: {
      id: true,
      slug: true,
      baseCurrency: true,
      workspaces: { select: { id: true, slug: true }, orderBy: { createdAt: "asc" } },
      memberships: { select: { id: true, userId: true, roles: { select: { role: { select: { key: true } } } } }, orderBy: { createdAt: "asc" } },
    },
    orderBy: { slug: "asc" },
  });
  return orgs.map((o) => {
    const owner = o.memberships.find((m) => m.roles.some((r) => r.role.key === "owner")) ?? o.memberships[0]!;
    return {
      id: o.id,
      slug: o.slug,
      big: o.slug === BIG_ORG.slug,
      ownerUserId: owner.userId,
      workspaceIds: o.workspaces.map((w) => w.id),
      memberIds: o.memberships.map((m) => m.id),
      currency: o.baseCurrency,
    };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Bulk phases

interface Phase {
  name: string;
  tables: string[];
  /** Rows of the first table already there for this organization: > 0 skips the organization. */
  load: (c: pg.Client, org: Org) => Promise<Record<string, number>>;
  /** After the indexes are rebuilt, before COMMIT, per loaded organization: throw to roll the phase back. */
  verify?: (c: pg.Client, org: Org) => Promise<void>;
}

async function tableExists(c: pg.Client, table: string): Promise<boolean> {
  const r = await c.query<{ ok: boolean }>("select to_regclass($1) is not null as ok", [table]);
  return r.rows[0]!.ok;
}

async function scopeTo(c: pg.Client, org: Org) {
  await c.query(
    `select set_config('app.org_id', $1, true), set_config('app.workspace_ids', $2, true), set_config('app.user_id', $3, true),
            set_config('app.request_id', 'bench-generate', true)`,
    [org.id, `{${org.workspaceIds.join(",")}}`, org.ownerUserId],
  );
}

/** Sets the kernel counter of `documentType` to `last` (never lowers it) and marks the sequence used. */
async function setCounter(c: pg.Client, org: Org, documentType: string, last: number) {
  const r = await c.query(
    `with s as (select id, reset from settings.number_sequences where organization_id = $1 and document_type = $2 and workspace_id is null)
     insert into settings.number_sequence_counters as c (organization_id, sequence_id, period, last_value)
     select $1, s.id, case when s.reset::text = 'never' then '' else to_char(now() at time zone $4, 'YYYY') end, $3 from s
     on conflict (organization_id, sequence_id, period) do update set last_value = greatest(c.last_value, excluded.last_value), updated_at = now()`,
    [org.id, documentType, last, "America/New_York"],
  );
  if (r.rowCount !== 1) throw new Error(`no ${documentType} sequence in ${org.slug}`);
  await c.query(`update settings.number_sequences set used_at = coalesce(used_at, now()) where organization_id = $1 and document_type = $2 and workspace_id is null`, [
    org.id,
    documentType,
  ]);
}

async function insertCustomers(c: pg.Client, org: Org, count: number): Promise<number> {
  const g = "g";
  const members = org.big ? org.memberIds : org.memberIds.slice(0, 1);
  // Company names: adjective + noun (+ a third word for a third of them) + legal suffix; individuals: first + last.
  const company = `${pick(ADJ, g, 1)} || ' ' || ${pick(NOUN, g, 2)} || case when ${u(g, 3)} < 0.33 then ' ' || ${pick(NOUN, g, 4)} else '' end || ' ' || ${pick(SUFFIX, g, 5)}`;
  const person = `${pick(FIRST, g, 6)} || ' ' || ${pick(LAST, g, 7)}`;
  const slugPart = `lower(${pick(ADJ, g, 1)} || ${pick(NOUN, g, 2)})`;
  const scoped = org.workspaceIds.slice(1); // customers owned by a branch (about 8 %); the rest organization-wide
  const r = await c.query(
    `insert into crm.customers (organization_id, id, number, workspace_id, type, name, legal_name, status, tax_id, email, phone,
       website, industry, tier, owner_membership_id, credit_limit, credit_currency, tags, notes, custom_fields, archived_at,
       created_at, updated_at, created_by, updated_by)
     select $1::uuid, uuidv7(), 'CUST-' || lpad(g::text, greatest(5, length(g::text)), '0'),
       case when cardinality($3::uuid[]) > 0 and ${u(g, 8)} < 0.08 then ($3::uuid[])[1 + (g % cardinality($3::uuid[]))] end,
       x.type::crm.customer_type,
       case when x.type = 'company' then ${company} else ${person} end,
       case when x.type = 'company' and ${u(g, 9)} < 0.5 then ${company} end,
       (case when ${u(g, 10)} < 0.15 then 'lead' when ${u(g, 10)} < 0.30 then 'prospect' when ${u(g, 10)} < 0.80 then 'active'
             when ${u(g, 10)} < 0.92 then 'inactive' else 'churned' end)::crm.customer_status,
       null,
       case when ${u(g, 11)} < 0.8 then 'contact' || g || '@' || ${slugPart} || '.example.com' end,
       case when ${u(g, 12)} < 0.7 then '+1 555 ' || lpad((hashint8extended(g, 13) & 8388607)::text, 7, '0') end,
       case when x.type = 'company' and ${u(g, 14)} < 0.4 then 'https://www.' || ${slugPart} || '.example.com' end,
       ${pick(INDUSTRY, g, 15, 1.5)},
       (case when ${u(g, 16)} < 0.70 then 'standard' when ${u(g, 16)} < 0.90 then 'silver' when ${u(g, 16)} < 0.98 then 'gold' else 'platinum' end)::crm.customer_tier,
       case when ${u(g, 17)} < 0.95 then ($2::uuid[])[1 + floor(power(${u(g, 18)}, 1.3) * cardinality($2::uuid[]))::int] end,
       case when ${u(g, 19)} < 0.3 then round((${u(g, 20)} * 100)::numeric) * 1000 end,
       case when ${u(g, 19)} < 0.3 then $4 end,
       case when ${u(g, 21)} < 0.4 then '{}'::text[] when ${u(g, 21)} < 0.75 then array[${pick(TAGS, g, 22, 1.4)}]
            else array_remove(array[${pick(TAGS, g, 22, 1.4)}, ${pick(TAGS, g, 23)}], null) end,
       case when ${u(g, 24)} < 0.05 then 'Generated for the benchmark.' end,
       '{}'::jsonb,
       case when ${u(g, 25)} < 0.03 then now() - interval '1 day' * (g % 365) end,
       x.created, x.created, $5::uuid, $5::uuid
     from generate_series(1, $6::int) g
     cross join lateral (select case when ${u(g, 26)} < 0.8 then 'company' else 'individual' end as type,
                                now() - interval '3 years' * (1 - g::float8 / $6::int) as created) x`,
    [org.id, members, scoped, org.currency, org.ownerUserId, count],
  );
  return r.rowCount ?? 0;
}

async function insertContacts(c: pg.Client, org: Org): Promise<number> {
  // 1..5 contacts per customer by its number (exactly 3 on average); the first is the primary one.
  const key = "(seq * 8 + k)";
  const r = await c.query(
    `insert into crm.contacts (organization_id, id, customer_id, first_name, last_name, position, email, phone, is_primary,
       is_decision_maker, created_at, updated_at, created_by, updated_by)
     select c.organization_id, uuidv7(), c.id, ${pick(FIRST, key, 31)}, ${pick(LAST, key, 32)},
       case when ${u(key, 33)} < 0.7 then ${pick(POSITIONS, key, 34)} end,
       case when ${u(key, 35)} < 0.75 then lower(${pick(FIRST, key, 31)}) || '.' || lower(${pick(LAST, key, 32)}) || seq || '@mail.example.com' end,
       case when ${u(key, 36)} < 0.6 then '+1 555 ' || lpad((hashint8extended(${key}, 37) & 8388607)::text, 7, '0') end,
       k = 1, ${u(key, 38)} < 0.25, c.created_at, c.created_at, $2::uuid, $2::uuid
     from (select organization_id, id, created_at, substr(number, 6)::bigint as seq from crm.customers where organization_id = $1) c
     cross join lateral generate_series(1, 1 + (c.seq % 5)::int) k`,
    [org.id, org.ownerUserId],
  );
  return r.rowCount ?? 0;
}

// Deals and activities: the pipeline tables of migration 20261201130000_crm_pipeline (on main from ~04:35).
import { insertActivities, insertDeals, PIPELINE_TABLES } from "./pipeline";
// Inventory: the tables of migration 20261202140000_inventory_core (issue 6).
import { checkInventory, fillInventorySearchTerms, insertInventory, INVENTORY_COUNTERS, INVENTORY_SEARCH_TERMS, INVENTORY_TABLES } from "./inventory";

const PHASES: Phase[] = [
  {
    name: "customers and contacts",
    tables: ["crm.customers", "crm.contacts"],
    load: async (c, org) => {
      const customers = await insertCustomers(c, org, org.big ? SIZES.bigCustomers : SIZES.smallCustomers);
      const contacts = await insertContacts(c, org);
      await setCounter(c, org, "customer", customers);
      return { customers, contacts };
    },
  },
  {
    name: "deals and activities",
    tables: PIPELINE_TABLES,
    load: async (c, org) => {
      const deals = await insertDeals(c, org, org.big ? SIZES.bigDeals : SIZES.smallDeals, { u, pick, setCounter: (d, last) => setCounter(c, org, d, last) });
      const activities = await insertActivities(c, org, org.big ? SIZES.bigActivities : SIZES.smallActivities, { u, pick });
      return { deals, activities };
    },
  },
  {
    name: "inventory",
    tables: INVENTORY_TABLES,
    load: (c, org) => insertInventory(c, org, org.big ? { items: SIZES.bigItems, moves: SIZES.bigMoves } : { items: SIZES.smallItems, moves: SIZES.smallMoves }, { u, pick }),
    verify: (c, org) => checkInventory(c, org),
  },
];

interface DroppedIndex {
  name: string;
  def: string;
}

/** Secondary indexes (not backing a primary key / unique / exclusion constraint) of `table`. */
async function secondaryIndexes(c: pg.Client, table: string): Promise<DroppedIndex[]> {
  const r = await c.query<DroppedIndex>(
    `select format('%I.%I', n.nspname, ci.relname) as name, pg_get_indexdef(i.indexrelid) as def
       from pg_index i join pg_class ci on ci.oid = i.indexrelid join pg_namespace n on n.oid = ci.relnamespace
      where i.indrelid = $1::regclass and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)`,
    [table],
  );
  return r.rows;
}

async function hasTrigger(c: pg.Client, table: string, name: string): Promise<boolean> {
  const r = await c.query("select 1 from pg_trigger where tgrelid = $1::regclass and tgname = $2", [table, name]);
  return r.rowCount === 1;
}

/** The terms crm.search_terms holds for the loaded rows (the same functions as the triggers). */
const SEARCH_TERMS_SQL: Record<string, string> = {
  // With their kinds (migration 20261202100000_masking: a masked member matches no e-mail / phone / tax id term).
  "crm.customers": `insert into crm.search_terms (organization_id, entity, term, entity_id, kind)
    select c.organization_id, 1, t.term, c.id, t.kind from crm.customers c
     cross join lateral crm.customer_search_term_kinds(c.name, c.number, c.email, c.phone, c.tax_id) as t
     where c.organization_id = $1 on conflict do nothing`,
  "crm.contacts": `insert into crm.search_terms (organization_id, entity, term, entity_id, kind)
    select ct.organization_id, 2, t.term, ct.id, t.kind from crm.contacts ct
     cross join lateral crm.contact_search_term_kinds(ct.first_name, ct.last_name, ct.email, ct.phone) as t
     where ct.organization_id = $1 on conflict do nothing`,
  "crm.deals": `insert into crm.search_terms (organization_id, entity, term, entity_id)
    select d.organization_id, 3, t.term, d.id from crm.deals d
     cross join lateral unnest(crm.deal_search_terms(d.name, d.number)) as t(term)
     where d.organization_id = $1 on conflict do nothing`,
  // inventory.search_terms (migration 20261202230000_inventory_search_terms): the organization's items, set-based.
  "inventory.items": "select inventory.search_terms_rebuild($1::uuid)",
};

/**
 * The deals' derived tables of the loaded deals, set-based, per trigger on crm.deals: crm.deal_totals (migration
 * 20261201260000_crm_deal_totals) and the dashboard's crm.customer_won_totals / crm.deal_close_day_totals (migration
 * 20261202110000_crm_dashboard_perf). Each trigger is disabled for the bulk load when the branch has it.
 */
const DEAL_DERIVED: { trigger: string; rebuild: string }[] = [
  { trigger: "deal_totals_sync", rebuild: "select crm.deal_totals_rebuild($1::uuid)" },
  { trigger: "deal_dashboard_sync", rebuild: "select crm.deal_dashboard_rebuild($1::uuid)" },
];

async function runPhase(ownerUrl: string, phase: Phase, orgs: Org[]) {
  const c = client(ownerUrl);
  await c.connect();
  try {
    for (const t of phase.tables) {
      if (!(await tableExists(c, t))) {
        log(`${phase.name}: skipped (${t} does not exist on this branch yet)`);
        return;
      }
    }
    const [first] = phase.tables;
    // As the owner, FORCE RLS shows nothing without app.org_id: look per organization inside its scope.
    const todo: Org[] = [];
    for (const org of orgs) {
      await c.query("begin");
      await scopeTo(c, org);
      const r = await c.query<{ n: string }>(`select count(*) as n from (select 1 from ${first} where organization_id = $1 limit 1) t`, [org.id]);
      await c.query("commit");
      if (Number(r.rows[0]!.n) === 0) todo.push(org);
    }
    if (!todo.length) {
      log(`${phase.name}: already generated`);
      return;
    }
    const t0 = performance.now();
    await c.query("begin");
    await c.query("set local synchronous_commit = off");
    await c.query("set local maintenance_work_mem = '512MB'");
    const dropped: DroppedIndex[] = [];
    // The search terms trigger (migrations 20261201210000, deals 20261201250000) would write ~10 rows per generated row, one statement each:
    // disabled like the audit trigger, and the terms of the loaded rows written set-based below.
    const termed: string[] = [];
    // The deal totals trigger (migration 20261201260000) would update a totals row per generated deal: disabled too, and
    // the totals rebuilt set-based from the loaded deals below.
    const totalled: { table: string; trigger: string; rebuild: string }[] = [];
    // Derived tables (inventory.stock_levels, item_costs) have no audit trigger.
    const audited: string[] = [];
    let valued = false;
    for (const t of phase.tables) {
      if (await hasTrigger(c, t, "audit_capture")) {
        await c.query(`alter table ${t} disable trigger audit_capture`);
        audited.push(t);
      }
      for (const d of t === "crm.deals" ? DEAL_DERIVED : []) {
        if (!(await hasTrigger(c, t, d.trigger))) continue;
        await c.query(`alter table ${t} disable trigger ${d.trigger}`);
        totalled.push({ table: t, ...d });
      }
      if (await hasTrigger(c, t, "search_terms_sync")) {
        await c.query(`alter table ${t} disable trigger search_terms_sync`);
        termed.push(t);
      }
      // The valuation days' trigger (migration 20261202220000) only looks at back-dated moves whose day is already
      // closed; none is before the fill below (fillDerived), so it would only cost a lock and a read per loaded move.
      if (t === "inventory.stock_moves" && (await hasTrigger(c, t, "stock_moves_valuation_days"))) {
        await c.query(`alter table ${t} disable trigger stock_moves_valuation_days`);
        valued = true;
      }
      for (const ix of await secondaryIndexes(c, t)) {
        await c.query(`drop index ${ix.name}`);
        dropped.push(ix);
      }
    }
    const totals: Record<string, number> = {};
    for (const org of todo) {
      await scopeTo(c, org);
      const t1 = performance.now();
      const counts = await phase.load(c, org);
      for (const [k, v] of Object.entries(counts)) totals[k] = (totals[k] ?? 0) + v;
      if (org.big) log(`${phase.name}: ${org.slug} ${JSON.stringify(counts)} in ${fmtMs(performance.now() - t1)}`);
    }
    if (termed.length) {
      const t3 = performance.now();
      for (const org of todo) {
        await scopeTo(c, org);
        for (const t of termed) await c.query(SEARCH_TERMS_SQL[t]!, [org.id]);
      }
      for (const t of termed) await c.query(`alter table ${t} enable trigger search_terms_sync`);
      log(`${phase.name}: search terms in ${fmtMs(performance.now() - t3)}`);
    }
    if (totalled.length) {
      const t4 = performance.now();
      for (const org of todo) {
        await scopeTo(c, org);
        for (const d of totalled) await c.query(d.rebuild, [org.id]);
      }
      for (const d of totalled) await c.query(`alter table ${d.table} enable trigger ${d.trigger}`);
      log(`${phase.name}: deal totals (${totalled.map((d) => d.trigger).join(", ")}) in ${fmtMs(performance.now() - t4)}`);
    }
    const t2 = performance.now();
    for (const ix of dropped) await c.query(ix.def);
    log(`${phase.name}: rebuilt ${dropped.length} index(es) in ${fmtMs(performance.now() - t2)}`);
    for (const t of audited) await c.query(`alter table ${t} enable trigger audit_capture`);
    if (valued) await c.query("alter table inventory.stock_moves enable trigger stock_moves_valuation_days");
    if (phase.verify) {
      const t5 = performance.now();
      await c.query("analyze " + phase.tables.join(", "));
      for (const org of todo) {
        await scopeTo(c, org);
        await phase.verify(c, org);
      }
      log(`${phase.name}: verified ${todo.length} organization(s) in ${fmtMs(performance.now() - t5)}`);
    }
    await c.query("commit");
    log(`${phase.name}: ${JSON.stringify(totals)} for ${todo.length} organization(s) in ${fmtMs(performance.now() - t0)}`);
  } catch (e) {
    await c.query("rollback").catch(() => undefined);
    throw e;
  } finally {
    await c.end();
  }
}

/**
 * Derived data filled from what is loaded, idempotent (also on an existing .bench whose phases are all skipped):
 * inventory.valuation_days — the closed days of every workspace (inventory.valuation_days_fill adds only the days a
 * workspace lacks; ~10 s for bench-big's 5,000,000 moves the first time, nothing afterwards).
 */
async function fillDerived(c: pg.Client, orgs: Org[]) {
  const exists = await c.query<{ ok: boolean }>("select to_regprocedure('inventory.valuation_days_fill(uuid)') is not null as ok");
  if (!exists.rows[0]!.ok) return;
  const t = performance.now();
  for (const org of orgs) {
    await c.query("begin");
    try {
      await scopeTo(c, org);
      await c.query("select inventory.valuation_days_fill($1::uuid)", [org.id]);
      await c.query("commit");
    } catch (e) {
      await c.query("rollback").catch(() => undefined);
      throw e;
    }
  }
  await c.query("analyze inventory.valuation_days");
  log(`valuation days filled for ${orgs.length} organization(s) in ${fmtMs(performance.now() - t)}`);
}

// ---------------------------------------------------------------------------------------------------------------

const started = performance.now();
const bench = await openBenchDb(log);
try {
  log(`scale ${scale}: ${orgCount} organizations; ${BIG_ORG.slug}: ${SIZES.bigCustomers} customers, ~${SIZES.bigCustomers * 3} contacts, ${SIZES.bigDeals} deals, ${SIZES.bigActivities} activities; others ${SIZES.smallCustomers} customers; inventory ${SIZES.bigItems} items and ${SIZES.bigMoves} stock moves (others ${SIZES.smallItems} / ${SIZES.smallMoves})`);
  const orgs = await ensureOrganizations();
  const { disconnectAll } = await import("@/server/db/client");
  await disconnectAll();
  for (const phase of PHASES) await runPhase(bench.urls.owner, phase, orgs);
  const c = client(bench.urls.owner);
  await c.connect();
  // Items loaded before their search terms existed (or with the trigger off) get them: organizations with items
  // and no terms only, so a re-run costs one probe per organization.
  const tf = performance.now();
  const filled = await fillInventorySearchTerms(c, orgs);
  if (filled.orgs) log(`inventory search terms: ${filled.terms} for ${filled.orgs} organization(s) in ${fmtMs(performance.now() - tf)}`);
  await fillDerived(c, orgs);
  const t = performance.now();
  // VACUUM too: it sets the visibility map, so index-only scans (the list's capped count) need no heap fetches, as
  // on a database where autovacuum has caught up.
  for (const table of ["crm.customers", "crm.contacts", ...PIPELINE_TABLES, ...INVENTORY_TABLES, INVENTORY_SEARCH_TERMS, ...INVENTORY_COUNTERS]) if (await tableExists(c, table)) await c.query(`vacuum (analyze) ${table}`);
  await c.query("analyze auth.memberships");
  log(`vacuum (analyze) in ${fmtMs(performance.now() - t)}`);
  const size = await c.query<{ s: string }>("select pg_size_pretty(pg_database_size(current_database())) as s");
  await c.end();
  log(`done in ${fmtMs(performance.now() - started)}; database size ${size.rows[0]!.s}`);
  log(`sign in as ${BIG_ORG.owner} / ${BENCH_PASSWORD} (organization ${BIG_ORG.slug}, workspace hq)`);
} finally {
  await bench.stop();
}
