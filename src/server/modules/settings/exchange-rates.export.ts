// Exchange rates as an exportable list (GET /api/export/settings.exchange-rates): the list's filters, every row,
// rates as the same decimal strings the list answers (never numbers, so no float rounding in the file).
import { defineExport } from "@/server/kernel/export/registry";
import { EXCHANGE_RATES_LIST, EXCHANGE_RATES_LIST_KEY, ZListExchangeRatesInput, type TListExchangeRatesInput } from "./master-data.schemas";
import { listExchangeRates, type ExchangeRateRow } from "./master-data.service";

export const exchangeRatesExport = defineExport<TListExchangeRatesInput, ExchangeRateRow>({
  key: EXCHANGE_RATES_LIST_KEY,
  permission: "settings.setting.read",
  input: ZListExchangeRatesInput,
  columns: [
    { id: "validOn", header: "masterData.rates.columns.validOn", value: (r) => r.validOn },
    { id: "currency", header: "masterData.rates.columns.currency", value: (r) => r.currency },
    { id: "rate", header: "masterData.rates.columns.rate", value: (r) => r.rate },
    { id: "baseCurrency", header: "exports.columns.baseCurrency", value: (r) => r.baseCurrency },
    { id: "id", header: "exports.columns.id", value: (r) => r.id },
  ],
  async fetchPage(tx, scope, input, cursor) {
    // Exports page by keyset: a sort that pages by number falls back to the default order.
    const sort = input.sort && (EXCHANGE_RATES_LIST.keyset as readonly string[]).includes(input.sort.id) ? input.sort : EXCHANGE_RATES_LIST.defaultSort;
    const page = await listExchangeRates(tx, scope, { ...input, sort, page: undefined, cursor: cursor ?? undefined, perPage: 500 }, { count: false });
    return { rows: page.rows, nextCursor: page.nextCursor ?? null };
  },
});
