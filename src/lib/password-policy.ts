// The password rule, in one place and isomorphic (forms show the same messages the server answers). The defaults
// apply outside any organization (sign-up); organizations tighten them with their security settings
// (src/server/kernel/settings/security.ts: passwordPolicy, passwordPolicyForEmail).

export interface PasswordPolicy {
  minLength: number;
  requireDigit: boolean;
  requireSymbol: boolean;
}

export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = { minLength: 10, requireDigit: false, requireSymbol: false };

/** Long passphrases are welcome; this only bounds the hashing work. */
export const PASSWORD_MAX_LENGTH = 1024;

/**
 * What is wrong with `password` under `policy` — an empty list when it is acceptable. Messages are sentences the
 * form shows under the password field (`{ password: problems }`). The e-mail's local part (≥ 3 characters) must not
 * appear in the password.
 */
export function passwordProblems(policy: PasswordPolicy, password: string, ctx: { email?: string | null } = {}): string[] {
  const problems: string[] = [];
  const length = [...password].length;
  if (length < policy.minLength) problems.push(`Use at least ${policy.minLength} characters.`);
  if (length > PASSWORD_MAX_LENGTH) problems.push(`Use at most ${PASSWORD_MAX_LENGTH} characters.`);
  if (policy.requireDigit && !/\p{Nd}/u.test(password)) problems.push("Include at least one digit.");
  if (policy.requireSymbol && !/[^\p{L}\p{Nd}\s]/u.test(password)) problems.push("Include at least one symbol (such as ! # % or -).");
  const local = ctx.email?.trim().split("@")[0]?.toLowerCase() ?? "";
  if (local.length >= 3 && password.toLowerCase().includes(local)) problems.push("Do not use your e-mail address in the password.");
  return problems;
}
