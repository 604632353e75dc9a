"use client";

import { useTranslations } from "next-intl";
import { useState, type ComponentProps, type ReactNode, type Ref } from "react";
import { useFormContext } from "react-hook-form";

import { useFormat } from "@/components/format/FormatProvider";
import { Checkbox } from "@/components/ui/Checkbox";
import { Input } from "@/components/ui/Input";
import { Textarea } from "@/components/ui/Textarea";
import { minorUnits } from "@/lib/format";
import { cn } from "@/lib/utils";

import { normalizeDecimalInput, padMinorUnits } from "./decimal-input";
import { FieldFrame, type ControlAria, type FieldProps } from "./Field";

type InputExtras = Pick<ComponentProps<"input">, "placeholder" | "autoComplete" | "autoFocus" | "maxLength" | "readOnly">;

export function TextField({ type = "text", ...props }: FieldProps & InputExtras & { type?: "text" | "email" | "tel" | "url" | "password" | "search" }) {
  const { name, label, description, required, disabled, className, ...input } = props;
  return (
    <FieldFrame {...{ name, label, description, required, disabled, className }}>
      {({ field, aria }) => <Input {...input} {...aria} {...field} type={type} value={(field.value as string | undefined) ?? ""} />}
    </FieldFrame>
  );
}

/** A quantity or rate as a decimal string ("12.5"); the schema validates its scale and range. */
export function NumberField(props: FieldProps & InputExtras & { suffix?: ReactNode }) {
  const { name, label, description, required, disabled, className, suffix, ...input } = props;
  return (
    <FieldFrame {...{ name, label, description, required, disabled, className }}>
      {({ field, aria }) => (
        <div className="flex items-center gap-2">
          <Input
            {...input}
            {...aria}
            {...field}
            type="text"
            inputMode="decimal"
            className="text-right tabular-nums"
            value={(field.value as string | undefined) ?? ""}
            onChange={(e) => field.onChange(normalizeDecimalInput(e.target.value))}
          />
          {suffix ? <span className="text-sm text-muted-foreground">{suffix}</span> : null}
        </div>
      )}
    </FieldFrame>
  );
}

/**
 * A money amount as a decimal string with its currency: a fixed `currency`, or `currencyName`, the form field that
 * holds the ISO code (with `currencies` to choose from). On blur the amount is checked against and padded to the
 * currency's minor units (JPY 0, USD 2, KWD 3).
 */
export function MoneyField(
  props: FieldProps &
    InputExtras &
    ({ currency: string; currencyName?: never; currencies?: never } | { currency?: never; currencyName: string; currencies: readonly string[] }),
) {
  const { name, label, description, required, disabled, className, currency, currencyName, currencies, ...input } = props;
  const t = useTranslations("form");
  const form = useFormContext();
  const selected = (currencyName ? (form.watch(currencyName) as string | undefined) : currency) ?? "";
  const digits = selected ? minorUnits(selected) : 2;

  return (
    <FieldFrame {...{ name, label, description, required, disabled, className }}>
      {({ field, aria }) => (
        <div className="flex items-center gap-2">
          <Input
            {...input}
            {...aria}
            {...field}
            type="text"
            inputMode="decimal"
            className="text-right tabular-nums"
            value={(field.value as string | undefined) ?? ""}
            onChange={(e) => field.onChange(normalizeDecimalInput(e.target.value))}
            onBlur={() => {
              field.onBlur();
              const value = (field.value as string | undefined) ?? "";
              const fraction = /^-?\d+\.(\d+)$/.exec(value)?.[1];
              if (fraction && fraction.length > digits) {
                // After the schema's own blur validation, which would otherwise clear this error.
                void form.trigger(name).then(() => form.setError(name, { type: "minorUnits", message: t("invalidAmount", { digits }) }));
              } else if (value) {
                const padded = padMinorUnits(value, digits);
                if (padded !== value) form.setValue(name, padded, { shouldDirty: true });
              }
            }}
          />
          {currencyName ? (
            <select
              aria-label={t("currency")}
              className="h-9 rounded-md border border-input bg-background px-2 text-sm outline-none focus-visible:ring-2 focus-visible:ring-ring"
              disabled={disabled}
              {...form.register(currencyName)}
            >
              {currencies.map((code) => (
                <option key={code} value={code}>
                  {code}
                </option>
              ))}
            </select>
          ) : (
            <span className="text-sm font-medium text-muted-foreground" aria-label={t("currency")}>
              {currency}
            </span>
          )}
        </div>
      )}
    </FieldFrame>
  );
}

/** A business date ("yyyy-mm-dd", no time, no time zone). */
export function DateField(props: FieldProps & { min?: string; max?: string }) {
  const { name, label, description, required, disabled, className, min, max } = props;
  return (
    <FieldFrame {...{ name, label, description, required, disabled, className }}>
      {({ field, aria }) => (
        <Input {...aria} {...field} type="date" min={min} max={max} className="w-44" value={(field.value as string | undefined) ?? ""} />
      )}
    </FieldFrame>
  );
}

