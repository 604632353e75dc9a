import { defineConfig } from "prisma/config";

// The CLI is used only for `prisma generate`. Migrations are hand-written SQL applied by
// src/server/db/migrate.ts (see docs/architecture.md, "Migrations").
export default defineConfig({
  schema: "prisma/schema",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_OWNER_URL ?? process.env.DATABASE_URL ?? "postgresql://localhost/tessera" },
});
