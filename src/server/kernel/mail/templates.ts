// Every message is a tiny typed function from its variables to { subject, html, text }, rendered inside one shared
// layout. Variables are escaped by the html tag. Add a message: write a function here and list it in TEMPLATES.
import { html, safeUrl, type Html } from "./html";

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

const PRODUCT = "Tessera";

/** The shared layout: a plain, table-free card that renders in every mail client, plus its text counterpart. */
export function layout(opts: { title: string; preheader?: string; body: Html; text: string; action?: { label: string; url: string } }): Omit<RenderedMail, "subject"> {
  const action = opts.action
    ? html`<p style="margin:24px 0"><a href="${safeUrl(opts.action.url)}" style="background:#111827;color:#ffffff;padding:10px 16px;border-radius:6px;text-decoration:none;display:inline-block">${opts.action.label}</a></p>`
    : "";
  const body = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${opts.title}</title></head>
<body style="margin:0;background:#f4f4f5;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#111827">
<span style="display:none;max-height:0;overflow:hidden">${opts.preheader ?? ""}</span>
<div style="max-width:560px;margin:0 auto;padding:32px 16px">
<div style="background:#ffffff;border-radius:8px;padding:32px;border:1px solid #e4e4e7">
<h1 style="font-size:20px;margin:0 0 16px">${opts.title}</h1>
${opts.body}
${action}
</div>
<p style="font-size:12px;color:#71717a;text-align:center;margin-top:16px">${PRODUCT} ERP · You receive this message because of your account.</p>
</div></body></html>`;
  const text = [opts.title, "", opts.text.trim(), ...(opts.action ? ["", `${opts.action.label}: ${opts.action.url}`] : []), "", `— ${PRODUCT} ERP`].join("\n");
  return { html: body.value, text };
}

/** A general notification: a title, a few paragraphs, an optional button. Later messages build on it. */
export function notification(v: { subject: string; title?: string; paragraphs: string[]; action?: { label: string; url: string } }): RenderedMail {
  const title = v.title ?? v.subject;
  return {
    subject: v.subject,
    ...layout({
      title,
      preheader: v.paragraphs[0],
      body: html`${v.paragraphs.map((p) => html`<p style="line-height:1.5;margin:0 0 12px">${p}</p>`)}`,
      text: v.paragraphs.join("\n\n"),
      action: v.action,
    }),
  };
}

export function welcome(v: { name: string; organization: string; signInUrl: string }): RenderedMail {
  return notification({
    subject: `Welcome to ${v.organization} on ${PRODUCT}`,
    title: `Welcome, ${v.name}`,
    paragraphs: [`You now have access to ${v.organization} on ${PRODUCT}.`, "Sign in with your e-mail address to get started."],
    action: { label: "Sign in", url: v.signInUrl },
  });
}

export function test(v: { name: string; sentBy?: string }): RenderedMail {
  return notification({
    subject: `${PRODUCT} test message`,
    paragraphs: [`Hello ${v.name},`, `This is a test message${v.sentBy ? ` sent by ${v.sentBy}` : ""}. If you can read it, e-mail delivery works.`],
  });
}

const INVITATION_TEXT = {
  en: {
    subject: (o: string) => `You are invited to join ${o} on ${PRODUCT}`,
    title: (o: string) => `Join ${o}`,
    body: (inviter: string, o: string) => `${inviter} invited you to join ${o} on ${PRODUCT}.`,
    expires: (days: number) => `The link works once and expires in ${days} days. If you did not expect this invitation, ignore this message.`,
    action: "Accept the invitation",
  },
  ru: {
    subject: (o: string) => `Приглашение в ${o} в ${PRODUCT}`,
    title: (o: string) => `Присоединяйтесь к ${o}`,
    body: (inviter: string, o: string) => `${inviter} приглашает вас в организацию ${o} в ${PRODUCT}.`,
    expires: (days: number) =>
      `Ссылка одноразовая и действует ${days} ${days % 10 === 1 && days % 100 !== 11 ? "день" : days % 10 >= 2 && days % 10 <= 4 && (days % 100 < 10 || days % 100 >= 20) ? "дня" : "дней"}. Если вы не ждали этого приглашения, просто проигнорируйте письмо.`,
    action: "Принять приглашение",
  },
} as const;

/** An invitation to an organization, in the organization's language (`locale` such as "ru-RU"; English otherwise). */
export function invitation(v: { organization: string; inviter: string; url: string; expiresInDays: number; locale?: string }): RenderedMail {
  const m = v.locale?.toLowerCase().startsWith("ru") ? INVITATION_TEXT.ru : INVITATION_TEXT.en;
  return notification({
    subject: m.subject(v.organization),
    title: m.title(v.organization),
    paragraphs: [m.body(v.inviter, v.organization), m.expires(v.expiresInDays)],
    action: { label: m.action, url: v.url },
  });
}

/** Account mails are written in the language the person used when they asked for them. */
export type MailLocale = "en" | "ru";

export function verifyEmail(v: { name: string; url: string; locale?: MailLocale }): RenderedMail {
  return v.locale === "ru"
    ? notification({
        subject: `Подтвердите адрес электронной почты в ${PRODUCT}`,
        title: `Здравствуйте, ${v.name}`,
        paragraphs: [
          `Чтобы завершить регистрацию в ${PRODUCT}, подтвердите, что этот адрес принадлежит вам.`,
          "Ссылка действует 24 часа и срабатывает один раз. Если вы не регистрировались, просто проигнорируйте это письмо.",
        ],
        action: { label: "Подтвердить адрес", url: v.url },
      })
    : notification({
        subject: `Verify your e-mail address for ${PRODUCT}`,
        title: `Hello ${v.name}`,
        paragraphs: [
          `To finish signing up for ${PRODUCT}, confirm that this address is yours.`,
          "The link works once and expires in 24 hours. If you did not sign up, ignore this message.",
        ],
        action: { label: "Verify e-mail address", url: v.url },
      });
}

export function resetPassword(v: { name: string; url: string; locale?: MailLocale }): RenderedMail {
  return v.locale === "ru"
    ? notification({
        subject: `Сброс пароля в ${PRODUCT}`,
        title: `Здравствуйте, ${v.name}`,
        paragraphs: [
          "Кто-то (надеемся, вы) запросил сброс пароля вашей учётной записи.",
          "Ссылка действует 1 час и срабатывает один раз. После смены пароля все ваши сеансы завершатся. Если вы не запрашивали сброс, ничего не делайте — пароль останется прежним.",
        ],
        action: { label: "Задать новый пароль", url: v.url },
      })
    : notification({
        subject: `Reset your ${PRODUCT} password`,
        title: `Hello ${v.name}`,
        paragraphs: [
          "Someone (hopefully you) asked to reset the password of your account.",
          "The link works once and expires in 1 hour. Setting a new password signs you out everywhere. If you did not ask for this, do nothing: your password stays as it is.",
        ],
        action: { label: "Set a new password", url: v.url },
      });
}

/** Sent instead of a verification mail when someone signs up with an address that already has an account. */
export function accountExists(v: { name: string; signInUrl: string; resetUrl: string; locale?: MailLocale }): RenderedMail {
  return v.locale === "ru"
    ? notification({
        subject: `У вас уже есть учётная запись ${PRODUCT}`,
        title: `Здравствуйте, ${v.name}`,
        paragraphs: [
          `Кто-то (возможно, вы) попытался зарегистрироваться в ${PRODUCT} с этим адресом, но учётная запись с ним уже существует.`,
          `Войдите как обычно. Если вы забыли пароль, его можно сбросить: ${v.resetUrl}`,
          "Если это были не вы, ничего не делайте.",
        ],
        action: { label: "Войти", url: v.signInUrl },
      })
    : notification({
        subject: `You already have a ${PRODUCT} account`,
        title: `Hello ${v.name}`,
        paragraphs: [
          `Someone (perhaps you) tried to sign up for ${PRODUCT} with this address, but it already has an account.`,
          `Sign in as usual. If you forgot your password, you can reset it: ${v.resetUrl}`,
          "If this was not you, do nothing.",
        ],
        action: { label: "Sign in", url: v.signInUrl },
      });
}

export const TEMPLATES = { notification, welcome, test, invitation, verifyEmail, resetPassword, accountExists } as const;
export type TemplateName = keyof typeof TEMPLATES;
export type TemplateVars<T extends TemplateName> = Parameters<(typeof TEMPLATES)[T]>[0];

export function renderTemplate<T extends TemplateName>(name: T, vars: TemplateVars<T>): RenderedMail {
  return (TEMPLATES[name] as (v: TemplateVars<T>) => RenderedMail)(vars);
}
