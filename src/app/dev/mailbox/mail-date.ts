/** When a message was written, to the second, with its zone (outside an organization the request's time zone is UTC). */
export const MAIL_DATE = {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  timeZoneName: "short",
} as const satisfies Intl.DateTimeFormatOptions;
