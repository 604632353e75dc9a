// Deals and activities of the reference data set (tables of migration 20261201130000_crm_pipeline), made by
// bench/generate.ts after customers and contacts, in the same deterministic, set-based way. Deal lines and leads are
// not generated (the reference set of ARCHITECTURE §14 / issue 5 names deals and activities).
import type pg from "pg";

export const PIPELINE_TABLES = ["crm.deals", "crm.activities"];

interface Org {
  id: string;
  big: boolean;
  memberIds: string[];
  ownerUserId: string;
  currency: string;
}
interface Helpers {
  u: (key: string, seed: number) => string;
  pick: (xs: readonly string[], key: string, seed: number, power?: number) => string;
}

const DEAL_KINDS = ["Annual contract", "Pilot", "Renewal", "Expansion", "New licences", "Support plan", "Equipment", "Consulting", "Framework agreement", "Spare parts"];
const SOURCES = ["website", "referral", "campaign", "event", "cold_call", "partner", "other"];
const COMPETITORS = ["Initech", "Globex", "Umbrella", "Hooli", "Vandelay", "Stark Supply"];
const WON = ["Best price", "Relationship", "Delivery time", "Product fit", "Support"];
const LOST = ["Price", "Timing", "No budget", "Chose a competitor", "No decision"];
const SUBJECTS = ["Intro call", "Follow-up", "Send proposal", "Product demo", "Pricing discussion", "Contract review", "Check-in", "Onboarding", "Quarterly review", "Collect requirements"];
const OUTCOMES = ["Interested", "No answer", "Proposal sent", "Call back later", "Not interested", "Meeting booked"];

/** Digits of a number: `{prefix}-{#####}` as renderNumber writes it (at least 5 digits, never truncated). */
const numberOf = (prefix: string, n: string) => `'${prefix}-' || lpad((${n})::text, greatest(5, length((${n})::text)), '0')`;

/**
 * `count` deals on customers picked uniformly by number, in stages lead 20 % / qualified 15 % / proposal 15 % /
 * negotiation 10 % / closing 5 % / won 20 % / lost 15 %, the probability within the stage's cap (lead ≤ 20, qualified
 * ≤ 40, proposal ≤ 60, negotiation ≤ 80, closing ≤ 100, won = 100, lost = 0; the table's check holds it too).
 */
export async function insertDeals(
  c: pg.Client,
  org: Org,
  count: number,
  h: Helpers & { setCounter: (documentType: string, last: number) => Promise<void> },
): Promise<number> {
  const { u, pick } = h;
  const customers = await c.query<{ n: string }>("select count(*) as n from crm.customers where organization_id = $1", [org.id]);
  const nCustomers = Number(customers.rows[0]!.n);
  if (!nCustomers) return 0;
  const g = "g";
  const stage = `case when ${u(g, 41)} < 0.20 then 'lead' when ${u(g, 41)} < 0.35 then 'qualified' when ${u(g, 41)} < 0.50 then 'proposal'
                      when ${u(g, 41)} < 0.60 then 'negotiation' when ${u(g, 41)} < 0.65 then 'closing' when ${u(g, 41)} < 0.85 then 'won' else 'lost' end`;
  const r = await c.query(
    `insert into crm.deals (organization_id, id, number, workspace_id, customer_id, contact_id, name, stage, probability, value,
       currency, expected_close_date, owner_membership_id, source, competitors, won_reason, lost_reason, lost_to_competitor,
       closed_at, stage_changed_at, created_at, updated_at, created_by, updated_by)
     select $1::uuid, uuidv7(), ${numberOf("DEAL", "g")}, cu.workspace_id, cu.id,
       case when ${u(g, 42)} < 0.6 then (select p.id from crm.contacts p where p.organization_id = $1 and p.customer_id = cu.id and p.is_primary) end,
       left(cu.name, 150) || ' – ' || ${pick(DEAL_KINDS, g, 43)},
       x.stage::crm.deal_stage,
       case x.stage when 'won' then 100 when 'lost' then 0
         else crm.stage_probability_cap(x.stage::crm.deal_stage) - 10 * floor(${u(g, 44)} * 2)::int end,
       (1000 + round((power(${u(g, 45)}, 3) * 250000)::numeric, 2)),
       $3, case when x.stage in ('won', 'lost') then (x.closed)::date else current_date + (floor(${u(g, 46)} * 210)::int - 30) end,
       coalesce(cu.owner_membership_id, ($2::uuid[])[1 + (g % cardinality($2::uuid[]))]),
       case when ${u(g, 47)} < 0.8 then (${pick(SOURCES, g, 48, 1.3)})::crm.lead_source end,
       case when ${u(g, 49)} < 0.7 then '{}'::text[] else array[${pick(COMPETITORS, g, 50)}] end,
       case when x.stage = 'won' then ${pick(WON, g, 51)} end,
       case when x.stage = 'lost' then ${pick(LOST, g, 52)} end,
       case when x.stage = 'lost' and ${u(g, 53)} < 0.4 then ${pick(COMPETITORS, g, 54)} end,
       case when x.stage in ('won', 'lost') then x.closed end,
       x.created + (x.closed - x.created) * ${u(g, 55)},
       x.created, greatest(x.created, case when x.stage in ('won', 'lost') then x.closed else x.created end), $4::uuid, $4::uuid
     from generate_series(1, $5::int) g
     cross join lateral (select ${stage} as stage,
                                now() - interval '2 years' * (1 - g::float8 / $5::int) as created,
                                least(now(), now() - interval '2 years' * (1 - g::float8 / $5::int) + interval '1 day' * (5 + floor(${u(g, 56)} * 120))) as closed) x
     join crm.customers cu on cu.organization_id = $1 and cu.number = ${numberOf("CUST", `1 + (hashint8extended(g, 57) & 2147483647) % $6::int`)}`,
    [org.id, org.memberIds, org.currency, org.ownerUserId, count, nCustomers],
  );
  const n = r.rowCount ?? 0;
  await h.setCounter("deal", count);
  // The activities below join deals by number: statistics for the rows just written, in this transaction.
  await c.query("analyze crm.deals");
  return n;
}

