// The storage contract, run against both drivers for real: the local disk in a temp dir and the S3 driver against
// an in-process S3-compatible server (s3rver).
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import S3rver from "s3rver";
import { InvalidKeyError, LocalStorage, ObjectNotFoundError, S3Storage, type Storage } from "@/server/kernel/files";

const tmp = mkdtempSync(path.join(os.tmpdir(), "tessera-storage-"));
let s3server: S3rver;
let s3: S3Storage;

beforeAll(async () => {
  s3server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: path.join(tmp, "s3"), configureBuckets: [{ name: "tessera-test" }] });
  const { port } = await s3server.run();
  s3 = new S3Storage({
    bucket: "tessera-test",
    endpoint: `http://127.0.0.1:${port}`,
    region: "us-east-1",
    accessKeyId: "S3RVER",
    secretAccessKey: "S3RVER",
    forcePathStyle: true,
  });
});
afterAll(async () => {
  s3?.client.destroy();
  await s3server?.close();
  rmSync(tmp, { recursive: true, force: true });
});

async function text(r: Readable): Promise<string> {
  let s = "";
  for await (const c of r) s += Buffer.from(c as Uint8Array).toString("utf8");
  return s;
}

const drivers: [string, () => Storage][] = [
  ["local", () => new LocalStorage(path.join(tmp, "local"))],
  ["s3", () => s3],
];

describe.each(drivers)("%s driver", (_name, make) => {
  it("puts, heads, gets and deletes an object", async () => {
    const st = make();
    const key = "org-1/2026/11/abc.txt";
    const body = "hello, storage — ünïcode";
    await st.put(key, Readable.from([Buffer.from(body)]), { contentType: "text/plain", contentLength: Buffer.byteLength(body) });
    expect(await st.head(key)).toEqual({ size: Buffer.byteLength(body), contentType: "text/plain" });
    expect(await text(await st.get(key))).toBe(body);
    await st.delete(key);
    expect(await st.head(key)).toBeNull();
    await expect(st.get(key)).rejects.toBeInstanceOf(ObjectNotFoundError);
    await st.delete(key); // deleting twice is fine
  });

  it("accepts a body of unknown length", async () => {
    const st = make();
    await st.put("org-1/streamed.bin", Readable.from([Buffer.from("ab"), Buffer.from("cd")]), { contentType: "application/pdf" });
    expect(await st.head("org-1/streamed.bin")).toEqual({ size: 4, contentType: "application/pdf" });
  });

  it.each(["../escape", "a/../../etc/passwd", "/abs", "a//b", ".hidden", "a/./b", "", "a\\b", "a/b/"])("refuses the key %j", async (key) => {
    const st = make();
    await expect(st.put(key, Readable.from([Buffer.from("x")]), { contentType: "text/plain" })).rejects.toBeInstanceOf(InvalidKeyError);
    await expect(st.get(key)).rejects.toBeInstanceOf(InvalidKeyError);
    await expect(st.head(key)).rejects.toBeInstanceOf(InvalidKeyError);
    await expect(st.delete(key)).rejects.toBeInstanceOf(InvalidKeyError);
  });
});

describe("local driver", () => {
  it("leaves nothing behind when the body fails midway", async () => {
    const root = path.join(tmp, "failing");
    const st = new LocalStorage(root);
    const failing = new Readable({
      read() {
        this.push(Buffer.from("partial"));
        this.destroy(new Error("client went away"));
      },
    });
    await expect(st.put("org/x.txt", failing, { contentType: "text/plain" })).rejects.toThrow("client went away");
    expect(await st.head("org/x.txt")).toBeNull();
    expect(readdirSync(path.join(root, "org"))).toEqual([]);
  });
});
