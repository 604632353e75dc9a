// Self-service account paths: sign-up, e-mail verification, password reset. They run on the system client — the
// person is not signed in (or not yet trusted), and auth.user_tokens / auth.account_requests are system-only.
//
// Never reveal whether an address has an account: sign-up, resend and reset answer the same for every address
// (sign-up with a taken address mails its owner "you already have an account" instead). Mail leaves only after
// the transaction commits: the mail is queued inside it (sendMail's `tx`), so a rollback takes it back too.
import type { SystemClient, SystemTx } from "@/server/db/client";
import { recordEvent } from "@/server/kernel/audit";
import { AppError } from "@/server/kernel/errors";
import { sendMail, type MailLocale, type TemplateName, type TemplateVars } from "@/server/kernel/mail";
import { hashPassword } from "@/server/kernel/passwords";
import { passwordPolicyForEmail, passwordProblems } from "@/server/kernel/settings";
import {
  ZRequestPasswordResetInput,
  ZResendVerificationInput,
  ZResetPasswordInput,
  ZSignUpInput,
  ZVerifyEmailInput,
  type TRequestPasswordResetInput,
  type TResendVerificationInput,
  type TResetPasswordInput,
  type TSignUpInput,
  type TVerifyEmailInput,
} from "./auth.schemas";
import { consumeToken, issueToken } from "./tokens.service";
import { createUser } from "./users.service";

export interface RequestMeta {
  ip: string | null;
  /** The language of the page the request came from; account mails are written in it. */
  locale: MailLocale;
}

/** Mail-sending public requests: at most 5 per e-mail address and 20 per IP address (an office behind NAT) per hour. */
export const THROTTLE = { window: "1 hour", maxPerEmail: 5, maxPerIp: 20 } as const;

type AccountAction = "sign_up" | "resend_verification" | "password_reset";
type Outgoing = { [T in TemplateName]: { template: T; to: string; vars: TemplateVars<T> } }[TemplateName];

/** The neutral answer of every mail-sending request. */
export const SENT = { ok: true } as const;

const INVALID_LINK = "This link is invalid or has expired";

/** A link into the app for a mail (NEXTAUTH_URL is the app's public address; never the request's Host header). */
export function appUrl(path: string): string {
  return new URL(path, process.env.NEXTAUTH_URL ?? "http://localhost:3000").toString();
}

/**
 * Counts the request against the limits (per e-mail and per IP, whether or not the address has an account, so the
 * answer reveals nothing) and records it. Serialised per e-mail so parallel requests cannot slip under the limit.
 */
async function throttle(tx: SystemTx, action: AccountAction, email: string, ip: string | null): Promise<void> {
  await tx.$executeRaw`select pg_advisory_xact_lock(hashtext('account:' || ${email}))`;
  const [counts] = await tx.$queryRaw<{ by_email: bigint; by_ip: bigint }[]>`
    select
      (select count(*) from auth.account_requests where email = ${email} and created_at > now() - ${THROTTLE.window}::interval) as by_email,
      (select count(*) from auth.account_requests
        where ${ip}::text is not null and ip = ${ip} and created_at > now() - ${THROTTLE.window}::interval) as by_ip`;
  if (Number(counts?.by_email ?? 0) >= THROTTLE.maxPerEmail || Number(counts?.by_ip ?? 0) >= THROTTLE.maxPerIp)
    throw new AppError("TOO_MANY_REQUESTS", "Too many requests for this address. Try again in an hour.");
  await tx.accountRequest.create({ data: { action, email, ip }, select: { id: true } });
}

/**
 * Runs `fn` in one system transaction and queues the mail it answers in that same transaction: the mail leaves only
 * if the account, token and throttle rows it goes with commit, and a later failure takes it back with them.
 */
async function withMail(sys: SystemClient, fn: (tx: SystemTx) => Promise<Outgoing | null>): Promise<void> {
  await sys.$transaction(async (tx) => {
    const mail = await fn(tx);
    if (mail) await sendMail(mail.template, mail.to, mail.vars as never, { tx });
  });
}

/**
 * Creates an unverified account and mails a verification link (24 h, single use). A taken address gets the same
 * answer, and its owner a "you already have an account" mail (with a reset link) — never a second account.
 */
export async function signUp(sys: SystemClient, raw: TSignUpInput, meta: RequestMeta) {
  const input = ZSignUpInput.parse(raw);
  await withMail(sys, async (tx): Promise<Outgoing> => {
    await throttle(tx, "sign_up", input.email, meta.ip);
    const existing = await tx.user.findUnique({ where: { email: input.email }, select: { name: true } });
    if (existing) {
      // Spend the time a new account would (argon2), so the answer's timing does not tell the two apart.
      await hashPassword(input.password);
      return {
        template: "accountExists",
        to: input.email,
        vars: { name: existing.name, signInUrl: appUrl("/sign-in"), resetUrl: appUrl("/forgot-password"), locale: meta.locale },
      };
    }
    const user = await createUser(tx, input, { verified: false });
    const token = await issueToken(tx, user.id, "verify_email");
    return { template: "verifyEmail", to: user.email, vars: { name: user.name, url: verifyUrl(token), locale: meta.locale } };
  });
  return SENT;
}

function verifyUrl(token: string) {
  return appUrl(`/verify-email?token=${encodeURIComponent(token)}`);
}

