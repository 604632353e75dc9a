"use client";

import { useTranslations } from "next-intl";
import { useId, useMemo } from "react";

import { Checkbox } from "@/components/ui/Checkbox";
import { cn } from "@/lib/utils";
import { permissionCatalog, type CatalogModule } from "@/server/kernel/permissions";

/** Localized labels for the catalog: `roles.catalog.*` messages, else the catalog's English labels. */
export function useCatalogLabels() {
  const t = useTranslations("roles.catalog");
  return useMemo(
    () => ({
      module: (m: CatalogModule) => (t.has(`modules.${m.key}` as "modules.auth") ? t(`modules.${m.key}` as "modules.auth") : m.label),
      resource: (key: string, fallback: string) => {
        const k = `resources.${key.replace(".", "_")}` as "resources.auth_role";
        return t.has(k) ? t(k) : fallback;
      },
      action: (a: string) => (t.has(`actions.${a}` as "actions.read") ? t(`actions.${a}` as "actions.read") : a),
    }),
    [t],
  );
}

export interface PermissionMatrixProps {
  value: readonly string[];
  onChange?: (next: string[]) => void;
  readOnly?: boolean;
  /** Permissions that may be ticked (e.g. the ones the user holds); the others are shown disabled. */
  available?: ReadonlySet<string>;
  /** Smaller, for dialogs (API key scopes). */
  compact?: boolean;
  /** Only modules with at least one available permission (compact lists). */
  hideUnavailable?: boolean;
}

/**
 * The permission matrix: one group per module with a "select all" checkbox (indeterminate when partial); rows are
 * resources, columns actions; each cell a labelled checkbox whose title is the permission's description.
 */
export function PermissionMatrix({ value, onChange, readOnly, available, compact, hideUnavailable }: PermissionMatrixProps) {
  const t = useTranslations("roles.matrix");
  const labels = useCatalogLabels();
  const idBase = useId();
  const catalog = useMemo(() => permissionCatalog(), []);
  const selected = useMemo(() => new Set(value), [value]);
  const can = (p: string) => !readOnly && (!available || available.has(p));

  const set = (perms: string[], on: boolean) => {
    if (!onChange) return;
    const next = new Set(selected);
    for (const p of perms) {
      if (!can(p)) continue;
      if (on) next.add(p);
      else next.delete(p);
    }
    onChange([...next].sort());
  };

  const modules = hideUnavailable && available ? catalog.filter((m) => m.resources.some((r) => r.permissions.some((p) => available.has(p.permission)))) : catalog;

  return (
    <div className={cn("grid", compact ? "gap-3" : "gap-5")}>
      {modules.map((m) => {
        const perms = m.resources.flatMap((r) => r.permissions.map((p) => p.permission));
        const editable = perms.filter(can);
        const on = perms.filter((p) => selected.has(p)).length;
        const all = on === perms.length ? true : on === 0 ? false : "indeterminate";
        const moduleLabel = labels.module(m);
        const headingId = `${idBase}-${m.key}`;
        return (
          <fieldset key={m.key} className="rounded-md border" aria-labelledby={headingId}>
            <div className={cn("flex items-center gap-2 border-b bg-muted/40", compact ? "px-2 py-1.5" : "px-3 py-2")}>
              <Checkbox
                id={`${headingId}-all`}
                checked={all}
                disabled={editable.length === 0}
                aria-label={t("selectAll", { module: moduleLabel })}
                onCheckedChange={(c) => set(perms, c === true)}
              />
              <label id={headingId} htmlFor={`${headingId}-all`} className={cn("font-medium", compact ? "text-sm" : "text-base")}>
                {moduleLabel}
              </label>
              <span className="ml-auto text-xs text-muted-foreground">{t("count", { on, total: perms.length })}</span>
            </div>
            <table className={cn("w-full text-sm", compact && "text-xs")}>
              <thead>
                <tr>
                  <th scope="col" className="px-3 py-1.5 text-left font-medium text-muted-foreground">
                    {t("resource")}
                  </th>
                  {m.actions.map((a) => (
                    <th key={a} scope="col" className="px-2 py-1.5 text-center font-medium text-muted-foreground">
                      {labels.action(a)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {m.resources.map((r) => {
                  const resourceLabel = labels.resource(r.key, r.label);
                  return (
                    <tr key={r.key} className="border-t">
                      <th scope="row" className="px-3 py-1.5 text-left font-normal">
                        {resourceLabel}
                      </th>
                      {m.actions.map((a) => {
                        const p = r.permissions.find((x) => x.action === a);
                        return (
                          <td key={a} className="px-2 py-1.5 text-center">
                            {p ? (
                              <Checkbox
                                checked={selected.has(p.permission)}
                                disabled={!can(p.permission)}
                                aria-label={t("cell", { resource: resourceLabel, action: labels.action(a) })}
                                title={p.description}
                                data-permission={p.permission}
                                onCheckedChange={(c) => set([p.permission], c === true)}
                              />
                            ) : null}
                          </td>
                        );
                      })}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </fieldset>
        );
      })}
    </div>
  );
}
