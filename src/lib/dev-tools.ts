/**
 * Development-only pages (/dev/…): on outside production, or in a production build when TESSERA_DEV_TOOLS=1
 * (the e2e server and the demo set it). Read at request time, never baked into the build.
 */
export function devToolsEnabled(): boolean {
  return process.env.NODE_ENV !== "production" || process.env.TESSERA_DEV_TOOLS === "1";
}
