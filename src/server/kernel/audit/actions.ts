/** Actions of captured changes (the trigger writes these). */
export const CHANGE_ACTIONS = ["insert", "update", "delete"] as const;

/** Actions of business events. A new kind of business event is added here, so the audit log can filter by it. */
export const BUSINESS_ACTIONS = [
  "auth.sign_in",
  "auth.sign_in_failed",
  "auth.sign_out",
  "auth.invitation_sent",
  "auth.member_joined",
  "auth.member_access_changed",
  "auth.member_removed",
  "auth.password_changed",
  "auth.session_revoked",
  "auth.signed_out_others",
  "auth.signed_out_everywhere",
  "auth.password_reset",
  "export",
  "print",
  "status_change",
  "approval",
  "role.permissions_changed",
  "import",
  "import.files_removed",
  "crm.lead_converted",
  "inventory.stock_reserved",
  "inventory.stock_released",
] as const;
export type BusinessAction = (typeof BUSINESS_ACTIONS)[number];

export const AUDIT_ACTIONS: readonly string[] = [...CHANGE_ACTIONS, ...BUSINESS_ACTIONS];
