import {
  ArrowLeftRightIcon,
  BoxesIcon,
  Building2Icon,
  CalendarClockIcon,
  ChartColumnIcon,
  ChartPieIcon,
  ClipboardCheckIcon,
  ClipboardPenLineIcon,
  CoinsIcon,
  FolderTreeIcon,
  HandshakeIcon,
  HashIcon,
  HouseIcon,
  KanbanSquareIcon,
  KeyRoundIcon,
  LayersIcon,
  ListPlusIcon,
  ListTodoIcon,
  PackageIcon,
  PercentIcon,
  RepeatIcon,
  RouteIcon,
  RulerIcon,
  ScaleIcon,
  ScrollTextIcon,
  ShieldCheckIcon,
  UserPlusIcon,
  UserRoundIcon,
  UsersIcon,
  UsersRoundIcon,
  WarehouseIcon,
  type LucideIcon,
} from "lucide-react";
import { useTranslations } from "next-intl";

import { workspacePath } from "@/lib/urls";
import type { FeatureKey } from "@/server/modules/platform/features";

/**
 * The sidebar's module entries. A module registers here with the permission that opens it;
 * entries the user lacks the permission for are hidden (the server still checks every call).
 */
export type NavItem = {
  id: string;
  /** English label; the UI shows the message `nav.<id>` (src/messages/*.json) when the catalogs have it. */
  label: string;
  icon: LucideIcon;
  /** Path below the workspace, without a leading slash; "" is the workspace home. */
  segment: string;
  /** Permission required to see the entry (`module.resource.action`), or a list of which any one opens it; none means every member. */
  permission?: string | readonly string[];
  /** Plan feature the organization needs for the entry (modules/platform/features.ts); hidden without it. */
  feature?: FeatureKey;
};

