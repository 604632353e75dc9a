// Invitations, the organization's side: invite by e-mail with roles and workspaces, list, resend, revoke. The link's
// token is 32 random bytes, shown only in the e-mail; the database keeps its SHA-256. Status changes go through
// invitationMachine (accept, revoke, expire); resend keeps the invitation pending and rotates the token and expiry.
// Accepting is in invitation-accept.service.ts (it runs before the person is a member, on the system client).
import { randomUUID } from "node:crypto";
import type { Tx } from "@/server/db/scope";
import { recordEvent } from "@/server/kernel/audit";
import { AppError, notFound } from "@/server/kernel/errors";
import { and, badRequest, cappedCount, likePattern, rawSql, sql, type Sql } from "@/server/kernel/list-query";
import { sendMail } from "@/server/kernel/mail";
import { hashSecret, newSecret } from "@/server/kernel/secrets";
import { assertInvitationDomain } from "@/server/kernel/settings";
import type { OrgScope } from "@/server/kernel/scope";
import { defineMachine } from "@/server/kernel/state-machine";
import type { ListOutput } from "@/lib/list";
import { assertWithinLimit } from "@/server/modules/platform/entitlements.service";
import { resolveAccess } from "./access";
import {
  INVITATION_STATUSES,
  INVITATION_TTL_DAYS,
  INVITATIONS_LIST,
  type InvitationStatus,
  type TInvitationIdInput,
  type TInviteMemberInput,
  type TListInvitationsInput,
} from "./admin.schemas";

export const invitationMachine = defineMachine({
  entityType: "auth.invitations",
  states: INVITATION_STATUSES,
  transitions: {
    accept: { from: ["pending"], to: "accepted", label: "Accept" },
    revoke: { from: ["pending"], to: "revoked", label: "Revoke", permission: "auth.member.invite" },
    expire: { from: ["pending"], to: "expired", label: "Expire" },
  },
});

/** A new link token (base64url of 32 random bytes) and the hash that is stored. */
export function newInvitationToken(): { token: string; tokenHash: string } {
  const { secret, hash } = newSecret();
  return { token: secret, tokenHash: hash };
}

export const hashInvitationToken = hashSecret;

export function invitationExpiry(from = new Date()): Date {
  return new Date(from.getTime() + INVITATION_TTL_DAYS * 24 * 60 * 60 * 1000);
}

/** The link in the e-mail. NEXTAUTH_URL is the app's public address (the launcher sets it). */
export function invitationUrl(token: string): string {
  const base = (process.env.NEXTAUTH_URL ?? "http://localhost:3000").replace(/\/+$/, "");
  return `${base}/invite/${token}`;
}

/**
 * Every "may this organization invite this address" rule, in one place; invite and resend call it inside their
 * transaction, after the invitation's own rows are locked. `exceptInvitationId`: the invitation being resent.
 *
 * Also the organization's allowed e-mail domains (BAD_REQUEST on `email`) and the plan's user limit
 * (PRECONDITION_FAILED naming the plan and the limit).
 */
export async function assertCanInvite(tx: Tx, scope: OrgScope, email: string, opts: { exceptInvitationId?: string } = {}): Promise<void> {
  const [member] = await tx.$queryRaw<{ status: string }[]>`
    select m.status::text as status from auth.memberships m join auth.users u on u.id = m.user_id
     where m.organization_id = ${scope.orgId}::uuid and u.email = ${email}`;
  if (member?.status === "active")
    throw new AppError("CONFLICT", `${email} is already a member of this organization.`, { email: ["Already a member of this organization."] });
  if (member)
    throw new AppError("CONFLICT", `${email} is a deactivated member of this organization; reactivate them instead.`, {
      email: ["A deactivated member: reactivate them instead."],
    });

  const pending = await tx.invitation.findFirst({
    where: { organizationId: scope.orgId, email, status: "pending", expiresAt: { gt: new Date() }, ...(opts.exceptInvitationId ? { id: { not: opts.exceptInvitationId } } : {}) },
    select: { id: true },
  });
  if (pending)
    throw new AppError("CONFLICT", `${email} already has a pending invitation. Resend it instead.`, {
      email: ["A pending invitation exists for this address: resend it from the invitations list."],
    });

  // The organization's allowed e-mail domains (security settings), then the plan's user limit (active members and
  // pending invitations; a resent invitation is already counted).
  await assertInvitationDomain(tx, scope, email);
  await assertWithinLimit(tx, scope.orgId, "users", opts.exceptInvitationId ? 0 : 1);
}

/**
 * Loads what the e-mail needs and queues it in `tx`: the mail exists only if the invitation (and its token) commit.
 * Mail leaves through the mail.send job (kernel/mail).
 */
