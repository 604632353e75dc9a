// Streamed export of a list's whole filtered set: the request is authorized exactly like a procedure (session,
// membership by query — non-members get 404 —, workspace, permission), then every page is read in its own short
// transaction with the verified scope's settings (no transaction stays open while a slow client downloads), and the
// export is written to the audit stream when it ends. The header row is in the user's language, chosen as the pages
// choose it; cell values stay machine-friendly.
import { once } from "node:events";
import { PassThrough, Readable } from "node:stream";
import ExcelJS from "exceljs";
import { matchLocale, resolveLocale, type AppLocale } from "@/i18n/config";
import { withSettings, type DbSettings } from "@/server/db/scope";
import { resolveOrgScope, resolveWorkspaceScope } from "@/server/kernel/access";
import { recordEvent } from "@/server/kernel/audit";
import { AppError } from "@/server/kernel/errors";
import { logger } from "@/server/kernel/logger";
import { maskDecision, maskValue, type MaskDecision } from "@/server/kernel/masking";
import type { OrgScope, WorkspaceScope } from "@/server/kernel/scope";
import type { SessionClaim } from "@/server/auth/token";
import { loadSessionUser } from "@/server/modules/auth/session.service";
import { requireFeature } from "@/server/modules/platform/entitlements.service";
import { csvRow, UTF8_BOM } from "./csv";
import { exportHeaders } from "./headers";
import type { CellValue, ExportableList } from "./registry";

export const EXPORT_FORMATS = ["csv", "xlsx"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

export class ExportError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404,
    message: string,
  ) {
    super(message);
  }
}

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export interface ExportRequest {
  listKey: string;
  format: string | null;
  org: string | null;
  ws: string | null;
  /** URL-encoded JSON of the list input (cursor and page are ignored). */
  input: string | null;
  /** The NEXT_LOCALE cookie (the language switch's choice on this device), for the header row. */
  localeCookie?: string | null;
  /** The request's Accept-Language, the last resort before English. */
  acceptLanguage?: string | null;
}

export interface AuthorizedExport {
  list: ExportableList;
  scope: OrgScope | WorkspaceScope;
  format: ExportFormat;
  /** The language of the header row (resolveLocale, as the pages). */
  locale: AppLocale;
  input: unknown;
  /** The input as asked (for the audit event). */
  asked: Record<string, unknown>;
  /** What this member sees masked (lists with `masking`), decided with the first page. */
  mask?: MaskDecision;
}

