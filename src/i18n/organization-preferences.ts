import "server-only";

import { loadMe } from "@/trpc/server";

export type OrganizationPreferences = { locale: string; timeZone: string; baseCurrency: string };
export type UserPreferences = { locale: string | null; timeZone: string | null };

/**
 * The locale, time zone and currency of an organization the signed-in user is a member of (null for anyone else:
 * signed out, not a member, unknown slug), and the signed-in user's own overrides (My profile; null when signed
 * out). Shares the request's `platform.me` call with the workspace layout.
 */
export async function loadPreferences(
  org?: string,
  ws?: string,
): Promise<{ organization: OrganizationPreferences | null; user: UserPreferences | null }> {
  try {
    const me = await loadMe(org, ws);
    const organization = me.scope?.organization;
    return {
      organization: organization
        ? { locale: organization.locale, timeZone: organization.timeZone, baseCurrency: organization.baseCurrency }
        : null,
      user: { locale: me.user.locale, timeZone: me.user.timeZone },
    };
  } catch {
    // A foreign organization looks exactly like a missing one; the user's own overrides still apply outside it.
    if (org) return loadPreferences();
    return { organization: null, user: null };
  }
}

/** The organization's preferences alone (see loadPreferences). */
export async function loadOrganizationPreferences(org: string, ws?: string): Promise<OrganizationPreferences | null> {
  return (await loadPreferences(org, ws)).organization;
}
