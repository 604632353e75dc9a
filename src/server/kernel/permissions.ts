// The permission catalog: module.resource.action. Procedures declare what they need with permission("…"); the
// system roles below are seeded for every organization and re-synced when the catalog grows.
export const PERMISSIONS = {
  "platform.organization.read": "See the organization's profile",
  "platform.organization.update": "Edit the organization's profile and settings",
  "platform.workspace.read": "See workspaces",
  "platform.workspace.manage": "Create, edit and archive workspaces",
  "auth.member.read": "See the people in the organization",
  "auth.member.invite": "Invite people and change their access",
  "auth.role.manage": "Create and edit roles and their permissions",
  "auth.api_key.manage": "Create and revoke API keys",
  "settings.setting.read": "See settings",
  "settings.setting.update": "Change settings",
  "settings.sequence.read": "See document number sequences",
  "settings.sequence.update": "Change document number formats",
  "settings.attachment.read": "Open files attached to records the user can see",
  "settings.attachment.create": "Attach files to records the user can edit",
  "settings.attachment.delete": "Remove attached files",
  "audit.event.read": "Read the audit log",
  "audit.event.export": "Export the audit log",
  "audit.chain.verify": "Verify the audit trail's hash chain",
  "crm.customer.read": "See customers",
  "crm.customer.create": "Create customers",
  "crm.customer.update": "Edit customers",
  "crm.customer.archive": "Archive and restore customers",
  "crm.contact.read": "See customers' contacts",
  "crm.contact.manage": "Add, edit and remove customers' contacts",
  "crm.lead.read": "See leads",
  "crm.lead.manage": "Create, edit, qualify and convert leads",
  "crm.deal.read": "See deals and the pipeline",
  "crm.deal.manage": "Create and edit deals, move them through the pipeline",
  "crm.activity.read": "See activities and timelines",
  "crm.activity.manage": "Log, edit and complete activities",
  "crm.settings.manage": "Manage CRM settings: custom fields and segments",
  "crm.sensitive.view": "See phone numbers, e-mail addresses and tax ids unmasked",
  "inventory.item.read": "See items, categories, variants and units",
  "inventory.item.manage": "Create, edit and archive items and categories",
  "inventory.stock.read": "See stock on hand, the stock ledger and valuation",
  "inventory.stock.move": "Receive, issue and transfer stock",
  "inventory.stock.adjust": "Adjust stock and reverse stock moves",
  "inventory.stock.approve": "Approve stock adjustments and transfers above the approval thresholds",
  "inventory.warehouse.manage": "Create and edit warehouses and their locations",
  "inventory.settings.manage": "Manage inventory settings",
  "inventory.reorder.manage": "Set reorder rules: minimum, maximum, reorder point and quantity per item and warehouse",
} as const satisfies Record<string, string>;

export type Permission = keyof typeof PERMISSIONS;
export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

export function isPermission(p: string): p is Permission {
  return Object.hasOwn(PERMISSIONS, p);
}

/**
 * Labels for the permission matrix (roles UI): modules, resources (`module.resource`) and actions. English labels;
 * the UI shows `roles.catalog.*` messages when the catalogs have them. A new module adds its entries here with its
 * permissions; a test checks that every permission's module and resource are labelled.
 */
export const PERMISSION_MODULES: Record<string, string> = {
  platform: "Organization and workspaces",
  auth: "People and access",
  settings: "Settings",
  audit: "Audit",
  crm: "Customers (CRM)",
  inventory: "Inventory",
};
export const PERMISSION_RESOURCES: Record<string, string> = {
  "platform.organization": "Organization",
  "platform.workspace": "Workspaces",
  "auth.member": "Members",
  "auth.role": "Roles",
  "auth.api_key": "API keys",
  "settings.setting": "Settings",
  "settings.sequence": "Number sequences",
  "settings.attachment": "Attachments",
  "audit.event": "Audit events",
  "audit.chain": "Hash chain",
  "crm.customer": "Customers",
  "crm.contact": "Contacts",
  "crm.lead": "Leads",
  "crm.deal": "Deals",
  "crm.activity": "Activities",
  "crm.settings": "CRM settings",
  "crm.sensitive": "Sensitive fields",
  "inventory.item": "Items",
  "inventory.stock": "Stock",
  "inventory.warehouse": "Warehouses",
  "inventory.settings": "Inventory settings",
  "inventory.reorder": "Reorder rules",
};
export const PERMISSION_ACTIONS: Record<string, string> = {
  read: "Read",
  create: "Create",
  update: "Update",
  delete: "Delete",
  manage: "Manage",
  invite: "Invite",
  export: "Export",
  verify: "Verify",
  archive: "Archive",
  view: "View",
  move: "Move",
  adjust: "Adjust",
  approve: "Approve",
};

