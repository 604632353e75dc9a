// The demo CRM: about 40 Acme customers with contacts and addresses, spread over tiers, statuses, owners, tags and
// workspaces — created through the CRM services (numbers, tax ids, the status machine and the audit trail as in the
// app). Idempotent: skipped when Acme already has customers.
import type { SystemTx } from "@/server/db/client";
import type { Tx } from "@/server/db/scope";
import { ALL_PERMISSIONS } from "@/server/kernel/permissions";
import type { OrgScope } from "@/server/kernel/scope";
import { createAddress } from "@/server/modules/crm/addresses.service";
import { ZCreateContactInput, ZCreateCustomerInput } from "@/server/modules/crm/crm.schemas";
import { ZCreateAddressInput } from "@/server/modules/crm/customer-details.schemas";
import { createContact } from "@/server/modules/crm/contacts.service";
import { transitionCustomer } from "@/server/modules/crm/customer-status.service";
import { archiveCustomer, createCustomer } from "@/server/modules/crm/customers.service";

const NAMES = [
  "Northwind Traders", "Contoso Pharmaceuticals", "Fabrikam Logistics", "Tailspin Toys", "Wingtip Hardware", "Litware Systems",
  "Adventure Works Cycles", "Proseware Labs", "Blue Yonder Airlines", "Coho Winery", "Alpine Ski House", "Fourth Coffee",
  "Margie's Travel", "Trey Research", "Lucerne Publishing", "Graphic Design Institute", "Humongous Insurance", "Woodgrove Bank",
  "Consolidated Messenger", "Southridge Video", "City Power & Light", "Wide World Importers", "School of Fine Art", "Bellows College",
  "Datum Corporation", "Relecloud", "VanArsdel Foods", "Munson's Pickles", "Lamna Healthcare", "Nod Publishers",
  "First Up Consultants", "Best For You Organics", "Boulder Innovations", "Northern Light Glass", "Prairie Steelworks",
  "Lakeshore Plastics", "Midwest Packaging", "Great Lakes Freight", "Riverbend Castings", "Jordan Miller",
  "Priya Raman", "Tomasz Nowak",
];
const INDUSTRIES = ["Manufacturing", "Retail", "Logistics", "Healthcare", "Finance", "Food & beverage", "Education", "Technology"];
const TIERS = ["standard", "standard", "silver", "gold", "standard", "silver", "platinum", "gold"] as const;
const STATUSES = ["active", "active", "lead", "prospect", "active", "inactive", "churned", "active", "prospect"] as const;
const TAGS = [["key-account"], [], ["distributor"], ["key-account", "eu"], [], ["referral"], ["oem"], []];
const FIRST = ["Anna", "Ben", "Chloe", "David", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kate", "Liam"];
const LAST = ["Smith", "Garcia", "Kim", "Novak", "Okafor", "Rossi", "Schmidt", "Tanaka", "Walsh", "Young"];
const POSITIONS = ["Purchasing manager", "CFO", "Operations director", "Procurement specialist", "CEO", "Plant manager"];
const CITIES = [
  { city: "Chicago", region: "IL", postalCode: "60601", countryCode: "US" },
  { city: "Milwaukee", region: "WI", postalCode: "53202", countryCode: "US" },
  { city: "Detroit", region: "MI", postalCode: "48226", countryCode: "US" },
  { city: "Toronto", region: "ON", postalCode: "M5H 2N2", countryCode: "CA" },
  { city: "Hamburg", region: null, postalCode: "20095", countryCode: "DE" },
  { city: "Rotterdam", region: null, postalCode: "3011", countryCode: "NL" },
];

export async function seedDemoCrm(tx: SystemTx, acme: { id: string; slug: string }): Promise<boolean> {
  if ((await tx.customer.count({ where: { organizationId: acme.id } })) > 0) return false;
  const members = await tx.membership.findMany({
    where: { organizationId: acme.id, user: { email: { in: ["owner@acme.test", "manager@acme.test", "clerk@acme.test"] } } },
    select: { id: true, userId: true, user: { select: { email: true } } },
  });
  const owner = members.find((m) => m.user.email === "owner@acme.test");
  if (!owner) return false;
  const workspaces = await tx.workspace.findMany({ where: { organizationId: acme.id }, select: { id: true, slug: true } });
  const east = workspaces.find((w) => w.slug === "east")?.id ?? null;
  const scope: OrgScope = {
    userId: owner.userId,
    requestId: "seed-demo-crm",
    orgId: acme.id,
    orgSlug: acme.slug,
    membershipId: owner.id,
    workspaceIds: workspaces.map((w) => w.id),
    permissions: new Set(ALL_PERMISSIONS),
    roles: ["owner"],
    recordScope: "all",
  };
  const db = tx as unknown as Tx;
  // Owners rotate over the three Acme members and "nobody".
  const owners = [...members.map((m) => m.id), null];

  for (const [i, name] of NAMES.entries()) {
    const individual = i >= NAMES.length - 3;
    const target = STATUSES[i % STATUSES.length]!;
    const initial = target === "inactive" || target === "churned" ? "active" : target;
    const slug = name.toLowerCase().replace(/[^a-z]+/g, "");
    let c = await createCustomer(db, scope, ZCreateCustomerInput.parse({
      type: individual ? "individual" : "company",
      name,
      legalName: individual ? null : `${name}, Inc.`,
      status: initial,
      email: `sales@${slug}.example`,
      phone: `+1 312 555 ${String(1000 + i * 37).slice(-4)}`,
      website: individual ? null : `https://www.${slug}.example`,
      industry: INDUSTRIES[i % INDUSTRIES.length]!,
      tier: TIERS[i % TIERS.length]!,
      ownerMembershipId: owners[Math.floor(i / 3) % owners.length] ?? null,
      creditLimit: i % 3 === 0 ? String(10_000 * ((i % 5) + 1)) : null,
      creditCurrency: i % 3 === 0 ? (i % 6 === 0 ? "EUR" : "USD") : null,
      tags: TAGS[i % TAGS.length]!,
      notes: i % 4 === 0 ? "Prefers quarterly invoicing." : null,
      // A few belong to the East Branch only (visible to its members).
      workspaceId: east && i % 7 === 3 ? east : null,
    }));
    if (target === "inactive" || target === "churned") {
      c = await transitionCustomer(db, scope, { id: c.id, version: c.version, transition: "deactivate" });
      if (target === "churned") c = await transitionCustomer(db, scope, { id: c.id, version: c.version, transition: "churn", reason: "Moved to a competitor" });
    }
    const contacts = individual ? 1 : 1 + (i % 3);
    for (let k = 0; k < contacts; k++) {
      const first = FIRST[(i + k * 5) % FIRST.length]!;
      const last = LAST[(i * 3 + k) % LAST.length]!;
      await createContact(db, scope, ZCreateContactInput.parse({
        customerId: c.id,
        firstName: individual ? name.split(" ")[0]! : first,
        lastName: individual ? (name.split(" ")[1] ?? null) : last,
        position: individual ? null : POSITIONS[(i + k) % POSITIONS.length]!,
        email: individual ? `${slug}@mail.example` : `${first}.${last}@${slug}.example`.toLowerCase(),
        phone: `+1 312 555 ${String(2000 + i * 11 + k).slice(-4)}`,
        isPrimary: k === 0,
        isDecisionMaker: k === contacts - 1 && !individual,
      }));
    }
    const place = CITIES[i % CITIES.length]!;
    await createAddress(db, scope, ZCreateAddressInput.parse({
      customerId: c.id,
      kind: "billing",
      line1: `${100 + i * 7} ${["Lake St", "Main St", "Market Ave", "Harbor Rd"][i % 4]}`,
      ...place,
      isDefaultBilling: true,
      isDefaultShipping: i % 2 === 0,
    }));
    if (i % 2 === 1)
      await createAddress(db, scope, ZCreateAddressInput.parse({
        customerId: c.id,
        kind: "shipping",
        label: "Warehouse",
        line1: `${20 + i} Industrial Pkwy`,
        ...CITIES[(i + 1) % CITIES.length]!,
        isDefaultShipping: true,
      }));
    if (i === NAMES.length - 4) await archiveCustomer(db, scope, { id: c.id });
  }
  return true;
}
