export { applyServerErrors, isStaleVersionError, type FormErrorState } from "./apply-server-errors";
export { ComboboxField, useDebounced, type ComboboxOption } from "./ComboboxField";
export { normalizeDecimalInput, padMinorUnits } from "./decimal-input";
export { FieldFrame, type FieldProps } from "./Field";
export {
  CheckboxField,
  DateField,
  FileField,
  ListField,
  MoneyField,
  NumberField,
  SelectField,
  TextareaField,
  TextField,
  type SelectOption,
} from "./fields";
export { DialogFormActions, Form, SubmitButton } from "./Form";
export { isSaveShortcut, lineShortcut, type LineShortcut } from "./shortcuts";
export { useUnsavedChangesGuard } from "./unsaved-changes";
export { useZodForm, type ZodForm, type ZodFormSchema } from "./use-zod-form";
