import { router } from "@/server/trpc/procedures";
import { attachmentsRouter } from "./attachments.router";
import { mailRouter } from "./mail.router";
import { currenciesRouter, exchangeRatesRouter, paymentTermsRouter, taxRatesRouter, unitsRouter } from "./master-data.router";
import { sequencesRouter } from "./sequences.router";
import { valuesRouter } from "./values.router";
import { viewsRouter } from "./views.router";

export const settingsRouter = router({
  attachments: attachmentsRouter,
  currencies: currenciesRouter,
  exchangeRates: exchangeRatesRouter,
  mail: mailRouter,
  paymentTerms: paymentTermsRouter,
  sequences: sequencesRouter,
  taxRates: taxRatesRouter,
  units: unitsRouter,
  values: valuesRouter,
  views: viewsRouter,
});