export interface CatalogPermission {
  permission: Permission;
  action: string;
  description: string;
}
export interface CatalogResource {
  key: string; // module.resource
  label: string;
  permissions: CatalogPermission[];
}
export interface CatalogModule {
  key: string;
  label: string;
  resources: CatalogResource[];
  /** Every action used by the module's resources, in catalog order: the matrix's columns. */
  actions: string[];
}

/** The catalog grouped for the permission matrix: modules → resources → permissions, in catalog order. */
export function permissionCatalog(): CatalogModule[] {
  const modules = new Map<string, CatalogModule>();
  for (const permission of ALL_PERMISSIONS) {
    const [m, r, a] = permission.split(".") as [string, string, string];
    let mod = modules.get(m);
    if (!mod) modules.set(m, (mod = { key: m, label: PERMISSION_MODULES[m] ?? m, resources: [], actions: [] }));
    const rk = `${m}.${r}`;
    let res = mod.resources.find((x) => x.key === rk);
    if (!res) mod.resources.push((res = { key: rk, label: PERMISSION_RESOURCES[rk] ?? r, permissions: [] }));
    res.permissions.push({ permission, action: a, description: PERMISSIONS[permission] });
    if (!mod.actions.includes(a)) mod.actions.push(a);
  }
  return [...modules.values()];
}

/** Patterns: exact permission, `module.*`, `*.*.read` (any read), or `*` (everything). */
function matches(pattern: string, permission: string): boolean {
  if (pattern === "*") return true;
  const [pm, pr, pa] = pattern.split(".");
  const [m, r, a] = permission.split(".");
  return (pm === "*" || pm === m) && (pr === undefined || pr === "*" || pr === r) && (pa === undefined || pa === "*" || pa === a);
}

export function expandPatterns(patterns: readonly string[]): Permission[] {
  return ALL_PERMISSIONS.filter((p) => patterns.some((pat) => matches(pat, p)));
}

export interface SystemRole {
  key: string;
  name: string;
  description: string;
  grants: readonly string[];
}

/** ARCHITECTURE §7: the roles every organization starts with. Module issues extend the grants. */
export const SYSTEM_ROLES: readonly SystemRole[] = [
  { key: "owner", name: "Owner", description: "Everything, including roles and the organization itself", grants: ["*"] },
  {
    key: "admin",
    name: "Administrator",
    description: "Configures the organization, people, roles and settings",
    // Reads every module's records too, so it can still grant the manager and viewer roles (no-escalation rule).
    grants: ["platform.*", "auth.*", "settings.*", "audit.*", "*.*.read", "crm.settings.manage", "crm.sensitive.view", "inventory.settings.manage", "inventory.warehouse.manage", "inventory.stock.approve"],
  },
    // Sees sensitive fields unmasked (crm.sensitive.view is not a "read": `*.*.read` does not include it).
  { key: "manager", name: "Manager", description: "Runs the business: all documents, approvals and reports", grants: ["*.*.read", "crm.sensitive.view", "inventory.stock.approve"] },
  { key: "accountant", name: "Accountant", description: "Finance: invoices, payments, ledger", grants: ["platform.*.read", "settings.*.read"] },
  { key: "sales", name: "Sales", description: "Customers, quotes and orders", grants: ["platform.*.read", "crm.*"] },
  { key: "purchasing", name: "Purchasing", description: "Suppliers, requisitions and purchase orders", grants: ["platform.*.read"] },
  { key: "warehouse", name: "Warehouse", description: "Stock, receipts and deliveries", grants: ["platform.*.read", "inventory.*"] },
  { key: "hr", name: "HR", description: "People, leave, timesheets and payroll", grants: ["platform.*.read", "auth.member.read"] },
  { key: "viewer", name: "Viewer", description: "Reads everything it is shown, changes nothing", grants: ["platform.*.read", "crm.*.read", "inventory.*.read"] },
];
