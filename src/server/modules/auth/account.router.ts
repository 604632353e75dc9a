// Public account procedures (no session needed): sign-up, e-mail verification, password reset. They read no
// organization claim; their own access rules are tested in tests/auth/signup.test.ts and password-reset.test.ts.
import { clientIp } from "@/server/auth/client-ip";
import { systemDb } from "@/server/db/client";
import { LOCALE_COOKIE, resolveLocale } from "@/i18n/config";
import { publicProcedure, router } from "@/server/trpc/procedures";
import type { Context } from "@/server/trpc/context";
import { requestPasswordReset, resendVerification, resetPassword, signUp, verifyEmail, type RequestMeta } from "./account.service";
import { ZRequestPasswordResetInput, ZResendVerificationInput, ZResetPasswordInput, ZSignUpInput, ZVerifyEmailInput } from "./auth.schemas";

function meta(ctx: Context): RequestMeta {
  const cookie = new RegExp(`(?:^|;\\s*)${LOCALE_COOKIE}=([^;]+)`).exec(ctx.headers.get("cookie") ?? "")?.[1];
  const locale = resolveLocale({ cookie: cookie ?? null, acceptLanguage: ctx.headers.get("accept-language") });
  return { ip: clientIp(ctx.headers), locale };
}

export const accountRouter = router({
  signUp: publicProcedure.input(ZSignUpInput).mutation(({ ctx, input }) => signUp(systemDb(), input, meta(ctx))),
  verifyEmail: publicProcedure.input(ZVerifyEmailInput).mutation(({ input }) => verifyEmail(systemDb(), input)),
  resendVerification: publicProcedure
    .input(ZResendVerificationInput)
    .mutation(({ ctx, input }) => resendVerification(systemDb(), input, meta(ctx), ctx.session)),
  requestPasswordReset: publicProcedure
    .input(ZRequestPasswordResetInput)
    .mutation(({ ctx, input }) => requestPasswordReset(systemDb(), input, meta(ctx))),
  resetPassword: publicProcedure.input(ZResetPasswordInput).mutation(({ ctx, input }) => resetPassword(systemDb(), input, meta(ctx))),
});
