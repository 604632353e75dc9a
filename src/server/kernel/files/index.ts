import { LocalStorage } from "./local";
import { S3Storage, s3ConfigFromEnv } from "./s3";
import type { Storage } from "./storage";

export * from "./storage";
export { LocalStorage } from "./local";
export { S3Storage, s3ConfigFromEnv, type S3StorageConfig } from "./s3";
export * from "./limits";

const g = globalThis as unknown as { __tesseraStorage?: Storage };

/** The configured driver: STORAGE_DRIVER=local (default, STORAGE_DIR or .data/files) or s3 (S3_* variables). */
export function storage(): Storage {
  if (g.__tesseraStorage) return g.__tesseraStorage;
  const driver = process.env.STORAGE_DRIVER ?? "local";
  if (driver === "s3") return (g.__tesseraStorage = new S3Storage(s3ConfigFromEnv()));
  if (driver !== "local") throw new Error(`unknown STORAGE_DRIVER "${driver}" (local or s3)`);
  return (g.__tesseraStorage = new LocalStorage(process.env.STORAGE_DIR ?? ".data/files"));
}

/** Replaces the process's driver (tests). */
export function setStorage(s: Storage | undefined): void {
  g.__tesseraStorage = s;
}
