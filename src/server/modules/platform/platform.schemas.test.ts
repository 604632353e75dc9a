import { describe, expect, it } from "vitest";
import { ZCreateOrganizationInput } from "./platform.schemas";

const valid = {
  name: "Acme",
  slug: "acme-2",
  country: "US",
  baseCurrency: "USD",
  timeZone: "America/Chicago",
  locale: "en-US",
  workspaces: [{ name: "HQ", slug: "hq" }],
};

describe("ZCreateOrganizationInput", () => {
  it("accepts a valid organization and lower-cases the slug", () => {
    expect(ZCreateOrganizationInput.parse({ ...valid, slug: "Acme-2" }).slug).toBe("acme-2");
  });

  it("answers field errors for bad input", () => {
    const r = ZCreateOrganizationInput.safeParse({ ...valid, slug: "-bad-", country: "usa", timeZone: "Mars/Base", workspaces: [] });
    expect(r.success).toBe(false);
    const fields = Object.keys(r.error!.flatten().fieldErrors).sort();
    expect(fields).toEqual(["country", "slug", "timeZone", "workspaces"]);
  });

  it("refuses slugs that are app routes", () => {
    for (const slug of ["api", "sign-in", "dev"]) expect(ZCreateOrganizationInput.safeParse({ ...valid, slug }).success, slug).toBe(false);
  });
});
