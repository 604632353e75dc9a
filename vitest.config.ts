import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname, "src") } },
  test: {
    environment: "node",
    include: ["src/**/*.test.ts", "tests/**/*.test.ts"],
    globalSetup: ["tests/setup/global.ts"],
    setupFiles: ["tests/setup/each-file.ts"],
    pool: "forks",
    // One worker (2 cores: Vitest's default) runs every file in the same process, importing the app's modules once
    // instead of once per file (the imports were ~137 s of a 10-minute run). Files share nothing else: each sets its
    // environment (setup/each-file.ts), disconnects its clients after itself, and restores any variable it changes.
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    server: { deps: { inline: ["next-auth"] } },
  },
});
