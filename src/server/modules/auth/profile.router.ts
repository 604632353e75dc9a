// My profile and my sessions: user-level procedures (signed in, no organization). They read no organization claim,
// act only on the signed-in user, and are allow-listed as such in tests/isolation/procedures.test.ts.
import { systemDb } from "@/server/db/client";
import { authedProcedure, router } from "@/server/trpc/procedures";
import { ZChangePasswordInput, ZRevokeSessionInput, ZUpdateProfileInput } from "./profile.schemas";
import { changePassword, getProfile, updateProfile } from "./profile.service";
import { listSessions, revokeSession, signOutEverywhere, signOutOtherSessions, type SessionScope } from "./sessions.service";

const sessionProcedure = authedProcedure.use(({ ctx, next }) => {
  const sessionScope: SessionScope = { ...ctx.userScope, sessionId: ctx.session!.sessionId };
  return next({ ctx: { sessionScope } });
});

export const profileRouter = router({
  get: authedProcedure.query(({ ctx }) => getProfile(ctx.tx, ctx.userScope)),
  update: authedProcedure.input(ZUpdateProfileInput).mutation(({ ctx, input }) => updateProfile(ctx.tx, ctx.userScope, input)),
  changePassword: sessionProcedure
    .input(ZChangePasswordInput)
    .mutation(({ ctx, input }) => changePassword(ctx.tx, systemDb(), ctx.sessionScope, input)),
  sessions: router({
    list: sessionProcedure.query(({ ctx }) => listSessions(ctx.tx, ctx.sessionScope)),
    revoke: sessionProcedure.input(ZRevokeSessionInput).mutation(({ ctx, input }) => revokeSession(ctx.tx, ctx.sessionScope, input)),
    signOutOthers: sessionProcedure.mutation(({ ctx }) => signOutOtherSessions(ctx.tx, ctx.sessionScope)),
  }),
  signOutEverywhere: sessionProcedure.mutation(({ ctx }) => signOutEverywhere(ctx.tx, ctx.sessionScope)),
});
