// Document state machines (ARCHITECTURE §4): one per document type, in code. A transition is allowed from a set of
// states, may need a permission and pass a guard, runs the caller's update and its own effect in the caller's
// transaction, and appends a row to audit.status_history (who, when, from, to, why) — all or nothing.
import type { Tx } from "@/server/db/scope";
import { recordEvent } from "@/server/kernel/audit";
import { AppError } from "@/server/kernel/errors";
import type { Permission } from "@/server/kernel/permissions";
import type { OrgScope } from "@/server/kernel/scope";

export interface EntityRef<S extends string = string> {
  id: string;
  status: S;
  version?: number;
  /** The document's workspace, recorded in the history row (defaults to the scope's workspace). */
  workspaceId?: string | null;
}

export interface TransitionContext<S extends string = string, C = undefined> {
  scope: OrgScope;
  entity: EntityRef<S>;
  transition: string;
  from: S;
  to: S;
  reason?: string;
  /** Whatever the caller passes to apply() for guards and effects (e.g. the loaded document). */
  context: C;
}

export interface TransitionDef<S extends string, C> {
  from: readonly S[];
  to: S;
  /** Shown on the transition's button. Defaults to the transition's name. */
  label?: string;
  permission?: Permission;
  /** Returns why the transition is refused, or undefined to allow it. */
  guard?: (ctx: TransitionContext<S, C>) => string | undefined;
  /** Runs after the update, in the same transaction (stock moves, postings, notifications to queue…). */
  effect?: (tx: Tx, ctx: TransitionContext<S, C>) => Promise<void>;
  /** A reason must be given (cancellations, rejections). */
  requiresReason?: boolean;
  /** The transition is an approval: the audit stream records it as "approval" instead of "status_change". */
  approval?: boolean;
}

export interface MachineDef<S extends string, N extends string, C> {
  entityType: string;
  states: readonly S[];
  transitions: Record<N, TransitionDef<S, C>>;
}

export interface ApplyInput<S extends string, N extends string, C> {
  transition: N;
  entity: EntityRef<S>;
  reason?: string;
  context?: C;
  /**
   * Writes the new status. It should match on the current status (and version) and return the number of rows it
   * changed: 0 means someone else changed the document first, which answers CONFLICT.
   */
  update: (tx: Tx, to: S, from: S) => Promise<void | number>;
}

export interface Machine<S extends string, N extends string, C> extends MachineDef<S, N, C> {
  apply(tx: Tx, scope: OrgScope, input: ApplyInput<S, N, C>): Promise<{ from: S; to: S; historyId: string }>;
}

let savepointSeq = 0;

