// What a saved view stores: the user-facing state of one DataTable, never a cursor or page number (those are
// positions in a result, not a view of it). Isomorphic: the server validates with it, the DataTable builds it.
import { z } from "zod";
import { MAX_PER_PAGE, ZFilterValue, ZSort } from "./list";

/** Upper bound on a stored state, as serialized JSON (the database holds a 16 KiB check as a backstop). */
export const MAX_VIEW_STATE_BYTES = 8_000;

const ZColumnId = z.string().min(1).max(64);

export const ZViewState = z
  .object({
    q: z.string().trim().max(200).optional(),
    filters: z.record(z.string().min(1).max(64), ZFilterValue).optional(),
    sort: ZSort.optional(),
    /** Column order (ids) and the hidden ones; columns unknown to the table are ignored when applied. */
    columns: z.object({ order: z.array(ZColumnId).max(100).optional(), hidden: z.array(ZColumnId).max(100).optional() }).optional(),
    perPage: z.number().int().min(1).max(MAX_PER_PAGE).optional(),
  })
  .strict()
  .refine((s) => new TextEncoder().encode(JSON.stringify(s)).length <= MAX_VIEW_STATE_BYTES, {
    message: `A view can hold at most ${MAX_VIEW_STATE_BYTES} bytes of state`,
  });
export type TViewState = z.infer<typeof ZViewState>;

/** A list's stable key (`audit.events`, `crm.customers`): names its views and its export route. */
export const ZListKey = z.string().regex(/^[a-z][a-z0-9_.-]{0,99}$/, "Not a list key");
