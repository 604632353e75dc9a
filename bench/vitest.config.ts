// Scale measurements that drive the real services through Vitest's harness (its embedded Postgres, factories and
// callers): `npx vitest run --config bench/vitest.config.ts <name>`. Not part of `npm test`; they print figures for
// docs/BENCHMARKS.md and assert only that the work was done, never a timing.
import { defineConfig } from "vitest/config";
import base from "../vitest.config";

export default defineConfig({
  ...base,
  test: { ...base.test, include: ["bench/scale/**/*.bench.test.ts"], testTimeout: 3_600_000, hookTimeout: 3_600_000 },
});
