// The demo organizations' kernel settings: number sequences from the registry, currencies, exchange rates, tax
// rates, units and payment terms. Idempotent (existing rows are kept), called by seedDemo on every run.
import type { SystemTx } from "@/server/db/client";
import { seedOrganizationMoney, type OrganizationMoneySetup } from "@/server/kernel/money";
import { syncSequences } from "@/server/kernel/numbering";

// One base unit per category (factor 1); the others convert to it (1 g = 0.001 kg).
const UNITS: OrganizationMoneySetup["units"] = [
  { code: "pcs", name: "Pieces", category: "count", factor: "1", decimals: 0, isBase: true },
  { code: "kg", name: "Kilogram", category: "mass", factor: "1", decimals: 3, isBase: true },
  { code: "g", name: "Gram", category: "mass", factor: "0.001", decimals: 0 },
  { code: "m", name: "Metre", category: "length", factor: "1", decimals: 3, isBase: true },
  { code: "cm", name: "Centimetre", category: "length", factor: "0.01", decimals: 1 },
  { code: "h", name: "Hour", category: "time", factor: "1", decimals: 2, isBase: true },
  { code: "l", name: "Litre", category: "volume", factor: "1", decimals: 3, isBase: true },
];

const TERMS: OrganizationMoneySetup["paymentTerms"] = [
  { code: "NET30", name: "Net 30", netDays: 30, isDefault: true },
  { code: "NET15", name: "Net 15", netDays: 15 },
  { code: "DUE", name: "Due on receipt", netDays: 0 },
  { code: "2-10-NET30", name: "2/10 Net 30", netDays: 30, discountPercent: "2", discountDays: 10 },
];

export const DEMO_SETTINGS: Record<string, OrganizationMoneySetup> = {
  acme: {
    currencies: [{ code: "USD", isBase: true }, { code: "EUR" }, { code: "GBP" }],
    exchangeRates: [
      { from: "EUR", to: "USD", rate: "1.08500000", validOn: "2026-01-01" },
      { from: "EUR", to: "USD", rate: "1.16250000", validOn: "2026-11-01" },
      { from: "GBP", to: "USD", rate: "1.27000000", validOn: "2026-01-01" },
      { from: "GBP", to: "USD", rate: "1.31500000", validOn: "2026-11-01" },
    ],
    taxRates: [
      { code: "IL", name: "Illinois sales tax", rate: "6.25", kind: "sales", region: "US-IL", isDefault: true },
      { code: "EXEMPT", name: "Exempt", rate: "0", kind: "exempt" },
    ],
    units: UNITS,
    paymentTerms: TERMS,
  },
  globex: {
    currencies: [{ code: "KZT", isBase: true }, { code: "USD" }, { code: "EUR" }, { code: "RUB" }],
    exchangeRates: [
      { from: "USD", to: "KZT", rate: "505.50000000", validOn: "2026-01-01" },
      { from: "USD", to: "KZT", rate: "520.10000000", validOn: "2026-11-01" },
      { from: "EUR", to: "KZT", rate: "545.20000000", validOn: "2026-01-01" },
      { from: "EUR", to: "KZT", rate: "604.80000000", validOn: "2026-11-01" },
      { from: "RUB", to: "KZT", rate: "5.95000000", validOn: "2026-01-01" },
      { from: "RUB", to: "KZT", rate: "6.42000000", validOn: "2026-11-01" },
    ],
    // Kazakhstan's VAT went from 12 % to 16 % on 2026-01-01 (new Tax Code).
    taxRates: [
      { code: "VAT", name: "VAT 12%", rate: "12", kind: "vat", region: "KZ", validTo: "2025-12-31" },
      { code: "VAT", name: "VAT 16%", rate: "16", kind: "vat", region: "KZ", validFrom: "2026-01-01", isDefault: true },
      { code: "EXEMPT", name: "VAT exempt", rate: "0", kind: "exempt", region: "KZ" },
    ],
    units: UNITS,
    paymentTerms: TERMS,
  },
};

export async function seedDemoSettings(tx: SystemTx, orgs: { id: string; slug: string }[]): Promise<void> {
  for (const o of orgs) {
    await syncSequences(tx, o.id);
    const s = DEMO_SETTINGS[o.slug];
    if (s) await seedOrganizationMoney(tx, o.id, s);
  }
}
