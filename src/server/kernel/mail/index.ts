export { sendMail, type SendMailOptions } from "./send";
export { deliver, mailDir, mailFrom, type OutgoingMail, type StoredMail } from "./transport";
export { renderTemplate, layout, notification, TEMPLATES, type TemplateName, type TemplateVars, type RenderedMail, type MailLocale } from "./templates";
export { html, escapeHtml, safeUrl, Html } from "./html";
export { listMail, readMail, devToolsEnabled, type MailSummary } from "./mailbox";
