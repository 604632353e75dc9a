// Policy test (docs/architecture.md §3–§5): the tenancy rules the database itself must hold, read from pg_catalog.
// Every table in a tenant schema is either a tenant table (it has organization_id) or a deliberately listed global
// table; tenant tables lead with organization_id, have RLS enabled and forced with a policy on app.org_id evaluated
// once per statement, and no foreign or unique key of theirs leaves organization_id out. The database roles are
// checked too. Each rule fails with the list of offending tables; a self-test proves that the rules can fail.
import { randomBytes } from "node:crypto";
import type pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { GLOBAL_TABLES, listTables, TENANT_SCHEMAS, withConnection } from "../helpers/db";

const ROLES = { owner: "tessera_owner", app: "tessera_app", system: "tessera_system" };
type Roles = typeof ROLES;

interface TableFacts {
  name: string; // schema.table
  owner: string;
  rls: boolean;
  forceRls: boolean;
  hasOrgId: boolean;
  orgIdType: string | null;
  orgIdNotNull: boolean;
  pk: string[] | null;
}
interface PolicyFacts {
  table: string;
  name: string;
  qual: string | null;
  withCheck: string | null;
}
interface ForeignKeyFacts {
  table: string;
  name: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
  refIsTenant: boolean;
}
interface UniqueIndexFacts {
  table: string;
  name: string;
  /** Key columns; null for expressions. */
  columns: (string | null)[];
}
interface AuditTriggerFacts {
  table: string;
  /** audit.capture() AFTER UPDATE OR DELETE FOR EACH ROW, and the inserts there too or in audit.capture_inserted(), enabled. */
  complete: boolean;
}
interface RoleFacts {
  name: string;
  superuser: boolean;
  bypassRls: boolean;
  /** Roles this one is a member of, directly or through others. */
  memberOf: string[];
}
interface Facts {
  tables: TableFacts[];
  policies: PolicyFacts[];
  foreignKeys: ForeignKeyFacts[];
  uniqueIndexes: UniqueIndexFacts[];
  auditTriggers: AuditTriggerFacts[];
  roles: RoleFacts[];
}

