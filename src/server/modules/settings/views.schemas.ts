import { z } from "zod";
import { ZListKey, ZViewState } from "@/lib/view-state";

export const ZListViewsInput = z.object({ listKey: ZListKey });
export type TListViewsInput = z.infer<typeof ZListViewsInput>;

export const ZSaveViewInput = z.object({
  listKey: ZListKey,
  name: z.string().trim().min(1, "Enter a name").max(100),
  state: ZViewState,
  /** true makes it the default (and unsets the previous one); false unsets it; absent keeps what it was. */
  isDefault: z.boolean().optional(),
});
export type TSaveViewInput = z.infer<typeof ZSaveViewInput>;

export const ZDeleteViewInput = z.object({ id: z.uuid() });
export type TDeleteViewInput = z.infer<typeof ZDeleteViewInput>;
