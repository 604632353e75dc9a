import { z } from "zod";

export const ZEmail = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "E-mail is too long")
  .pipe(z.email({ message: "Enter a valid e-mail address" }));

export const ZSignInInput = z.object({
  email: ZEmail,
  password: z.string().min(1, "Enter your password").max(1024),
});
export type TSignInInput = z.infer<typeof ZSignInInput>;

export const ZPassword = z.string().min(10, "Use at least 10 characters").max(1024, "Password is too long");

export const PASSWORD_MIN_LENGTH = 10;

/**
 * What is wrong with a new password (empty when it is acceptable). The one place for the password rule: organization
 * password policies extend it later. Isomorphic, so forms show the same messages the server answers.
 */
export function passwordProblems(password: string, context: { email?: string | null } = {}): string[] {
  const problems: string[] = [];
  if (password.length < PASSWORD_MIN_LENGTH) problems.push(`Use at least ${PASSWORD_MIN_LENGTH} characters`);
  if (password.length > 1024) problems.push("Password is too long");
  const email = context.email?.trim().toLowerCase();
  if (email && (password.trim().toLowerCase() === email || password.trim().toLowerCase() === email.split("@")[0]))
    problems.push("Do not use your e-mail address as the password");
  return problems;
}

export const ZSignUpInput = z
  .object({
    name: z.string().trim().min(1, "Enter your name").max(200, "Name is too long"),
    email: ZEmail,
    password: z.string().max(1024, "Password is too long"),
  })
  .superRefine((v, ctx) => {
    for (const message of passwordProblems(v.password, { email: v.email })) ctx.addIssue({ code: "custom", path: ["password"], message });
  });
export type TSignUpInput = z.infer<typeof ZSignUpInput>;

/** A mailed token: 32 random bytes, base64url (43 characters). */
export const ZAccountToken = z.string().trim().regex(/^[A-Za-z0-9_-]{43}$/, "This link is invalid or has expired");

export const ZVerifyEmailInput = z.object({ token: ZAccountToken });
export type TVerifyEmailInput = z.infer<typeof ZVerifyEmailInput>;

/** Signed in: resends to the session's address (email is ignored); signed out: to the address given. */
export const ZResendVerificationInput = z.object({ email: ZEmail.optional() });
export type TResendVerificationInput = z.infer<typeof ZResendVerificationInput>;

export const ZRequestPasswordResetInput = z.object({ email: ZEmail });
export type TRequestPasswordResetInput = z.infer<typeof ZRequestPasswordResetInput>;

export const ZResetPasswordInput = z.object({
  token: ZAccountToken,
  password: z.string().min(1, "Enter a new password").max(1024, "Password is too long"),
});
export type TResetPasswordInput = z.infer<typeof ZResetPasswordInput>;
