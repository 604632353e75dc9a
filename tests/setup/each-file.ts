import { afterAll, inject } from "vitest";

Object.assign(process.env, inject("databaseEnv"), { NEXTAUTH_SECRET: "test-secret-for-vitest-only" });

afterAll(async () => {
  const { disconnectAll } = await import("@/server/db/client");
  await disconnectAll();
});
