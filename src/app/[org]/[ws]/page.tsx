import type { Metadata } from "next";
import { LayoutGridIcon } from "lucide-react";

import { Badge } from "@/components/ui/Badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/Card";
import { formatCountry, formatCurrency, formatWorkspaceType } from "@/lib/format";

import { loadWorkspaceScope } from "./load-scope";

type Params = { params: Promise<{ org: string; ws: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { org, ws } = await params;
  const { organization, workspace } = await loadWorkspaceScope(org, ws);
  return { title: `${workspace.name} · ${organization.name}` };
}

export default async function WorkspaceHomePage({ params }: Params) {
  const { org, ws } = await params;
  const { organization, workspace } = await loadWorkspaceScope(org, ws);
  const locale = organization.locale;

  return (
    <div className="mx-auto grid max-w-5xl gap-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">{workspace.name}</h1>
        <Badge variant="secondary">{formatWorkspaceType(workspace.type)}</Badge>
      </div>

      <Card aria-labelledby="about-heading">
        <CardHeader>
          <CardTitle id="about-heading">About this workspace</CardTitle>
          <CardDescription>The organization and workspace you are working in.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-6 md:grid-cols-2">
          <section aria-labelledby="org-heading" className="grid content-start gap-3">
            <h3 id="org-heading" className="text-sm font-semibold">
              Organization
            </h3>
            <dl className="grid grid-cols-[minmax(7rem,auto)_1fr] gap-x-4 gap-y-2 text-sm">
              <Field label="Name" value={organization.name} />
              <Field label="Legal name" value={organization.legalName} />
              <Field label="Country" value={formatCountry(organization.country, locale)} />
              <Field label="Base currency" value={formatCurrency(organization.baseCurrency, locale)} />
              <Field label="Time zone" value={organization.timeZone} />
            </dl>
          </section>
          <section aria-labelledby="ws-heading" className="grid content-start gap-3">
            <h3 id="ws-heading" className="text-sm font-semibold">
              Workspace
            </h3>
            <dl className="grid grid-cols-[minmax(7rem,auto)_1fr] gap-x-4 gap-y-2 text-sm">
              <Field label="Name" value={workspace.name} />
              <Field label="Type" value={formatWorkspaceType(workspace.type)} />
            </dl>
          </section>
        </CardContent>
      </Card>

      <Card aria-labelledby="modules-heading">
        <CardContent className="flex flex-col items-center gap-3 py-12 text-center">
          <span className="flex size-12 items-center justify-center rounded-full bg-muted text-muted-foreground">
            <LayoutGridIcon aria-hidden="true" className="size-6" />
          </span>
          <h2 id="modules-heading" className="text-base font-semibold">
            Modules will appear here as they are enabled
          </h2>
          <p className="max-w-md text-sm text-muted-foreground">
            Each module you have access to in this workspace adds its entry to the sidebar and its overview to this
            page.
          </p>
        </CardContent>
      </Card>
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
