// The item page's Overview form: the item input schema (inventory.schemas.ts) with what a form holds differently —
// whole days typed as text, specifications as rows (name, value) sent as one object, a replacement only on a
// discontinued or obsolete item. Browser-side messages from the catalog (inventory.validation); the server parses
// the item schema again and is the judge.
import { z } from "zod";

import { SPEC_MAX_ENTRIES, SPEC_NAME_MAX, SPEC_VALUE_MAX, ZCreateItemInput } from "@/server/modules/inventory/inventory.schemas";

import type { ValidationT } from "../validation";

/** The statuses an item may carry a "replaced by" item in (items.service itemShapeErrors). */
export const REPLACEABLE_STATUSES: readonly string[] = ["discontinued", "obsolete"];

/** Whole days as typed ("" → none). */
const days = (v: ValidationT, min: number, max: number) =>
  z
    .string()
    .trim()
    .refine((s) => s === "" || (/^\d{1,6}$/.test(s) && Number(s) >= min && Number(s) <= max), v("wholeDays", { min, max }))
    .transform((s) => (s === "" ? null : Number(s)));

/** Rows of name and value; blank rows are dropped, the rest become one object (names trimmed, unique ignoring case). */
const specifications = (v: ValidationT) =>
  z
    .array(z.object({ name: z.string(), value: z.string() }))
    .superRefine((rows, ctx) => {
      const seen = new Set<string>();
      let kept = 0;
      rows.forEach((r, i) => {
        const name = r.name.trim();
        const value = r.value.trim();
        if (!name && !value) return;
        kept++;
        if (!name) ctx.addIssue({ code: "custom", path: [i, "name"], message: v("specName") });
        else if (name.length > SPEC_NAME_MAX) ctx.addIssue({ code: "custom", path: [i, "name"], message: v("maxChars", { max: SPEC_NAME_MAX }) });
        else if (seen.has(name.toLowerCase())) ctx.addIssue({ code: "custom", path: [i, "name"], message: v("specDuplicate", { name }) });
        seen.add(name.toLowerCase());
        if (value.length > SPEC_VALUE_MAX) ctx.addIssue({ code: "custom", path: [i, "value"], message: v("maxChars", { max: SPEC_VALUE_MAX }) });
      });
      if (kept > SPEC_MAX_ENTRIES) ctx.addIssue({ code: "custom", path: [], message: v("specTooMany", { max: SPEC_MAX_ENTRIES }) });
    })
    .transform((rows) => Object.fromEntries(rows.filter((r) => r.name.trim()).map((r) => [r.name.trim(), r.value.trim()])));

export function itemOverviewSchema(v: ValidationT) {
  return ZCreateItemInput.extend({
    // On an existing item the SKU stays required (only a new item in a numbered category may leave it empty).
    sku: z.string().trim().min(1, v("enterSku")).max(64, v("maxChars", { max: 64 })),
    leadTimeDays: days(v, 0, 3650),
    shelfLifeDays: days(v, 1, 36500),
    specifications: specifications(v),
  }).transform((o) => ({ ...o, replacedByItemId: REPLACEABLE_STATUSES.includes(o.status ?? "active") ? (o.replacedByItemId ?? null) : null }));
}

/** What the form holds (the schema's input). */
export type ItemOverviewValues = z.input<ReturnType<typeof itemOverviewSchema>>;
