-- Inventory documents (issue 6): approval above a threshold. A stock adjustment or transfer whose total absolute
-- quantity or value exceeds the organization's inventory.approval.* settings goes draft → pending_approval on "Post"
-- and is posted by an approver who is not its author (four eyes); a rejection sends it back to draft with a reason.
-- Grants of the new permission inventory.stock.approve come from the catalog reconcile, not from this migration.
ALTER TYPE "inventory"."document_status" ADD VALUE IF NOT EXISTS 'pending_approval' AFTER 'draft';

ALTER TABLE "inventory"."stock_adjustments"
    ADD COLUMN "submitted_at" TIMESTAMPTZ(6),
    ADD COLUMN "submitted_by" UUID,
    ADD COLUMN "approved_at" TIMESTAMPTZ(6),
    ADD COLUMN "approved_by" UUID,
    ADD COLUMN "rejection_reason" TEXT,
    ADD CONSTRAINT "stock_adjustments_submitted_check" CHECK (("submitted_at" IS NULL) = ("submitted_by" IS NULL)),
    ADD CONSTRAINT "stock_adjustments_approved_check" CHECK (("approved_at" IS NULL) = ("approved_by" IS NULL)),
    ADD CONSTRAINT "stock_adjustments_rejection_reason_check" CHECK ("rejection_reason" IS NULL OR length(btrim("rejection_reason")) BETWEEN 1 AND 500);

ALTER TABLE "inventory"."stock_transfers"
    ADD COLUMN "submitted_at" TIMESTAMPTZ(6),
    ADD COLUMN "submitted_by" UUID,
    ADD COLUMN "approved_at" TIMESTAMPTZ(6),
    ADD COLUMN "approved_by" UUID,
    ADD COLUMN "rejection_reason" TEXT,
    ADD CONSTRAINT "stock_transfers_submitted_check" CHECK (("submitted_at" IS NULL) = ("submitted_by" IS NULL)),
    ADD CONSTRAINT "stock_transfers_approved_check" CHECK (("approved_at" IS NULL) = ("approved_by" IS NULL)),
    ADD CONSTRAINT "stock_transfers_rejection_reason_check" CHECK ("rejection_reason" IS NULL OR length(btrim("rejection_reason")) BETWEEN 1 AND 500);
