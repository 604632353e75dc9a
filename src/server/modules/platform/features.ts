// The feature catalog lives here, in code; syncFeatureCatalog() writes it into platform.features (seed, deploy) so
// plans, overrides and the console can reference it. A module that gates something adds its key here.
import type { SystemTx } from "@/server/db/client";

export const FEATURES = [
  { key: "custom_roles", name: "Custom roles", description: "Build roles with a permission matrix beyond the system roles." },
  { key: "api_keys", name: "API keys", description: "Create API keys that act inside the organization with chosen scopes." },
  { key: "audit_export", name: "Audit export", description: "Download the audit log as CSV or Excel." },
  { key: "multiple_workspaces", name: "Multiple workspaces", description: "Run more than one workspace (branches, divisions, projects)." },
] as const;

export type FeatureKey = (typeof FEATURES)[number]["key"];
export const FEATURE_KEYS: readonly FeatureKey[] = FEATURES.map((f) => f.key);

export function isFeatureKey(key: string): key is FeatureKey {
  return (FEATURE_KEYS as readonly string[]).includes(key);
}

export function featureName(key: FeatureKey): string {
  return FEATURES.find((f) => f.key === key)!.name;
}

/** Inserts new catalog entries and refreshes names and descriptions. Never deletes: plans and overrides refer to keys. */
export async function syncFeatureCatalog(tx: SystemTx): Promise<void> {
  for (const f of FEATURES) {
    await tx.feature.upsert({
      where: { key: f.key },
      create: { key: f.key, name: f.name, description: f.description },
      update: { name: f.name, description: f.description },
      select: { key: true },
    });
  }
}
