// import * as money from "@/server/kernel/money"; the arithmetic is in "@/lib/money".
export { baseCurrency, ensureBaseCurrency, findRate, rateFor, seedOrganizationMoney, taxRate, toBase, toDbDate } from "./money.service";
export type { BusinessDate, OrganizationMoneySetup, RateFound } from "./money.service";
