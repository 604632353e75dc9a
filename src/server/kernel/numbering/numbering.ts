// Gapless, duplicate-free document numbers allocated inside the caller's transaction (ARCHITECTURE §9).
// The counter row of (sequence, period) is incremented with one upsert … returning; its row lock is held until
// the caller commits, so concurrent allocations queue on it and a rollback returns the number with everything
// else the transaction wrote: no gaps, no duplicates.
import { formatErrors, periodOf, periodParts, renderNumber, type PeriodParts, type SequenceResetKind } from "@/lib/numbering/format";
import type { SystemTx } from "@/server/db/client";
import type { Tx } from "@/server/db/scope";
import { AppError, notFound } from "@/server/kernel/errors";
import type { OrgScope } from "@/server/kernel/scope";
import { DOCUMENT_TYPES, documentTypeDef } from "./document-types";

type AnyTx = Tx | SystemTx;

export interface NextOptions {
  /** The document's date: an instant (read in the organization's time zone) or a business date YYYY-MM-DD. Default now. */
  date?: Date | string;
  /** The document's workspace; defaults to the scope's workspace, if any. */
  workspaceId?: string | null;
  /** A keyed series (document types with registry scope "series"): the owner record's key, e.g. a category id. */
  series?: string;
}

interface SequenceRow {
  id: string;
  format: string;
  reset: SequenceResetKind;
  usedAt: Date | null;
}

function scopeWorkspace(scope: OrgScope): string | null {
  return "workspaceId" in scope && typeof scope.workspaceId === "string" ? scope.workspaceId : null;
}

async function orgTimeZone(tx: Tx, orgId: string): Promise<string> {
  const org = await tx.organization.findUnique({ where: { id: orgId }, select: { timeZone: true } });
  if (!org) throw notFound("Organization not found");
  return org.timeZone;
}

/** The sequence that numbers `documentType` in a workspace: the workspace's own one wins over the organization's. */
async function resolveSequence(tx: Tx, orgId: string, documentType: string, workspaceId: string | null, series?: string): Promise<SequenceRow> {
  const def = documentTypeDef(documentType);
  if (!def) throw new AppError("PRECONDITION_FAILED", `Unknown document type "${documentType}": it is not in the numbering registry (DOCUMENT_TYPES).`);
  if ((def.scope === "series") !== (series !== undefined))
    throw new AppError("PRECONDITION_FAILED", `Document type "${documentType}" ${def.scope === "series" ? "needs" : "takes no"} a series key.`);
  if (series !== undefined) {
    const keyed = await tx.numberSequence.findFirst({
      where: { organizationId: orgId, documentType, seriesKey: series },
      select: { id: true, format: true, reset: true, usedAt: true },
    });
    if (!keyed) throw new AppError("PRECONDITION_FAILED", `No number series "${series}" for "${documentType}" in this organization.`);
    return keyed;
  }
  const seq = await tx.numberSequence.findFirst({
    where: { organizationId: orgId, documentType, seriesKey: null, OR: [{ workspaceId: null }, ...(workspaceId ? [{ workspaceId }] : [])] },
    orderBy: { workspaceId: { sort: "asc", nulls: "last" } },
    select: { id: true, format: true, reset: true, usedAt: true },
  });
  if (!seq) throw new AppError("PRECONDITION_FAILED", `No number sequence for "${documentType}" in this organization. Set one up under Settings → Number sequences.`);
  return seq;
}

/**
 * Allocates the next number of `documentType` inside `tx`. Call it in the transaction that saves (or posts) the
 * document, as late as possible: the counter stays locked for that sequence until the transaction ends.
 */
export async function next(tx: Tx, scope: OrgScope, documentType: string, opts: NextOptions = {}): Promise<string> {
  const workspaceId = opts.workspaceId === undefined ? scopeWorkspace(scope) : opts.workspaceId;
  let seq = await resolveSequence(tx, scope.orgId, documentType, workspaceId, opts.series);
  if (!seq.usedAt) {
    // First use freezes the format. The update waits for a concurrent format edit, and the re-read below then sees
    // the format that edit committed; an edit that comes after finds used_at set and is refused.
    await tx.numberSequence.updateMany({ where: { organizationId: scope.orgId, id: seq.id, usedAt: null }, data: { usedAt: new Date() } });
    seq = await tx.numberSequence.findUniqueOrThrow({
      where: { organizationId_id: { organizationId: scope.orgId, id: seq.id } },
      select: { id: true, format: true, reset: true, usedAt: true },
    });
  }
  const parts = periodParts(opts.date ?? new Date(), await orgTimeZone(tx, scope.orgId));
  const period = periodOf(seq.reset, parts);
  const [row] = await tx.$queryRaw<{ last_value: bigint }[]>`
    insert into settings.number_sequence_counters as c (organization_id, sequence_id, period, last_value)
    values (${scope.orgId}::uuid, ${seq.id}::uuid, ${period}, 1)
    on conflict (organization_id, sequence_id, period)
      do update set last_value = c.last_value + 1, updated_at = current_timestamp
    returning c.last_value`;
  return renderNumber(seq.format, parts, row!.last_value);
}

