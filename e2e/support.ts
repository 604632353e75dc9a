import { expect, type Browser, type Locator, type Page } from "@playwright/test";

/** The demo company seeded by scripts/e2e-server.ts (prisma/seed/demo.ts). */
export const DEMO_PASSWORD = "tessera-demo";

export const DEMO = {
  acmeOwner: "owner@acme.test",
  acmeManager: "manager@acme.test",
  acmeClerk: "clerk@acme.test",
  globexOwner: "owner@globex.test",
} as const;

/** Fills and submits the sign-in form of the current page, once it has hydrated. */
export async function submitSignInForm(page: Page, email: string, password: string = DEMO_PASSWORD) {
  // The button is enabled once React has hydrated the form; a value typed before that can be reset by hydration.
  await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/**
 * Signs in over HTTP (next-auth's credentials callback) so tests that are not about the form start fast.
 * The session cookie lands in the page's browser context.
 */
export async function signInOverHttp(page: Page, email: string, password: string = DEMO_PASSWORD) {
  const csrf = await page.request.get("/api/auth/csrf");
  expect(csrf.ok()).toBe(true);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await page.request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password, json: "true" },
  });
  expect(res.ok()).toBe(true);
  const { url } = (await res.json()) as { url: string };
  expect(new URL(url).searchParams.get("error"), `sign-in of ${email} failed`).toBeNull();
}

/** Waits until the page is on `pathname` (query and hash ignored). */
export async function expectPath(page: Page, pathname: string) {
  await expect.poll(() => new URL(page.url()).pathname).toBe(pathname);
}

/**
 * The link in the newest mail to `to` whose subject contains `subject`, read from the dev mailbox by a demo user in
 * a separate browser context (the mailbox is behind sign-in; the person the mail is for may be signed out).
 * `link` picks the link out of the mail's text part; `count`: wait until that many such mails arrived (a resent link
 * replaces the earlier one, so the newest must be the resent mail).
 */
export async function linkFromMailbox(
  browser: Browser,
  to: string,
  subject: string,
  link: RegExp = /https?:\/\/\S+[?&]token=[A-Za-z0-9_-]+/,
  count = 1,
): Promise<string> {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await signInOverHttp(page, DEMO.acmeOwner);
    await page.goto("/dev/mailbox");
    const row = page.getByRole("row", { name: new RegExp(to.replace(/[.+]/g, "\\$&")) }).filter({ hasText: subject });
    await expect(async () => {
      await page.reload();
      await expect(row.nth(count - 1)).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
    await row.first().getByRole("link", { name: subject }).click();
    const text = await page.getByRole("region", { name: "Text" }).innerText();
    const url = link.exec(text)?.[0];
    expect(url, `a link in "${subject}"`).toBeTruthy();
    return url!;
  } finally {
    await context.close();
  }
}

/** Radix checkboxes in react-hook-form forms re-render after the click: click, then wait for the state (not check()). */
export async function setChecked(box: Locator, checked: boolean) {
  if ((await box.getAttribute("aria-checked")) !== String(checked)) await box.click();
  await expect(box).toHaveAttribute("aria-checked", String(checked));
}