async function readFacts(c: pg.Client, schemas: string[]): Promise<Facts> {
  const q = async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = [schemas]) => (await c.query<T>(sql, params)).rows;
  const tables = await q<TableFacts>(`
    select n.nspname || '.' || c.relname as name, pg_get_userbyid(c.relowner)::text as owner,
           c.relrowsecurity as rls, c.relforcerowsecurity as "forceRls",
           a.attnum is not null as "hasOrgId", format_type(a.atttypid, a.atttypmod) as "orgIdType",
           coalesce(a.attnotnull, false) as "orgIdNotNull",
           (select array(select att.attname::text from unnest(x.indkey::int2[]) with ordinality k(attnum, ord)
                         join pg_attribute att on att.attrelid = x.indrelid and att.attnum = k.attnum order by k.ord)
            from pg_index x where x.indrelid = c.oid and x.indisprimary) as pk
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    left join pg_attribute a on a.attrelid = c.oid and a.attname = 'organization_id' and not a.attisdropped
    where c.relkind in ('r', 'p') and n.nspname = any($1)
    order by 1`);
  const policies = await q<PolicyFacts>(`
    select schemaname || '.' || tablename as "table", policyname::text as name, qual, with_check as "withCheck"
    from pg_policies where schemaname = any($1)`);
  const foreignKeys = await q<ForeignKeyFacts>(`
    select n.nspname || '.' || c.relname as "table", con.conname::text as name,
           array(select a.attname::text from unnest(con.conkey) with ordinality k(attnum, ord)
                 join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum order by k.ord) as columns,
           rn.nspname || '.' || rc.relname as "refTable",
           array(select a.attname::text from unnest(con.confkey) with ordinality k(attnum, ord)
                 join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.attnum order by k.ord) as "refColumns",
           exists (select 1 from pg_attribute a where a.attrelid = con.confrelid and a.attname = 'organization_id' and not a.attisdropped) as "refIsTenant"
    from pg_constraint con
    join pg_class c on c.oid = con.conrelid join pg_namespace n on n.oid = c.relnamespace
    join pg_class rc on rc.oid = con.confrelid join pg_namespace rn on rn.oid = rc.relnamespace
    where con.contype = 'f' and n.nspname = any($1)`);
  const uniqueIndexes = await q<UniqueIndexFacts>(`
    select n.nspname || '.' || c.relname as "table", i.relname::text as name,
           array(select a.attname::text from generate_series(0, x.indnkeyatts - 1) k
                 left join pg_attribute a on a.attrelid = x.indrelid and a.attnum = x.indkey[k] and x.indkey[k] <> 0
                 order by k) as columns
    from pg_index x
    join pg_class i on i.oid = x.indexrelid
    join pg_class c on c.oid = x.indrelid join pg_namespace n on n.oid = c.relnamespace
    where x.indisunique and n.nspname = any($1)`);
  // tgtype bits: 1 row, 2 before, 4 insert, 8 delete, 16 update. Complete: audit.capture() AFTER each row's update
  // and delete, and each row's insert either there too or in audit.capture_inserted() AFTER each INSERT statement
  // (a table tracked with p_bulk_inserts).
  const auditTriggers = await q<AuditTriggerFacts>(`
    select n.nspname || '.' || c.relname as "table",
           bool_or(t.tgfoid = 'audit.capture()'::regprocedure and (t.tgtype & 1) = 1 and (t.tgtype & 2) = 0 and (t.tgtype & 24) = 24)
           and bool_or((t.tgfoid = 'audit.capture()'::regprocedure and (t.tgtype & 1) = 1 and (t.tgtype & 2) = 0 and (t.tgtype & 4) = 4)
                    or (t.tgfoid = 'audit.capture_inserted()'::regprocedure and (t.tgtype & 1) = 0 and (t.tgtype & 2) = 0 and (t.tgtype & 4) = 4))
           as complete
    from pg_trigger t
    join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
    where not t.tgisinternal and t.tgenabled in ('O', 'A') and n.nspname = any($1)
      and t.tgfoid in ('audit.capture()'::regprocedure, 'audit.capture_inserted()'::regprocedure)
    group by 1`);
  const roles = await q<RoleFacts>(
    `select r.rolname::text as name, r.rolsuper as superuser, r.rolbypassrls as "bypassRls",
            array(select o.rolname::text from pg_roles o where o.oid <> r.oid and pg_has_role(r.oid, o.oid, 'MEMBER') order by 1) as "memberOf"
     from pg_roles r where r.rolname = any($1)`,
    [Object.values(ROLES)],
  );
  return { tables, policies, foreignKeys, uniqueIndexes, auditTriggers, roles };
}

