-- The totals are sums of many deals' money: wider than one document's numeric(18,2), but still exact and bounded.
-- value: Σ value (2 decimals); weighted: Σ value × probability / 100 (an integer percent: 4 decimals, exact).
ALTER TABLE "crm"."deal_totals" ALTER COLUMN "value" TYPE DECIMAL(24,2), ALTER COLUMN "weighted" TYPE DECIMAL(24,4);
