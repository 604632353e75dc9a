import type { Metadata } from "next";

import { CurrenciesSettings } from "@/components/settings/master-data/CurrenciesSettings";
import { MasterDataPage, masterDataMetadata } from "@/components/settings/master-data/MasterDataPage";

import { loadWorkspaceScope } from "../../load-scope";

type Params = { params: Promise<{ org: string; ws: string }> };

export async function generateMetadata(): Promise<Metadata> {
  return masterDataMetadata("currencies");
}

export default async function Page({ params }: Params) {
  const { org, ws } = await params;
  const { me } = await loadWorkspaceScope(org, ws);
  const permissions = new Set(me.permissions);
  return (
    <MasterDataPage area="currencies" org={org} ws={ws} permissions={permissions}>
      <CurrenciesSettings canEdit={permissions.has("settings.setting.update")} />
    </MasterDataPage>
  );
}
