-- The exchange-rates list pages by keyset on (valid_on desc, id desc) within an organization; the unique index on
-- (organization_id, from_currency, to_currency, valid_on) serves a currency filter, not the default order.
CREATE INDEX "exchange_rates_organization_id_valid_on_id_idx"
  ON "settings"."exchange_rates"("organization_id", "valid_on", "id");
