import { defineConfig, devices } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3100);
const BASE_URL = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: "./e2e",
  // One server with one database: tests run in file order on a single worker (the machines have 2 cores).
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : [["list"]],
  use: {
    baseURL: BASE_URL,
    // Recording a trace (screencast frames and DOM snapshots of every action) made the suite ~35 % slower on 2 cores
    // (9 tests: 2.5–2.6 min with, 1.7 min without). CI records it on the retry of a failed test only; locally, where
    // nothing retries, every failure keeps its trace.
    trace: process.env.CI ? "on-first-retry" : "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        viewport: { width: 1280, height: 800 },
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
          ],
        },
      },
    },
  ],
  webServer: {
    command: "npx tsx scripts/e2e-server.ts",
    url: `${BASE_URL}/api/health`,
    // NEXTAUTH_URL on the same host the browser uses, so next-auth's redirects keep the session cookie.
    env: { PORT: String(PORT), NEXTAUTH_URL: BASE_URL },
    reuseExistingServer: false,
    timeout: 180_000,
    // SIGTERM lets the launcher stop PostgreSQL and remove its throw-away data directory.
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
    stdout: "pipe",
    stderr: "pipe",
  },
});
