// Inputs of the inventory master-data procedures (categories editor, warehouses and locations screens) that the
// core's inventory.schemas.ts does not have: updates, archive / restore, location moves, part-number series.
import { z } from "zod";
import { ZExpectedVersion } from "@/server/kernel/archive";
import { defineListInput, type ListSpec } from "@/lib/list";
import { optText } from "@/server/modules/crm/crm.schemas";
import { LOCATION_KINDS } from "./inventory.schemas";
import { ZNumberFormat } from "./number-format.schema";

const ZCode = z.string({ error: "Enter a code" }).trim().min(1, "Enter a code").max(50, "At most 50 characters");
const ZName = z.string({ error: "Enter a name" }).trim().min(1, "Enter a name").max(200, "At most 200 characters");

export const ZUpdateCategoryInput = z.object({
  id: z.uuid(),
  version: z.number().int().min(1),
  code: ZCode.optional(),
  name: ZName.optional(),
  description: optText(2000),
  numberFormat: ZNumberFormat,
});
export const ZArchiveInput = z.object({ id: z.uuid(), archived: z.boolean().default(true) });
/** Archive / restore of a versioned record (categories, warehouses): with the version the screen showed (CONFLICT when changed since). */
export const ZArchiveVersionedInput = ZArchiveInput.extend({ version: ZExpectedVersion });

export const ZUpdateLocationInput = z.object({
  id: z.uuid(),
  code: ZCode.optional(),
  name: optText(200),
  kind: z.enum(LOCATION_KINDS).optional(),
});
export const ZMoveLocationInput = z.object({ id: z.uuid(), parentId: z.union([z.uuid(), z.null()]) });

/** The warehouses screen's DataTable: page mode (an organization has few warehouses), filters archived and workspace. */
export const WAREHOUSES_LIST = {
  sorts: ["code", "name"],
  keyset: [],
  defaultSort: { id: "code", desc: false },
  filters: { archived: "enum", workspace: "enum" },
} as const satisfies ListSpec;
export const ZListWarehousesInput = defineListInput(WAREHOUSES_LIST);
