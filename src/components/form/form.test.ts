import { describe, expect, it } from "vitest";

import { applyServerErrors } from "./apply-server-errors";
import { normalizeDecimalInput, padMinorUnits } from "./decimal-input";

function fakeForm(values: Record<string, unknown>) {
  const errors: Record<string, string | undefined> = {};
  return {
    errors,
    getValues: () => values,
    setError: (name: string, error: { message?: string }) => {
      errors[name] = error.message;
    },
  };
}

// The shape a TRPCClientError carries (src/server/trpc/init.ts errorFormatter).
function trpcError(message: string, data: Record<string, unknown>) {
  return Object.assign(new Error(message), { data });
}

describe("applyServerErrors", () => {
  it("puts field errors on the form's fields and the rest in the form alert", () => {
    const form = fakeForm({ name: "", address: { city: "" } });
    const state = applyServerErrors(
      form,
      trpcError("Invalid input", {
        code: "BAD_REQUEST",
        requestId: "req-1",
        fieldErrors: { name: ["Enter a name"], "address.city": ["Unknown city"], taxId: ["Tax id is taken"] },
      }),
    );
    expect(form.errors).toEqual({ name: "Enter a name", "address.city": "Unknown city" });
    expect(state).toEqual({ kind: "error", messages: ["Tax id is taken"], requestId: "req-1" });
  });

  it("shows the message when no field is at fault", () => {
    const form = fakeForm({ name: "" });
    expect(applyServerErrors(form, trpcError("You do not have permission", { code: "FORBIDDEN", fieldErrors: null }))).toEqual({
      kind: "error",
      messages: ["You do not have permission"],
      requestId: null,
    });
  });

  it("turns CONFLICT into the changed-by-someone-else state", () => {
    const form = fakeForm({ name: "" });
    expect(applyServerErrors(form, trpcError("Stale", { code: "CONFLICT", requestId: "r" }))).toEqual({ kind: "conflict", requestId: "r" });
    expect(form.errors).toEqual({});
  });

  it("puts a CONFLICT with field errors (a taken value) on the field, not in the stale state", () => {
    const form = fakeForm({ slug: "west" });
    const state = applyServerErrors(form, trpcError("Taken", { code: "CONFLICT", requestId: "r", fieldErrors: { slug: ["This address is already used"] } }));
    expect(form.errors).toEqual({ slug: "This address is already used" });
    expect(state).toEqual({ kind: "error", messages: [], requestId: "r" });
  });
});

describe("decimal input", () => {
  it("reads a comma as the decimal point and keeps a string", () => {
    expect(normalizeDecimalInput(" 1 234,5 ")).toBe("1234.5");
  });

  it("pads to the currency's minor units and never rounds", () => {
    expect(padMinorUnits("12.5", 2)).toBe("12.50");
    expect(padMinorUnits("12", 3)).toBe("12.000");
    expect(padMinorUnits("12", 0)).toBe("12");
    expect(padMinorUnits("12.345", 2)).toBe("12.345");
    expect(padMinorUnits("abc", 2)).toBe("abc");
  });
});