/**
 * Allocates `count` consecutive numbers of `documentType` at once (imports, bulk creation): one
 * `insert … on conflict do update set last_value = last_value + count … returning` on the counter row, with the same
 * lock and rollback semantics as `next` — gapless and duplicate-free. Returns them in order.
 */
export async function nextMany(tx: Tx, scope: OrgScope, documentType: string, count: number, opts: NextOptions = {}): Promise<string[]> {
  if (!Number.isInteger(count) || count < 0) throw new Error(`nextMany: count must be a non-negative integer (got ${count})`);
  if (count === 0) return [];
  const workspaceId = opts.workspaceId === undefined ? scopeWorkspace(scope) : opts.workspaceId;
  let seq = await resolveSequence(tx, scope.orgId, documentType, workspaceId, opts.series);
  if (!seq.usedAt) {
    await tx.numberSequence.updateMany({ where: { organizationId: scope.orgId, id: seq.id, usedAt: null }, data: { usedAt: new Date() } });
    seq = await tx.numberSequence.findUniqueOrThrow({
      where: { organizationId_id: { organizationId: scope.orgId, id: seq.id } },
      select: { id: true, format: true, reset: true, usedAt: true },
    });
  }
  const parts = periodParts(opts.date ?? new Date(), await orgTimeZone(tx, scope.orgId));
  const period = periodOf(seq.reset, parts);
  const [row] = await tx.$queryRaw<{ last_value: bigint }[]>`
    insert into settings.number_sequence_counters as c (organization_id, sequence_id, period, last_value)
    values (${scope.orgId}::uuid, ${seq.id}::uuid, ${period}, ${count})
    on conflict (organization_id, sequence_id, period)
      do update set last_value = c.last_value + ${count}, updated_at = current_timestamp
    returning c.last_value`;
  const first = row!.last_value - BigInt(count) + 1n;
  return Array.from({ length: count }, (_, i) => renderNumber(seq.format, parts, first + BigInt(i)));
}

/** The number the next allocation would get, without allocating (another transaction may take it first). */
async function nextValue(tx: Tx, orgId: string, sequenceId: string, period: string): Promise<bigint> {
  const c = await tx.numberSequenceCounter.findUnique({
    where: { organizationId_sequenceId_period: { organizationId: orgId, sequenceId, period } },
    select: { lastValue: true },
  });
  return (c?.lastValue ?? 0n) + 1n;
}

export interface PreviewInput {
  id?: string;
  documentType?: string;
  /** A candidate format (previews an edit); must be valid. */
  format?: string;
  reset?: SequenceResetKind;
  date?: Date | string;
}

export async function preview(tx: Tx, scope: OrgScope, input: PreviewInput): Promise<{ sequenceId: string; number: string; period: string }> {
  let seq: SequenceRow;
  if (input.id) {
    const found = await tx.numberSequence.findFirst({
      where: { organizationId: scope.orgId, id: input.id },
      select: { id: true, format: true, reset: true, usedAt: true },
    });
    if (!found) throw notFound("Number sequence not found");
    seq = found;
  } else if (input.documentType) {
    seq = await resolveSequence(tx, scope.orgId, input.documentType, scopeWorkspace(scope));
  } else {
    throw new AppError("BAD_REQUEST", "Give a sequence id or a document type");
  }
  const format = input.format ?? seq.format;
  const reset = input.reset ?? seq.reset;
  const errors = formatErrors(format, reset);
  if (errors.length) throw new AppError("BAD_REQUEST", errors[0]!, { format: errors });
  const parts = periodParts(input.date ?? new Date(), await orgTimeZone(tx, scope.orgId));
  const period = periodOf(reset, parts);
  return { sequenceId: seq.id, number: renderNumber(format, parts, await nextValue(tx, scope.orgId, seq.id, period)), period };
}

