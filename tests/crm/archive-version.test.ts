// Archive / restore from a screen carry the version it showed: a record changed since (another version) is a
// CONFLICT and stays as it is; a repeated click (the record already archived / restored) is answered as it is; without
// a version (API callers, bulk actions) the version just read is used.
import { beforeAll, describe, expect, it } from "vitest";
import { callerFor, makeOrg, makeUser } from "../helpers/factory";
import { codeOf } from "../helpers/trpc";

type Caller = Awaited<ReturnType<typeof callerFor>>;

describe("crm archive / restore with the version shown", () => {
  let owner: Caller;
  beforeAll(async () => {
    const org = await makeOrg();
    owner = await callerFor((await makeUser(org)).id, { org: org.slug });
  });

  it("customers: a stale version is a CONFLICT, a repeated click is idempotent", async () => {
    const c = await owner.crm.customers.create({ name: "Stale Screen Co" });
    // Someone renames it after this screen loaded version 1.
    await owner.crm.customers.update({ id: c.id, version: 1, name: "Renamed Co" });
    expect(await codeOf(owner.crm.customers.archive({ id: c.id, version: 1 }))).toBe("CONFLICT");
    expect(await owner.crm.customers.get({ id: c.id })).toMatchObject({ archivedAt: null, version: 2 });
    const a = await owner.crm.customers.archive({ id: c.id, version: 2 });
    expect(a).toMatchObject({ version: 3, archivedAt: expect.any(Date) });
    // The same click again (the screen still shows version 2): answered as it is, no second write.
    expect(await owner.crm.customers.archive({ id: c.id, version: 2 })).toMatchObject({ version: 3 });
    expect(await codeOf(owner.crm.customers.restore({ id: c.id, version: 2 }))).toBe("CONFLICT");
    expect(await owner.crm.customers.restore({ id: c.id, version: 3 })).toMatchObject({ archivedAt: null, version: 4 });
    // Without a version: the version just read.
    expect(await owner.crm.customers.archive({ id: c.id })).toMatchObject({ version: 5 });
  });

  it("deals and custom field definitions take the version the same way", async () => {
    const customerId = (await owner.crm.customers.create({ name: "Deal Owner Co" })).id;
    const d = await owner.crm.deals.create({ name: "Stale deal", customerId });
    await owner.crm.deals.update({ id: d.id, version: d.version, name: "Edited deal" });
    expect(await codeOf(owner.crm.deals.archive({ id: d.id, version: d.version }))).toBe("CONFLICT");
    expect(await owner.crm.deals.archive({ id: d.id, version: d.version + 1 })).toMatchObject({ archivedAt: expect.any(Date) });

    const def = await owner.crm.customFields.create({ key: "stale_field", label: "Stale field", kind: "text" });
    await owner.crm.customFields.update({ id: def.id, version: def.version, label: "Renamed field" });
    expect(await codeOf(owner.crm.customFields.archive({ id: def.id, archived: true, version: def.version }))).toBe("CONFLICT");
    expect(await owner.crm.customFields.archive({ id: def.id, archived: true, version: def.version + 1 })).toMatchObject({ archivedAt: expect.any(Date) });
  });
});
