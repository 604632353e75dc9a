-- The adjustments report by reason (inventory.reports.adjustmentsByReason) reads an organization's adjustments posted
-- in a date range, and the adjustments list filters by posted date (its drill-down): both by (organization, posted_at).
-- Without it the report read every adjustment of the organization (organization_id leads the other indexes only
-- with created_at, number, warehouse or reason). Drafts and pending documents have no posted_at (NULL entries).
CREATE INDEX "stock_adjustments_organization_id_posted_at_idx" ON "inventory"."stock_adjustments"("organization_id", "posted_at");