export function defineMachine<const S extends string, const N extends string, C = undefined>(def: MachineDef<S, N, C>): Machine<S, N, C> {
  for (const [name, t] of Object.entries<TransitionDef<S, C>>(def.transitions)) {
    for (const s of [...t.from, t.to]) if (!def.states.includes(s)) throw new Error(`${def.entityType}.${name}: unknown state "${s}"`);
  }
  const machine: Machine<S, N, C> = {
    ...def,
    async apply(tx, scope, input) {
      const t: TransitionDef<S, C> | undefined = Object.hasOwn(def.transitions, input.transition) ? def.transitions[input.transition] : undefined;
      if (!t) throw new AppError("BAD_REQUEST", `Unknown transition "${input.transition}" for ${def.entityType}`);
      const from = input.entity.status;
      const label = t.label ?? input.transition;
      if (!t.from.includes(from))
        throw new AppError("PRECONDITION_FAILED", `Cannot ${label.toLowerCase()}: the ${humanize(def.entityType)} is ${humanize(from)}.`);
      if (t.permission && !scope.permissions.has(t.permission))
        throw new AppError("FORBIDDEN", `You do not have permission for this (${t.permission}).`);
      const reason = input.reason?.trim() || undefined;
      if (t.requiresReason && !reason) throw new AppError("BAD_REQUEST", "Give a reason", { reason: ["Give a reason"] });
      const ctx: TransitionContext<S, C> = { scope, entity: input.entity, transition: input.transition, from, to: t.to, reason, context: input.context as C };
      const refused = t.guard?.(ctx);
      if (refused) throw new AppError("PRECONDITION_FAILED", refused);

      // A savepoint makes the transition atomic on its own, even if the caller catches the error and goes on.
      const sp = `sm_apply_${++savepointSeq}`;
      await tx.$executeRawUnsafe(`savepoint ${sp}`);
      try {
        const changed = await input.update(tx, t.to, from);
        if (changed === 0) throw new AppError("CONFLICT", `This ${humanize(def.entityType)} was changed by someone else. Reload it and try again.`);
        await t.effect?.(tx, ctx);
        const row = await tx.statusHistory.create({
          data: {
            organizationId: scope.orgId,
            workspaceId: input.entity.workspaceId !== undefined ? input.entity.workspaceId : "workspaceId" in scope ? (scope.workspaceId as string) : null,
            entityType: def.entityType,
            entityId: input.entity.id,
            fromStatus: from,
            toStatus: t.to,
            transition: input.transition,
            reason: reason ?? null,
            // A system run (a scheduled job, systemOrgScope) has no user: no actor.
            actorId: scope.userId || null,
          },
          select: { id: true, workspaceId: true },
        });
        // The same transition in the organization's audit stream, so the audit log and the record's history show it.
        await recordEvent(tx, { orgId: scope.orgId, workspaceId: row.workspaceId }, {
          action: t.approval ? "approval" : "status_change",
          entityType: def.entityType,
          entityId: input.entity.id,
          data: { transition: input.transition, from, to: t.to, ...(reason ? { reason } : {}) },
        });
        await tx.$executeRawUnsafe(`release savepoint ${sp}`);
        return { from, to: t.to, historyId: row.id };
      } catch (e) {
        await tx.$executeRawUnsafe(`rollback to savepoint ${sp}`);
        throw e;
      }
    },
  };
  return machine;
}

export interface AllowedTransition<S extends string, N extends string> {
  name: N;
  label: string;
  to: S;
  requiresReason: boolean;
  /** Set when an entity was given and the guard refuses: show the action disabled with this explanation. */
  blockedReason?: string;
}

/**
 * The transitions a user may take from `status` (right state, permission held), for the document header. With
 * `entity` (and `context`) the guards run too and a refusal comes back as blockedReason.
 */
export function allowedTransitions<S extends string, N extends string, C>(
  machine: MachineDef<S, N, C>,
  status: S,
  scope: Pick<OrgScope, "permissions"> & Partial<OrgScope>,
  opts: { entity?: EntityRef<S>; context?: C } = {},
): AllowedTransition<S, N>[] {
  const out: AllowedTransition<S, N>[] = [];
  for (const name of Object.keys(machine.transitions) as N[]) {
    const t = machine.transitions[name];
    if (!t.from.includes(status)) continue;
    if (t.permission && !scope.permissions.has(t.permission)) continue;
    const item: AllowedTransition<S, N> = { name, label: t.label ?? name, to: t.to, requiresReason: !!t.requiresReason };
    if (opts.entity && t.guard) {
      const blocked = t.guard({ scope: scope as OrgScope, entity: opts.entity, transition: name, from: status, to: t.to, context: opts.context as C });
      if (blocked) item.blockedReason = blocked;
    }
    out.push(item);
  }
  return out;
}

/** The status history of one record, oldest first, with the actor's name (their e-mail when they have no name). */
export async function historyFor(tx: Tx, scope: OrgScope, entityType: string, entityId: string) {
  const rows = await tx.statusHistory.findMany({
    where: { organizationId: scope.orgId, entityType, entityId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, fromStatus: true, toStatus: true, transition: true, reason: true, actorId: true, createdAt: true, workspaceId: true },
  });
  const actorIds = [...new Set(rows.map((r) => r.actorId).filter((x): x is string => !!x))];
  const users = actorIds.length ? await tx.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, name: true, email: true } }) : [];
  const names = new Map(users.map((u) => [u.id, u.name ?? u.email]));
  return rows.map((r) => ({ ...r, actor: r.actorId ? { id: r.actorId, name: names.get(r.actorId) ?? null } : null }));
}

function humanize(s: string): string {
  return s.replace(/_/g, " ");
}
