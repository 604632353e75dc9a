import { describe, expect, it } from "vitest";
import { z } from "zod";

import en from "@/messages/en.json";
import ru from "@/messages/ru.json";
import { ZSetCountSerialsInput } from "@/server/modules/inventory/counts.schemas";

import { checkSerials, serialEntries, serverSerialIssues } from "./serial-errors";

const id = "00000000-0000-7000-8000-000000000001";

describe("the Serials dialog's problems", () => {
  it("sends the non-blank entries and remembers the text area line of each", () => {
    expect(serialEntries("A\n\n  \nB \n")).toEqual({ serials: ["A", "B "], lineOf: [1, 4] });
    expect(serialEntries("")).toEqual({ serials: [], lineOf: [] });
  });

  it("finds what the server would refuse before sending: entries too long (trimmed), too many", () => {
    expect(checkSerials(serialEntries(`ok\n\n${"x".repeat(101)}\n ${"y".repeat(100)} `))).toEqual([{ key: "tooLong", line: 3, max: 100 }]);
    expect(checkSerials(serialEntries(Array.from({ length: 1001 }, (_, i) => `S${i}`).join("\n")))).toEqual([{ key: "tooMany", max: 1000 }]);
    expect(checkSerials(serialEntries("A\nB"))).toEqual([]);
  });

  it("maps the server's answers to message keys, per entry on the line the counter sees", () => {
    // The service's per-entry refusal (serials.<i>) on the text area's line.
    expect(serverSerialIssues({ code: "BAD_REQUEST", fieldErrors: { "serials.1": ["At most 100 characters"] } }, [2, 5])).toEqual([{ key: "tooLong", line: 5, max: 100 }]);
    // The schema's refusal of too many entries, as the server's error formatter flattens it (nullable, not a union:
    // a union would answer "Invalid input").
    const parsed = ZSetCountSerialsInput.safeParse({ id, lineId: id, serials: Array.from({ length: 1001 }, () => "S") });
    expect(parsed.success).toBe(false);
    expect(serverSerialIssues({ code: "BAD_REQUEST", fieldErrors: z.flattenError(parsed.error!).fieldErrors as Record<string, string[]> }, [])).toEqual([
      { key: "tooMany", max: 1000 },
    ]);
    // The count left counting, the line gone.
    expect(serverSerialIssues({ code: "PRECONDITION_FAILED", message: "CNT-00001 is in review: go back to counting to change it" }, [])).toEqual([{ key: "notCounting" }]);
    expect(serverSerialIssues({ code: "NOT_FOUND", message: "Count line not found" }, [])).toEqual([{ key: "notFound" }]);
    // Unknown refusals keep the server's text, with the entry's line when it has one.
    expect(serverSerialIssues({ code: "BAD_REQUEST", fieldErrors: { "serials.0": ["Something new"] } }, [3])).toEqual([{ key: "entry", line: 3, message: "Something new" }]);
    expect(serverSerialIssues({ code: "BAD_REQUEST", fieldErrors: { serials: ["SKU-1 is not serial-controlled: enter the counted quantity"] } }, [])).toEqual([
      { key: "message", message: "SKU-1 is not serial-controlled: enter the counted quantity" },
    ]);
    expect(serverSerialIssues({ code: "INTERNAL_SERVER_ERROR", message: "boom" }, [])).toEqual([{ key: "message", message: "boom" }]);
  });

  it("has its messages in English and Russian", () => {
    const keys = ["tooLong", "tooMany", "notCounting", "notFound"];
    expect(Object.keys(en.inventoryCounts.serials.errors).sort()).toEqual([...keys].sort());
    expect(Object.keys(ru.inventoryCounts.serials.errors).sort()).toEqual([...keys].sort());
  });
});
