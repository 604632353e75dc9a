import type { Metadata } from "next";

import { PaymentTermsSettings } from "@/components/settings/master-data/PaymentTermsSettings";
import { MasterDataPage, masterDataMetadata } from "@/components/settings/master-data/MasterDataPage";

import { loadWorkspaceScope } from "../../load-scope";

type Params = { params: Promise<{ org: string; ws: string }> };

export async function generateMetadata(): Promise<Metadata> {
  return masterDataMetadata("payment-terms");
}

export default async function Page({ params }: Params) {
  const { org, ws } = await params;
  const { me } = await loadWorkspaceScope(org, ws);
  const permissions = new Set(me.permissions);
  return (
    <MasterDataPage area="payment-terms" org={org} ws={ws} permissions={permissions}>
      <PaymentTermsSettings canEdit={permissions.has("settings.setting.update")} />
    </MasterDataPage>
  );
}