/**
 * A short list as one text box, entries separated by commas ("a, b, c"): tags, barcodes. The form value is the array
 * the schema expects (trimmed, blanks dropped); an entry's error ("tags.3") shows under the box.
 */
export function ListField(props: FieldProps & InputExtras) {
  const { name, label, description, required, disabled, className, ...input } = props;
  return (
    <FieldFrame {...{ name, label, description, required, disabled, className }}>
      {({ field, aria }) => (
        <ListInput {...input} aria={aria} inputRef={field.ref} name={field.name} disabled={field.disabled} value={field.value as string[] | undefined} onChange={field.onChange} onBlur={field.onBlur} />
      )}
    </FieldFrame>
  );
}

const splitList = (text: string) =>
  text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

type ListInputProps = InputExtras & {
  aria: ControlAria;
  inputRef: Ref<HTMLInputElement>;
  name: string;
  disabled?: boolean;
  value: string[] | undefined;
  onChange: (value: string[]) => void;
  onBlur: () => void;
};

function ListInput({ aria, inputRef, name, disabled, value: given, onChange, onBlur, ...input }: ListInputProps) {
  const value = given ?? [];
  const [text, setText] = useState(value.join(", "));
  // A value set from outside (a reset, a reload) replaces the text; the user's own typing is kept as typed.
  if (splitList(text).join("\u0000") !== value.join("\u0000")) setText(value.join(", "));
  return (
    <Input
      {...input}
      {...aria}
      ref={inputRef}
      name={name}
      disabled={disabled}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        onChange(splitList(e.target.value));
      }}
      onBlur={onBlur}
    />
  );
}

export type SelectOption = { value: string; label: string; disabled?: boolean };

/** A closed list; the empty option (placeholder) maps to "". */
/** `placeholder={false}`: no empty option, for a required choice that always has a value. */
export function SelectField(props: FieldProps & { options: readonly SelectOption[]; placeholder?: string | false }) {
  const { name, label, description, required, disabled, className, options, placeholder } = props;
  const t = useTranslations("form");
  return (
    <FieldFrame {...{ name, label, description, required, disabled, className }}>
      {({ field, aria }) => (
        <select
          {...aria}
          {...field}
          value={(field.value as string | undefined) ?? ""}
          className={cn(
            "h-9 w-full rounded-md border border-input bg-background px-3 text-sm shadow-xs outline-none",
            "focus-visible:ring-2 focus-visible:ring-ring disabled:opacity-50 aria-invalid:border-destructive",
          )}
        >
          {placeholder === false ? null : <option value="">{placeholder ?? t("selectPlaceholder")}</option>}
          {options.map((o) => (
            <option key={o.value} value={o.value} disabled={o.disabled}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}

export function TextareaField(props: FieldProps & { rows?: number; placeholder?: string; maxLength?: number }) {
  const { name, label, description, required, disabled, className, ...rest } = props;
  return (
    <FieldFrame {...{ name, label, description, required, disabled, className }}>
      {({ field, aria }) => <Textarea {...rest} {...aria} {...field} value={(field.value as string | undefined) ?? ""} />}
    </FieldFrame>
  );
}

export function CheckboxField(props: FieldProps) {
  const { name, label, description, required, disabled, className } = props;
  return (
    <FieldFrame {...{ name, label, description, required, disabled, className }} labelPlacement="after">
      {({ field, aria }) => (
        <Checkbox
          {...aria}
          ref={field.ref}
          name={field.name}
          disabled={field.disabled}
          checked={field.value === true}
          onCheckedChange={(checked) => field.onChange(checked === true)}
          onBlur={field.onBlur}
        />
      )}
    </FieldFrame>
  );
}

/**
 * One file, kept in the form as a File (null when none). `maxBytes` is checked on selection; uploading is the
 * caller's business (the attachments API).
 */
export function FileField(props: FieldProps & { accept?: string; maxBytes?: number }) {
  const format = useFormat();
  const { name, label, description, required, disabled, className, accept, maxBytes } = props;
  const t = useTranslations("form");
  const form = useFormContext();
  return (
    <FieldFrame {...{ name, label, description, required, disabled, className }}>
      {({ field, aria }) => (
        <Input
          {...aria}
          ref={field.ref}
          name={field.name}
          disabled={field.disabled}
          onBlur={field.onBlur}
          type="file"
          accept={accept}
          className="h-auto py-1.5"
          onChange={(e) => {
            const file = e.target.files?.[0] ?? null;
            if (file && maxBytes && file.size > maxBytes) {
              e.target.value = "";
              field.onChange(null);
              form.setError(name, { type: "maxBytes", message: t("fileTooLarge", { max: format.bytes(maxBytes) }) });
              return;
            }
            field.onChange(file);
          }}
        />
      )}
    </FieldFrame>
  );
}
