// settings.mail.sendTest: an administrator's check of outgoing e-mail queues a real mail.send job to themselves;
// members without settings.setting.update are refused.
import { describe, expect, it } from "vitest";
import { withConnection } from "../helpers/db";
import { callerFor, makeOrg, makeUser } from "../helpers/factory";
import { codeOf } from "../helpers/trpc";

describe("settings.mail.sendTest", () => {
  it("queues the test message to the signed-in administrator, and only for those who may change settings", async () => {
    const org = await makeOrg();
    const admin = await makeUser(org, { roles: ["admin"] });
    const clerk = await makeUser(org, { roles: ["sales"] });

    const caller = await callerFor(admin.id, { org: org.slug, ws: "main" });
    await expect(caller.settings.mail.sendTest()).resolves.toEqual({ to: admin.email });
    const jobs = await withConnection("owner", async (c) =>
      (await c.query<{ subject: string }>("select data->>'subject' as subject from pgboss.job where name = 'mail.send' and data->>'to' = $1", [admin.email])).rows,
    );
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.subject).toMatch(/test/i);

    const clerkCaller = await callerFor(clerk.id, { org: org.slug, ws: "main" });
    expect(await codeOf(clerkCaller.settings.mail.sendTest())).toBe("FORBIDDEN");
  });
});
