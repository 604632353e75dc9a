import type { StatusTone } from "@/components/document/StatusBadge";

export type DocumentKind = "adjustment" | "transfer";

export const STATUS_TONE: Record<string, StatusTone> = { draft: "neutral", pending_approval: "warning", posted: "success", cancelled: "danger" };

/** The permission that creates, edits and posts a kind of document. */
export const KIND_PERMISSION: Record<DocumentKind, string> = { adjustment: "inventory.stock.adjust", transfer: "inventory.stock.move" };
