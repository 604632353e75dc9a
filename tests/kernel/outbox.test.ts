// Jobs and mails queued inside the caller's transaction (pg-boss's `db` option over the Prisma transaction): they
// exist only if that transaction commits, on the system role (account mails) as on the scoped app role (invitations).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { systemDb, type SystemClient } from "@/server/db/client";
import { withSettings } from "@/server/db/scope";
import { defineJob, enqueueJob, registerJobs, startWorkers, stopJobs } from "@/server/kernel/jobs";
import { inviteMember, resendInvitation } from "@/server/modules/admin/invitations.service";
import { requestPasswordReset, signUp } from "@/server/modules/auth/account.service";
import { withConnection } from "../helpers/db";
import { makeOrg, makeUser, uniq } from "../helpers/factory";
import { mailsTo } from "../helpers/mail";
import { asMember } from "../helpers/scoped";

const seen: string[] = [];
const probe = defineJob({
  name: `test.outbox-${uniq()}`,
  schema: z.object({ tag: z.string() }),
  options: { pollingIntervalSeconds: 0.5, retryLimit: 0 },
  handler: async ({ tag }) => void seen.push(tag),
});

async function jobsTagged(tag: string): Promise<number> {
  return withConnection("owner", async (c) =>
    Number((await c.query("select count(*) from pgboss.job where name = $1 and data->>'tag' = $2", [probe.name, tag])).rows[0].count),
  );
}

async function until(ok: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 200));
  }
}

class LaterFailure extends Error {}

/** A system client whose transactions run `fn` for real and then fail: everything `fn` did must roll back. */
function failingAfter(): SystemClient {
  const sys = systemDb();
  return {
    $transaction: (fn: (tx: unknown) => Promise<unknown>) =>
      sys.$transaction(async (tx) => {
        await fn(tx);
        throw new LaterFailure("a later step of the same transaction failed");
      }),
  } as unknown as SystemClient;
}

beforeAll(async () => {
  registerJobs([probe]);
  await startWorkers({ only: [probe.name] });
});
afterAll(() => stopJobs());

describe("enqueue inside the caller's transaction", () => {
  it("a job queued in a system transaction that rolls back does not exist; one that commits is delivered", async () => {
    const lost = `lost-${uniq()}`;
    await expect(
      systemDb().$transaction(async (tx) => {
        expect(await enqueueJob(probe, { tag: lost }, { tx })).toBeTruthy();
        throw new LaterFailure("rollback");
      }),
    ).rejects.toBeInstanceOf(LaterFailure);

    const kept = `kept-${uniq()}`;
    const id = await systemDb().$transaction(async (tx) => {
      const id = await enqueueJob(probe, { tag: kept }, { tx });
      // Not visible outside the transaction before it commits.
      expect(await jobsTagged(kept)).toBe(0);
      return id;
    });
    expect(id).toBeTruthy();
    await until(() => seen.includes(kept));
    expect(await jobsTagged(lost)).toBe(0);
    expect(seen).not.toContain(lost);
  });

  it("the app role can queue in its scoped transaction (and nothing more in pgboss)", async () => {
    const lost = `app-lost-${uniq()}`;
    const kept = `app-kept-${uniq()}`;
    await expect(
      withSettings({}, async (tx) => {
        await enqueueJob(probe, { tag: lost }, { tx });
        throw new LaterFailure("rollback");
      }),
    ).rejects.toBeInstanceOf(LaterFailure);
    await withSettings({}, (tx) => enqueueJob(probe, { tag: kept }, { tx }));
    await until(() => seen.includes(kept));
    expect(await jobsTagged(lost)).toBe(0);

    const privs = await withConnection("owner", async (c) =>
      (await c.query(`select
          has_table_privilege('tessera_app', 'pgboss.job', 'INSERT') as job_insert,
          has_column_privilege('tessera_app', 'pgboss.job', 'data', 'SELECT') as job_data,
          has_table_privilege('tessera_app', 'pgboss.job', 'UPDATE') as job_update,
          has_table_privilege('tessera_app', 'pgboss.job', 'DELETE') as job_delete,
          has_table_privilege('tessera_app', 'pgboss.queue', 'INSERT') as queue_insert,
          has_table_privilege('tessera_app', 'pgboss.schedule', 'SELECT') as schedule_select,
          has_function_privilege('tessera_app', 'pgboss.create_queue(text, json)', 'EXECUTE') as create_queue`)).rows[0],
    );
    expect(privs).toEqual({
      job_insert: true,
      job_data: false,
      job_update: false,
      job_delete: false,
      queue_insert: false,
      schedule_select: false,
      create_queue: false,
    });
  });
});

describe("mails commit with their transaction", () => {
  it("an invitation whose transaction fails after the mail step queues no mail; one that commits does", async () => {
    const org = await makeOrg();
    const owner = await makeUser(org);
    const viewer = await systemDb().role.findFirstOrThrow({ where: { organizationId: org.id, key: "viewer" }, select: { id: true } });
    const lost = `lost-${uniq()}@example.test`;
    await expect(
      asMember({ userId: owner.id, orgSlug: org.slug }, async (tx, scope) => {
        await inviteMember(tx, scope, { email: lost, roleIds: [viewer.id], allWorkspaces: true, workspaceIds: [] });
        throw new LaterFailure("a later step failed");
      }),
    ).rejects.toBeInstanceOf(LaterFailure);
    expect(await mailsTo(lost)).toEqual([]);
    expect(await systemDb().invitation.count({ where: { organizationId: org.id, email: lost } })).toBe(0);

    const kept = `kept-${uniq()}@example.test`;
    const inv = await asMember({ userId: owner.id, orgSlug: org.slug }, (tx, scope) =>
      inviteMember(tx, scope, { email: kept, roleIds: [viewer.id], allWorkspaces: true, workspaceIds: [] }),
    );
    expect((await mailsTo(kept)).map((m) => m.template)).toEqual(["invitation"]);

    // A resend that fails later leaves the first link working and queues no second mail.
    await expect(
      asMember({ userId: owner.id, orgSlug: org.slug }, async (tx, scope) => {
        await resendInvitation(tx, scope, { id: inv.id });
        throw new LaterFailure("a later step failed");
      }),
    ).rejects.toBeInstanceOf(LaterFailure);
    expect(await mailsTo(kept)).toHaveLength(1);
  });

  it("sign-up and a password reset request whose transaction fails queue no mail and leave no token", async () => {
    const meta = { ip: null, locale: "en" as const };
    const email = `signup-${uniq()}@example.test`;
    await expect(signUp(failingAfter(), { email, name: "Nobody", password: "correct horse battery" }, meta)).rejects.toBeInstanceOf(LaterFailure);
    expect(await mailsTo(email)).toEqual([]);
    expect(await systemDb().user.count({ where: { email } })).toBe(0);

    const user = await makeUser(null);
    await expect(requestPasswordReset(failingAfter(), { email: user.email }, meta)).rejects.toBeInstanceOf(LaterFailure);
    expect(await mailsTo(user.email)).toEqual([]);
    expect(await systemDb().userToken.count({ where: { userId: user.id } })).toBe(0);

    await requestPasswordReset(systemDb(), { email: user.email }, meta);
    expect((await mailsTo(user.email)).map((m) => m.template)).toEqual(["resetPassword"]);
  });
});
