import { describe, expect, it } from "vitest";
import { ALL_PERMISSIONS, expandPatterns, PERMISSION_ACTIONS, PERMISSION_MODULES, PERMISSION_RESOURCES, permissionCatalog, SYSTEM_ROLES } from "./permissions";

describe("permission catalog", () => {
  it("names every permission module.resource.action", () => {
    for (const p of ALL_PERMISSIONS) expect(p).toMatch(/^[a-z][a-z_]*\.[a-z][a-z_]*\.[a-z][a-z_]*$/);
  });

  it("expands patterns", () => {
    expect(expandPatterns(["*"])).toEqual(ALL_PERMISSIONS);
    expect(expandPatterns(["*.*.read"]).every((p) => p.endsWith(".read"))).toBe(true);
    expect(expandPatterns(["platform.*"])).toContain("platform.workspace.manage");
    expect(expandPatterns(["platform.*"])).not.toContain("auth.member.read");
    expect(expandPatterns(["audit.event.read"])).toEqual(["audit.event.read"]);
  });

  it("seeds the system roles of ARCHITECTURE §7, each granting something, the owner everything", () => {
    expect(SYSTEM_ROLES.map((r) => r.key)).toEqual(["owner", "admin", "manager", "accountant", "sales", "purchasing", "warehouse", "hr", "viewer"]);
    for (const r of SYSTEM_ROLES) expect(expandPatterns(r.grants).length, r.key).toBeGreaterThan(0);
    expect(expandPatterns(SYSTEM_ROLES.find((r) => r.key === "owner")!.grants)).toEqual(ALL_PERMISSIONS);
    expect(expandPatterns(SYSTEM_ROLES.find((r) => r.key === "viewer")!.grants).every((p) => p.endsWith(".read"))).toBe(true);
  });

  it("labels every module, resource and action for the permission matrix, and groups the whole catalog", () => {
    for (const p of ALL_PERMISSIONS) {
      const [m, r, a] = p.split(".") as [string, string, string];
      expect(PERMISSION_MODULES[m], p).toBeTruthy();
      expect(PERMISSION_RESOURCES[`${m}.${r}`], p).toBeTruthy();
      expect(PERMISSION_ACTIONS[a], p).toBeTruthy();
    }
    const grouped = permissionCatalog().flatMap((m) => m.resources.flatMap((r) => r.permissions.map((x) => x.permission)));
    expect(grouped.sort()).toEqual([...ALL_PERMISSIONS].sort());
    expect(expandPatterns(SYSTEM_ROLES.find((r) => r.key === "admin")!.grants)).toContain("auth.api_key.manage");
  });
});
