"use client";

// The customer page's tabs, from ONE array: a module adds its tab with one line here, e.g.
//   { id: "deals", Label: () => useTranslations("crmDeals")("tab"), permission: "crm.deal.read", render: (ctx) => <CustomerDealsTab {...ctx} /> },
// Each tab gets the loaded customer and what the page knows about the viewer (CustomerTabContext).
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";

import { AttachmentsPanel } from "@/components/attachments/AttachmentsPanel";

import { ActivityPanel } from "./ActivityPanel";
import { CustomerAddressesTab } from "./CustomerAddressesTab";
import { CustomerContactsTab } from "./CustomerContactsTab";
import { CustomerDealsTab } from "./CustomerDealsTab";
import type { CustomerDetail, CustomerFormOptions } from "./CustomerForm";
import { EditCustomerForm } from "./CustomerForm";
import { CustomerHistoryTab } from "./CustomerHistoryTab";
import { CustomerSummaryCard } from "./CustomerSummaryCard";
import { CustomerTimeline } from "./CustomerTimeline";

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
    render: (ctx) => (
      <div className="grid gap-4">
        <CustomerSummaryCard customerId={ctx.customer.id} />
        <EditCustomerForm customer={ctx.customer} options={ctx.options} readOnly={ctx.readOnly || !ctx.permissions.has("crm.customer.update")} />
      </div>
    ),
  },
  { id: "contacts", Label: () => useTranslations("crmCustomers")("tabs.contacts"), permission: "crm.contact.read", render: (ctx) => <CustomerContactsTab {...ctx} /> },
  { id: "deals", Label: () => useTranslations("crmCustomers")("tabs.deals"), permission: "crm.deal.read", render: (ctx) => <CustomerDealsTab {...ctx} /> },
  {
    id: "activities",
    Label: () => useTranslations("crmCustomers")("tabs.activities"),
    permission: "crm.activity.read",
    render: (ctx) => (
      <div className="grid gap-6 lg:grid-cols-2">
        <ActivityPanel target={{ customerId: ctx.customer.id }} canLog={ctx.permissions.has("crm.activity.manage") && !ctx.readOnly} />
        <CustomerTimeline customerId={ctx.customer.id} />
      </div>
    ),
  },
  { id: "addresses", Label: () => useTranslations("crmCustomers")("tabs.addresses"), render: (ctx) => <CustomerAddressesTab {...ctx} /> },
  {
    id: "attachments",
    Label: () => useTranslations("crmCustomers")("tabs.attachments"),
    permission: "settings.attachment.read",
    render: (ctx) => <AttachmentsPanel org={ctx.org} ws={ctx.ws} entityType="crm.customer" entityId={ctx.customer.id} />,
  },
  { id: "history", Label: () => useTranslations("crmCustomers")("tabs.history"), render: (ctx) => <CustomerHistoryTab {...ctx} /> },
];
