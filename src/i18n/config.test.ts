import { describe, expect, it } from "vitest";

import { matchLocale, negotiateLocale, resolveLocale } from "./config";

describe("locale resolution", () => {
  it("maps regional tags to the supported language", () => {
    expect(matchLocale("ru-KZ")).toBe("ru");
    expect(matchLocale("en_US")).toBe("en");
    expect(matchLocale("de-DE")).toBeNull();
    expect(matchLocale("")).toBeNull();
  });

  it("negotiates Accept-Language by quality, then order", () => {
    expect(negotiateLocale("de-DE,de;q=0.9,ru;q=0.8,en;q=0.7")).toBe("ru");
    expect(negotiateLocale("en;q=0.5, ru;q=0.6")).toBe("ru");
    expect(negotiateLocale("fr, de")).toBeNull();
    expect(negotiateLocale("ru;q=0")).toBeNull();
  });

  it("prefers the cookie, then the organization, then the browser, then English", () => {
    expect(resolveLocale({ cookie: "en", organizationLocale: "ru-KZ", acceptLanguage: "ru" })).toBe("en");
    expect(resolveLocale({ cookie: "xx", organizationLocale: "ru-KZ", acceptLanguage: "en" })).toBe("ru");
    expect(resolveLocale({ organizationLocale: "de-DE", acceptLanguage: "ru-RU" })).toBe("ru");
    expect(resolveLocale({})).toBe("en");
    // The user's override (My profile) wins over the organization's locale; this device's cookie wins over both.
    expect(resolveLocale({ userLocale: "ru", organizationLocale: "en-US", acceptLanguage: "en" })).toBe("ru");
    expect(resolveLocale({ cookie: "en", userLocale: "ru", organizationLocale: "ru-KZ" })).toBe("en");
    expect(resolveLocale({ userLocale: null, organizationLocale: "ru-KZ" })).toBe("ru");
  });
});