async function sendInvitationMail(tx: Tx, scope: OrgScope, email: string, token: string) {
  const [org, inviter] = await Promise.all([
    tx.organization.findUniqueOrThrow({ where: { id: scope.orgId }, select: { name: true, locale: true } }),
    tx.user.findUnique({ where: { id: scope.userId }, select: { name: true, email: true } }),
  ]);
  const vars = {
    organization: org.name,
    inviter: inviter ? `${inviter.name} (${inviter.email})` : org.name,
    url: invitationUrl(token),
    expiresInDays: INVITATION_TTL_DAYS,
    locale: org.locale,
  };
  await sendMail("invitation", email, vars, { tx });
}

/** Pending invitations of this address whose link has run out become "expired" (through the machine). */
async function expireStale(tx: Tx, scope: OrgScope, email: string) {
  const stale = await tx.invitation.findMany({
    where: { organizationId: scope.orgId, email, status: "pending", expiresAt: { lte: new Date() } },
    select: { id: true },
  });
  for (const inv of stale) {
    await invitationMachine.apply(tx, scope, {
      transition: "expire",
      entity: { id: inv.id, status: "pending", workspaceId: null },
      update: async (tx, to, from) =>
        (await tx.invitation.updateMany({ where: { organizationId: scope.orgId, id: inv.id, status: from }, data: { status: to, updatedBy: scope.userId } })).count,
    });
  }
}

export interface InviteResult {
  id: string;
  email: string;
  expiresAt: Date;
}

/**
 * Invites `email` with roles and workspaces and sends the invitation e-mail. Refused: an active or deactivated
 * member (CONFLICT), a live pending invitation (CONFLICT: resend it), unknown role / workspace ids (NOT_FOUND), the
 * owner role from a non-owner (FORBIDDEN), and whatever assertCanInvite adds.
 */
export async function inviteMember(tx: Tx, scope: OrgScope, input: TInviteMemberInput): Promise<InviteResult> {
  const email = input.email.toLowerCase();
  const access = await resolveAccess(tx, scope, input);
  // Two admins inviting the same address at once: the second waits, then sees the first one's invitation.
  await tx.$executeRaw`select pg_advisory_xact_lock(hashtext('invite:' || ${scope.orgId} || ':' || ${email}))`;
  await expireStale(tx, scope, email);
  await assertCanInvite(tx, scope, email);

  const { token, tokenHash } = newInvitationToken();
  const now = new Date();
  const id = randomUUID();
  const inv = await tx.invitation.create({
    data: {
      organizationId: scope.orgId,
      id,
      email,
      allWorkspaces: access.allWorkspaces,
      tokenHash,
      expiresAt: invitationExpiry(now),
      invitedBy: scope.userId,
      lastSentAt: now,
      createdBy: scope.userId,
      updatedBy: scope.userId,
    },
    select: { id: true, email: true, expiresAt: true },
  });
  await tx.invitationRole.createMany({ data: access.roles.map((r) => ({ organizationId: scope.orgId, invitationId: id, roleId: r.id })) });
  if (!access.allWorkspaces)
    await tx.invitationWorkspace.createMany({ data: access.workspaces.map((w) => ({ organizationId: scope.orgId, invitationId: id, workspaceId: w.id })) });
  await recordEvent(tx, scope, {
    action: "auth.invitation_sent",
    entityType: "auth.invitations",
    entityId: id,
    data: { email, roles: access.roles.map((r) => r.key), workspaces: access.allWorkspaces ? "all" : access.workspaces.map((w) => w.id), resend: false },
  });
  await sendInvitationMail(tx, scope, email, token);
  return inv;
}

/** Locks one invitation of the organization for a change. */
async function lockInvitation(tx: Tx, scope: OrgScope, id: string) {
  const [row] = await tx.$queryRaw<{ id: string; email: string; status: InvitationStatus; expires_at: Date }[]>`
    select id::text as id, email, status::text as status, expires_at from auth.invitations
     where organization_id = ${scope.orgId}::uuid and id = ${id}::uuid for update`;
  if (!row) throw notFound("Invitation not found");
  return row;
}

/** Sends the invitation again with a new link (the old one stops working) valid for another 7 days. */
export async function resendInvitation(tx: Tx, scope: OrgScope, input: TInvitationIdInput): Promise<InviteResult> {
  const inv = await lockInvitation(tx, scope, input.id);
  if (inv.status !== "pending") throw new AppError("PRECONDITION_FAILED", `This invitation is ${inv.status}; invite the address again instead.`);
  await assertCanInvite(tx, scope, inv.email, { exceptInvitationId: inv.id });
  const { token, tokenHash } = newInvitationToken();
  const now = new Date();
  const updated = await tx.invitation.update({
    where: { organizationId_id: { organizationId: scope.orgId, id: inv.id } },
    data: { tokenHash, expiresAt: invitationExpiry(now), lastSentAt: now, sentCount: { increment: 1 }, updatedBy: scope.userId },
    select: { id: true, email: true, expiresAt: true, sentCount: true },
  });
  await recordEvent(tx, scope, {
    action: "auth.invitation_sent",
    entityType: "auth.invitations",
    entityId: inv.id,
    data: { email: inv.email, resend: true, sentCount: updated.sentCount },
  });
  await sendInvitationMail(tx, scope, inv.email, token);
  return { id: updated.id, email: updated.email, expiresAt: updated.expiresAt };
}

