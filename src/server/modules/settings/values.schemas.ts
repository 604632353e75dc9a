import { z } from "zod";

export const ZSettingLevel = z.enum(["organization", "workspace"], { error: "Choose organization or workspace" });

export const ZSettingKeyInput = z.string().trim().min(1, "Choose a setting").max(100);

/** `value` is checked by the key's own schema in the service (field error on `value`). */
export const ZSetSettingInput = z.object({
  key: ZSettingKeyInput,
  scope: ZSettingLevel,
  value: z.json(),
});
export type TSetSettingInput = z.infer<typeof ZSetSettingInput>;

export const ZResetSettingInput = z.object({ key: ZSettingKeyInput, scope: ZSettingLevel });
export type TResetSettingInput = z.infer<typeof ZResetSettingInput>;