export const NAV_ITEMS: readonly NavItem[] = [
  { id: "home", label: "Home", icon: HouseIcon, segment: "" },
  // CRM.
  { id: "crm-dashboard", label: "CRM dashboard", icon: ChartColumnIcon, segment: "crm", permission: "crm.deal.read" },
  { id: "crm-customers", label: "Customers", icon: UserRoundIcon, segment: "crm/customers", permission: "crm.customer.read" },
  { id: "crm-leads", label: "Leads", icon: UserPlusIcon, segment: "crm/leads", permission: "crm.lead.read" },
  { id: "crm-pipeline", label: "Pipeline", icon: KanbanSquareIcon, segment: "crm/pipeline", permission: "crm.deal.read" },
  { id: "crm-deals", label: "Deals", icon: HandshakeIcon, segment: "crm/deals", permission: "crm.deal.read" },
  { id: "crm-activities", label: "My activities", icon: ListTodoIcon, segment: "crm/activities", permission: "crm.activity.read" },
  { id: "crm-segments", label: "Segments", icon: UsersRoundIcon, segment: "crm/segments", permission: "crm.customer.read" },
  // Inventory.
  { id: "inventory-dashboard", label: "Inventory", icon: ChartColumnIcon, segment: "inventory", permission: "inventory.stock.read" },
  { id: "inventory-items", label: "Items", icon: PackageIcon, segment: "inventory/items", permission: "inventory.item.read" },
  { id: "inventory-categories", label: "Categories", icon: FolderTreeIcon, segment: "inventory/categories", permission: "inventory.item.read" },
  { id: "inventory-stock", label: "Stock on hand", icon: BoxesIcon, segment: "inventory/stock", permission: "inventory.stock.read" },
  { id: "inventory-adjustments", label: "Adjustments", icon: ClipboardPenLineIcon, segment: "inventory/adjustments", permission: "inventory.stock.read" },
  { id: "inventory-adjustments-by-reason", label: "Adjustments by reason", icon: ChartPieIcon, segment: "inventory/adjustments/by-reason", permission: "inventory.stock.read" },
  { id: "inventory-transfers", label: "Transfers", icon: ArrowLeftRightIcon, segment: "inventory/transfers", permission: "inventory.stock.read" },
  { id: "inventory-counts", label: "Cycle counts", icon: ClipboardCheckIcon, segment: "inventory/counts", permission: "inventory.stock.read" },
  { id: "inventory-reorder", label: "Reorder", icon: RepeatIcon, segment: "inventory/reorder", permission: "inventory.stock.read" },
  { id: "inventory-valuation", label: "Valuation", icon: ScaleIcon, segment: "inventory/valuation", permission: "inventory.stock.read" },
  { id: "inventory-trace", label: "Lot / serial trace", icon: RouteIcon, segment: "inventory/trace", permission: "inventory.stock.read" },
  { id: "inventory-warehouses", label: "Warehouses", icon: WarehouseIcon, segment: "inventory/warehouses", permission: "inventory.stock.read" },
  // Administration and settings.
  { id: "audit", label: "Audit log", icon: ScrollTextIcon, segment: "settings/audit", permission: "audit.event.read" },
  { id: "sequences", label: "Number sequences", icon: HashIcon, segment: "settings/sequences", permission: "settings.sequence.read" },
  { id: "members", label: "Members", icon: UsersIcon, segment: "settings/members", permission: "auth.member.read" },
  { id: "roles", label: "Roles", icon: ShieldCheckIcon, segment: "settings/roles", permission: ["auth.member.read", "auth.role.manage"] },
  { id: "api-keys", label: "API keys", icon: KeyRoundIcon, segment: "settings/api-keys", permission: "auth.api_key.manage", feature: "api_keys" },
  { id: "settings-organization", label: "Organization", icon: Building2Icon, segment: "settings/organization", permission: "platform.organization.read" },
  { id: "workspaces", label: "Workspaces", icon: LayersIcon, segment: "settings/workspaces", permission: ["platform.workspace.read", "platform.workspace.manage"] },
  // Master data (the pages link each other with a tab strip) and the CRM's custom fields.
  { id: "currencies", label: "Currencies", icon: CoinsIcon, segment: "settings/currencies", permission: "settings.setting.read" },
  { id: "tax-rates", label: "Tax rates", icon: PercentIcon, segment: "settings/tax-rates", permission: "settings.setting.read" },
  { id: "units", label: "Units of measure", icon: RulerIcon, segment: "settings/units", permission: "settings.setting.read" },
  { id: "payment-terms", label: "Payment terms", icon: CalendarClockIcon, segment: "settings/payment-terms", permission: "settings.setting.read" },
  { id: "crm-fields", label: "Custom fields", icon: ListPlusIcon, segment: "settings/crm-fields", permission: "crm.customer.read" },
  { id: "settings-inventory", label: "Inventory settings", icon: WarehouseIcon, segment: "settings/inventory", permission: "inventory.settings.manage" },
];

/** The localized label of a nav entry: `nav.<id>` from the message catalogs, else the entry's own label. */
export function useNavLabel(): (item: NavItem) => string {
  const t = useTranslations("nav");
  return (item) => (t.has(item.id as "home") ? t(item.id as "home") : item.label);
}

/** Entries the member may open: the permission held and, for gated entries, the feature in the organization's plan. */
export function visibleNavItems(permissions: readonly string[], features?: readonly string[]): NavItem[] {
  const granted = new Set(permissions);
  const enabled = features ? new Set(features) : null;
  return NAV_ITEMS.filter((item) => {
    if (item.feature && enabled && !enabled.has(item.feature)) return false;
    if (!item.permission) return true;
    const any = typeof item.permission === "string" ? [item.permission] : item.permission;
    return any.some((p) => granted.has(p));
  });
}

export function navHref(item: NavItem, org: string, ws: string): string {
  return item.segment ? workspacePath(org, ws, ...item.segment.split("/")) : workspacePath(org, ws);
}

/** The entry a pathname belongs to: the longest matching segment, the home entry only on an exact match. */
export function activeNavItem(items: readonly NavItem[], pathname: string, org: string, ws: string): NavItem | undefined {
  const normalized = pathname.replace(/\/+$/, "");
  let best: NavItem | undefined;
  for (const item of items) {
    const href = navHref(item, org, ws);
    const matches = item.segment ? normalized === href || normalized.startsWith(`${href}/`) : normalized === href;
    if (matches && (!best || item.segment.length > best.segment.length)) best = item;
  }
  return best;
}
