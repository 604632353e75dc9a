// The one list contract (STYLE.md) shared by every list procedure and the DataTable:
//   input  { q?, filters?, sort?, cursor? | page?, perPage?, withTotal? }
//   output { rows, nextCursor?, total?, totalCapped? }
// A list whose capped count can cost more than its page (a search for a common word) also has a count procedure with
// the same input → { total, totalCapped } (ListCount); the DataTable then asks for rows with `withTotal: false` and
// for the count once they are on screen ("counting…").
// A list declares which fields it can sort and filter by; anything else is a BAD_REQUEST with a field error, so a
// hand-edited URL can never reach SQL. Isomorphic: the DataTable builds inputs with the same types.
import { z } from "zod";

/** Exact counts stop here; above it the UI says "more than 10,000". */
export const COUNT_CAP = 10_000;
export const MAX_PER_PAGE = 100;
export const DEFAULT_PER_PAGE = 50;

const ZDate = z.iso.date();
const ZDecimalString = z.string().regex(/^-?\d{1,18}(\.\d{1,8})?$/, "Enter a number");

/** Typed filters. `text` matches case-insensitively as a substring; `enum` is "any of". */
export const ZFilterValue = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text"), value: z.string().trim().min(1).max(200) }),
  z.object({ type: z.literal("enum"), values: z.array(z.string().min(1).max(100)).min(1).max(50) }),
  z.object({ type: z.literal("dateRange"), from: ZDate.optional(), to: ZDate.optional() }),
  z.object({ type: z.literal("numberRange"), min: ZDecimalString.optional(), max: ZDecimalString.optional() }),
]);
export type TFilterValue = z.infer<typeof ZFilterValue>;
export type FilterType = TFilterValue["type"];

export const ZSort = z.object({ id: z.string().min(1).max(64), desc: z.boolean() });
export type TSort = z.infer<typeof ZSort>;

/** What a list declares about itself. */
export interface ListSpec<S extends string = string, F extends string = string> {
  /** Sortable fields. Fields in `keyset` are unique-with-id and indexed, so cursors work; others page by number. */
  sorts: readonly S[];
  keyset: readonly S[];
  defaultSort: { id: S; desc: boolean };
  filters: Readonly<Record<F, FilterType>>;
}

export interface ListInput<S extends string = string, F extends string = string> {
  q?: string;
  filters?: Partial<Record<F, TFilterValue>>;
  sort?: { id: S; desc: boolean };
  cursor?: string;
  page?: number;
  perPage: number;
  /** false: answer the rows (and nextCursor) without the capped count — the list's count procedure gives it. */
  withTotal?: boolean;
}

/** What a list's count procedure answers for the list's input (cursor, page, sort and perPage are ignored). */
export interface ListCount {
  /** Exact row count up to COUNT_CAP. */
  total: number;
  /** True when the count stopped at COUNT_CAP: show "more than 10,000". */
  totalCapped: boolean;
}

export interface ListOutput<Row> {
  rows: Row[];
  /** Present when there is a next page in keyset mode. */
  nextCursor?: string;
  /** Exact row count up to COUNT_CAP (page mode, or when asked for). */
  total?: number;
  /** True when the count stopped at COUNT_CAP: show "more than 10,000". */
  totalCapped?: boolean;
}

/** Builds the strict zod input for one list. */
export function defineListInput<const S extends string, const F extends string>(spec: ListSpec<S, F>) {
  const filterKeys = Object.keys(spec.filters) as F[];
  return z
    .object({
      q: z.string().trim().max(200).optional(),
      filters: z.record(z.string(), ZFilterValue).optional(),
      sort: ZSort.optional(),
      cursor: z.string().max(1000).optional(),
      page: z.number().int().min(1).max(10_000).optional(),
      perPage: z.number().int().min(1).max(MAX_PER_PAGE).default(DEFAULT_PER_PAGE),
      withTotal: z.boolean().optional(),
    })
    .superRefine((input, ctx) => {
      if (input.sort && !spec.sorts.includes(input.sort.id as S)) {
        ctx.addIssue({ code: "custom", path: ["sort"], message: `Cannot sort by "${input.sort.id}"` });
      }
      for (const [key, value] of Object.entries(input.filters ?? {})) {
        const expected = spec.filters[key as F];
        if (!filterKeys.includes(key as F)) {
          ctx.addIssue({ code: "custom", path: ["filters", key], message: `Cannot filter by "${key}"` });
        } else if (expected !== value.type) {
          ctx.addIssue({ code: "custom", path: ["filters", key], message: `"${key}" takes a ${expected} filter` });
        }
      }
      if (input.cursor && input.page) {
        ctx.addIssue({ code: "custom", path: ["cursor"], message: "Use either a cursor or a page number" });
      }
    })
    .transform((input) => input as ListInput<S, F>);
}

/** Keyset mode applies when the sort is in the list's keyset and no page number was asked for. */
export function usesKeyset<S extends string>(spec: ListSpec<S>, input: Pick<ListInput<S>, "sort" | "page">): boolean {
  const sort = input.sort ?? spec.defaultSort;
  return input.page === undefined && spec.keyset.includes(sort.id);
}

/** Opaque cursor: the last row's sort value and id. base64url JSON, validated on the way back in. */
export function encodeCursor(sortValue: string | number | null, id: string): string {
  const bytes = new TextEncoder().encode(JSON.stringify([sortValue, id]));
  return btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

const ZCursorPayload = z.tuple([z.union([z.string(), z.number(), z.null()]), z.string().min(1).max(100)]);

/** Null for anything that is not a cursor we wrote; callers answer BAD_REQUEST on the `cursor` field. */
export function decodeCursor(cursor: string): { sortValue: string | number | null; id: string } | null {
  try {
    const binary = atob(cursor.replaceAll("-", "+").replaceAll("_", "/"));
    const json = new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
    const parsed = ZCursorPayload.safeParse(JSON.parse(json));
    return parsed.success ? { sortValue: parsed.data[0], id: parsed.data[1] } : null;
  } catch {
    return null;
  }
}
