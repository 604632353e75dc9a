// Every import the kernel engine (src/server/kernel/import) can run, by kind; a module adds one line.
import type { ImportDefinition } from "@/server/kernel/import/define";
import { customersImport } from "@/server/modules/crm/customers.import";
import { itemsImport } from "@/server/modules/inventory/items.import";

const defs = [customersImport, itemsImport] as unknown as ImportDefinition[];

export const IMPORTS: ReadonlyMap<string, ImportDefinition> = new Map(defs.map((d) => [d.kind, d]));
