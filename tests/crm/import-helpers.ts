// Shared by the import tests: upload over the real route with a session cookie, validate and commit with the jobs'
// work run inline, download the report over the real route.
import { encode } from "next-auth/jwt";
import { expect } from "vitest";
import { POST as upload } from "@/app/api/imports/route";
import { GET as downloadReport } from "@/app/api/imports/[id]/report/route";
import { runCommit, runValidation } from "@/server/kernel/import/run";
import { callerFor, makeOrg, makeSession, makeUser } from "../helpers/factory";

export type Org = Awaited<ReturnType<typeof makeOrg>>;
export type User = Awaited<ReturnType<typeof makeUser>>;

export async function cookieFor(userId: string) {
  const token = await encode({ token: { uid: userId, sv: 1, sid: await makeSession(userId) }, secret: process.env.NEXTAUTH_SECRET! });
  return `next-auth.session-token=${token}`;
}

export async function uploadFile(user: User, org: Org, body: string | Uint8Array<ArrayBuffer>, name = "customers.csv") {
  const form = new FormData();
  form.set("org", org.slug);
  form.set("kind", "crm.customers");
  form.set("file", new File([body], name, { type: name.endsWith(".xlsx") ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv" }));
  const res = await upload(new Request("http://test.local/api/imports", { method: "POST", body: form, headers: { cookie: await cookieFor(user.id) } }));
  return { status: res.status, body: (await res.json()) as { id: string; headers: string[]; mapping: Record<string, number>; mappingSaved: boolean; error?: { code: string } } };
}

export async function report(user: User, org: Org, id: string) {
  return downloadReport(new Request(`http://test.local/api/imports/${id}/report?org=${org.slug}`, { headers: { cookie: await cookieFor(user.id) } }), {
    params: Promise.resolve({ id }),
  });
}

/** Upload → (mapping as suggested) → validate (job run inline) → the import's status. */
export async function uploadAndValidate(user: User, org: Org, csv: string, name?: string) {
  const up = await uploadFile(user, org, csv, name);
  expect(up.status).toBe(201);
  const caller = await callerFor(user.id, { org: org.slug });
  await caller.crm.imports.validate({ id: up.body.id });
  await runValidation(org.id, up.body.id);
  return { id: up.body.id, caller, status: await caller.crm.imports.status({ id: up.body.id }) };
}

export async function commit(user: User, org: Org, id: string) {
  const caller = await callerFor(user.id, { org: org.slug });
  await caller.crm.imports.commit({ id });
  await runCommit(org.id, id);
  return caller.crm.imports.status({ id });
}
