// Counts the statements the application sends to PostgreSQL: every query on any pg connection (pooled or not, BEGIN
// and COMMIT included). `recordStatements()` installs the counter for the calling test file (beforeAll / afterAll)
// and answers `statementsOf(run)`: the statements `run` sent, in order. Counts, not timings.
import pg from "pg";
import { afterAll, beforeAll } from "vitest";

export function recordStatements(): (run: () => Promise<unknown>) => Promise<string[]> {
  const seen: string[] = [];
  let counting = false;
  const original = pg.Client.prototype.query;
  beforeAll(() => {
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      if (counting) {
        const q = args[0];
        seen.push(typeof q === "string" ? q : ((q as { text?: string })?.text ?? String(q)));
      }
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof pg.Client.prototype.query;
  });
  afterAll(() => {
    pg.Client.prototype.query = original;
  });
  return async (run) => {
    seen.length = 0;
    counting = true;
    try {
      await run();
    } finally {
      counting = false;
    }
    return [...seen];
  };
}
