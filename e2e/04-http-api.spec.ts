// The transport contract for clients other than the browser app: next-auth over plain HTTP, then tRPC with
// superjson, non-batched, the scope in x-tessera-org / x-tessera-workspace.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { DEMO, DEMO_PASSWORD } from "./support";

async function signIn(request: APIRequestContext, email: string) {
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const res = await request.post("/api/auth/callback/credentials", { form: { csrfToken, email, password: DEMO_PASSWORD, json: "true" } });
  expect(res.ok()).toBe(true);
}

const query = (path: string, input: unknown = null) => `/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;

test("health answers ok with the database", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({ status: "ok", db: "ok" });
});

test("a plain HTTP client signs in and calls procedures in its scope", async ({ playwright, baseURL }) => {
  const request = await playwright.request.newContext({ baseURL });
  await signIn(request, DEMO.acmeManager);

  const me = await request.get(query("platform.me"), { headers: { "x-tessera-org": "acme", "x-tessera-workspace": "east" } });
  expect(me.status()).toBe(200);
  const body = (await me.json()) as { result: { data: { json: { user: { email: string }; scope: { workspace: { slug: string } } } } } };
  expect(body.result.data.json.user.email).toBe(DEMO.acmeManager);
  expect(body.result.data.json.scope.workspace.slug).toBe("east");

  const list = await request.get(query("platform.workspaces.list"), { headers: { "x-tessera-org": "acme" } });
  expect(((await list.json()) as { result: { data: { json: { slug: string }[] } } }).result.data.json.map((w) => w.slug).sort()).toEqual(["east", "hq"]);

  const foreign = await request.get(query("platform.organizations.get"), { headers: { "x-tessera-org": "globex" } });
  expect(foreign.status()).toBe(404);
  await request.dispose();
});

test("without a session the API answers 401", async ({ playwright, baseURL }) => {
  const request = await playwright.request.newContext({ baseURL });
  const res = await request.get(query("platform.me"), { headers: { "x-tessera-org": "acme" } });
  expect(res.status()).toBe(401);
  await request.dispose();
});
