import { z } from "zod";
import { DEFAULT_PASSWORD_POLICY, PASSWORD_MAX_LENGTH, passwordProblems } from "@/lib/password-policy";

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

/** A new password's shape; the full rule (an organization's policy, not the e-mail) is passwordProblems() of src/lib/password-policy.ts. */
export const ZPassword = z
  .string()
  .min(DEFAULT_PASSWORD_POLICY.minLength, `Use at least ${DEFAULT_PASSWORD_POLICY.minLength} characters.`)
  .max(PASSWORD_MAX_LENGTH, "Password is too long");

export const ZSignUpInput = z
  .object({
    name: z.string().trim().min(1, "Enter your name").max(200, "Name is too long"),
    email: ZEmail,
    password: z.string().max(PASSWORD_MAX_LENGTH, "Password is too long"),
  })
  .superRefine((v, ctx) => {
    // Outside any organization: the default policy.
    for (const message of passwordProblems(DEFAULT_PASSWORD_POLICY, v.password, { email: v.email })) ctx.addIssue({ code: "custom", path: ["password"], message });
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
