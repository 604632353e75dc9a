// Onboarding: a signed-in, verified user creates an organization (first one, or another later) with its first
// workspace and becomes its owner. Runs on the system client: organization slugs are global, and the new tenant has
// no scope yet. Everything is created by createOrganization in one transaction.
import type { SystemClient } from "@/server/db/client";
import { RESERVED_TOP_LEVEL_SEGMENTS } from "@/lib/scope";
import { SLUG_PATTERN, slugify, withSuffix } from "@/lib/slug";
import { AppError } from "@/server/kernel/errors";
import { countryPack } from "@/server/kernel/regions/packs";
import { createOrganization } from "./organizations.service";
import {
  ZCompleteOnboardingInput,
  ZSuggestSlugInput,
  type TCompleteOnboardingInput,
  type TSuggestSlugInput,
} from "./platform.schemas";

const FALLBACK_SLUG = "org";

/** Whether each candidate is free: not an app route and no organization has it. */
async function takenSlugs(sys: SystemClient, base: string): Promise<Set<string>> {
  const rows = await sys.organization.findMany({
    where: { OR: [{ slug: base }, { slug: { startsWith: `${base.slice(0, 56)}-` } }] },
    select: { slug: true },
  });
  const taken = new Set(rows.map((r) => r.slug));
  for (const r of RESERVED_TOP_LEVEL_SEGMENTS) taken.add(r);
  return taken;
}

/**
 * The live address check of the wizard. With `slug`: whether it is valid and free, and a free alternative when it is
 * not. With only `name`: the address suggested from it (Cyrillic transliterated; a taken one gets -2, -3 …).
 */
export async function suggestSlug(sys: SystemClient, raw: TSuggestSlugInput): Promise<{ slug: string; available: boolean; suggestion: string }> {
  const input = ZSuggestSlugInput.parse(raw);
  const wanted = input.slug ?? (slugify(input.name ?? "") || FALLBACK_SLUG);
  const base = SLUG_PATTERN.test(wanted) ? wanted : slugify(wanted) || FALLBACK_SLUG;
  const taken = await takenSlugs(sys, base);
  let suggestion = base;
  for (let n = 2; taken.has(suggestion); n++) suggestion = withSuffix(base, n);
  return { slug: wanted, available: SLUG_PATTERN.test(wanted) && !taken.has(wanted), suggestion };
}

/**
 * Creates the organization, its first workspace (type main), the creator's owner membership (all workspaces), system
 * roles, sequences, base currency and the country pack's tax rate, in one transaction. Answers where to go next.
 */
export async function completeOnboarding(sys: SystemClient, user: { id: string }, raw: TCompleteOnboardingInput) {
  const input = ZCompleteOnboardingInput.parse(raw);
  const pack = countryPack(input.country);
  const wsSlug = input.workspace.slug ?? (slugify(input.workspace.name) || "main");
  try {
    const created = await createOrganization(
      sys,
      {
        name: input.name,
        slug: input.slug,
        legalName: input.legalName,
        country: input.country,
        taxId: input.taxId,
        baseCurrency: input.baseCurrency,
        timeZone: input.timeZone,
        locale: input.locale,
        fiscalYearStartMonth: input.fiscalYearStartMonth,
        workspaces: [{ name: input.workspace.name, slug: wsSlug, type: "main" }],
      },
      { ownerUserId: user.id, taxRates: pack.taxRate ? [pack.taxRate] : [] },
    );
    const ws = created.workspaces[0]!;
    return { organization: { id: created.organization.id, slug: created.organization.slug }, workspace: { id: ws.id, slug: ws.slug }, path: `/${created.organization.slug}/${ws.slug}` };
  } catch (e) {
    // Two people finishing with the same address at once: the loser gets the next free one to accept.
    if (e instanceof AppError && e.code === "CONFLICT" && e.fieldErrors?.slug) {
      const { suggestion } = await suggestSlug(sys, { slug: input.slug });
      throw new AppError("CONFLICT", `This address is taken; "${suggestion}" is free`, { slug: [`This address is taken; "${suggestion}" is free`] });
    }
    throw e;
  }
}