/** Consumes a verification token and marks the address verified. An unknown, used or expired token: BAD_REQUEST. */
export async function verifyEmail(sys: SystemClient, raw: TVerifyEmailInput): Promise<{ email: string }> {
  const input = ZVerifyEmailInput.parse(raw);
  return sys.$transaction(async (tx) => {
    const userId = await consumeToken(tx, input.token, "verify_email");
    if (!userId) throw new AppError("BAD_REQUEST", INVALID_LINK, { token: [INVALID_LINK] });
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, emailVerifiedAt: true } });
    if (!user.emailVerifiedAt) await tx.user.update({ where: { id: userId }, data: { emailVerifiedAt: new Date() }, select: { id: true } });
    return { email: user.email };
  });
}

/**
 * Mails a fresh verification link (the earlier ones stop working). Signed in: to the session's own address; signed
 * out: to the address given. Same answer whether or not it has an unverified account.
 */
export async function resendVerification(
  sys: SystemClient,
  raw: TResendVerificationInput,
  meta: RequestMeta,
  session: { userId: string; sessionVersion: number } | null,
) {
  const input = ZResendVerificationInput.parse(raw);
  await withMail(sys, async (tx): Promise<Outgoing | null> => {
    const self = session
      ? await tx.user.findFirst({ where: { id: session.userId, sessionVersion: session.sessionVersion, status: "active" }, select: { email: true } })
      : null;
    const email = self?.email ?? input.email;
    if (!email) throw new AppError("BAD_REQUEST", "Enter your e-mail address", { email: ["Enter your e-mail address"] });
    await throttle(tx, "resend_verification", email, meta.ip);
    const user = await tx.user.findUnique({ where: { email }, select: { id: true, name: true, status: true, emailVerifiedAt: true } });
    if (!user || user.status !== "active" || user.emailVerifiedAt) return null;
    const token = await issueToken(tx, user.id, "verify_email");
    return { template: "verifyEmail", to: email, vars: { name: user.name, url: verifyUrl(token), locale: meta.locale } };
  });
  return SENT;
}

/** Mails a password-reset link (1 h, single use) to an active account; the same answer for any other address. */
export async function requestPasswordReset(sys: SystemClient, raw: TRequestPasswordResetInput, meta: RequestMeta) {
  const input = ZRequestPasswordResetInput.parse(raw);
  await withMail(sys, async (tx): Promise<Outgoing | null> => {
    await throttle(tx, "password_reset", input.email, meta.ip);
    const user = await tx.user.findUnique({ where: { email: input.email }, select: { id: true, name: true, status: true } });
    if (!user || user.status !== "active") return null;
    const token = await issueToken(tx, user.id, "reset_password");
    return {
      template: "resetPassword",
      to: input.email,
      vars: { name: user.name, url: appUrl(`/reset-password?token=${encodeURIComponent(token)}`), locale: meta.locale },
    };
  });
  return SENT;
}

/**
 * Sets a new password with a reset token: consumes the token, bumps session_version (every session ends), marks the
 * address verified (the link proved it), and records `auth.password_reset` in each organization the user belongs
 * to. A password the rule refuses rolls everything back, so the link still works for a second try.
 */
export async function resetPassword(sys: SystemClient, raw: TResetPasswordInput, meta: Pick<RequestMeta, "ip">): Promise<{ email: string }> {
  const input = ZResetPasswordInput.parse(raw);
  return sys.$transaction(async (tx) => {
    const userId = await consumeToken(tx, input.token, "reset_password");
    if (!userId) throw new AppError("BAD_REQUEST", INVALID_LINK, { token: [INVALID_LINK] });
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, email: true, status: true, emailVerifiedAt: true } });
    if (user.status !== "active") throw new AppError("BAD_REQUEST", INVALID_LINK, { token: [INVALID_LINK] });
    // The strictest policy of the account's organizations (the defaults without one).
    const problems = passwordProblems(await passwordPolicyForEmail(tx, user.email), input.password, { email: user.email });
    if (problems.length) throw new AppError("BAD_REQUEST", problems[0]!, { password: problems });

    await tx.user.update({
      where: { id: userId },
      data: {
        passwordHash: await hashPassword(input.password),
        sessionVersion: { increment: 1 },
        ...(user.emailVerifiedAt ? {} : { emailVerifiedAt: new Date() }),
      },
      select: { id: true },
    });
    // Every device's session ends (the version bump refuses their tokens; the rows say so in "Active sessions").
    await tx.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
    // Any other reset link mailed earlier is dead now too.
    await tx.$executeRaw`update auth.user_tokens set used_at = now()
      where user_id = ${userId}::uuid and purpose = 'reset_password' and used_at is null`;

    // The user proved they own the mailbox: they are the actor. A user is global, so each of their organizations
    // gets the event about its member (a user with no organization yet has no trail to write to).
    await tx.$executeRaw`select set_config('app.user_id', ${userId}, true)`;
    const memberships = await tx.membership.findMany({ where: { userId }, select: { organizationId: true }, orderBy: { organizationId: "asc" } });
    for (const m of memberships)
      await recordEvent(tx, m.organizationId, { action: "auth.password_reset", entityType: "auth.users", entityId: userId, data: { ip: meta.ip } });
    return { email: user.email };
  });
}
