// npm run db:migrate | db:seed — against DATABASE_URL's server, or the embedded one in .data/postgres.
import { prepareDatabase } from "@/server/db/setup";

const command = process.argv[2];
if (!["migrate", "seed"].includes(command ?? "")) {
  console.error("usage: tsx scripts/db.ts migrate|seed");
  process.exit(2);
}
const log = (s: string) => console.log(`[db] ${s}`);
const prepared = await prepareDatabase({ log });
try {
  if (command === "seed") {
    Object.assign(process.env, prepared.env);
    const { systemDb, disconnectAll } = await import("@/server/db/client");
    const { seedDemo } = await import("../prisma/seed/demo");
    const created = await seedDemo(systemDb(), log);
    log(created ? "demo data loaded" : "demo data already present");
    await disconnectAll();
  }
  log("database ready");
} finally {
  await prepared.stop();
}
