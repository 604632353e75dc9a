// Security settings (organization level, in the settings store) and the functions that enforce them:
// the password policy, allowed invitation domains, the lockout threshold of sign-in and the session timeout.
import type { SystemTx } from "@/server/db/client";
import type { Tx } from "@/server/db/scope";
import { DEFAULT_PASSWORD_POLICY, type PasswordPolicy } from "@/lib/password-policy";
import { AppError } from "@/server/kernel/errors";
import type { OrgScope } from "@/server/kernel/scope";
import { parseStored, SETTINGS } from "./registry";
import { getSettings } from "./store";

export { DEFAULT_PASSWORD_POLICY, passwordProblems, type PasswordPolicy } from "@/lib/password-policy";

/**
 * The organization's password policy (organization-level settings, else the global defaults). Also on system paths
 * (accepting an invitation): only the organization's id is read, and the query filters by it.
 */
export async function passwordPolicy(tx: Tx | SystemTx, scope: Pick<OrgScope, "orgId">): Promise<PasswordPolicy> {
  const s = await getSettings(tx, { orgId: scope.orgId }, [
    "security.passwordMinLength",
    "security.passwordRequireDigit",
    "security.passwordRequireSymbol",
  ]);
  return {
    minLength: s["security.passwordMinLength"],
    requireDigit: s["security.passwordRequireDigit"],
    requireSymbol: s["security.passwordRequireSymbol"],
  };
}

/** The strictest combination of several organizations' policies (longest minimum, any requirement). */
export function strictestPasswordPolicy(policies: readonly PasswordPolicy[]): PasswordPolicy {
  return policies.reduce(
    (acc, p) => ({
      minLength: Math.max(acc.minLength, p.minLength),
      requireDigit: acc.requireDigit || p.requireDigit,
      requireSymbol: acc.requireSymbol || p.requireSymbol,
    }),
    DEFAULT_PASSWORD_POLICY,
  );
}

/**
 * The policy for a password chosen outside any organization scope (password change, reset): the strictest of the
 * account's active organizations, the defaults for an account without one. System path (no scope).
 */
export async function passwordPolicyForEmail(sys: SystemTx, email: string): Promise<PasswordPolicy> {
  const rows = await sys.$queryRaw<{ key: string; value: unknown; organization_id: string }[]>`
    select s.key, s.value, m.organization_id::text
      from auth.users u
      join auth.memberships m on m.user_id = u.id and m.status = 'active'
      join platform.organizations o on o.id = m.organization_id and o.status = 'active'
      join settings.app_settings s on s.organization_id = m.organization_id and s.workspace_id is null
       and s.key in ('security.passwordMinLength', 'security.passwordRequireDigit', 'security.passwordRequireSymbol')
     where u.email = ${email}`;
  const byOrg = new Map<string, PasswordPolicy>();
  for (const r of rows) {
    const p = byOrg.get(r.organization_id) ?? { ...DEFAULT_PASSWORD_POLICY };
    if (r.key === "security.passwordMinLength") p.minLength = parseStored(r.key, r.value) ?? p.minLength;
    if (r.key === "security.passwordRequireDigit") p.requireDigit = parseStored(r.key, r.value) ?? p.requireDigit;
    if (r.key === "security.passwordRequireSymbol") p.requireSymbol = parseStored(r.key, r.value) ?? p.requireSymbol;
    byOrg.set(r.organization_id, p);
  }
  return strictestPasswordPolicy([...byOrg.values()]);
}

/** The domain part of an e-mail address, lower case ("" when there is none). */
export function emailDomain(email: string): string {
  const at = email.lastIndexOf("@");
  return at < 0 ? "" : email.slice(at + 1).trim().toLowerCase();
}

/** True when `domain` is one of `allowed` or a subdomain of one; an empty list allows any domain. */
export function domainAllowed(allowed: readonly string[], domain: string): boolean {
  if (allowed.length === 0) return true;
  const d = domain.toLowerCase();
  return allowed.some((a) => d === a || d.endsWith(`.${a}`));
}

/** May the organization invite `email`? Checks the "allowed e-mail domains for invitations" setting. */
export async function allowedInvitationDomain(tx: Tx, scope: OrgScope, email: string): Promise<boolean> {
  const s = await getSettings(tx, { ...scope, workspaceId: undefined } as OrgScope, ["security.allowedEmailDomains"]);
  return domainAllowed(s["security.allowedEmailDomains"], emailDomain(email));
}

/** The same as an error for an invitation form: BAD_REQUEST with a field error on `email`. */
export async function assertInvitationDomain(tx: Tx, scope: OrgScope, email: string): Promise<void> {
  if (await allowedInvitationDomain(tx, scope, email)) return;
  const msg = "This organization only invites addresses of its allowed e-mail domains.";
  throw new AppError("BAD_REQUEST", msg, { email: [msg] });
}

/**
 * Sign-in lockout: failed attempts an account may make (within the lockout window) before it is refused — the
 * strictest (lowest) threshold of its active memberships in active organizations, each organization's own value or
 * the global default; the global default when the e-mail is unknown or has no organization. System path (no scope).
 */
export async function lockoutThresholdForEmail(sys: SystemTx, email: string): Promise<number> {
  const fallback = SETTINGS["security.lockoutThreshold"].default;
  const rows = await sys.$queryRaw<{ value: unknown }[]>`
    select s.value
      from auth.users u
      join auth.memberships m on m.user_id = u.id and m.status = 'active'
      join platform.organizations o on o.id = m.organization_id and o.status = 'active'
      left join settings.app_settings s
        on s.organization_id = m.organization_id and s.workspace_id is null and s.key = 'security.lockoutThreshold'
     where u.email = ${email}`;
  if (rows.length === 0) return fallback;
  return Math.min(...rows.map((r) => (r.value === null ? fallback : (parseStored("security.lockoutThreshold", r.value) ?? fallback))));
}

export const SESSION_EXPIRED_MESSAGE = "Your session expired. Sign in again.";

/**
 * Refuses a session signed in longer ago than the organization's session timeout (UNAUTHORIZED). Called once by the
 * organization scope resolution (kernel/access.ts) with the token's sign-in time; the RLS scope is the organization.
 */
export async function assertSessionFresh(tx: Tx, orgId: string, signedInAt: number, now: number = Date.now()): Promise<void> {
  const row = await tx.appSetting.findFirst({
    where: { organizationId: orgId, workspaceId: null, key: "security.sessionTimeoutMinutes" },
    select: { value: true },
  });
  assertSessionFreshFor(row ? row.value : null, signedInAt, now);
}

/**
 * The same check on the stored value of `security.sessionTimeoutMinutes` (null: not set, the global default), when
 * the scope resolution has already read it (kernel/access.ts, platform.resolve_request_scope).
 */
export function assertSessionFreshFor(stored: unknown, signedInAt: number, now: number = Date.now()): void {
  const minutes = (stored != null ? parseStored("security.sessionTimeoutMinutes", stored) : undefined) ?? SETTINGS["security.sessionTimeoutMinutes"].default;
  if (now / 1000 - signedInAt > minutes * 60) throw new AppError("UNAUTHORIZED", SESSION_EXPIRED_MESSAGE);
}
