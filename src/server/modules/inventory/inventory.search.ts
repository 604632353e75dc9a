// The command palette's inventory provider (kernel/search.ts): items and variants by barcode, SKU or name.
// Registered by importing this file from src/server/search-providers.ts.
import { registerSearchProvider } from "@/server/kernel/search";
import { searchItems } from "./search.service";

registerSearchProvider({
  id: "inventoryItems",
  label: "Items",
  permission: "inventory.item.read",
  search: (tx, scope, q, limit) => searchItems(tx, scope, q, limit),
});