/** Revokes a pending invitation: its link then says "revoked". */
export async function revokeInvitation(tx: Tx, scope: OrgScope, input: TInvitationIdInput): Promise<{ id: string }> {
  const inv = await lockInvitation(tx, scope, input.id);
  await invitationMachine.apply(tx, scope, {
    transition: "revoke",
    entity: { id: inv.id, status: inv.status, workspaceId: null },
    update: async (tx, to, from) =>
      (
        await tx.invitation.updateMany({
          where: { organizationId: scope.orgId, id: inv.id, status: from },
          data: { status: to, revokedAt: new Date(), updatedBy: scope.userId },
        })
      ).count,
  });
  return { id: inv.id };
}

export interface InvitationRow {
  id: string;
  email: string;
  /** "expired" also for a pending invitation whose link has run out. */
  status: InvitationStatus;
  /** Still pending in the database (possibly past its expiry): resend and revoke apply. */
  open: boolean;
  roles: { key: string; name: string }[];
  workspaces: { id: string; name: string }[] | "all";
  invitedBy: { id: string; name: string } | null;
  sentCount: number;
  lastSentAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
  createdAt: Date;
}

interface DbRow {
  id: string;
  email: string;
  status: InvitationStatus;
  stored_status: InvitationStatus;
  all_workspaces: boolean;
  invited_by: string | null;
  inviter_name: string | null;
  sent_count: number;
  last_sent_at: Date;
  expires_at: Date;
  accepted_at: Date | null;
  created_at: Date;
  roles: { key: string; name: string }[];
  workspaces: { id: string; name: string }[];
}

const EFFECTIVE_STATUS = sql`(case when i.status = 'pending' and i.expires_at <= now() then 'expired' else i.status::text end)`;
const COLUMNS = { createdAt: sql`i.created_at`, email: sql`i.email`, expiresAt: sql`i.expires_at` } as const;
const FROM = sql`from auth.invitations i`;

/** The invitations list: numbered pages; status filter (effective status) and q over the e-mail. */
export async function listInvitations(tx: Tx, scope: OrgScope, input: TListInvitationsInput): Promise<ListOutput<InvitationRow>> {
  if (input.cursor) throw badRequest("cursor", "The invitations list pages by number, not by cursor.");
  const sort = input.sort ?? INVITATIONS_LIST.defaultSort;
  const parts: Sql[] = [sql`i.organization_id = ${scope.orgId}::uuid`];
  const status = input.filters?.status;
  if (status?.type === "enum") {
    if (status.values.some((v) => !(INVITATION_STATUSES as readonly string[]).includes(v))) throw badRequest("filters.status", "Unknown status");
    parts.push(sql`${EFFECTIVE_STATUS} = any(${status.values}::text[])`);
  }
  if (input.q) parts.push(sql`i.email ilike ${likePattern(input.q)}`);
  const where = and(parts);
  const page = input.page ?? 1;
  const dir = rawSql(sort.desc ? "desc" : "asc");
  const rows = await tx.$queryRaw<DbRow[]>`
    select i.id::text as id, i.email, ${EFFECTIVE_STATUS} as status, i.status::text as stored_status, i.all_workspaces, i.invited_by::text as invited_by,
           u.name as inviter_name, i.sent_count, i.last_sent_at, i.expires_at, i.accepted_at, i.created_at,
           coalesce((select json_agg(json_build_object('key', r.key, 'name', r.name) order by r.name)
                       from auth.invitation_roles ir join auth.roles r on r.organization_id = ir.organization_id and r.id = ir.role_id
                      where ir.organization_id = i.organization_id and ir.invitation_id = i.id), '[]'::json) as roles,
           coalesce((select json_agg(json_build_object('id', w.id, 'name', w.name) order by w.name)
                       from auth.invitation_workspaces iw join platform.workspaces w on w.organization_id = iw.organization_id and w.id = iw.workspace_id
                      where iw.organization_id = i.organization_id and iw.invitation_id = i.id), '[]'::json) as workspaces
      ${FROM} left join auth.users u on u.id = i.invited_by
     where ${where}
     order by ${COLUMNS[sort.id]} ${dir}, i.id ${dir}
     limit ${input.perPage} offset ${(page - 1) * input.perPage}`;
  return {
    rows: rows.map((r) => ({
      id: r.id,
      email: r.email,
      status: r.status,
      open: r.stored_status === "pending",
      roles: r.roles,
      workspaces: r.all_workspaces ? "all" : r.workspaces,
      invitedBy: r.invited_by ? { id: r.invited_by, name: r.inviter_name ?? "—" } : null,
      sentCount: r.sent_count,
      lastSentAt: r.last_sent_at,
      expiresAt: r.expires_at,
      acceptedAt: r.accepted_at,
      createdAt: r.created_at,
    })),
    ...(await cappedCount(tx, sql`${FROM} where ${where}`)),
  };
}
