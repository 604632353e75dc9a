// The audit trigger and the privileges on the audit tables, proven with raw SQL as each database role.
import { randomUUID } from "node:crypto";
import type pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { asApp, withConnection } from "../helpers/db";
import { makeOrg, makeUser } from "../helpers/factory";

let a: Awaited<ReturnType<typeof makeOrg>>;
let b: Awaited<ReturnType<typeof makeOrg>>;
let user: Awaited<ReturnType<typeof makeUser>>;

beforeAll(async () => {
  [a, b] = await Promise.all([makeOrg(), makeOrg()]);
  user = await makeUser(a);
});

interface EventRow {
  organization_id: string;
  workspace_id: string | null;
  actor_id: string | null;
  request_id: string | null;
  kind: string;
  table_name: string;
  record_id: string;
  operation: string;
  action: string;
  changes: Record<string, { old?: unknown; new?: unknown; redacted?: boolean }>;
}

/** Runs fn as tessera_app in a committed transaction with the given settings. */
async function committedAsApp<T>(s: { orgId: string; userId?: string; requestId?: string }, fn: (c: pg.Client) => Promise<T>) {
  return withConnection("app", async (c) => {
    await c.query("begin");
    await c.query(
      "select set_config('app.org_id', $1, true), set_config('app.user_id', $2, true), set_config('app.request_id', $3, true)",
      [s.orgId, s.userId ?? "", s.requestId ?? ""],
    );
    const out = await fn(c);
    await c.query("commit");
    return out;
  });
}

async function eventsOf(orgId: string, table: string, recordId: string): Promise<EventRow[]> {
  return withConnection("system", async (c) =>
    (await c.query<EventRow>(
      "select * from audit.events where organization_id = $1 and table_name = $2 and record_id = $3 order by created_at, id",
      [orgId, table, recordId],
    )).rows,
  );
}

