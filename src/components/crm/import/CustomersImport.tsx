"use client";

import { ImportWizard } from "@/components/import/ImportWizard";
import type { ImportConfig } from "@/components/import/types";
import { MATCH_KEYS } from "@/server/modules/crm/customers.import.keys";
import { IMPORT_HISTORY_LIST_KEY } from "@/server/modules/crm/imports.schemas";

const CUSTOMERS_IMPORT: ImportConfig = {
  kind: "crm.customers",
  namespace: "crmImport",
  imports: (trpc) => trpc.crm.imports,
  matchKeys: MATCH_KEYS,
  historyListKey: IMPORT_HISTORY_LIST_KEY,
  listPath: ["crm", "customers"],
};

/** The customers import (crm.imports.*, kind crm.customers). */
export function CustomersImport({ org, ws, canUpdate }: { org: string; ws: string; canUpdate: boolean }) {
  return <ImportWizard config={CUSTOMERS_IMPORT} org={org} ws={ws} canUpdate={canUpdate} />;
}
