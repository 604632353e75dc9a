// Runs SQL against the bench database (starting the embedded cluster if it is the one in use), as the owner or,
// with --as app, as tessera_app scoped to the big organization's owner (RLS on, as the app runs).
//   npx tsx bench/sql.ts "select count(*) from crm.customers"      npx tsx bench/sql.ts --as app "explain analyze …"
import { BIG_ORG, client, openBenchDb } from "./db";

const args = process.argv.slice(2);
const asApp = args[0] === "--as" && args[1] === "app";
const queries = asApp ? args.slice(2) : args;
const bench = await openBenchDb(() => undefined);
try {
  const c = client(asApp ? bench.urls.app : (bench.adminUrl ?? bench.urls.owner));
  await c.connect();
  if (asApp) {
    const sys = client(bench.urls.system);
    await sys.connect();
    const r = await sys.query<{ org: string; user_id: string; ws: string }>(
      `select o.id as org, u.id as user_id, (select string_agg(w.id::text, ',') from platform.workspaces w where w.organization_id = o.id) as ws
         from platform.organizations o join auth.users u on u.email = $2 where o.slug = $1`,
      [BIG_ORG.slug, BIG_ORG.owner],
    );
    await sys.end();
    const s = r.rows[0]!;
    await c.query("begin");
    await c.query("select set_config('app.org_id', $1, true), set_config('app.workspace_ids', $2, true), set_config('app.user_id', $3, true)", [s.org, `{${s.ws}}`, s.user_id]);
  }
  for (const q of queries) {
    const r = await c.query(q);
    if (r.rows.length && "QUERY PLAN" in r.rows[0]) console.log(r.rows.map((x) => x["QUERY PLAN"]).join("\n"));
    else console.table(r.rows);
  }
  await c.end();
} finally {
  await bench.stop();
}
