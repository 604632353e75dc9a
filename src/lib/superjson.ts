// One superjson instance for server and client, with Prisma's Decimal registered so money never becomes a float.
import SuperJSON from "superjson";
import { Prisma } from "@/generated/prisma/browser";

export const transformer = new SuperJSON();
transformer.registerCustom<Prisma.Decimal, string>(
  {
    isApplicable: (v): v is Prisma.Decimal => Prisma.Decimal.isDecimal(v),
    serialize: (v) => v.toString(),
    deserialize: (v) => new Prisma.Decimal(v),
  },
  "decimal.js",
);
