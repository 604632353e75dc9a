// Runs `prisma generate` without the schema engine: generation does not use the engine, but the CLI
// insists that its path exists, and downloading it is not possible on machines that reach only npm.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync, existsSync } from "node:fs";
import path from "node:path";

const env = { ...process.env };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) {
  const dir = path.resolve("node_modules/.cache/tessera");
  const placeholder = path.join(dir, "schema-engine-placeholder");
  if (!existsSync(placeholder)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(placeholder, "#!/bin/sh\necho 'schema engine not available: migrations are applied by npm run db:migrate' >&2\nexit 1\n", { mode: 0o755 });
  }
  env.PRISMA_SCHEMA_ENGINE_BINARY = placeholder;
}
env.PRISMA_HIDE_UPDATE_MESSAGE = "1";
const result = spawnSync(process.execPath, [path.resolve("node_modules/prisma/build/index.js"), "generate"], { stdio: "inherit", env });
process.exit(result.status ?? 1);