/** Every sequence of the organization with its next number for today, registry order first. */
export async function list(tx: Tx, scope: OrgScope) {
  const [rows, timeZone] = await Promise.all([
    // Keyed series belong to their owner records and are shown and edited there (e.g. a category's part numbers).
    tx.numberSequence.findMany({
      where: { organizationId: scope.orgId, seriesKey: null },
      select: {
        id: true,
        documentType: true,
        format: true,
        reset: true,
        usedAt: true,
        version: true,
        updatedAt: true,
        workspace: { select: { id: true, slug: true, name: true } },
      },
    }),
    orgTimeZone(tx, scope.orgId),
  ]);
  const today: PeriodParts = periodParts(new Date(), timeZone);
  const counters = await tx.numberSequenceCounter.findMany({
    where: { organizationId: scope.orgId, sequenceId: { in: rows.map((r) => r.id) }, period: { in: ["", periodOf("yearly", today)] } },
    select: { sequenceId: true, period: true, lastValue: true },
  });
  const last = new Map(counters.map((c) => [`${c.sequenceId}/${c.period}`, c.lastValue]));
  const order = new Map<string, number>(DOCUMENT_TYPES.map((d, i) => [d.key, i]));
  return rows
    .map((r) => {
      const period = periodOf(r.reset, today);
      return {
        id: r.id,
        documentType: r.documentType,
        label: documentTypeDef(r.documentType)?.label ?? r.documentType,
        workspace: r.workspace,
        format: r.format,
        reset: r.reset,
        version: r.version,
        used: r.usedAt !== null,
        usedAt: r.usedAt,
        updatedAt: r.updatedAt,
        nextNumber: renderNumber(r.format, today, (last.get(`${r.id}/${period}`) ?? 0n) + 1n),
      };
    })
    .sort(
      (a, b) =>
        (order.get(a.documentType) ?? 1e6) - (order.get(b.documentType) ?? 1e6) ||
        a.documentType.localeCompare(b.documentType) ||
        (a.workspace?.name ?? "").localeCompare(b.workspace?.name ?? ""),
    );
}

function assertFormat(format: string, reset: SequenceResetKind) {
  const errors = formatErrors(format, reset);
  if (errors.length) throw new AppError("BAD_REQUEST", errors[0]!, { format: errors });
}

export interface UpdateInput {
  id: string;
  format: string;
  reset: SequenceResetKind;
  version: number;
}

/** Changes a sequence's format and reset; refused once a number has been allocated from it. */
export async function update(tx: Tx, scope: OrgScope, input: UpdateInput) {
  assertFormat(input.format, input.reset);
  const where = { organizationId: scope.orgId, id: input.id };
  const current = await tx.numberSequence.findFirst({ where, select: { version: true, usedAt: true } });
  if (!current) throw notFound("Number sequence not found");
  const used = () =>
    new AppError("CONFLICT", "This sequence has already numbered documents; its format can no longer change.", {
      format: ["Already used: the format can no longer change"],
    });
  const stale = () => new AppError("CONFLICT", "This sequence was changed by someone else. Reload it and try again.");
  if (current.version !== input.version) throw stale();
  if (current.usedAt) throw used();
  const { count } = await tx.numberSequence.updateMany({
    where: { ...where, version: input.version, usedAt: null },
    data: { format: input.format, reset: input.reset, version: { increment: 1 }, updatedBy: scope.userId },
  });
  if (count !== 1) {
    const now = await tx.numberSequence.findFirst({ where, select: { usedAt: true } });
    throw now?.usedAt ? used() : stale();
  }
  return tx.numberSequence.findUniqueOrThrow({
    where: { organizationId_id: where },
    select: { id: true, documentType: true, format: true, reset: true, version: true, usedAt: true },
  });
}

export interface CreateOverrideInput {
  documentType: string;
  workspaceId: string;
  format: string;
  reset: SequenceResetKind;
}

