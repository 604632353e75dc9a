import type { Metadata } from "next";

import { SequencesSettings } from "@/components/settings/SequencesSettings";

import { loadWorkspaceScope } from "../../load-scope";

type Params = { params: Promise<{ org: string; ws: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { org, ws } = await params;
  const { organization } = await loadWorkspaceScope(org, ws);
  return { title: `Number sequences · ${organization.name}` };
}

export default async function NumberSequencesPage({ params }: Params) {
  const { org, ws } = await params;
  const { me } = await loadWorkspaceScope(org, ws);
  const permissions = new Set(me.permissions);

  return (
    <div className="mx-auto grid max-w-6xl gap-6">
      <div className="grid gap-1">
        <p className="text-sm text-muted-foreground">Settings</p>
        <h1 className="text-2xl font-semibold tracking-tight">Number sequences</h1>
        <p className="max-w-3xl text-sm text-muted-foreground">
          How documents are numbered. A format is literal text with {"{YYYY}"}, {"{YY}"}, {"{MM}"} and one counter such as{" "}
          {"{#####}"} (five digits, zero-padded). A format can change until the first document is numbered with it.
        </p>
      </div>
      {permissions.has("settings.sequence.read") ? (
        <SequencesSettings canEdit={permissions.has("settings.sequence.update")} />
      ) : (
        <p role="alert" className="rounded-md border p-4 text-sm">
          You do not have permission to see number sequences. Ask an administrator for access.
        </p>
      )}
    </div>
  );
}
