import type { StatusTone } from "@/components/document/StatusBadge";

export type DocumentKind = "adjustment" | "transfer";

export const STATUS_TONE: Record<string, StatusTone> = { draft: "neutral", pending_approval: "warning", posted: "success", cancelled: "danger" };
