-- Percents are rates (ARCHITECTURE §4: numeric(9,6)), as settings.payment_terms.discount_percent already is.
ALTER TABLE "crm"."deal_lines" ALTER COLUMN "discount_percent" TYPE DECIMAL(9,6);
