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
