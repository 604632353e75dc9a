"use client";

// The customer page's tabs, from ONE array: a module adds its tab with one line here, e.g.
//   { id: "deals", Label: () => useTranslations("crmDeals")("tab"), permission: "crm.deal.read", render: (ctx) => <CustomerDealsTab {...ctx} /> },
// Each tab gets the loaded customer and what the page knows about the viewer (CustomerTabContext).
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";

import { AttachmentsPanel } from "@/components/attachments/AttachmentsPanel";

import { CustomerAddressesTab } from "./CustomerAddressesTab";
import { CustomerContactsTab } from "./CustomerContactsTab";
import type { CustomerDetail, CustomerFormOptions } from "./CustomerForm";
import { EditCustomerForm } from "./CustomerForm";
import { CustomerHistoryTab } from "./CustomerHistoryTab";

export type CustomerTabContext = {
  customer: CustomerDetail;
  org: string;
  ws: string;
  /** The viewer's permissions (the UI hides what they cannot do; the server decides). */
  permissions: ReadonlySet<string>;
  /** Archived customers are read-only until restored. */
  readOnly: boolean;
  options: CustomerFormOptions;
};

export type CustomerTab = {
  /** In the URL as ?tab=<id>. */
  id: string;
  /** The tab's localized label (a component, so it can use its own message namespace). */
  Label: () => ReactNode;
  /** Shown only with this permission. */
  permission?: string;
  render: (ctx: CustomerTabContext) => ReactNode;
};

export const CUSTOMER_TABS: readonly CustomerTab[] = [
  {
    id: "overview",
    Label: () => useTranslations("crmCustomers")("tabs.overview"),
    render: (ctx) => <EditCustomerForm customer={ctx.customer} options={ctx.options} readOnly={ctx.readOnly || !ctx.permissions.has("crm.customer.update")} />,
  },
  { id: "contacts", Label: () => useTranslations("crmCustomers")("tabs.contacts"), permission: "crm.contact.read", render: (ctx) => <CustomerContactsTab {...ctx} /> },
  { id: "addresses", Label: () => useTranslations("crmCustomers")("tabs.addresses"), render: (ctx) => <CustomerAddressesTab {...ctx} /> },
  {
    id: "attachments",
    Label: () => useTranslations("crmCustomers")("tabs.attachments"),
    permission: "settings.attachment.read",
    render: (ctx) => <AttachmentsPanel org={ctx.org} ws={ctx.ws} entityType="crm.customer" entityId={ctx.customer.id} />,
  },
  { id: "history", Label: () => useTranslations("crmCustomers")("tabs.history"), render: (ctx) => <CustomerHistoryTab {...ctx} /> },
];