/** Gives one workspace its own series for a document type (it then wins over the organization-wide one). */
export async function createWorkspaceSequence(tx: Tx, scope: OrgScope, input: CreateOverrideInput) {
  const def = documentTypeDef(input.documentType);
  if (!def) throw new AppError("BAD_REQUEST", `Unknown document type "${input.documentType}"`, { documentType: ["Unknown document type"] });
  if (def.scope === "series") throw new AppError("BAD_REQUEST", `"${def.label}" is numbered per record, not per workspace`, { documentType: ["Numbered per record"] });
  assertFormat(input.format, input.reset);
  const ws = await tx.workspace.findFirst({ where: { organizationId: scope.orgId, id: input.workspaceId }, select: { id: true } });
  if (!ws) throw notFound("Workspace not found");
  const taken = await tx.numberSequence.findFirst({
    where: { organizationId: scope.orgId, workspaceId: ws.id, documentType: input.documentType },
    select: { id: true },
  });
  if (taken) throw new AppError("CONFLICT", "This workspace already has its own sequence for this document type", { documentType: ["Already set up"] });
  return tx.numberSequence.create({
    data: { organizationId: scope.orgId, workspaceId: ws.id, documentType: input.documentType, format: input.format, reset: input.reset, createdBy: scope.userId, updatedBy: scope.userId },
    select: { id: true, documentType: true, workspaceId: true, format: true, reset: true, version: true },
  });
}

/**
 * Creates the sequences the registry asks for that an organization does not have yet (never changes existing
 * ones). Runs at organization creation and on every seed, so a type added to DOCUMENT_TYPES reaches everyone.
 */
export async function syncSequences(tx: AnyTx, organizationId: string): Promise<number> {
  const t = tx as Tx;
  const workspaces = DOCUMENT_TYPES.some((d) => (d.scope as string) === "workspace")
    ? await t.workspace.findMany({ where: { organizationId, status: "active" }, select: { id: true } })
    : [];
  // (Keyed series rows are of "series" types, skipped below; no series_key filter, so this also runs against a
  // database migrated only up to an older release, as the upgrade path does.)
  const existing = await t.numberSequence.findMany({ where: { organizationId }, select: { documentType: true, workspaceId: true } });
  const have = new Set(existing.map((e) => `${e.documentType}/${e.workspaceId ?? ""}`));
  const data = [];
  for (const d of DOCUMENT_TYPES) {
    if ((d.scope as string) === "series") continue; // created by their owner records (createSeries)
    const targets = (d.scope as string) === "workspace" ? workspaces.map((w) => w.id) : [null];
    for (const workspaceId of targets)
      if (!have.has(`${d.key}/${workspaceId ?? ""}`))
        data.push({ organizationId, workspaceId, documentType: d.key, format: d.defaultFormat, reset: d.reset });
  }
  if (data.length) await t.numberSequence.createMany({ data, skipDuplicates: true });
  return data.length;
}

export interface CreateSeriesInput {
  documentType: string;
  /** The owner record's key (e.g. a category id), unique per organization and document type. */
  seriesKey: string;
  format: string;
}

/**
 * Creates the keyed series of an owner record (document types with registry scope "series", e.g. a category's part
 * numbers). Never resets; the format follows the same grammar and is frozen by the first allocation like any other.
 */
export async function createSeries(tx: Tx, scope: OrgScope, input: CreateSeriesInput) {
  const def = documentTypeDef(input.documentType);
  if (!def || def.scope !== "series") throw new AppError("BAD_REQUEST", `"${input.documentType}" is not a keyed series type`, { documentType: ["Not a keyed series type"] });
  assertFormat(input.format, "never");
  const taken = await tx.numberSequence.findFirst({
    where: { organizationId: scope.orgId, documentType: input.documentType, seriesKey: input.seriesKey },
    select: { id: true },
  });
  if (taken) throw new AppError("CONFLICT", "This series already exists", { format: ["Already set up"] });
  return tx.numberSequence.create({
    data: {
      organizationId: scope.orgId, documentType: input.documentType, seriesKey: input.seriesKey, format: input.format, reset: "never",
      createdBy: scope.userId, updatedBy: scope.userId,
    },
    select: { id: true, documentType: true, seriesKey: true, format: true, reset: true, version: true, usedAt: true },
  });
}

/** The keyed series of some owner records: seriesKey → { id, format, version, used, nextNumber }. */
export async function seriesByKey(tx: Tx, scope: OrgScope, documentType: string, seriesKeys?: string[]) {
  const rows = await tx.numberSequence.findMany({
    where: { organizationId: scope.orgId, documentType, seriesKey: seriesKeys ? { in: seriesKeys } : { not: null } },
    select: { id: true, seriesKey: true, format: true, version: true, usedAt: true, counters: { where: { period: "" }, select: { lastValue: true } } },
  });
  const parts: PeriodParts = periodParts(new Date(), "UTC");
  return new Map(
    rows.map((r) => [
      r.seriesKey!,
      { id: r.id, format: r.format, version: r.version, used: r.usedAt !== null, nextNumber: renderNumber(r.format, parts, (r.counters[0]?.lastValue ?? 0n) + 1n) },
    ]),
  );
}
