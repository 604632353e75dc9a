// S3-compatible driver (AWS S3, MinIO, Ceph, R2, …) over @aws-sdk/client-s3.
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";
import { Readable } from "node:stream";
import { assertKey, ObjectNotFoundError, type ObjectInfo, type PutOptions, type Storage } from "./storage";

export interface S3StorageConfig {
  bucket: string;
  endpoint?: string;
  region?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle?: boolean;
}

export function s3ConfigFromEnv(env: NodeJS.ProcessEnv = process.env): S3StorageConfig {
  if (!env.S3_BUCKET) throw new Error("STORAGE_DRIVER=s3 needs S3_BUCKET (and S3_ENDPOINT/S3_REGION/credentials; see .env.example)");
  return {
    bucket: env.S3_BUCKET,
    endpoint: env.S3_ENDPOINT || undefined,
    region: env.S3_REGION || "us-east-1",
    accessKeyId: env.S3_ACCESS_KEY_ID || undefined,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY || undefined,
    forcePathStyle: env.S3_FORCE_PATH_STYLE === "true" || env.S3_FORCE_PATH_STYLE === "1",
  };
}

const missing = (e: unknown) => {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err?.name === "NoSuchKey" || err?.name === "NotFound" || err?.$metadata?.httpStatusCode === 404;
};

async function buffer(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks);
}

export class S3Storage implements Storage {
  readonly driver = "s3" as const;
  readonly client: S3Client;
  readonly bucket: string;

  constructor(cfg: S3StorageConfig) {
    this.bucket = cfg.bucket;
    const config: S3ClientConfig = {
      region: cfg.region ?? "us-east-1",
      endpoint: cfg.endpoint,
      forcePathStyle: cfg.forcePathStyle,
      // Checksums only where S3 requires them: many S3-compatible servers reject the SDK's default trailers.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    };
    if (cfg.accessKeyId && cfg.secretAccessKey) config.credentials = { accessKeyId: cfg.accessKeyId, secretAccessKey: cfg.secretAccessKey };
    this.client = new S3Client(config);
  }

  async put(key: string, body: Readable, opts: PutOptions): Promise<void> {
    assertKey(key);
    // A single PUT needs the length up front; without it the body is buffered (uploads are bounded by UPLOAD_MAX_BYTES).
    const payload = opts.contentLength === undefined ? await buffer(body) : body;
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: payload,
        ContentType: opts.contentType,
        ContentLength: opts.contentLength ?? (payload as Buffer).length,
      }),
    );
  }

  async get(key: string): Promise<Readable> {
    assertKey(key);
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!out.Body) throw new ObjectNotFoundError(key);
      return out.Body as Readable;
    } catch (e) {
      if (missing(e)) throw new ObjectNotFoundError(key);
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    assertKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async head(key: string): Promise<ObjectInfo | null> {
    assertKey(key);
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { size: Number(out.ContentLength ?? 0), contentType: out.ContentType ?? "application/octet-stream" };
    } catch (e) {
      if (missing(e)) return null;
      throw e;
    }
  }
}
