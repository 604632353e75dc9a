import type { Metadata } from "next";
import { TRPCError } from "@trpc/server";
import { notFound } from "next/navigation";

import { AttachmentsPanel } from "@/components/attachments/AttachmentsPanel";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/Card";
import { formatCountry, formatCurrency } from "@/lib/format";
import { createServerCaller } from "@/trpc/server";

import { loadWorkspaceScope } from "../../load-scope";

type Params = { params: Promise<{ org: string; ws: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { org, ws } = await params;
  const { organization } = await loadWorkspaceScope(org, ws);
  return { title: `Organization · ${organization.name}` };
}

export default async function OrganizationSettingsPage({ params }: Params) {
  const { org, ws } = await params;
  await loadWorkspaceScope(org, ws);
  const caller = await createServerCaller({ org, ws });
  const organization = await caller.platform.organizations.get().catch((e: unknown) => {
    if (e instanceof TRPCError && (e.code === "FORBIDDEN" || e.code === "NOT_FOUND")) notFound();
    throw e;
  });
  const locale = organization.locale;

  return (
    <div className="mx-auto grid max-w-5xl gap-6">
      <h1 className="text-2xl font-semibold tracking-tight">Organization</h1>

      <Card aria-labelledby="profile-heading">
        <CardHeader>
          <CardTitle id="profile-heading">Profile</CardTitle>
          <CardDescription>How the organization appears on documents and where its defaults come from.</CardDescription>
        </CardHeader>
        <CardContent>
          <dl className="grid grid-cols-[minmax(8rem,auto)_1fr] gap-x-4 gap-y-2 text-sm md:grid-cols-[minmax(8rem,auto)_1fr_minmax(8rem,auto)_1fr]">
            <Field label="Name" value={organization.name} />
            <Field label="Legal name" value={organization.legalName} />
            <Field label="Country" value={formatCountry(organization.country, locale)} />
            <Field label="Base currency" value={formatCurrency(organization.baseCurrency, locale)} />
            <Field label="Time zone" value={organization.timeZone} />
            <Field label="Locale" value={organization.locale} />
            <Field label="Tax id" value={organization.taxId} />
          </dl>
        </CardContent>
      </Card>

      <AttachmentsPanel
        org={org}
        ws={ws}
        entityType="platform.organization"
        entityId={organization.id}
        title="Company documents"
        description="Registration papers, tax certificates, bank letters: files that belong to the organization itself."
        locale={locale}
        timeZone={organization.timeZone}
      />
    </div>
  );
}

function Field({ label, value }: { label: string; value: string | null | undefined }) {
  return (
    <>
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="min-w-0 break-words">{value ? value : <span className="text-muted-foreground">Not set</span>}</dd>
    </>
  );
}
