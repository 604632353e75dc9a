import "server-only";

import { loadMe } from "@/trpc/server";

export type OrganizationPreferences = { locale: string; timeZone: string; baseCurrency: string };

/**
 * The locale, time zone and currency of an organization the signed-in user is a member of; null for anyone else
 * (signed out, not a member, unknown slug). Shares the request's `platform.me` call with the workspace layout.
 */
export async function loadOrganizationPreferences(org: string, ws?: string): Promise<OrganizationPreferences | null> {
  try {
    const organization = (await loadMe(org, ws)).scope?.organization;
    return organization
      ? { locale: organization.locale, timeZone: organization.timeZone, baseCurrency: organization.baseCurrency }
      : null;
  } catch {
    return null;
  }
}
