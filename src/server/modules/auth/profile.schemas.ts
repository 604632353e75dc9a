import { z } from "zod";
import { LOCALES } from "@/i18n/config";
import { ZPassword } from "./auth.schemas";
import { ZTimeZone } from "@/server/modules/platform/platform.schemas";

/** Only the fields given change (the user menu's language switch sends `locale` alone). */
export const ZUpdateProfileInput = z.object({
  name: z.string().trim().min(1, "Enter your name").max(200, "Use at most 200 characters").optional(),
  /** null: the organization's language. */
  locale: z.enum(LOCALES, { message: "Choose a supported language" }).nullable().optional(),
  /** null: the organization's time zone. */
  timeZone: z.string().trim().max(64).pipe(ZTimeZone).nullable().optional(),
});
export type TUpdateProfileInput = z.infer<typeof ZUpdateProfileInput>;

export const ZChangePasswordInput = z.object({
  currentPassword: z.string().min(1, "Enter your current password").max(1024),
  // The full rule (the organizations' policy, not the e-mail) is passwordProblems() of src/lib/password-policy.ts,
  // checked by the service.
  newPassword: ZPassword,
});
export type TChangePasswordInput = z.infer<typeof ZChangePasswordInput>;

export const ZRevokeSessionInput = z.object({ id: z.uuid({ message: "Unknown session" }) });
export type TRevokeSessionInput = z.infer<typeof ZRevokeSessionInput>;
