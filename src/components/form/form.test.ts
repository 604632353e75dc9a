import { describe, expect, it } from "vitest";

import { applyServerErrors } from "./apply-server-errors";
import { normalizeDecimalInput, padMinorUnits } from "./decimal-input";
import { cleanNewRows, fieldArrayActionErrors } from "./field-array-errors";

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

  it("puts a CONFLICT with field errors (a duplicate) on the fields", () => {
    const form = fakeForm({ email: "" });
    const state = applyServerErrors(form, trpcError("Taken", { code: "CONFLICT", fieldErrors: { email: ["Already a member"] }, requestId: "r" }));
    expect(state).toEqual({ kind: "error", messages: [], requestId: "r" });
    expect(form.errors).toEqual({ email: "Already a member" });
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

describe("field array actions", () => {
  const required = (message: string) => ({ type: "too_small", message });

  it("gives a new row no error and keeps the other rows' errors as shown", () => {
    // Row 0 shows its item error only (its quantity was never left); row 1 was just appended.
    const shown = [{ itemId: required("Choose an item") }, undefined];
    const checked = [
      { itemId: required("Choose an item"), quantity: required("Enter a quantity") },
      { itemId: required("Choose an item"), quantity: required("Enter a quantity") },
    ];
    expect(fieldArrayActionErrors(shown, checked)).toEqual([{ itemId: required("Choose an item") }]);
  });

  it("drops a shown error the check no longer finds (a duplicate whose twin was removed)", () => {
    const shown = [{ name: { type: "custom", message: '"power" is listed twice' }, value: required("Enter a value") }];
    expect(fieldArrayActionErrors(shown, [{ value: required("Enter a value") }])).toEqual([{ value: required("Enter a value") }]);
    expect(fieldArrayActionErrors(shown, undefined)).toBeUndefined();
  });

  it("takes the list's own error from the check, alone or next to the rows", () => {
    const addLine = { type: "too_small", message: "Add a line" };
    expect(fieldArrayActionErrors(undefined, { ...addLine, ref: undefined })).toEqual(addLine);
    // zod's answer may put the rows under the list's own error object: they are not taken from there.
    expect(fieldArrayActionErrors(undefined, { ...addLine, 0: { itemId: required("Choose an item") } })).toEqual(addLine);
    const both = fieldArrayActionErrors([{ itemId: required("Choose an item") }], Object.assign([{ itemId: required("Choose an item") }], { root: addLine }));
    expect(both).toEqual(Object.assign([{ itemId: required("Choose an item") }], { root: addLine }));
    // A list error shown before goes when the check no longer finds it.
    expect(fieldArrayActionErrors(Object.assign([], { root: addLine }), undefined)).toBeUndefined();
  });

  it("changes only the answer to a check of a whole field array", async () => {
    const answer = () => ({ values: {}, errors: { note: required("Enter a note"), lines: [{ itemId: required("Choose an item") }, { itemId: required("Choose an item") }] } });
    const shown: Record<string, unknown> = { lines: [{ itemId: required("Choose an item") }] };
    const form = { control: { _names: { array: new Set(["lines"]) } }, getFieldState: (name: string) => ({ error: shown[name] }) } as never;
    const rows = cleanNewRows();
    const resolver = rows.wrap(async () => answer() as never);
    const check = (names: string[] | undefined) => resolver({}, undefined, { names, fields: {}, shouldUseNativeValidation: false } as never);
    // Before the form is attached, nothing is changed.
    expect((await check(["lines"])).errors).toEqual(answer().errors);
    rows.attach(form);
    // After an action on "lines": the note is not its business; row 1 (new) gets nothing.
    expect((await check(["lines"])).errors).toEqual({ note: required("Enter a note"), lines: [{ itemId: required("Choose an item") }] });
    // A field left, a submit: the schema's answer as it is.
    expect((await check(["lines.1.itemId"])).errors).toEqual(answer().errors);
    expect((await check(undefined)).errors).toEqual(answer().errors);
  });
});
