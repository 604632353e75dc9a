import type { StatusTone } from "@/components/document/StatusBadge";

/** Badge colours of customer statuses. */
export const STATUS_TONE: Record<string, StatusTone> = { lead: "info", prospect: "info", active: "success", inactive: "warning", churned: "danger" };