describe("capture by the trigger", () => {
  it("records insert, update (changed columns only) and delete with actor, request id and workspace", async () => {
    const roleId = randomUUID();
    const requestId = `req-${randomUUID()}`;
    await committedAsApp({ orgId: a.id, userId: user.id, requestId }, async (c) => {
      await c.query("insert into auth.roles (organization_id, id, key, name) values ($1, $2, 'auditor', 'Auditor')", [a.id, roleId]);
      await c.query("update auth.roles set name = 'Chief auditor' where organization_id = $1 and id = $2", [a.id, roleId]);
      await c.query("update auth.roles set name = name where organization_id = $1 and id = $2", [a.id, roleId]); // no change
      await c.query("delete from auth.roles where organization_id = $1 and id = $2", [a.id, roleId]);
    });
    const events = await eventsOf(a.id, "auth.roles", roleId);
    expect(events.map((e) => [e.operation, e.action, e.kind])).toEqual([
      ["INSERT", "insert", "change"],
      ["UPDATE", "update", "change"],
      ["DELETE", "delete", "change"],
    ]);
    for (const e of events) {
      expect(e.actor_id).toBe(user.id);
      expect(e.request_id).toBe(requestId);
      expect(e.organization_id).toBe(a.id);
    }
    expect(events[0]!.changes.name).toEqual({ old: null, new: "Auditor" });
    expect(events[0]!.changes.key).toEqual({ old: null, new: "auditor" });
    expect(events[1]!.changes).toEqual({ name: { old: "Auditor", new: "Chief auditor" } });
    expect(events[2]!.changes.name).toEqual({ old: "Chief auditor", new: null });
  });

  it("lists the columns an insert set (NULL ones left out), every changed column of an update, NULL included", async () => {
    const id = randomUUID();
    await committedAsApp({ orgId: a.id, userId: user.id }, async (c) => {
      await c.query("insert into auth.roles (organization_id, id, key, name) values ($1, $2, 'nulls', 'Nulls')", [a.id, id]);
      await c.query("update auth.roles set description = 'set' where organization_id = $1 and id = $2", [a.id, id]);
      await c.query("update auth.roles set description = null where organization_id = $1 and id = $2", [a.id, id]);
      await c.query("delete from auth.roles where organization_id = $1 and id = $2", [a.id, id]);
    });
    const [insert, set, cleared, deleted] = await eventsOf(a.id, "auth.roles", id);
    expect(insert!.changes.name).toEqual({ old: null, new: "Nulls" });
    expect(insert!.changes).not.toHaveProperty("description");
    expect(set!.changes).toEqual({ description: { old: null, new: "set" } });
    expect(cleared!.changes).toEqual({ description: { old: "set", new: null } });
    expect(deleted!.changes.key).toEqual({ old: "nulls", new: null });
    expect(deleted!.changes).not.toHaveProperty("description");
  });

  it("leaves out a secret column of a table tracked without extras, and keeps a value that only looks like one", async () => {
    const events = await withConnection("admin", async (c) => {
      await c.query("begin");
      try {
        await c.query(`create table platform.secret_probe2 (organization_id uuid not null, id uuid not null, name text,
          api_token text, primary key (organization_id, id))`);
        await c.query(`select audit.track('platform.secret_probe2')`);
        await c.query("insert into platform.secret_probe2 values ($1, $2, 'plain', 'tk1')", [a.id, randomUUID()]);
        await c.query("insert into platform.secret_probe2 values ($1, $2, 'a token, a secret, a password', null)", [a.id, randomUUID()]);
        return (await c.query<EventRow>("select * from audit.events where table_name = 'platform.secret_probe2' order by created_at, id")).rows;
      } finally {
        await c.query("rollback");
      }
    });
    expect(events).toHaveLength(2);
    expect(JSON.stringify(events)).not.toContain("tk1");
    expect(Object.keys(events[0]!.changes).sort()).toEqual(["id", "name", "organization_id"]);
    expect(events[1]!.changes.name).toEqual({ old: null, new: "a token, a secret, a password" });
  });

  it("records the row's workspace, and composite keys as the record id", async () => {
    const [membership] = await withConnection("system", async (c) =>
      (await c.query<{ id: string }>("select id from auth.memberships where organization_id = $1 and user_id = $2", [a.id, user.id])).rows,
    );
    await committedAsApp({ orgId: a.id, userId: user.id }, async (c) => {
      await c.query("insert into auth.membership_workspaces (organization_id, membership_id, workspace_id) values ($1, $2, $3)", [
        a.id,
        membership!.id,
        a.workspaces.second,
      ]);
    });
    const [e] = await eventsOf(a.id, "auth.membership_workspaces", `${membership!.id}/${a.workspaces.second}`);
    expect(e?.operation).toBe("INSERT");
    expect(e?.workspace_id).toBe(a.workspaces.second);
  });

  it("records changes of the organization itself in its own trail", async () => {
    await committedAsApp({ orgId: a.id, userId: user.id }, (c) => c.query("update platform.organizations set legal_name = 'Audited LLC' where id = $1", [a.id]));
    const events = await eventsOf(a.id, "platform.organizations", a.id);
    expect(events.map((e) => e.operation)).toEqual(["INSERT", "UPDATE"]);
    expect(events[1]!.changes.legal_name).toEqual({ old: null, new: "Audited LLC" });
  });

  it("never records secrets (by name, and the table's extra exclusions), but says a secret changed", async () => {
    const events = await withConnection("admin", async (c) => {
      await c.query("begin");
      try {
        // A throw-away tenant table with secret-looking columns, tracked with one extra exclusion.
        await c.query(`create table platform.secret_probe (organization_id uuid not null, id uuid not null, name text,
          password_hash text, api_token text, client_secret text, refresh_token_hash text, pin text, primary key (organization_id, id))`);
        await c.query(`select audit.track('platform.secret_probe', '{pin}')`);
        const id = randomUUID();
        await c.query("insert into platform.secret_probe values ($1, $2, 'probe', 'h1', 't1', 's1', 'r1', '1234')", [a.id, id]);
        await c.query("update platform.secret_probe set password_hash = 'h2' where id = $1", [id]);
        await c.query("update platform.secret_probe set name = 'renamed', pin = '9999' where id = $1", [id]);
        await c.query("select set_config('app.org_id', $1, true)", [a.id]);
        return (await c.query<EventRow>("select * from audit.events where table_name = 'platform.secret_probe' order by created_at, id")).rows;
      } finally {
        await c.query("rollback");
      }
    });
    expect(events).toHaveLength(3);
    const text = JSON.stringify(events);
    for (const secret of ["h1", "h2", "t1", "s1", "r1", "1234", "9999"]) expect(text).not.toContain(`"${secret}"`);
    expect(Object.keys(events[0]!.changes).sort()).toEqual(["id", "name", "organization_id"]);
    expect(events[1]!.changes).toEqual({ password_hash: { redacted: true } });
    expect(events[2]!.changes).toEqual({ name: { old: "probe", new: "renamed" }, pin: { redacted: true } });
  });

  it("records writes of the system role (no organization setting) for the row's organization", async () => {
    const org = await makeOrg();
    const rows = await withConnection("system", async (c) =>
      (await c.query<{ table_name: string; actor_id: string | null }>("select table_name, actor_id from audit.events where organization_id = $1", [org.id])).rows,
    );
    expect(new Set(rows.map((r) => r.table_name))).toEqual(
      new Set(["platform.organizations", "platform.workspaces", "auth.roles", "auth.role_permissions", "settings.number_sequences", "settings.currencies", "platform.subscriptions",
              "inventory.adjustment_reasons"]),
    );
  });
});

