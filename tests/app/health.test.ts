import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/health/route";
import { disconnectAll } from "@/server/db/client";
import { freePort } from "@/server/db/embedded";

describe("GET /api/health", () => {
  it("answers ok when the database answers", async () => {
    const res = await GET();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", db: "ok" });
  });

  it("answers 503 with db down when the database is unreachable", async () => {
    const saved = process.env.DATABASE_URL;
    await disconnectAll();
    const deadPort = await freePort();
    process.env.DATABASE_URL = `postgresql://tessera_app:x@127.0.0.1:${deadPort}/tessera`;
    try {
      const res = await GET();
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ db: "down" });
    } finally {
      await disconnectAll();
      process.env.DATABASE_URL = saved;
    }
  });
});
