/** Locale-aware labels through Intl, in the organization's locale (falls back to English). */

function displayName(locale: string, type: Intl.DisplayNamesType, code: string): string | undefined {
  try {
    return new Intl.DisplayNames([locale, "en"], { type, fallback: "none" }).of(code);
  } catch {
    return undefined;
  }
}

/** "Germany (DE)" for an ISO 3166-1 alpha-2 code. */
export function formatCountry(code: string, locale: string): string {
  const name = displayName(locale, "region", code.toUpperCase());
  return name ? `${name} (${code.toUpperCase()})` : code.toUpperCase();
}

/** "Euro (EUR)" for an ISO 4217 code. */
export function formatCurrency(code: string, locale: string): string {
  const name = displayName(locale, "currency", code.toUpperCase());
  return name ? `${name} (${code.toUpperCase()})` : code.toUpperCase();
}

const WORKSPACE_TYPE_LABELS = {
  main: "Main",
  division: "Division",
  branch: "Branch",
  project: "Project",
} as const;

export type WorkspaceType = keyof typeof WORKSPACE_TYPE_LABELS;

export function formatWorkspaceType(type: WorkspaceType): string {
  return WORKSPACE_TYPE_LABELS[type];
}

/** Up to two initials for an avatar: "Ada Lovelace" → "AL". */
export function initials(name: string, fallback: string): string {
  const letters = name
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? "")
    .join("");
  return letters || fallback.slice(0, 1).toUpperCase();
}
