// Organization money data against the real database and the demo seed: exchange rates by date (direct, inverse,
// same currency, missing), conversion to base, tax rates by validity (Kazakhstan's VAT change), the seed's
// idempotence, and the other tenant's data staying invisible.
import { describe, expect, it } from "vitest";
import { systemDb } from "@/server/db/client";
import type { Tx } from "@/server/db/scope";
import * as money from "@/server/kernel/money";
import { seedDemo } from "../../prisma/seed/demo";
import { asApp } from "../helpers/db";
import { demoUserId, makeOrg, makeUser } from "../helpers/factory";
import { asMember } from "../helpers/scoped";

const acme = async <T>(fn: (tx: Tx, s: Awaited<Parameters<Parameters<typeof asMember>[1]>[1]>) => Promise<T>) =>
  asMember({ userId: await demoUserId("owner@acme.test"), orgSlug: "acme" }, fn);
const globex = async <T>(fn: (tx: Tx, s: Awaited<Parameters<Parameters<typeof asMember>[1]>[1]>) => Promise<T>) =>
  asMember({ userId: await demoUserId("owner@globex.test"), orgSlug: "globex" }, fn);

describe("exchange rates", () => {
  it("uses the latest rate on or before the date, the inverse of the reverse pair, and 1 for the same currency", async () => {
    const r = await acme(async (tx, s) => ({
      june: (await money.rateFor(tx, s, "EUR", "USD", "2026-06-01")).toFixed(),
      firstDay: (await money.rateFor(tx, s, "EUR", "USD", "2026-11-01")).toFixed(),
      later: (await money.rateFor(tx, s, "EUR", "USD", new Date("2026-12-24T00:00:00Z"))).toFixed(),
      inverse: await money.findRate(tx, s, "USD", "GBP", "2026-06-01"),
      same: (await money.rateFor(tx, s, "USD", "USD", "1999-01-01")).toFixed(),
    }));
    expect(r).toMatchObject({ june: "1.085", firstDay: "1.1625", later: "1.1625", same: "1" });
    expect(r.inverse).toMatchObject({ inverted: true, validOn: "2026-01-01" });
    expect(r.inverse.rate.times("1.27").toDecimalPlaces(12).toFixed()).toBe("1");
  });

  it("a missing rate is PRECONDITION_FAILED naming the pair", async () => {
    await expect(acme((tx, s) => money.rateFor(tx, s, "EUR", "USD", "2025-12-31"))).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: expect.stringContaining("EUR→USD"),
    });
    await expect(acme((tx, s) => money.rateFor(tx, s, "EUR", "GBP", "2026-06-01"))).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
  });

  it("converts to the base currency with the rate of the date", async () => {
    const acmeResult = await acme((tx, s) => money.toBase(tx, s, "100", "EUR", "2026-11-15"));
    expect([acmeResult.amount.toFixed(2), acmeResult.currency, acmeResult.rate.toFixed()]).toEqual(["116.25", "USD", "1.1625"]);
    const globexResult = await globex((tx, s) => money.toBase(tx, s, "19.99", "USD", "2026-06-30"));
    expect([globexResult.amount.toFixed(2), globexResult.currency]).toEqual(["10104.95", "KZT"]);
    const same = await globex((tx, s) => money.toBase(tx, s, "10.005", "KZT", "2026-06-30"));
    expect(same.amount.toFixed(2)).toBe("10.01");
  });
});

describe("tax rates", () => {
  it("picks the rate in force on the date (Kazakhstan's VAT: 12 % until 2025, 16 % from 2026-01-01)", async () => {
    const r = await globex(async (tx, s) => [
      (await money.taxRate(tx, s, "VAT", "2025-12-31")).rate.toFixed(),
      (await money.taxRate(tx, s, "VAT", "2026-01-01")).rate.toFixed(),
      (await money.taxRate(tx, s, "EXEMPT", "2026-06-01")).kind,
    ]);
    expect(r).toEqual(["12", "16", "exempt"]);
    const il = await acme((tx, s) => money.taxRate(tx, s, "IL", "2026-06-01"));
    expect([il.rate.toFixed(), il.kind, il.region]).toEqual(["6.25", "sales", "US-IL"]);
    await expect(globex((tx, s) => money.taxRate(tx, s, "GST", "2026-06-01"))).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
  });
});

describe("set-up data", () => {
  it("the demo seed is idempotent and gives both demo organizations units and payment terms", async () => {
    const sys = systemDb();
    const count = async () =>
      Promise.all([sys.currency.count(), sys.taxRate.count(), sys.exchangeRate.count(), sys.unitOfMeasure.count(), sys.paymentTerm.count(), sys.numberSequence.count()]);
    const before = await count();
    expect(await seedDemo(sys)).toBe(false);
    expect(await count()).toEqual(before);
    for (const slug of ["acme", "globex"]) {
      const org = await sys.organization.findUniqueOrThrow({ where: { slug }, select: { id: true } });
      const [units, terms, base] = await Promise.all([
        sys.unitOfMeasure.findMany({ where: { organizationId: org.id }, select: { code: true, isBase: true }, orderBy: { code: "asc" } }),
        sys.paymentTerm.findMany({ where: { organizationId: org.id }, select: { code: true, discountPercent: true, discountDays: true, isDefault: true }, orderBy: { code: "asc" } }),
        sys.currency.findMany({ where: { organizationId: org.id, isBase: true }, select: { code: true } }),
      ]);
      expect(units.map((u) => u.code)).toEqual(["cm", "g", "h", "kg", "l", "m", "pcs"]);
      expect(units.filter((u) => u.isBase).map((u) => u.code)).toEqual(["h", "kg", "l", "m", "pcs"]);
      expect(terms.map((t) => t.code)).toEqual(["2-10-NET30", "DUE", "NET15", "NET30"]);
      expect(terms.filter((t) => t.isDefault).map((t) => t.code)).toEqual(["NET30"]);
      expect(terms[0]!.discountPercent.toFixed()).toBe("2");
      expect(base.map((b) => b.code)).toEqual([slug === "acme" ? "USD" : "KZT"]);
    }
  });

  it("a new organization gets its base currency", async () => {
    const org = await makeOrg();
    const user = await makeUser(org);
    const rows = await asMember({ userId: user.id, orgSlug: org.slug }, (tx, s) => tx.currency.findMany({ where: { organizationId: s.orgId }, select: { code: true, isBase: true } }));
    expect(rows).toEqual([{ code: "USD", isBase: true }]);
  });
});

describe("the other tenant", () => {
  it("sees none of another organization's rates and cannot use them", async () => {
    // Globex has no EUR→USD rate of its own; Acme's must not leak into it.
    await expect(globex((tx, s) => money.rateFor(tx, s, "EUR", "USD", "2026-06-01"))).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    await expect(globex((tx, s) => money.taxRate(tx, s, "IL", "2026-06-01"))).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    const sys = systemDb();
    const [a, g] = await Promise.all(["acme", "globex"].map((slug) => sys.organization.findUniqueOrThrow({ where: { slug }, select: { id: true } })));
    const seen = await asApp({ orgId: g!.id }, async (c) => [
      (await c.query("select 1 from settings.exchange_rates where organization_id = $1", [a!.id])).rowCount,
      (await c.query("select 1 from settings.tax_rates where organization_id = $1", [a!.id])).rowCount,
      (await c.query("update settings.currencies set active = false where organization_id = $1", [a!.id])).rowCount,
      (await c.query("select 1 from settings.tax_rates")).rowCount,
    ]);
    expect(seen.slice(0, 3)).toEqual([0, 0, 0]);
    expect(seen[3]).toBe(3);
  });
});
