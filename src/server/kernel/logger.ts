import pino from "pino";

/** The process logger; procedures log through a child with request id, user, organization and path. */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  base: { service: "tessera" },
  redact: ["password", "*.password", "passwordHash", "*.passwordHash"],
});
