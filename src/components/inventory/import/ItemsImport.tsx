"use client";

import { ImportWizard } from "@/components/import/ImportWizard";
import type { ImportConfig } from "@/components/import/types";

const ITEMS_IMPORT: ImportConfig = {
  kind: "inventory.items",
  namespace: "inventoryImport",
  imports: (trpc) => trpc.inventory.imports,
  matchKeys: ["sku", "variantSku"],
  historyListKey: "inventory.imports",
  listPath: ["inventory", "items"],
};

/** The items import (inventory.imports.*, kind inventory.items). */
export function ItemsImport({ org, ws, canUpdate }: { org: string; ws: string; canUpdate: boolean }) {
  return <ImportWizard config={ITEMS_IMPORT} org={org} ws={ws} canUpdate={canUpdate} />;
}
