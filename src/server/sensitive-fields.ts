// Every module's sensitive table columns (kernel/masking): the audit trail masks their old and new values for members
// without the module's permission. A module adds its declarations here (one line).
import type { SensitiveTable } from "@/server/kernel/masking";
import { CRM_SENSITIVE_TABLES } from "@/server/modules/crm/masking";

export const SENSITIVE_TABLES: readonly SensitiveTable[] = [...CRM_SENSITIVE_TABLES];
