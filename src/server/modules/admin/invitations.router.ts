// The invited person's procedures: no organization claim (they are not a member yet). The services use the system
// client; their own rules (token, e-mail, single use) are tested in tests/admin/invitations.test.ts.
import { systemDb } from "@/server/db/client";
import { authedProcedure, publicProcedure, router } from "@/server/trpc/procedures";
import { ZAcceptInvitationNewInput, ZInvitationTokenInput } from "./admin.schemas";
import { acceptInvitation, acceptInvitationAsNewUser, viewInvitation } from "./invitation-accept.service";

export const invitationsRouter = router({
  get: publicProcedure.input(ZInvitationTokenInput).query(({ input }) => viewInvitation(systemDb(), input.token)),
  accept: authedProcedure.input(ZInvitationTokenInput).mutation(({ ctx, input }) => acceptInvitation(systemDb(), ctx.userScope, input.token)),
  acceptNew: publicProcedure.input(ZAcceptInvitationNewInput).mutation(({ ctx, input }) => acceptInvitationAsNewUser(systemDb(), ctx.requestId, input)),
});
