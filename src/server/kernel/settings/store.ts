// Reading and writing settings.app_settings through the registry. Resolution is workspace → organization → the
// registry's global default. Runs in the caller's scoped transaction: RLS hides other organizations' rows and the
// rows of workspaces the member may not see, and the queries filter by organization and workspace regardless.
import { v7 as uuidv7 } from "uuid";
import type { SystemTx } from "@/server/db/client";
import type { Tx } from "@/server/db/scope";
import { AppError } from "@/server/kernel/errors";
import type { OrgScope, WorkspaceScope } from "@/server/kernel/scope";
import {
  isSettingKey,
  parseStored,
  SETTING_KEYS,
  SETTINGS,
  settingDefinition,
  type SettingKey,
  type SettingLevel,
  type EffectiveSetting,
  type SettingValue,
} from "./registry";

export type { EffectiveSetting };

type Scope = OrgScope | Pick<WorkspaceScope, keyof OrgScope | "workspaceId">;
/**
 * Reading needs only the organization (and the workspace, for workspace-level values); system paths (the platform
 * console, accepting an invitation) read with the system client, where the queries' own filters are what apply.
 */
type ReadScope = Pick<OrgScope, "orgId"> & { workspaceId?: string | null };
type ReadTx = Tx | SystemTx;

const workspaceOf = (scope: ReadScope): string | null => scope.workspaceId ?? null;

async function rowsFor(tx: ReadTx, scope: ReadScope, keys?: string[]) {
  const ws = workspaceOf(scope);
  return (tx as Tx).appSetting.findMany({
    where: {
      organizationId: scope.orgId,
      ...(keys ? { key: { in: keys } } : {}),
      OR: ws ? [{ workspaceId: null }, { workspaceId: ws }] : [{ workspaceId: null }],
    },
    select: { key: true, workspaceId: true, value: true, updatedAt: true, updatedBy: true },
  });
}


function resolve<K extends SettingKey>(key: K, rows: { key: string; workspaceId: string | null; value: unknown }[]): EffectiveSetting<K> {
  const def = SETTINGS[key];
  const orgRow = rows.find((r) => r.key === key && r.workspaceId === null);
  const wsRow = rows.find((r) => r.key === key && r.workspaceId !== null);
  const allowed = (level: SettingLevel) => (def.levels as readonly SettingLevel[]).includes(level);
  const orgValue = orgRow && allowed("organization") ? (parseStored(key, orgRow.value) ?? null) : null;
  const wsValue = wsRow && allowed("workspace") ? (parseStored(key, wsRow.value) ?? null) : null;
  const base = { defaultValue: def.default as SettingValue<K>, levels: def.levels, organizationValue: orgValue, workspaceValue: wsValue };
  const fromOrg = orgValue !== null ? { value: orgValue, source: "organization" as const } : { value: def.default as SettingValue<K>, source: "global" as const };
  if (wsValue !== null) return { key, value: wsValue, source: "workspace", inherited: fromOrg, ...base };
  if (orgValue !== null) return { key, ...fromOrg, inherited: { value: def.default as SettingValue<K>, source: "global" }, ...base };
  return { key, value: def.default as SettingValue<K>, source: "global", inherited: { value: def.default as SettingValue<K>, source: "global" }, ...base };
}

/** One key's effective value in the scope (the workspace's when the scope has one). */
export async function getSetting<K extends SettingKey>(tx: ReadTx, scope: ReadScope, key: K): Promise<SettingValue<K>> {
  return resolve(key, await rowsFor(tx, scope, [key])).value;
}

/** Several keys at once, in one query. */
export async function getSettings<K extends SettingKey>(tx: ReadTx, scope: ReadScope, keys: readonly K[]): Promise<{ [P in K]: SettingValue<P> }> {
  const rows = await rowsFor(tx, scope, [...keys]);
  return Object.fromEntries(keys.map((k) => [k, resolve(k, rows).value])) as { [P in K]: SettingValue<P> };
}

/** Every registry key with its effective value and where it comes from ("global" | "organization" | "workspace"). */
export async function effectiveSettings(tx: ReadTx, scope: ReadScope): Promise<EffectiveSetting[]> {
  const rows = await rowsFor(tx, scope);
  return SETTING_KEYS.map((k) => resolve(k, rows) as EffectiveSetting);
}

function checkKeyAndLevel(scope: Scope, key: string, level: SettingLevel): { key: SettingKey; workspaceId: string | null } {
  if (!isSettingKey(key)) throw new AppError("BAD_REQUEST", `Unknown setting "${key}".`, { key: ["Unknown setting"] });
  const def = settingDefinition(key);
  if (!def.levels.includes(level)) {
    const msg = level === "workspace" ? "This setting applies to the whole organization; it cannot be set per workspace." : "This setting cannot be set here.";
    throw new AppError("BAD_REQUEST", msg, { scope: [msg] });
  }
  const workspaceId = level === "workspace" ? workspaceOf(scope) : null;
  if (level === "workspace" && !workspaceId) {
    throw new AppError("BAD_REQUEST", "Open a workspace to set a value for it.", { scope: ["Open a workspace to set a value for it."] });
  }
  return { key, workspaceId };
}

/** Sets `key` at `level` (the scope's workspace for "workspace"), validated by the key's schema (field error "value"). */
export async function setSetting(tx: Tx, scope: Scope, input: { key: string; level: SettingLevel; value: unknown }) {
  const { key, workspaceId } = checkKeyAndLevel(scope, input.key, input.level);
  const parsed = (SETTINGS[key].schema as import("zod").ZodType).safeParse(input.value);
  if (!parsed.success) {
    const msg = parsed.error.issues[0]?.message ?? "Invalid value";
    throw new AppError("BAD_REQUEST", msg, { value: parsed.error.issues.map((i) => i.message) });
  }
  const json = JSON.stringify(parsed.data);
  // The partial unique indexes are the arbiters: one row per organization/key and per organization/workspace/key.
  if (workspaceId) {
    await tx.$executeRaw`
      insert into settings.app_settings (organization_id, id, workspace_id, key, value, updated_by)
      values (${scope.orgId}::uuid, ${uuidv7()}::uuid, ${workspaceId}::uuid, ${key}, ${json}::jsonb, ${scope.userId}::uuid)
      on conflict (organization_id, workspace_id, key) where workspace_id is not null
      do update set value = excluded.value, updated_by = excluded.updated_by, updated_at = now()
      where app_settings.value is distinct from excluded.value`;
  } else {
    await tx.$executeRaw`
      insert into settings.app_settings (organization_id, id, workspace_id, key, value, updated_by)
      values (${scope.orgId}::uuid, ${uuidv7()}::uuid, null, ${key}, ${json}::jsonb, ${scope.userId}::uuid)
      on conflict (organization_id, key) where workspace_id is null
      do update set value = excluded.value, updated_by = excluded.updated_by, updated_at = now()
      where app_settings.value is distinct from excluded.value`;
  }
  return resolve(key, await rowsFor(tx, scope, [key]));
}

/** Removes the value set at `level`, so the key inherits from the level above again. */
export async function resetSetting(tx: Tx, scope: Scope, input: { key: string; level: SettingLevel }) {
  const { key, workspaceId } = checkKeyAndLevel(scope, input.key, input.level);
  await tx.appSetting.deleteMany({ where: { organizationId: scope.orgId, workspaceId, key } });
  return resolve(key, await rowsFor(tx, scope, [key]));
}
