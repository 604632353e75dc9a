// The command palette's CRM providers (kernel/search.ts): customers, contacts (and deals), each with the
// permission that reads them. Registered by importing this file from src/server/search-providers.ts.
import { registerSearchProvider } from "@/server/kernel/search";
import { searchContacts, searchCustomers, searchDeals } from "./search.service";

registerSearchProvider({
  id: "crmCustomers",
  label: "Customers",
  permission: "crm.customer.read",
  search: (tx, scope, q, limit) => searchCustomers(tx, scope, q, limit),
});

registerSearchProvider({
  id: "crmContacts",
  label: "Contacts",
  permission: "crm.contact.read",
  search: (tx, scope, q, limit) => searchContacts(tx, scope, q, limit),
});

registerSearchProvider({
  id: "crmDeals",
  label: "Deals",
  permission: "crm.deal.read",
  search: (tx, scope, q, limit) => searchDeals(tx, scope, q, limit),
});
