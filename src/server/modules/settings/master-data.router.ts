// settings.currencies / exchangeRates / taxRates / units / paymentTerms: read with settings.setting.read, change with
// settings.setting.update. Thin: parsing in master-data.schemas.ts, rules in master-data.service.ts.
import { permission, router } from "@/server/trpc/procedures";
import * as s from "./master-data.schemas";
import * as svc from "./master-data.service";

const read = () => permission("settings.setting.read");
const write = () => permission("settings.setting.update");

export const currenciesRouter = router({
  list: read().input(s.ZListCurrenciesInput).query(({ ctx }) => svc.listCurrencies(ctx.tx, ctx.scope)),
  enable: write().input(s.ZEnableCurrencyInput).mutation(({ ctx, input }) => svc.enableCurrency(ctx.tx, ctx.scope, input)),
  update: write().input(s.ZUpdateCurrencyInput).mutation(({ ctx, input }) => svc.updateCurrency(ctx.tx, ctx.scope, input)),
  disable: write().input(s.ZDisableCurrencyInput).mutation(({ ctx, input }) => svc.disableCurrency(ctx.tx, ctx.scope, input)),
});

export const exchangeRatesRouter = router({
  list: read().input(s.ZListExchangeRatesInput).query(({ ctx, input }) => svc.listExchangeRates(ctx.tx, ctx.scope, input)),
  create: write().input(s.ZCreateExchangeRateInput).mutation(({ ctx, input }) => svc.createExchangeRate(ctx.tx, ctx.scope, input)),
  update: write().input(s.ZUpdateExchangeRateInput).mutation(({ ctx, input }) => svc.updateExchangeRate(ctx.tx, ctx.scope, input)),
  delete: write().input(s.ZDeleteExchangeRateInput).mutation(({ ctx, input }) => svc.deleteExchangeRate(ctx.tx, ctx.scope, input)),
});

export const taxRatesRouter = router({
  list: read().input(s.ZListTaxRatesInput).query(({ ctx, input }) => svc.listTaxRates(ctx.tx, ctx.scope, input)),
  create: write().input(s.ZCreateTaxRateInput).mutation(({ ctx, input }) => svc.createTaxRate(ctx.tx, ctx.scope, input)),
  update: write().input(s.ZUpdateTaxRateInput).mutation(({ ctx, input }) => svc.updateTaxRate(ctx.tx, ctx.scope, input)),
  archive: write().input(s.ZArchiveInput).mutation(({ ctx, input }) => svc.archiveTaxRate(ctx.tx, ctx.scope, input)),
  restore: write().input(s.ZArchiveInput).mutation(({ ctx, input }) => svc.restoreTaxRate(ctx.tx, ctx.scope, input)),
});

export const unitsRouter = router({
  list: read().input(s.ZListUnitsInput).query(({ ctx, input }) => svc.listUnits(ctx.tx, ctx.scope, input)),
  create: write().input(s.ZCreateUnitInput).mutation(({ ctx, input }) => svc.createUnit(ctx.tx, ctx.scope, input)),
  update: write().input(s.ZUpdateUnitInput).mutation(({ ctx, input }) => svc.updateUnit(ctx.tx, ctx.scope, input)),
  archive: write().input(s.ZArchiveInput).mutation(({ ctx, input }) => svc.archiveUnit(ctx.tx, ctx.scope, input)),
  restore: write().input(s.ZArchiveInput).mutation(({ ctx, input }) => svc.restoreUnit(ctx.tx, ctx.scope, input)),
});

export const paymentTermsRouter = router({
  list: read().input(s.ZListPaymentTermsInput).query(({ ctx, input }) => svc.listPaymentTerms(ctx.tx, ctx.scope, input)),
  create: write().input(s.ZCreatePaymentTermInput).mutation(({ ctx, input }) => svc.createPaymentTerm(ctx.tx, ctx.scope, input)),
  update: write().input(s.ZUpdatePaymentTermInput).mutation(({ ctx, input }) => svc.updatePaymentTerm(ctx.tx, ctx.scope, input)),
  archive: write().input(s.ZArchiveInput).mutation(({ ctx, input }) => svc.archivePaymentTerm(ctx.tx, ctx.scope, input)),
  restore: write().input(s.ZArchiveInput).mutation(({ ctx, input }) => svc.restorePaymentTerm(ctx.tx, ctx.scope, input)),
});
