import type { DatabaseUrls } from "./bootstrap";

/** The three connection strings (see .env.example). The launcher scripts set them for the embedded database. */
export function databaseUrls(): DatabaseUrls {
  const app = process.env.DATABASE_URL;
  const owner = process.env.DATABASE_OWNER_URL;
  const system = process.env.DATABASE_SYSTEM_URL;
  const missing = [!app && "DATABASE_URL", !owner && "DATABASE_OWNER_URL", !system && "DATABASE_SYSTEM_URL"].filter(Boolean);
  if (missing.length) throw new Error(`missing ${missing.join(", ")} (see .env.example; npm start sets them for the embedded database)`);
  return { app: app!, owner: owner!, system: system! };
}
