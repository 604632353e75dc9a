// Errors and logs: an unexpected error reaches the user as a message with the request id (no stack, no internal
// message) and the log as an error line with the stack, request id and procedure; domain and input errors keep
// their codes and field errors.
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import pino from "pino";
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { AppError } from "@/server/kernel/errors";
import { logger } from "@/server/kernel/logger";
import { createContext } from "@/server/trpc/context";
import { publicProcedure, router } from "@/server/trpc/procedures";
import { errorResponse, httpContext } from "@/server/http/scoped";

const testRouter = router({
  boom: publicProcedure.query(({ ctx }) => {
    ctx.log.info("about to fail");
    throw new Error("kaboom: connection string postgres://secret");
  }),
  conflict: publicProcedure.mutation(() => {
    throw new AppError("CONFLICT", "Changed by someone else", { name: ["Taken"] });
  }),
  typed: publicProcedure.input(z.object({ email: z.email(), qty: z.number().int().positive() })).mutation(() => "ok"),
});

function captureLogs() {
  const lines: Record<string, unknown>[] = [];
  const sink = pino({ level: "debug" }, { write: (s: string) => void lines.push(JSON.parse(s)) });
  vi.spyOn(logger, "child").mockImplementation((bindings) => sink.child(bindings));
  return lines;
}
afterEach(() => vi.restoreAllMocks());

async function call(path: string, init: RequestInit = {}) {
  const res = await fetchRequestHandler({
    endpoint: "/api/trpc",
    router: testRouter,
    req: new Request(`http://test.local/api/trpc/${path}`, { ...init, headers: { "x-request-id": "req-test-1", "content-type": "application/json", ...init.headers } }),
    createContext: ({ req }) => createContext({ headers: req.headers }),
  });
  return { status: res.status, text: await res.text() };
}

describe("errors and logs", () => {
  it("an unexpected error: the client sees the request id and no stack; the log has the stack and the request id", async () => {
    const lines = captureLogs();
    const { status, text } = await call("boom");
    expect(status).toBe(500);
    expect(text).toContain("Something went wrong (request req-test-1).");
    expect(text).toContain('"requestId":"req-test-1"');
    expect(text).not.toContain("kaboom");
    expect(text).not.toContain("secret");
    expect(text).not.toMatch(/\bat .*\.ts:\d+/);
    expect(text).not.toContain('"stack"');

    const failed = lines.find((l) => l.msg === "procedure failed");
    expect(failed).toMatchObject({ level: 50, requestId: "req-test-1", path: "boom", type: "query" });
    expect(typeof failed!.ms).toBe("number");
    const err = failed!.err as { message: string; stack: string };
    expect(err.message).toContain("kaboom");
    expect(err.stack).toMatch(/errors\.test\.ts/);
    // ctx.log carries the same request fields
    expect(lines.find((l) => l.msg === "about to fail")).toMatchObject({ requestId: "req-test-1", path: "boom" });
  });

  it("a domain error keeps its code, message and field errors, and is logged as a rejection", async () => {
    const lines = captureLogs();
    const { status, text } = await call("conflict", { method: "POST", body: "{}" });
    expect(status).toBe(409);
    expect(text).toContain("Changed by someone else");
    expect(text).toContain('"fieldErrors":{"name":["Taken"]}');
    expect(lines.find((l) => l.msg === "procedure rejected")).toMatchObject({ level: 30, code: "CONFLICT", requestId: "req-test-1" });
  });

  it("bad input answers BAD_REQUEST with zod's field errors flattened per field", async () => {
    const { status, text } = await call("typed", { method: "POST", body: JSON.stringify({ json: { email: "nope", qty: -1 } }) });
    expect(status).toBe(400);
    const fieldErrors = JSON.parse(text).error.json.data.fieldErrors as Record<string, string[]>;
    expect(Object.keys(fieldErrors).sort()).toEqual(["email", "qty"]);
  });

  it("route handlers answer the same way: 500 with the request id, the stack only in the log", async () => {
    const lines = captureLogs();
    const ctx = httpContext(new Request("http://test.local/api/files", { headers: { "x-request-id": "req-http-1" } }), "POST /api/files");
    const res = errorResponse(ctx, new Error("disk on fire"));
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).toContain("Something went wrong (request req-http-1).");
    expect(text).not.toContain("disk on fire");
    const failed = lines.find((l) => l.msg === "request failed");
    expect(failed).toMatchObject({ requestId: "req-http-1", path: "POST /api/files" });
    expect((failed!.err as { stack: string }).stack).toContain("disk on fire");
    expect(errorResponse(ctx, new AppError("UNSUPPORTED_MEDIA_TYPE", "no")).status).toBe(415);
  });
});
