import type { SystemClient, SystemTx } from "@/server/db/client";
import type { Tx } from "@/server/db/scope";
import { AppError, notFound } from "@/server/kernel/errors";
import { ensureBaseCurrency, seedOrganizationMoney } from "@/server/kernel/money";
import { syncSequences } from "@/server/kernel/numbering";
import { expandPatterns, SYSTEM_ROLES } from "@/server/kernel/permissions";
import type { CountryTaxRate } from "@/server/kernel/regions/packs";
import { normalizeTaxId, taxIdError } from "@/server/kernel/regions/tax-id";
import { addMember } from "@/server/modules/auth/users.service";
import { seedDefaultReasons } from "@/server/modules/inventory/adjustment-reasons.service";
import type { OrgScope } from "@/server/kernel/scope";
import { createTrialSubscription } from "./subscriptions.service";
import { ZCreateOrganizationInput, type TCreateOrganizationInput, type TUpdateOrganizationParsed } from "./platform.schemas";

type AnyTx = Tx | SystemTx;

const ORG_FIELDS = {
  id: true,
  slug: true,
  name: true,
  legalName: true,
  country: true,
  taxId: true,
  baseCurrency: true,
  timeZone: true,
  locale: true,
  fiscalYearStartMonth: true,
  primaryColor: true,
  addressLine1: true,
  addressLine2: true,
  city: true,
  region: true,
  postalCode: true,
  logoSha256: true,
  version: true,
  status: true,
} as const;

export async function getOrganization(tx: Tx, scope: OrgScope) {
  const org = await tx.organization.findUnique({ where: { id: scope.orgId }, select: ORG_FIELDS });
  if (!org) throw notFound("Organization not found");
  return org;
}

export const ORGANIZATION_CONFLICT_MESSAGE = "The organization was changed by someone else. Reload to see the changes.";

/**
 * Edits the profile (name, legal name, tax id checked by the organization's country, postal address), branding color and regional
 * settings (locale, time zone, fiscal year start). Only the fields given change. `version` must be the current
 * one, else CONFLICT. Country and base currency never change here. The audit trigger records the old and new values.
 */
export async function updateOrganization(tx: Tx, scope: OrgScope, input: TUpdateOrganizationParsed) {
  const current = await tx.organization.findUnique({ where: { id: scope.orgId }, select: { country: true, version: true } });
  if (!current) throw notFound("Organization not found");
  if (input.taxId) {
    const err = taxIdError(current.country, input.taxId);
    if (err) throw new AppError("BAD_REQUEST", err, { taxId: [err] });
  }
  const { version, ...data } = input;
  const changed = await tx.organization.updateMany({
    where: { id: scope.orgId, version },
    data: { ...data, version: { increment: 1 } },
  });
  if (changed.count === 0) throw new AppError("CONFLICT", ORGANIZATION_CONFLICT_MESSAGE);
  return getOrganization(tx, scope);
}

/**
 * Creates or re-syncs the system roles of an organization (ARCHITECTURE §7) from the permission catalog: a role's
 * permissions become exactly what its grants expand to. Custom roles are never touched.
 */
export async function syncSystemRoles(tx: AnyTx, organizationId: string): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const def of SYSTEM_ROLES) {
    const role = await (tx as Tx).role.upsert({
      where: { organizationId_key: { organizationId, key: def.key } },
      create: { organizationId, key: def.key, name: def.name, description: def.description, isSystem: true },
      update: { name: def.name, description: def.description, isSystem: true },
      select: { id: true },
    });
    ids.set(def.key, role.id);
    const wanted = expandPatterns(def.grants);
    await (tx as Tx).rolePermission.deleteMany({ where: { organizationId, roleId: role.id, permission: { notIn: wanted } } });
    await (tx as Tx).rolePermission.createMany({
      data: wanted.map((permission) => ({ organizationId, roleId: role.id, permission })),
      skipDuplicates: true,
    });
  }
  return ids;
}

export interface CreateOrganizationOptions {
  /** The creator (onboarding): becomes a member with the owner role on all workspaces, and the actor of the audit rows. */
  ownerUserId?: string;
  /** Tax rates of the country pack (onboarding), created in settings.tax_rates. */
  taxRates?: readonly CountryTaxRate[];
}

/**
 * Creates a tenant — organization, workspaces, system roles, number sequences, the default stock adjustment reasons,
 * base currency, and with options the country pack's tax rates and the owner membership — in ONE transaction: any
 * failing step leaves nothing behind.
 * A platform path (onboarding, platform admin, demo seed): it runs on the system client because no organization
 * scope exists yet.
 */
export async function createOrganization(sys: SystemClient, raw: TCreateOrganizationInput, opts: CreateOrganizationOptions = {}) {
  const input = ZCreateOrganizationInput.parse(raw);
  if (input.taxId) {
    const err = taxIdError(input.country, input.taxId);
    if (err) throw new AppError("BAD_REQUEST", err, { taxId: [err] });
    input.taxId = normalizeTaxId(input.country, input.taxId);
  }
  return sys.$transaction(async (tx) => {
    // The audit trigger records the creator as the actor of every row written here.
    if (opts.ownerUserId) await tx.$executeRaw`select set_config('app.user_id', ${opts.ownerUserId}, true)`;
    const taken = await tx.organization.findUnique({ where: { slug: input.slug }, select: { id: true } });
    if (taken) throw new AppError("CONFLICT", "This address is taken", { slug: ["This address is taken"] });
    const org = await tx.organization.create({
      data: {
        name: input.name,
        slug: input.slug,
        legalName: input.legalName ?? null,
        country: input.country,
        taxId: input.taxId ?? null,
        baseCurrency: input.baseCurrency,
        timeZone: input.timeZone,
        locale: input.locale,
        fiscalYearStartMonth: input.fiscalYearStartMonth,
      },
      select: ORG_FIELDS,
    });
    const workspaces = [];
    for (const ws of input.workspaces) {
      workspaces.push(
        await tx.workspace.create({ data: { organizationId: org.id, ...ws }, select: { id: true, slug: true, name: true } }),
      );
    }
    const roles = await syncSystemRoles(tx, org.id);
    await syncSequences(tx, org.id);
    await seedDefaultReasons(tx, org.id, opts.ownerUserId ?? null);
    await ensureBaseCurrency(tx, org.id, org.baseCurrency);
    // Every new organization starts a trial on the default plan (none without plans: unmetered).
    await createTrialSubscription(tx, org.id);
    if (opts.taxRates?.length) await seedOrganizationMoney(tx, org.id, { taxRates: [...opts.taxRates] });
    const owner = opts.ownerUserId
      ? await addMember(tx, { organizationId: org.id, userId: opts.ownerUserId, roleKeys: ["owner"], allWorkspaces: true })
      : null;
    return { organization: org, workspaces, roles, owner };
  });
}