describe("privileges on the audit tables", () => {
  const FORBIDDEN = /permission denied/;

  for (const role of ["app", "system"] as const) {
    it(`${role}: cannot insert, update, delete or truncate events or seals`, async () => {
      const attempts = [
        `insert into audit.events (organization_id, kind, action, xact_id) values ('${a.id}', 'business', 'print', 1)`,
        `update audit.events set action = 'print' where organization_id = '${a.id}'`,
        `delete from audit.events where organization_id = '${a.id}'`,
        `truncate audit.events`,
        `insert into audit.seals (organization_id, position, event_id, xact_id, prev_hash, hash) values ('${a.id}', 999999, gen_random_uuid(), 1, repeat('0', 64), repeat('0', 64))`,
        `update audit.seals set hash = repeat('1', 64) where organization_id = '${a.id}'`,
        `delete from audit.seals where organization_id = '${a.id}'`,
        `select audit.track('platform.workspaces')`,
      ];
      for (const statement of attempts) {
        await expect(
          withConnection(role, async (c) => {
            await c.query("begin");
            try {
              await c.query("select set_config('app.org_id', $1, true)", [a.id]);
              await c.query(statement);
            } finally {
              await c.query("rollback");
            }
          }),
          statement,
        ).rejects.toThrow(FORBIDDEN);
      }
    });
  }

  it("app: reads its own organization's events only", async () => {
    const seen = await asApp({ orgId: a.id }, async (c) =>
      (await c.query<{ own: number; foreign: number }>(
        "select count(*) filter (where organization_id = $1)::int as own, count(*) filter (where organization_id <> $1)::int as foreign from audit.events",
        [a.id],
      )).rows[0]!,
    );
    expect(seen.own).toBeGreaterThan(0);
    expect(seen.foreign).toBe(0);
  });

  it("app: may record business events for its own organization only, and never a change event", async () => {
    const id = await asApp({ orgId: a.id, userId: user.id }, async (c) =>
      (await c.query<{ id: string }>("select audit.record_event($1, 'print', 'x', '{}'::jsonb)::text as id", [a.id])).rows[0]!.id,
    );
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await expect(asApp({ orgId: a.id }, (c) => c.query("select audit.record_event($1, 'print')", [b.id]))).rejects.toThrow(/not allowed/);
    await expect(asApp({}, (c) => c.query("select audit.record_event($1, 'print')", [a.id]))).rejects.toThrow(/not allowed/);
    // The action of a captured change cannot be claimed by a business event.
    await expect(asApp({ orgId: a.id }, (c) => c.query("select audit.record_event($1, 'update')", [a.id]))).rejects.toThrow(/events_kind_check/);
  });
});
