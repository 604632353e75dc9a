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

/**
 * The password rule, in one place: at least 10 characters, at most 1024, and not the account's e-mail address.
 * Returns the problems (empty when the password is acceptable).
 */
export function passwordProblems(password: string, email: string): string[] {
  const problems: string[] = [];
  if (password.length < 10) problems.push("Use at least 10 characters");
  if (password.length > 1024) problems.push("Password is too long");
  const bare = password.trim().toLowerCase();
  const mail = email.trim().toLowerCase();
  if (bare === mail || bare === mail.split("@")[0]) problems.push("Do not use your e-mail address as the password");
  return problems;
}