/** Checks a request the way the procedure chain does; throws ExportError with the HTTP status to answer. */
export async function authorizeExport(
  registry: ReadonlyMap<string, ExportableList>,
  session: SessionClaim | null,
  req: ExportRequest,
  requestId: string,
): Promise<AuthorizedExport> {
  const list = registry.get(req.listKey);
  if (!list) throw new ExportError(404, "No such export.");
  if (!session) throw new ExportError(401, "Sign in to continue.");
  const format = (req.format ?? "csv") as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) throw new ExportError(400, "Format must be csv or xlsx.");
  const org = req.org?.toLowerCase() ?? "";
  const ws = req.ws?.toLowerCase() ?? null;
  if (!SLUG.test(org) || (ws !== null && !SLUG.test(ws))) throw new ExportError(404, "Organization not found");

  let asked: Record<string, unknown>;
  try {
    const parsed: unknown = req.input ? JSON.parse(req.input) : {};
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not an object");
    const { cursor: _cursor, page: _page, ...rest } = parsed as Record<string, unknown>;
    asked = rest;
  } catch {
    throw new ExportError(400, "The list input is not valid JSON.");
  }
  const input = list.input.safeParse(asked);
  if (!input.success) throw new ExportError(400, `The list input is not valid: ${input.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);

  const { scope, locale } = await withSettings({ userId: session.userId, requestId }, async (tx) => {
    const user = await loadSessionUser(tx, session);
    if (!user) throw new ExportError(401, "Your session has ended. Sign in again.");
    if (!user.emailVerified) throw new ExportError(403, "Verify your e-mail address first.");
    try {
      const orgScope = await resolveOrgScope(tx, { userId: user.id, requestId }, org);
      const wsScope = ws ? await resolveWorkspaceScope(tx, orgScope, ws) : orgScope;
      // An organization-level list exports what its procedure lists: all the member's workspaces, not just `ws`.
      const scope = list.organizationLevel ? orgScope : wsScope;
      if (scope.permissions.has(list.permission) && list.feature) await requireFeature(tx, scope.orgId, list.feature);
      // The pages' order (src/i18n/request.ts): cookie → the user's override (already loaded) → the organization's
      // language → Accept-Language. The organization is read only when the first two do not decide, and only here,
      // after its membership is verified: another organization's language never shows through.
      const decided = matchLocale(req.localeCookie) ?? matchLocale(user.locale);
      const organization = decided ? null : await tx.organization.findUnique({ where: { id: orgScope.orgId }, select: { locale: true } });
      const locale = resolveLocale({ cookie: req.localeCookie, userLocale: user.locale, organizationLocale: organization?.locale, acceptLanguage: req.acceptLanguage });
      return { scope, locale };
    } catch (e) {
      if (e instanceof AppError && e.code === "NOT_FOUND") throw new ExportError(404, e.message);
      if (e instanceof AppError && e.code === "FORBIDDEN") throw new ExportError(403, e.message);
      throw e;
    }
  });
  if (!scope.permissions.has(list.permission)) throw new ExportError(403, `You do not have permission for this (${list.permission}).`);
  return { list, scope, format, locale, input: input.data, asked };
}

export function settingsOf(scope: OrgScope | WorkspaceScope): DbSettings {
  return {
    userId: scope.userId,
    orgId: scope.orgId,
    workspaceIds: "workspaceId" in scope ? [scope.workspaceId] : scope.workspaceIds,
    requestId: scope.requestId,
  };
}

export function exportFilename(key: string, format: ExportFormat, now = new Date()): string {
  return `${key.replaceAll(".", "-")}-${now.toISOString().slice(0, 10)}.${format}`;
}

/** Every row of the filtered set, page by page, each page in its own transaction. */
async function* allRows(x: AuthorizedExport): AsyncGenerator<unknown[]> {
  let cursor: string | null = null;
  do {
    const page: { rows: unknown[]; nextCursor: string | null } = await withSettings(settingsOf(x.scope), async (tx) => {
      if (x.list.masking && !x.mask) x.mask = await maskDecision(tx, x.scope, x.list.masking.permission);
      return x.list.fetchPage(tx, x.scope as OrgScope, x.input, cursor);
    });
    yield page.rows;
    cursor = page.nextCursor;
  } while (cursor);
}

/** A row's cells; a sensitive column's cell masked when this member sees its class masked. */
function cells(x: AuthorizedExport, row: unknown): CellValue[] {
  const masked = x.list.masking && x.mask?.classes.size ? x.list.masking.columns : null;
  return x.list.columns.map((c) => {
    const v = c.value(row);
    const cls = masked?.[c.id];
    return cls && x.mask!.classes.has(cls) && typeof v === "string" ? maskValue(cls, v) : v;
  });
}

async function recordExport(x: AuthorizedExport, rows: number, completed: boolean) {
  const { q, filters, sort } = x.asked;
  // Lists with sensitive columns record which classes this export masked ([] = none).
  const masked = x.list.masking ? { masked: x.mask ? [...x.mask.classes].sort() : [] } : {};
  await withSettings(settingsOf(x.scope), (tx) =>
    recordEvent(tx, x.scope, { action: "export", data: { list: x.list.key, format: x.format, q, filters, sort, rows, completed, ...masked } }),
  );
}

/** The file as a byte stream; the export event is recorded when the last row has been written (or the download stops). */
export function exportStream(x: AuthorizedExport): ReadableStream<Uint8Array> {
  return x.format === "csv" ? csvStream(x) : xlsxStream(x);
}

function csvStream(x: AuthorizedExport): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const pages = allRows(x);
  let rows = 0;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(UTF8_BOM + csvRow(exportHeaders(x.list.columns, x.locale))));
          return;
        }
        // A pull must enqueue or close, or the stream waits forever: skip empty pages.
        for (;;) {
          const next = await pages.next();
          if (next.done) {
            await recordExport(x, rows, true);
            controller.close();
            return;
          }
          if (!next.value.length) continue;
          rows += next.value.length;
          controller.enqueue(encoder.encode(next.value.map((r) => csvRow(cells(x, r))).join("")));
          return;
        }
      } catch (err) {
        logger.error({ err, list: x.list.key, requestId: x.scope.requestId }, "export failed");
        controller.error(err);
      }
    },
    async cancel() {
      await pages.return(undefined);
      await recordExport(x, rows, false).catch((err: unknown) => logger.error({ err }, "could not record a cancelled export"));
    },
  });
}

function xlsxStream(x: AuthorizedExport): ReadableStream<Uint8Array> {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet(x.list.key.slice(0, 31));
  const headers = exportHeaders(x.list.columns, x.locale);
  sheet.columns = x.list.columns.map((c, i) => ({ header: headers[i], key: c.id, width: 20 }));
  let cancelled = false;
  out.on("close", () => (cancelled = !out.writableFinished));
  void (async () => {
    let rows = 0;
    try {
      for await (const page of allRows(x)) {
        for (const r of page) sheet.addRow(cells(x, r).map((v) => v ?? null)).commit();
        rows += page.length;
        if (cancelled) break;
        if (out.writableNeedDrain) await once(out, "drain");
      }
      sheet.commit();
      await workbook.commit();
      await recordExport(x, rows, !cancelled);
    } catch (err) {
      logger.error({ err, list: x.list.key, requestId: x.scope.requestId }, "export failed");
      out.destroy(err as Error);
    }
  })();
  return Readable.toWeb(out) as ReadableStream<Uint8Array>;
}
