import { recordEvent, verify } from "@/server/kernel/audit";
import { orgProcedure, permission, router } from "@/server/trpc/procedures";
import { ZListAuditEventsInput, ZListRecordEventsInput, ZRecordPrintInput } from "./audit.schemas";
import { eventsForRecord, filterOptions, listEvents } from "./events.service";

export const auditRouter = router({
  events: router({
    list: permission("audit.event.read").input(ZListAuditEventsInput).query(({ ctx, input }) => listEvents(ctx.tx, ctx.scope, input)),
    filterOptions: permission("audit.event.read").query(({ ctx }) => filterOptions(ctx.tx, ctx.scope)),
    forRecord: permission("audit.event.read").input(ZListRecordEventsInput).query(({ ctx, input }) => eventsForRecord(ctx.tx, ctx.scope, input)),
    // Any member may say they printed something; reading the record itself is checked by the page that prints.
    recordPrint: orgProcedure
      .input(ZRecordPrintInput)
      .mutation(async ({ ctx, input }) => ({ id: await recordEvent(ctx.tx, ctx.scope, { action: "print", entityType: input.entityType, entityId: input.entityId }) })),
  }),
  // A mutation: it seals what is pending before checking.
  verify: permission("audit.chain.verify").mutation(({ ctx }) => verify(ctx.tx, ctx.scope)),
});
