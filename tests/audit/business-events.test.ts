// Business events of sessions: sign-in, failed sign-in and sign-out in every organization of the user.
import { describe, expect, it } from "vitest";
import { systemDb } from "@/server/db/client";
import { authOptions } from "@/server/auth/options";
import { addMember } from "@/server/modules/auth/users.service";
import { authenticate } from "@/server/modules/auth/sign-in.service";
import { withConnection } from "../helpers/db";
import { makeOrg, makeUser, uniq } from "../helpers/factory";

interface Row {
  organization_id: string;
  actor_id: string | null;
  action: string;
  record_id: string | null;
  data: Record<string, unknown>;
}

async function sessionEvents(userId: string): Promise<Row[]> {
  return withConnection("system", async (c) =>
    (await c.query<Row>(
      "select organization_id, actor_id, action, record_id, data from audit.events where kind = 'business' and record_id = $1 order by created_at, id",
      [userId],
    )).rows,
  );
}

describe("session events in the audit trail", () => {
  it("records sign-in, failed sign-in and sign-out in every active organization of the user", async () => {
    const [a, b, c] = await Promise.all([makeOrg(), makeOrg(), makeOrg()]);
    const user = await makeUser(a);
    await systemDb().$transaction((tx) => addMember(tx, { organizationId: b.id, userId: user.id, roleKeys: ["viewer"], allWorkspaces: true, workspaceIds: [] }));
    await systemDb().$transaction(async (tx) => {
      await addMember(tx, { organizationId: c.id, userId: user.id, roleKeys: ["viewer"], allWorkspaces: true, workspaceIds: [] });
      await tx.membership.updateMany({ where: { organizationId: c.id, userId: user.id }, data: { status: "suspended" } });
    });

    expect(await authenticate(systemDb(), { email: user.email, password: user.password, ip: "10.9.0.1" })).toMatchObject({ ok: true });
    expect(await authenticate(systemDb(), { email: user.email, password: "wrong", ip: "10.9.0.2" })).toMatchObject({ ok: false });
    await authOptions.events!.signOut!({ token: { uid: user.id }, session: null as never });

    const events = await sessionEvents(user.id);
    const byOrg = (org: string) => events.filter((e) => e.organization_id === org).map((e) => [e.action, e.actor_id]);
    for (const org of [a.id, b.id]) {
      expect(byOrg(org)).toEqual([
        ["auth.sign_in", user.id],
        ["auth.sign_in_failed", null],
        ["auth.sign_out", user.id],
      ]);
    }
    expect(byOrg(c.id)).toEqual([]);
    const failed = events.find((e) => e.action === "auth.sign_in_failed")!;
    expect(failed.data).toEqual({ entityType: "auth.users", email: user.email, ip: "10.9.0.2", reason: "password" });
    expect(events.find((e) => e.action === "auth.sign_in")!.data).toMatchObject({ ip: "10.9.0.1" });
  });

  it("leaves no event for an unknown e-mail, and records a locked account's attempts", async () => {
    const email = `ghost-${uniq()}@example.test`;
    expect(await authenticate(systemDb(), { email, password: "whatever" })).toEqual({ ok: false, reason: "invalid" });
    const n = await withConnection("system", async (c) => (await c.query("select 1 from audit.events where data ->> 'email' = $1", [email])).rowCount);
    expect(n).toBe(0);

    const org = await makeOrg();
    const user = await makeUser(org);
    for (let i = 0; i < 6; i++) await authenticate(systemDb(), { email: user.email, password: `bad-${i}` });
    const reasons = (await sessionEvents(user.id)).map((e) => e.data.reason);
    expect(reasons).toEqual(["password", "password", "password", "password", "password", "locked"]);
  });
});
