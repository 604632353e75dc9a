// Demo pipeline for Acme: a few customers (when none exist yet), leads in every status and ~25 deals across the
// stages, made through the CRM services (numbers, probability rule, stage history). Idempotent: skipped once the
// organization has deals.
import type { SystemTx } from "@/server/db/client";
import type { Tx } from "@/server/db/scope";
import type { OrgScope } from "@/server/kernel/scope";
import { createCustomer } from "@/server/modules/crm/customers.service";
import type { DealStage } from "@/server/modules/crm/deals.schemas";
import { createDeal, moveStage, setLines } from "@/server/modules/crm/deals.service";
import { convertLead, createLead, transitionLead } from "@/server/modules/crm/leads.service";

const CUSTOMERS = ["Globex Retail", "Initech Systems", "Umbrella Logistics", "Stark Components", "Wayne Facilities", "Hooli Cloud"];

const DEALS: { name: string; stage: DealStage; value: string; days: number; currency?: string; owner?: "clerk" }[] = [
  { name: "Conveyor retrofit", stage: "lead", value: "18000", days: 75 },
  { name: "Spare parts framework", stage: "lead", value: "6500", days: 90, owner: "clerk" },
  { name: "Pilot line assessment", stage: "lead", value: "4200", days: 60 },
  { name: "Packaging robots", stage: "lead", value: "52000", days: 120 },
  { name: "Warehouse sensors", stage: "qualified", value: "12500", days: 45, owner: "clerk" },
  { name: "Annual maintenance 2027", stage: "qualified", value: "24000", days: 50 },
  { name: "Press line upgrade", stage: "qualified", value: "87000", days: 100, currency: "EUR" },
  { name: "Safety audit", stage: "qualified", value: "3800", days: 20 },
  { name: "Paint shop automation", stage: "proposal", value: "64000", days: 40 },
  { name: "Forklift fleet", stage: "proposal", value: "31000", days: 35, owner: "clerk" },
  { name: "ERP integration services", stage: "proposal", value: "15500", days: 28 },
  { name: "Cold storage extension", stage: "proposal", value: "42000", days: 55, currency: "EUR" },
  { name: "Welding cells", stage: "negotiation", value: "98000", days: 21 },
  { name: "Quality lab equipment", stage: "negotiation", value: "27500", days: 18, owner: "clerk" },
  { name: "Energy monitoring", stage: "negotiation", value: "9900", days: 25 },
  { name: "Dock doors replacement", stage: "closing", value: "21000", days: 7 },
  { name: "Spare motors Q1", stage: "closing", value: "8700", days: 10, owner: "clerk" },
  { name: "Training programme", stage: "closing", value: "5600", days: 5 },
  { name: "Compressor service", stage: "won", value: "11200", days: -5 },
  { name: "Control cabinets", stage: "won", value: "36500", days: -12, owner: "clerk" },
  { name: "Line 3 tooling", stage: "won", value: "19800", days: -20 },
  { name: "Roof solar study", stage: "lost", value: "7400", days: -3 },
  { name: "Conveyor belts", stage: "lost", value: "13300", days: -15 },
  { name: "Robot arms lease", stage: "lost", value: "45000", days: -25, owner: "clerk" },
];

const LEADS = [
  { name: "Nina Petrova", companyName: "Northwind Foods", email: "nina@northwind.test", source: "website", status: "new", estimatedValue: "15000" },
  { name: "Tom Becker", companyName: "Becker Tools", email: "tom@becker.test", source: "referral", status: "contacted", estimatedValue: "8000" },
  { name: "Aigerim Sadykova", companyName: "Steppe Agro", email: "aigerim@steppe.test", source: "event", status: "contacted" },
  { name: "Luis Ortega", companyName: "Ortega Plastics", email: "luis@ortega.test", source: "campaign", status: "qualified", estimatedValue: "22000" },
  { name: "Mia Chen", companyName: null, email: "mia.chen@example.test", source: "cold_call", status: "disqualified" },
  { name: "Omar Haddad", companyName: "Haddad Metals", email: "omar@haddad.test", source: "partner", status: "converted", estimatedValue: "30000" },
  { name: "Sofia Rossi", companyName: "Rossi Design", email: "sofia@rossi.test", source: "website", status: "new" },
] as const;

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

