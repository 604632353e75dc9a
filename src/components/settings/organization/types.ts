/** The organization as the settings page loads it (platform.organizations.get). */
export interface OrganizationData {
  id: string;
  slug: string;
  name: string;
  legalName: string | null;
  country: string;
  taxId: string | null;
  baseCurrency: string;
  timeZone: string;
  locale: string;
  fiscalYearStartMonth: number;
  primaryColor: string | null;
  addressLine1: string | null;
  addressLine2: string | null;
  city: string | null;
  region: string | null;
  postalCode: string | null;
  logoSha256: string | null;
  version: number;
}

export interface OrganizationPermissions {
  /** platform.organization.update: profile, branding, regional. */
  canEditOrganization: boolean;
  /** settings.setting.read / update: the settings store (Security, All settings). */
  canReadSettings: boolean;
  canEditSettings: boolean;
}
