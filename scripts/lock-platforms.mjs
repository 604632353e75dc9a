// Completes package-lock.json with the platform-specific optional packages (other operating systems and CPUs)
// that npm could not resolve from this machine's registry, so that `npm ci` accepts the lock file everywhere.
// Each added entry carries its os/cpu, so npm skips it on platforms it does not fit (and never downloads it).
// Run after changing dependencies: `npm install && node scripts/lock-platforms.mjs`.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const OS = ["darwin", "win32", "linux", "freebsd", "android", "openharmony", "openbsd", "netbsd", "sunos", "aix", "wasi"];
const CPU = ["arm64", "x64", "ia32", "arm", "ppc64", "riscv64", "s390x", "loong64", "wasm32", "mips64el"];

function platformOf(name) {
  const parts = name.split("/").pop().split("-");
  const os = parts.find((p) => OS.includes(p) || p === "win32" || p === "windows" || p === "macos" || p === "mac");
  const cpu = parts.find((p) => CPU.includes(p) || p === "x86_64" || p === "aarch64" || p === "wasm32");
  const normOs = os === "windows" ? "win32" : os === "macos" || os === "mac" ? "darwin" : os;
  const normCpu = cpu === "x86_64" ? "x64" : cpu === "aarch64" ? "arm64" : cpu;
  if (!normOs && !normCpu) return null;
  return { os: normOs && normOs !== "wasi" ? [normOs] : undefined, cpu: normCpu ? [normCpu] : undefined };
}

const lockPath = path.resolve("package-lock.json");
const lock = JSON.parse(readFileSync(lockPath, "utf8"));
const packages = lock.packages;
let added = 0;
for (const [key, entry] of Object.entries(packages)) {
  if (!key.startsWith("node_modules/") || !entry.optionalDependencies) continue;
  const manifestPath = path.resolve(key, "package.json");
  const optional = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, "utf8")).optionalDependencies ?? entry.optionalDependencies : entry.optionalDependencies;
  for (const [dep, spec] of Object.entries(optional)) {
    const hoisted = `node_modules/${dep}`;
    const nested = `${key}/node_modules/${dep}`;
    if (packages[hoisted] || packages[nested]) continue;
    const platform = platformOf(dep);
    if (!platform) continue; // not a platform binary: npm must resolve it itself
    const version = String(spec).replace(/^[\^~=]/, "");
    packages[hoisted] = {
      version,
      ...(platform.cpu ? { cpu: platform.cpu } : {}),
      ...(entry.dev ? { dev: true } : {}),
      optional: true,
      ...(platform.os ? { os: platform.os } : {}),
    };
    added++;
  }
}
const sorted = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))));
lock.packages = sorted;
writeFileSync(lockPath, JSON.stringify(lock, null, 2) + "\n");
console.log(`lock-platforms: added ${added} platform-specific optional package entries`);
