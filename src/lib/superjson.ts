// One superjson instance for server and client, with Prisma's Decimal registered so money never becomes a float.
import SuperJSON from "superjson";
import { Prisma } from "@/generated/prisma/browser";

export const transformer = new SuperJSON();
type Decimal = InstanceType<typeof Prisma.Decimal>;
transformer.registerCustom<Decimal, string>(
  {
    isApplicable: (v): v is Decimal => Prisma.Decimal.isDecimal(v),
    serialize: (v) => v.toString(),
    deserialize: (v) => new Prisma.Decimal(v),
  },
  "decimal.js",
);
