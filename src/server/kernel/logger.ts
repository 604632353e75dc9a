import pino, { type Logger } from "pino";

/** The process logger; requests log through requestLogger (procedures: ctx.log), jobs through their job logger. */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  base: { service: "tessera" },
  redact: ["password", "*.password", "passwordHash", "*.passwordHash"],
  // Errors keep their type, message and stack (and cause) under "err".
  serializers: { err: pino.stdSerializers.errWithCause },
});

export interface RequestLogFields {
  requestId: string;
  userId?: string | null;
  org?: string | null;
  orgId?: string | null;
  path?: string;
  type?: string;
}

/** A request-scoped child logger: every line answers "which request, who, which tenant, which procedure". */
export function requestLogger(fields: RequestLogFields, base: Logger = logger): Logger {
  return base.child(Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && v !== null)));
}
