-- CRM deals (issue 5): a leakproof stage key for the pipeline board.
--
-- Under FORCE ROW LEVEL SECURITY a query's own predicates become index conditions only when their operators are
-- leakproof; the enum equality (enum_eq) is not, so `stage = 'proposal'` is applied as a filter after the RLS quals and
-- the (organization_id, stage, …) indexes cannot serve the board's per-stage "first N by expected close" (measured: a
-- sequential scan per stage at 500,000 deals). `stage_rank` is the stage's position (1 lead … 5 closing, 6 won,
-- 7 lost), generated from `stage` — smallint equality and ranges are leakproof — with the board's two indexes.
ALTER TABLE "crm"."deals" ADD COLUMN "stage_rank" SMALLINT GENERATED ALWAYS AS (
  CASE "stage" WHEN 'lead' THEN 1 WHEN 'qualified' THEN 2 WHEN 'proposal' THEN 3 WHEN 'negotiation' THEN 4
               WHEN 'closing' THEN 5 WHEN 'won' THEN 6 WHEN 'lost' THEN 7 END) STORED;

-- Open columns: the first cards by expected close, and the open totals (ranks 1–5).
CREATE INDEX "deals_organization_id_stage_rank_expected_close_date_idx" ON "crm"."deals"("organization_id", "stage_rank", "expected_close_date");
-- Won/lost columns: closed in the last 30 days, latest first — never the organization's whole closed history.
CREATE INDEX "deals_organization_id_stage_rank_closed_at_idx" ON "crm"."deals"("organization_id", "stage_rank", "closed_at");
