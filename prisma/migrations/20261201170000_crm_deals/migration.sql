-- CRM deals (issue 5): the pipeline board's won/lost columns read the deals closed in the last 30 days, latest first,
-- per stage — an index leading with organization_id so that neither the totals nor the cards scan an organization's
-- whole closed history (500,000 deals in the largest organization).
CREATE INDEX "deals_organization_id_stage_closed_at_idx" ON "crm"."deals"("organization_id", "stage", "closed_at");
