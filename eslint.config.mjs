import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// No JS number for money (ARCHITECTURE §4): properties, parameters and variables named like money may not be typed
// `number`, and zod schemas may not use z.number() for them — use Prisma.Decimal / src/lib/money and decimal strings.
// A bare `total` is exempt: the list contract uses it for row counts.
const MONEY_NAME = "/^(?!total$).*(amount|price|total|cost|tax|balance|subtotal)$/i";
const MONEY_MESSAGE = "Money is never a JS number: use Decimal (src/lib/money) and decimal strings in zod schemas.";
export const moneyRules = {
  "no-restricted-syntax": [
    "error",
    ...[
      `TSPropertySignature[key.name=${MONEY_NAME}] > TSTypeAnnotation > TSNumberKeyword`,
      `PropertyDefinition[key.name=${MONEY_NAME}] > TSTypeAnnotation > TSNumberKeyword`,
      `Identifier[name=${MONEY_NAME}] > TSTypeAnnotation > TSNumberKeyword`,
      `Property[key.name=${MONEY_NAME}] CallExpression[callee.object.name="z"][callee.property.name=/^(number|int|float32|float64)$/]`,
      `Property[key.name=${MONEY_NAME}] MemberExpression[object.name="z"][property.name="coerce"]`,
    ].map((selector) => ({ selector, message: MONEY_MESSAGE })),
  ],
};

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  { files: ["**/*.{ts,tsx,mts,cts}"], rules: moneyRules },
  globalIgnores([
    ".next/**",
    "out/**",
    "build/**",
    "next-env.d.ts",
    "src/generated/**",
    ".data/**",
    "coverage/**",
    "playwright-report/**",
    "test-results/**",
    "bench/.out/**",
  ]),
]);