/**
 * `count` activities: 60 % on a deal (its customer, workspace and owner), 40 % on a customer (sometimes its primary
 * contact). Types call 30 % / e-mail 30 % / meeting 15 % / demo 5 % / note 15 % / task 5 %; everything older than 60
 * days is done, and 80 % of the recent ones; the open ones are due from 10 days ago to 30 days ahead (overdue and
 * due-today lists are not empty).
 */
export async function insertActivities(c: pg.Client, org: Org, count: number, h: Helpers): Promise<number> {
  const { u, pick } = h;
  const counts = await c.query<{ customers: string; deals: string }>(
    "select (select count(*) from crm.customers where organization_id = $1) as customers, (select count(*) from crm.deals where organization_id = $1) as deals",
    [org.id],
  );
  const nCustomers = Number(counts.rows[0]!.customers);
  const nDeals = Number(counts.rows[0]!.deals);
  if (!nCustomers) return 0;
  const onDeals = nDeals ? Math.round(count * 0.6) : 0;
  const onCustomers = count - onDeals;
  const g = "g";
  const type = `case when ${u(g, 61)} < 0.30 then 'call' when ${u(g, 61)} < 0.60 then 'email' when ${u(g, 61)} < 0.75 then 'meeting'
                     when ${u(g, 61)} < 0.80 then 'demo' when ${u(g, 61)} < 0.95 then 'note' else 'task' end`;
  // Columns after the target ones; x.created is spread over two years, the open ones are recent.
  const common = (ownerExpr: string) => `x.type::crm.activity_type, ${pick(SUBJECTS, g, 62)},
       case when ${u(g, 63)} < 0.3 then 'Notes from the ' || x.type || '.' end,
       case when x.done then ${pick(OUTCOMES, g, 64)} end,
       ${ownerExpr},
       case when x.type <> 'note' then case when x.done then x.created + interval '1 day' else now() + interval '1 day' * (floor(${u(g, 65)} * 40)::int - 10) end end,
       case when x.done then x.created + interval '1 day' end,
       case when ${u(g, 66)} < 0.25 then ${pick(SUBJECTS, g, 67)} end,
       case when ${u(g, 66)} < 0.25 then x.created + interval '7 days' end,
       x.created, x.created, $2::uuid, $2::uuid`;
  // Open (not done): 20 % of the activities of the last 60 days; everything older is done.
  const lateral = (n: string) => `cross join lateral (select ${type} as type,
       (${u(g, 68)} < 0.8 or g::float8 / ${n} < 1 - 60.0 / 730) as done,
       now() - interval '2 years' * (1 - g::float8 / ${n}) as created) x`;
  const cols = `organization_id, id, workspace_id, customer_id, contact_id, deal_id, type, subject, body, outcome, owner_membership_id,
       due_at, done_at, next_action, next_action_at, created_at, updated_at, created_by, updated_by`;
  let n = 0;
  if (onDeals) {
    const r = await c.query(
      `insert into crm.activities (${cols})
       select $1::uuid, uuidv7(), d.workspace_id, d.customer_id, d.contact_id, d.id, ${common("d.owner_membership_id")}
       from generate_series(1, $3::int) g ${lateral("$3::int")}
       join crm.deals d on d.organization_id = $1 and d.number = ${numberOf("DEAL", `1 + (hashint8extended(g, 69) & 2147483647) % $4::int`)}`,
      [org.id, org.ownerUserId, onDeals, nDeals],
    );
    n += r.rowCount ?? 0;
  }
  const r = await c.query(
    `insert into crm.activities (${cols})
     select $1::uuid, uuidv7(), cu.workspace_id, cu.id,
       case when ${u(g, 70)} < 0.5 then (select p.id from crm.contacts p where p.organization_id = $1 and p.customer_id = cu.id and p.is_primary) end,
       null, ${common("cu.owner_membership_id")}
     from generate_series(1, $3::int) g ${lateral("$3::int")}
     join crm.customers cu on cu.organization_id = $1 and cu.number = ${numberOf("CUST", `1 + (hashint8extended(g, 71) & 2147483647) % $4::int`)}`,
    [org.id, org.ownerUserId, onCustomers, nCustomers],
  );
  return n + (r.rowCount ?? 0);
}
