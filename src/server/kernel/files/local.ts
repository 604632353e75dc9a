// Local-disk driver: objects under STORAGE_DIR (default .data/files), each written to a temporary file and renamed
// into place, so a failed or refused upload never leaves a partial object; the content type sits in .meta/.
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { assertKey, InvalidKeyError, ObjectNotFoundError, type ObjectInfo, type PutOptions, type Storage } from "./storage";

export class LocalStorage implements Storage {
  readonly driver = "local" as const;
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  private paths(key: string) {
    assertKey(key);
    const file = path.resolve(this.root, key);
    // Belt and braces: the key grammar already excludes "..", but never let a path escape the root.
    if (!file.startsWith(this.root + path.sep)) throw new InvalidKeyError(key);
    return { file, meta: path.join(this.root, ".meta", `${key}.json`) };
  }

  async put(key: string, body: Readable, opts: PutOptions): Promise<void> {
    const { file, meta } = this.paths(key);
    await mkdir(path.dirname(file), { recursive: true });
    await mkdir(path.dirname(meta), { recursive: true });
    const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomUUID()}.tmp`);
    try {
      await pipeline(body, createWriteStream(tmp, { flags: "wx" }));
      await writeFile(meta, JSON.stringify({ contentType: opts.contentType }));
      await rename(tmp, file);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
  }

  async get(key: string): Promise<Readable> {
    const { file } = this.paths(key);
    const st = await stat(file).catch(() => null);
    if (!st?.isFile()) throw new ObjectNotFoundError(key);
    return createReadStream(file);
  }

  async delete(key: string): Promise<void> {
    const { file, meta } = this.paths(key);
    await rm(file, { force: true });
    await rm(meta, { force: true });
  }

  async head(key: string): Promise<ObjectInfo | null> {
    const { file, meta } = this.paths(key);
    const st = await stat(file).catch(() => null);
    if (!st?.isFile()) return null;
    const m = await readFile(meta, "utf8").then((s) => JSON.parse(s) as { contentType?: string }).catch(() => ({}) as { contentType?: string });
    return { size: st.size, contentType: m.contentType ?? "application/octet-stream" };
  }
}
