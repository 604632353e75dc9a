// Mail: templates escape their variables; sendMail queues a mail.send job that a real worker delivers through the
// file transport into MAIL_DIR, where the dev mailbox lists it.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorkers, stopJobs } from "@/server/kernel/jobs";
import { deliver, devToolsEnabled, html, listMail, readMail, renderTemplate, sendMail } from "@/server/kernel/mail";

const dir = mkdtempSync(path.join(os.tmpdir(), "tessera-mail-"));
beforeAll(() => {
  process.env.MAIL_DIR = dir;
});
afterAll(async () => {
  await stopJobs();
  delete process.env.MAIL_DIR;
  rmSync(dir, { recursive: true, force: true });
});

describe("templates", () => {
  it("escape every variable in HTML and keep the text readable", () => {
    const m = renderTemplate("welcome", { name: `<img src=x onerror="alert(1)">`, organization: "R&D <Lab>", signInUrl: "javascript:alert(1)" });
    expect(m.subject).toBe("Welcome to R&D <Lab> on Tessera");
    expect(m.html).not.toContain("<img");
    expect(m.html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(m.html).toContain("R&amp;D &lt;Lab&gt;");
    expect(m.html).not.toContain("javascript:");
    expect(m.html).toContain('href="#"');
    expect(m.text).toContain(`Welcome, <img src=x onerror="alert(1)">`);
    expect(m.text).toContain("Sign in: javascript:alert(1)");
  });

  it("nests fragments without escaping them twice", () => {
    expect(html`<p>${html`<b>${"a<b"}</b>`}</p>`.value).toBe("<p><b>a&lt;b</b></p>");
  });
});

describe("dev tools", () => {
  it("are on outside production, and in production only with TESSERA_DEV_TOOLS=1", () => {
    const env = process.env as Record<string, string | undefined>;
    const saved = { NODE_ENV: env.NODE_ENV, TESSERA_DEV_TOOLS: env.TESSERA_DEV_TOOLS };
    try {
      const at = (nodeEnv: string, flag?: string) => {
        env.NODE_ENV = nodeEnv;
        if (flag === undefined) delete env.TESSERA_DEV_TOOLS;
        else env.TESSERA_DEV_TOOLS = flag;
        return devToolsEnabled();
      };
      expect([at("development"), at("test"), at("production"), at("production", "0"), at("production", "1")]).toEqual([true, true, false, false, true]);
    } finally {
      Object.assign(env, saved);
      if (saved.TESSERA_DEV_TOOLS === undefined) delete env.TESSERA_DEV_TOOLS;
    }
  });
});

describe("delivery", () => {
  it("the file transport writes one JSON file with headers, HTML and text", async () => {
    const id = await deliver({ to: "file@example.test", ...renderTemplate("test", { name: "Ann" }), template: "test" });
    const files = readdirSync(dir).filter((f) => f.endsWith(".json"));
    expect(files).toContain(`${id}.json`);
    const stored = JSON.parse(readFileSync(path.join(dir, `${id}.json`), "utf8"));
    expect(stored).toMatchObject({ to: "file@example.test", subject: "Tessera test message", template: "test" });
    expect(stored.headers["message-id"]).toBeTruthy();
    expect(stored.html).toContain("Hello Ann,");
    expect(stored.text).toContain("Hello Ann,");
    expect(await readMail(id)).toMatchObject({ id, to: "file@example.test" });
    expect(await readMail("../../etc/passwd")).toBeNull();
  });

  it("sendMail queues a job that a worker delivers, and the mailbox lists it", async () => {
    await startWorkers({ only: ["mail.send"] });
    const to = `queued-${Date.now()}@example.test`;
    // Other test files queue mail no worker of theirs delivers; a higher priority goes ahead of that backlog.
    expect(await sendMail("welcome", to, { name: "Bob", organization: "Acme", signInUrl: "http://localhost/sign-in" }, { priority: 10 })).toBeTruthy();
    const end = Date.now() + 20_000;
    let found;
    while (!(found = (await listMail()).find((m) => m.to === to)) && Date.now() < end) await new Promise((r) => setTimeout(r, 200));
    expect(found).toMatchObject({ to, subject: "Welcome to Acme on Tessera" });
    expect((await readMail(found!.id))?.html).toContain("Welcome, Bob");
  });
});