export async function seedDemoPipeline(sys: SystemTx, orgId: string): Promise<boolean> {
  const tx = sys as unknown as Tx;
  if ((await tx.deal.count({ where: { organizationId: orgId } })) > 0) return false;
  const [owner, clerk] = await Promise.all(
    ["owner@acme.test", "clerk@acme.test"].map((email) =>
      tx.membership.findFirst({ where: { organizationId: orgId, user: { email } }, select: { id: true, userId: true } }),
    ),
  );
  if (!owner) return false;
  const workspaces = await tx.workspace.findMany({ where: { organizationId: orgId }, select: { id: true } });
  const scope: OrgScope = {
    userId: owner.userId,
    requestId: "seed-demo-pipeline",
    orgId,
    orgSlug: "acme",
    membershipId: owner.id,
    workspaceIds: workspaces.map((w) => w.id),
    permissions: new Set(["crm.customer.read", "crm.customer.create", "crm.deal.read", "crm.deal.manage", "crm.lead.read", "crm.lead.manage"]),
    roles: ["owner"],
    recordScope: "all",
  };

  let customers = await tx.customer.findMany({ where: { organizationId: orgId, archivedAt: null }, select: { id: true }, take: 6 });
  if (customers.length === 0) {
    for (const name of CUSTOMERS) customers.push(await createCustomer(tx, scope, { name, status: "active", ownerMembershipId: owner.id } as Parameters<typeof createCustomer>[2]));
    customers = customers.map((c) => ({ id: c.id }));
  }

  for (const [i, d] of DEALS.entries()) {
    const closed = d.stage === "won" || d.stage === "lost";
    const deal = await createDeal(tx, scope, {
      name: d.name,
      customerId: customers[i % customers.length]!.id,
      stage: (closed ? "closing" : d.stage) as Exclude<DealStage, "won" | "lost">,
      value: d.value,
      currency: d.currency,
      expectedCloseDate: day(d.days),
      ownerMembershipId: d.owner === "clerk" && clerk ? clerk.id : owner.id,
      source: (["website", "referral", "event", "partner"] as const)[i % 4],
      competitors: i % 3 === 0 ? ["Initrode", "Vandelay Industries"] : [],
    });
    if (i === 8) {
      await setLines(tx, scope, {
        id: deal.id,
        version: deal.version,
        lines: [
          { product: "Paint robot", quantity: "2", unitPrice: "28000", discountPercent: "5", taxRate: "0" },
          { product: "Installation", quantity: "1", unitPrice: "10800", discountPercent: "0", taxRate: "0" },
        ],
      });
    }
    if (closed)
      await moveStage(tx, scope, {
        id: deal.id,
        version: i === 8 ? deal.version + 1 : deal.version,
        stage: d.stage,
        ...(d.stage === "won" ? { wonReason: "Best total cost of ownership" } : { lostReason: "Chose a cheaper offer", lostToCompetitor: "Initrode" }),
      } as Parameters<typeof moveStage>[2]);
  }

  for (const l of LEADS) {
    const lead = await createLead(tx, scope, {
      name: l.name,
      companyName: l.companyName,
      email: l.email,
      source: l.source,
      ownerMembershipId: owner.id,
      ...("estimatedValue" in l ? { estimatedValue: l.estimatedValue, currency: "USD" } : {}),
    } as Parameters<typeof createLead>[2]);
    if (l.status === "contacted" || l.status === "qualified") {
      const c = await transitionLead(tx, scope, { id: lead.id, version: lead.version, transition: "contact", reason: null });
      if (l.status === "qualified") await transitionLead(tx, scope, { id: lead.id, version: c.version, transition: "qualify", reason: null });
    }
    if (l.status === "disqualified") await transitionLead(tx, scope, { id: lead.id, version: lead.version, transition: "disqualify", reason: "Student project, no budget" });
    if (l.status === "converted")
      await convertLead(tx, scope, { id: lead.id, version: lead.version, deal: { name: `${l.companyName} — first order`, expectedCloseDate: day(30) } } as Parameters<typeof convertLead>[2]);
  }
  return true;
}