/** Whether every current_setting(…) call in a deparsed expression sits inside a scalar subquery "(SELECT …)". */
function currentSettingCalls(expr: string): { total: number; unwrapped: number } {
  const stack: boolean[] = [];
  let total = 0;
  let unwrapped = 0;
  for (let i = 0; i < expr.length; i++) {
    const ch = expr[i];
    if (ch === "'") {
      i = expr.indexOf("'", i + 1);
      if (i < 0) break;
      continue;
    }
    if (ch === "(") stack.push(/^\(\s*SELECT\b/i.test(expr.slice(i, i + 20)));
    else if (ch === ")") stack.pop();
    else if (/^current_setting\s*\(/i.test(expr.slice(i, i + 20)) && !/\w/.test(expr[i - 1] ?? "")) {
      total++;
      if (!stack.includes(true)) unwrapped++;
    }
  }
  return { total, unwrapped };
}

const RULES = {
  orgIdColumn: "tenant tables: organization_id is uuid NOT NULL",
  pk: "tenant tables: the primary key starts with organization_id",
  rls: "all tables: row-level security ENABLED and FORCED",
  tenantPolicy: "tenant tables: a policy whose USING filters organization_id on (SELECT … current_setting('app.org_id' …))",
  wrapped: "all policies: every current_setting() call is wrapped in a scalar subquery (SELECT …)",
  fk: "tenant → tenant foreign keys: include organization_id on both sides, in the same position",
  unique: "tenant tables: every unique index / constraint includes organization_id",
  globalListed: "global tables (no organization_id) are listed in GLOBAL_TABLES",
  globalListExact: "GLOBAL_TABLES entries exist and have no organization_id",
  owner: "all tables: owned by tessera_owner",
  appOwnsNothing: "tessera_app owns no table",
  audited: "tenant tables (outside the audit schema) and platform.organizations: audit trigger installed by audit.track(), AFTER INSERT/UPDATE/DELETE FOR EACH ROW, enabled",
} as const;
type Rule = keyof typeof RULES;

/** Offenders per tenancy rule (empty lists when the schema complies). Pure. */
function checkTenancy(facts: Facts, opts: { schemas: string[]; globalTables: string[]; roles: Roles }): Record<Rule, string[]> {
  const out = Object.fromEntries(Object.keys(RULES).map((k) => [k, [] as string[]])) as Record<Rule, string[]>;
  const tenant = new Set(facts.tables.filter((t) => t.hasOrgId).map((t) => t.name));
  for (const t of facts.tables) {
    // The audit tables themselves are written only by the audit functions; every other tenant table is tracked.
    if ((t.hasOrgId && !t.name.startsWith("audit.") && !DERIVED_TENANT_TABLES.includes(t.name)) || AUDITED_GLOBAL_TABLES.includes(t.name)) {
      const triggers = facts.auditTriggers.filter((x) => x.table === t.name);
      if (!triggers.some((x) => x.complete)) out.audited.push(`${t.name} (${triggers.length ? "incomplete audit trigger" : "no audit trigger"})`);
    }
    if (t.rls !== true || t.forceRls !== true) out.rls.push(`${t.name} (${t.rls ? "enabled" : "not enabled"}, ${t.forceRls ? "forced" : "not forced"})`);
    if (t.owner !== opts.roles.owner) out.owner.push(`${t.name} (owner ${t.owner})`);
    if (t.owner === opts.roles.app) out.appOwnsNothing.push(t.name);
    if (!t.hasOrgId) {
      if (!opts.globalTables.includes(t.name)) out.globalListed.push(t.name);
      continue;
    }
    if (t.orgIdType !== "uuid" || !t.orgIdNotNull) out.orgIdColumn.push(`${t.name} (${t.orgIdType}${t.orgIdNotNull ? " NOT NULL" : ", nullable"})`);
    if (t.pk?.[0] !== "organization_id") out.pk.push(`${t.name} (${t.pk ? `primary key (${t.pk.join(", ")})` : "no primary key"})`);
    const ok = facts.policies.some(
      (p) =>
        p.table === t.name &&
        p.qual !== null &&
        /\borganization_id\b/.test(p.qual) &&
        p.qual.includes("current_setting('app.org_id'") &&
        currentSettingCalls(p.qual).unwrapped === 0,
    );
    if (!ok) {
      const names = facts.policies.filter((p) => p.table === t.name).map((p) => p.name);
      out.tenantPolicy.push(`${t.name} (${names.length ? `policies: ${names.join(", ")}` : "no policy"})`);
    }
  }
  for (const p of facts.policies)
    for (const [clause, expr] of [["USING", p.qual], ["WITH CHECK", p.withCheck]] as const)
      if (expr && currentSettingCalls(expr).unwrapped > 0) out.wrapped.push(`${p.table} policy ${p.name} ${clause}: ${expr}`);
  for (const k of facts.foreignKeys) {
    if (!tenant.has(k.table) || !k.refIsTenant) continue;
    const i = k.columns.indexOf("organization_id");
    if (i < 0 || k.refColumns[i] !== "organization_id")
      out.fk.push(`${k.table} ${k.name} (${k.columns.join(", ")}) -> ${k.refTable}(${k.refColumns.join(", ")})`);
  }
  for (const u of facts.uniqueIndexes)
    if (tenant.has(u.table) && !u.columns.includes("organization_id"))
      out.unique.push(`${u.table} ${u.name} (${u.columns.map((c) => c ?? "<expression>").join(", ")})`);
  for (const g of opts.globalTables) {
    if (!opts.schemas.includes(g.slice(0, g.indexOf(".")))) continue;
    const t = facts.tables.find((x) => x.name === g);
    if (!t) out.globalListExact.push(`${g} (no such table)`);
    else if (t.hasOrgId) out.globalListExact.push(`${g} (has organization_id: a tenant table)`);
  }
  for (const list of Object.values(out)) list.sort();
  return out;
}

/** Global tables whose rows belong to one organization's trail: the organization itself. */
const AUDITED_GLOBAL_TABLES = ["platform.organizations"];

/**
 * Tenant tables whose rows are derived by triggers from audited tables and never written by the app: RLS and the
 * other tenant rules apply, the audit trigger does not (it would repeat every audited change once per derived row).
 * crm.search_terms: the search words of customers and contacts (migration 20261201210000_crm_list_perf).
 */
// inventory.stock_levels and inventory.item_costs: maintained from the append-only (audited) stock ledger in the same
// transaction as each move (migration 20261202140000_inventory_core; inventory.check_levels compares them).
// inventory.warehouse_items / warehouse_stock_totals / warehouse_stock_deltas: the stock report's counters, written by
// the posting functions and the fold (migration 20261203080000_inventory_warehouse_stock_totals);
// inventory.organization_stock_deltas: the same over every warehouse, from item_costs
// (migration 20261203120000_inventory_organization_stock_totals).
// inventory.stock_count_totals: a count's line / counted counters from its (audited) lines and the difference count
// frozen at posting (migration 20261203100000_inventory_count_counters).
const DERIVED_TENANT_TABLES = [
  "crm.search_terms",
  "crm.deal_totals",
  "crm.customer_won_totals",
  "crm.deal_close_day_totals",
  "inventory.stock_levels",
  "inventory.valuation_days",
  "inventory.valuation_category_days",
  "inventory.valuation_category_months",
  "inventory.item_costs",
  "inventory.location_values",
  "inventory.warehouse_items",
  "inventory.warehouse_stock_totals",
  "inventory.warehouse_stock_deltas",
  "inventory.search_terms",
  "inventory.stock_count_totals",
  "inventory.organization_stock_deltas",
];

const ROLE_RULES = {
  appRestricted: "tessera_app: no BYPASSRLS, not superuser, not a member of the owner or system role",
  systemBypass: "tessera_system: has BYPASSRLS",
} as const;

function checkRoles(facts: Facts, roles: Roles): Record<keyof typeof ROLE_RULES, string[]> {
  const out = { appRestricted: [] as string[], systemBypass: [] as string[] };
  const app = facts.roles.find((r) => r.name === roles.app);
  const system = facts.roles.find((r) => r.name === roles.system);
  if (!app) out.appRestricted.push(`${roles.app} (role missing)`);
  else {
    if (app.bypassRls) out.appRestricted.push(`${app.name} has BYPASSRLS`);
    if (app.superuser) out.appRestricted.push(`${app.name} is a superuser`);
    for (const r of [roles.owner, roles.system]) if (app.memberOf.includes(r)) out.appRestricted.push(`${app.name} is a member of ${r}`);
  }
  if (!system) out.systemBypass.push(`${roles.system} (role missing)`);
  else if (!system.bypassRls) out.systemBypass.push(`${system.name} has no BYPASSRLS`);
  return out;
}

const failure = (rule: string, offenders: string[]) => `${rule}; offending:\n  ${offenders.join("\n  ")}`;

// ---------------------------------------------------------------------------------------------------------------

let facts: Facts;
let tenancy: Record<Rule, string[]>;

beforeAll(async () => {
  facts = await withConnection("owner", (c) => readFacts(c, TENANT_SCHEMAS));
  tenancy = checkTenancy(facts, { schemas: TENANT_SCHEMAS, globalTables: GLOBAL_TABLES, roles: ROLES });
});

describe("tenancy rules in the database", () => {
  it("inspects every table of the tenant schemas, and there are tenant tables among them", async () => {
    const listed = (await listTables()).map((t) => `${t.schema}.${t.table}`);
    expect(facts.tables.map((t) => t.name)).toEqual(listed);
    expect(facts.tables.filter((t) => t.hasOrgId).length).toBeGreaterThanOrEqual(6);
    expect(facts.policies.length).toBeGreaterThanOrEqual(6);
  });

  for (const [rule, text] of Object.entries(RULES) as [Rule, string][]) {
    it(text, () => {
      expect(tenancy[rule], failure(text, tenancy[rule])).toEqual([]);
    });
  }

  for (const [rule, text] of Object.entries(ROLE_RULES) as [keyof typeof ROLE_RULES, string][]) {
    it(text, () => {
      const offenders = checkRoles(facts, ROLES)[rule];
      expect(offenders, failure(text, offenders)).toEqual([]);
    });
  }
});

describe("policy self-test: the rules report a non-compliant throw-away schema", () => {
  it("finds the scalar-subquery wrapping in deparsed policy expressions", () => {
    expect(currentSettingCalls(`(organization_id = ( SELECT (NULLIF(current_setting('app.org_id'::text, true), ''::text))::uuid AS "nullif"))`)).toEqual({ total: 1, unwrapped: 0 });
    expect(currentSettingCalls(`(organization_id = (NULLIF(current_setting('app.org_id'::text, true), ''::text))::uuid)`)).toEqual({ total: 1, unwrapped: 1 });
    expect(currentSettingCalls(`((a = ( SELECT current_setting('x'::text) AS c)) OR (b = (current_setting('y'::text))::uuid))`)).toEqual({ total: 2, unwrapped: 1 });
    expect(currentSettingCalls(`(note = 'current_setting(''app.org_id'')'::text)`)).toEqual({ total: 0, unwrapped: 0 });
  });

  it("reports each violation, and not the compliant table", async () => {
    const S = `policy_selftest_${randomBytes(4).toString("hex")}`;
    const wrapped = `(SELECT nullif(current_setting('app.org_id', true), '')::uuid)`;
    const result = await withConnection("admin", async (c) => {
      // Everything happens in one transaction that is rolled back: the schema never exists for anyone else.
      await c.query("begin");
      try {
        await c.query(`
          CREATE SCHEMA ${S};
          -- compliant tenant table (the control: it must not appear in any rule)
          CREATE TABLE ${S}.good (organization_id uuid NOT NULL, id uuid NOT NULL, code text NOT NULL,
            PRIMARY KEY (organization_id, id), UNIQUE (organization_id, code));
          ALTER TABLE ${S}.good ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
          CREATE POLICY tenant_isolation ON ${S}.good USING (organization_id = ${wrapped}) WITH CHECK (organization_id = ${wrapped});
          ALTER TABLE ${S}.good OWNER TO ${ROLES.owner};
          SELECT audit.track('${S}.good');
          -- a tenant table made compliant by the one-line helper module migrations use (also must not appear)
          CREATE TABLE ${S}.helped (organization_id uuid NOT NULL, id uuid NOT NULL, PRIMARY KEY (organization_id, id));
          ALTER TABLE ${S}.helped OWNER TO ${ROLES.owner};
          SELECT platform.tenant_table('${S}.helped');
          -- a compliant tenant table whose inserts are captured per statement (audit.track's p_bulk_inserts; must not appear)
          CREATE TABLE ${S}.bulk (organization_id uuid NOT NULL, id uuid NOT NULL, PRIMARY KEY (organization_id, id));
          ALTER TABLE ${S}.bulk OWNER TO ${ROLES.owner};
          SELECT platform.tenant_table('${S}.bulk');
          SELECT audit.track('${S}.bulk', p_bulk_inserts => true);
          -- inserts captured per statement, updates and deletes not at all
          CREATE TABLE ${S}.inserts_only (organization_id uuid NOT NULL, id uuid NOT NULL, PRIMARY KEY (organization_id, id));
          ALTER TABLE ${S}.inserts_only OWNER TO ${ROLES.owner};
          SELECT platform.tenant_table('${S}.inserts_only');
          DROP TRIGGER audit_capture ON ${S}.inserts_only;
          CREATE TRIGGER audit_capture_inserted AFTER INSERT ON ${S}.inserts_only REFERENCING NEW TABLE AS audit_inserted
            FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_inserted('organization_id', 'id');
          -- tenant table breaking the column, key, RLS, policy and unique rules
          CREATE TABLE ${S}.loose (organization_id text, id uuid NOT NULL, code text, PRIMARY KEY (id));
          CREATE UNIQUE INDEX loose_code_key ON ${S}.loose (code);
          ALTER TABLE ${S}.loose OWNER TO ${ROLES.owner};
          -- tenant table with RLS enabled but not forced, and a policy that calls current_setting per row
          CREATE TABLE ${S}.unwrapped (organization_id uuid NOT NULL, id uuid NOT NULL, parent_id uuid, parent_org uuid,
            PRIMARY KEY (organization_id, id));
          ALTER TABLE ${S}.unwrapped ENABLE ROW LEVEL SECURITY;
          CREATE POLICY per_row ON ${S}.unwrapped USING (organization_id = current_setting('app.org_id')::uuid);
          -- an audit trigger that misses deletes
          CREATE TRIGGER audit_capture AFTER INSERT OR UPDATE ON ${S}.unwrapped FOR EACH ROW EXECUTE FUNCTION audit.capture('organization_id', 'id');
          -- foreign keys to a tenant table that lose organization_id or move it
          ALTER TABLE ${S}.unwrapped ADD CONSTRAINT other_org_fk FOREIGN KEY (parent_org, parent_id) REFERENCES ${S}.good (organization_id, id);
          ALTER TABLE ${S}.unwrapped ADD CONSTRAINT swapped_fk FOREIGN KEY (organization_id, parent_id) REFERENCES ${S}.good (id, organization_id);
          ALTER TABLE ${S}.unwrapped ADD CONSTRAINT same_org_fk FOREIGN KEY (organization_id, parent_id) REFERENCES ${S}.good (organization_id, id);
          ALTER TABLE ${S}.unwrapped OWNER TO ${ROLES.app};
          -- a global table nobody decided on (and owned by the superuser that created it)
          CREATE TABLE ${S}.stray (id uuid PRIMARY KEY, name text UNIQUE);
          -- the runtime role inheriting the owner's rights (rolled back with the rest)
          GRANT ${ROLES.owner} TO ${ROLES.app};
        `);
        const f = await readFacts(c, [S]);
        return {
          tenancy: checkTenancy(f, { schemas: [S], globalTables: [...GLOBAL_TABLES, `${S}.gone`], roles: ROLES }),
          roles: checkRoles(f, ROLES),
        };
      } finally {
        await c.query("rollback");
      }
    });
    const superuser = await withConnection("admin", async (c) => (await c.query<{ u: string }>("select current_user::text as u")).rows[0]!.u);

    expect(result.roles).toEqual({ appRestricted: [`${ROLES.app} is a member of ${ROLES.owner}`], systemBypass: [] });
    expect(result.tenancy).toEqual({
      orgIdColumn: [`${S}.loose (text, nullable)`],
      pk: [`${S}.loose (primary key (id))`],
      rls: [`${S}.loose (not enabled, not forced)`, `${S}.stray (not enabled, not forced)`, `${S}.unwrapped (enabled, not forced)`],
      tenantPolicy: [`${S}.loose (no policy)`, `${S}.unwrapped (policies: per_row)`],
      wrapped: [`${S}.unwrapped policy per_row USING: (organization_id = (current_setting('app.org_id'::text))::uuid)`],
      fk: [
        `${S}.unwrapped other_org_fk (parent_org, parent_id) -> ${S}.good(organization_id, id)`,
        `${S}.unwrapped swapped_fk (organization_id, parent_id) -> ${S}.good(id, organization_id)`,
      ],
      unique: [`${S}.loose loose_code_key (code)`, `${S}.loose loose_pkey (id)`],
      globalListed: [`${S}.stray`],
      globalListExact: [`${S}.gone (no such table)`],
      owner: [`${S}.stray (owner ${superuser})`, `${S}.unwrapped (owner ${ROLES.app})`],
      appOwnsNothing: [`${S}.unwrapped`],
      audited: [`${S}.inserts_only (incomplete audit trigger)`, `${S}.loose (no audit trigger)`, `${S}.unwrapped (incomplete audit trigger)`],
    });
    // Nothing was left behind.
    const left = await withConnection("admin", async (c) => (await c.query("select 1 from pg_namespace where nspname = $1", [S])).rowCount);
    expect(left).toBe(0);
  });

  it("reports roles with the wrong attributes (runtime and system roles swapped)", () => {
    expect(checkRoles(facts, { ...ROLES, app: ROLES.system, system: ROLES.app })).toEqual({
      appRestricted: [`${ROLES.system} has BYPASSRLS`],
      systemBypass: [`${ROLES.app} has no BYPASSRLS`],
    });
    expect(checkRoles(facts, { ...ROLES, app: "no_such_role" }).appRestricted).toEqual(["no_such_role (role missing)"]);
  });
});
