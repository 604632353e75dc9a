// Inputs of the stock documents' draft editing, approval and approval settings (documents.service.ts). The create
// inputs stay in inventory.schemas.ts (other modules import them).
import { z } from "zod";
import { ZCancelDocumentInput, ZCreateAdjustmentInput, ZCreateTransferInput, ZPostDocumentInput } from "./inventory.schemas";

/** The stock documents' statuses (inventory.document_status). */
export const DOCUMENT_STATUSES = ["draft", "pending_approval", "posted", "cancelled"] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

const ZVersioned = z.object({ id: z.uuid(), version: z.number().int().min(1) });

/** A draft's header and lines, replaced as a whole (the version read: CONFLICT when stale). */
export const ZUpdateAdjustmentInput = ZCreateAdjustmentInput.extend(ZVersioned.shape);
export type TUpdateAdjustmentInput = z.output<typeof ZUpdateAdjustmentInput>;
export const ZUpdateTransferInput = ZCreateTransferInput.extend(ZVersioned.shape);
export type TUpdateTransferInput = z.output<typeof ZUpdateTransferInput>;

export const ZDeleteDocumentInput = ZPostDocumentInput;
export const ZApproveDocumentInput = ZPostDocumentInput;
/** Reject sends a pending document back to draft; the reason is shown to its author. */
export const ZRejectDocumentInput = ZCancelDocumentInput;

// The settings registry's schema checks the number (field errors on quantityThreshold / valueThreshold).
const ZThresholdText = z.string().trim().max(40, "Enter a number such as 100 or 2500.50, or leave it empty");
export const ZDocumentSettingsInput = z.object({ quantityThreshold: ZThresholdText, valueThreshold: ZThresholdText });
export type TDocumentSettingsInput = z.output<typeof ZDocumentSettingsInput>;
