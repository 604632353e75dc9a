// Invitations, the invited person's side: read an invitation by its link, accept it as a signed-in user or as a
// new account. These cross tenants before the person is a member, so they run on the system client (BYPASSRLS) in
// one transaction each, with app.org_id / app.user_id set so the audit trail records the organization and the actor.
import type { SystemClient, SystemTx } from "@/server/db/client";
import type { Tx } from "@/server/db/scope";
import { recordEvent } from "@/server/kernel/audit";
import { passwordPolicy, passwordProblems } from "@/server/kernel/settings";
import { AppError } from "@/server/kernel/errors";
import type { OrgScope } from "@/server/kernel/scope";
import { createUser } from "@/server/modules/auth/users.service";
import type { InvitationStatus, TAcceptInvitationNewInput } from "./admin.schemas";
import { hashInvitationToken, invitationMachine } from "./invitations.service";

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export type InvitationView =
  | { status: "invalid"; message: string }
  | {
      status: InvitationStatus;
      message: string | null;
      organization: { name: string };
      inviter: { name: string } | null;
      email: string;
      /** Whether an account with the invited address exists (sign in and accept, or create an account). */
      accountExists: boolean;
      expiresAt: Date;
    };

const MESSAGES: Record<Exclude<InvitationStatus, "pending"> | "invalid", string> = {
  invalid: "This invitation link is not valid. Check that you opened the whole link from the e-mail, or ask for a new invitation.",
  expired: "This invitation has expired. Ask the person who invited you to send it again.",
  revoked: "This invitation was revoked. Ask the organization's administrators if you still need access.",
  accepted: "This invitation has already been used. Sign in to open the organization.",
};

interface Loaded {
  organizationId: string;
  id: string;
  email: string;
  status: InvitationStatus;
  allWorkspaces: boolean;
  expiresAt: Date;
  invitedBy: string | null;
}

/** Effective status: a pending invitation past its expiry is expired. */
function effective(inv: Pick<Loaded, "status" | "expiresAt">): InvitationStatus {
  return inv.status === "pending" && inv.expiresAt.getTime() <= Date.now() ? "expired" : inv.status;
}

async function findByToken(tx: SystemTx | SystemClient, token: string, lock: boolean): Promise<Loaded | null> {
  if (!TOKEN.test(token)) return null;
  const hash = hashInvitationToken(token);
  const rows = lock
    ? await tx.$queryRaw<{ organization_id: string; id: string; email: string; status: InvitationStatus; all_workspaces: boolean; expires_at: Date; invited_by: string | null }[]>`
        select organization_id::text, id::text, email, status::text as status, all_workspaces, expires_at, invited_by::text
          from auth.invitations where token_hash = ${hash} for update`
    : await tx.$queryRaw<{ organization_id: string; id: string; email: string; status: InvitationStatus; all_workspaces: boolean; expires_at: Date; invited_by: string | null }[]>`
        select organization_id::text, id::text, email, status::text as status, all_workspaces, expires_at, invited_by::text
          from auth.invitations where token_hash = ${hash}`;
  const r = rows[0];
  return r
    ? { organizationId: r.organization_id, id: r.id, email: r.email, status: r.status, allWorkspaces: r.all_workspaces, expiresAt: r.expires_at, invitedBy: r.invited_by }
    : null;
}

/** What the invitation page shows. Never throws for a bad, used, revoked or expired link: the status says it. */
export async function viewInvitation(sys: SystemClient, token: string): Promise<InvitationView> {
  const inv = await findByToken(sys, token, false);
  if (!inv) return { status: "invalid", message: MESSAGES.invalid };
  const [org, inviter, account] = await Promise.all([
    sys.organization.findUniqueOrThrow({ where: { id: inv.organizationId }, select: { name: true } }),
    inv.invitedBy ? sys.user.findUnique({ where: { id: inv.invitedBy }, select: { name: true } }) : Promise.resolve(null),
    sys.user.findUnique({ where: { email: inv.email }, select: { id: true } }),
  ]);
  const status = effective(inv);
  return {
    status,
    message: status === "pending" ? null : MESSAGES[status],
    organization: { name: org.name },
    inviter: inviter ? { name: inviter.name } : null,
    email: inv.email,
    accountExists: !!account,
    expiresAt: inv.expiresAt,
  };
}

export interface AcceptResult {
  orgSlug: string;
  /** The first workspace the new membership may see, or null when none is active any more. */
  workspaceSlug: string | null;
  /** Where to go next: /{org}/{ws}, or / when no workspace is open to the member. */
  path: string;
}

/** Locks the invitation and refuses anything but a live, pending one. */
async function lockPending(tx: SystemTx, token: string): Promise<Loaded> {
  const inv = await findByToken(tx, token, true);
  if (!inv) throw new AppError("NOT_FOUND", MESSAGES.invalid);
  const status = effective(inv);
  if (status !== "pending") throw new AppError("PRECONDITION_FAILED", MESSAGES[status]);
  return inv;
}

/**
 * Creates the membership with the invited roles and workspaces and marks the invitation accepted, in the caller's
 * transaction. An existing membership of that user in the organization is refused (suspended: ask to reactivate).
 */
async function join(tx: SystemTx, inv: Loaded, userId: string, requestId: string): Promise<AcceptResult> {
  await tx.$queryRaw`select set_config('app.org_id', ${inv.organizationId}, true), set_config('app.user_id', ${userId}, true),
    set_config('app.request_id', ${requestId}, true)`;
  const org = await tx.organization.findUniqueOrThrow({ where: { id: inv.organizationId }, select: { name: true, slug: true, status: true } });
  if (org.status !== "active") throw new AppError("FORBIDDEN", `${org.name} is suspended; the invitation cannot be accepted now.`);
  const existing = await tx.membership.findUnique({
    where: { organizationId_userId: { organizationId: inv.organizationId, userId } },
    select: { status: true },
  });
  if (existing?.status === "suspended")
    throw new AppError("PRECONDITION_FAILED", `Your membership in ${org.name} is deactivated. Ask an administrator of ${org.name} to reactivate it.`);
  if (existing) throw new AppError("CONFLICT", `You are already a member of ${org.name}.`);

  const [roles, workspaces] = await Promise.all([
    tx.invitationRole.findMany({ where: { organizationId: inv.organizationId, invitationId: inv.id }, select: { roleId: true, role: { select: { key: true } } } }),
    tx.invitationWorkspace.findMany({ where: { organizationId: inv.organizationId, invitationId: inv.id }, select: { workspaceId: true } }),
  ]);
  const membership = await tx.membership.create({
    data: { organizationId: inv.organizationId, userId, allWorkspaces: inv.allWorkspaces, createdBy: userId, updatedBy: userId },
    select: { id: true },
  });
  if (roles.length)
    await tx.membershipRole.createMany({ data: roles.map((r) => ({ organizationId: inv.organizationId, membershipId: membership.id, roleId: r.roleId })) });
  if (!inv.allWorkspaces && workspaces.length)
    await tx.membershipWorkspace.createMany({
      data: workspaces.map((w) => ({ organizationId: inv.organizationId, membershipId: membership.id, workspaceId: w.workspaceId })),
    });

  const first = await tx.workspace.findFirst({
    where: {
      organizationId: inv.organizationId,
      status: "active",
      ...(inv.allWorkspaces ? {} : { id: { in: workspaces.map((w) => w.workspaceId) } }),
    },
    select: { id: true, slug: true },
    orderBy: { createdAt: "asc" },
  });

  // The new member is the actor of their own acceptance; the machine needs a scope in the organization.
  const scope: OrgScope = {
    userId,
    requestId,
    orgId: inv.organizationId,
    orgSlug: org.slug,
    membershipId: membership.id,
    workspaceIds: first ? [first.id] : [],
    permissions: new Set(),
    roles: roles.map((r) => r.role.key),
    recordScope: "own",
  };
  await invitationMachine.apply(tx as unknown as Tx, scope, {
    transition: "accept",
    entity: { id: inv.id, status: "pending", workspaceId: null },
    update: async (t, to, from) =>
      (
        await t.invitation.updateMany({
          where: { organizationId: inv.organizationId, id: inv.id, status: from },
          data: { status: to, acceptedAt: new Date(), acceptedByUserId: userId, updatedBy: userId },
        })
      ).count,
  });
  await recordEvent(tx, inv.organizationId, {
    action: "auth.member_joined",
    entityType: "auth.memberships",
    entityId: membership.id,
    data: { invitationId: inv.id, userId, email: inv.email, roles: roles.map((r) => r.role.key).sort(), workspaces: inv.allWorkspaces ? "all" : workspaces.map((w) => w.workspaceId) },
  });
  return { orgSlug: org.slug, workspaceSlug: first?.slug ?? null, path: first ? `/${org.slug}/${first.slug}` : "/" };
}

/** The signed-in user accepts an invitation sent to their own address. */
export async function acceptInvitation(sys: SystemClient, user: { userId: string; requestId: string }, token: string): Promise<AcceptResult> {
  return sys.$transaction(async (tx) => {
    const inv = await lockPending(tx, token);
    const me = await tx.user.findUnique({ where: { id: user.userId }, select: { email: true, status: true } });
    if (!me || me.status !== "active") throw new AppError("UNAUTHORIZED", "Your session has ended. Sign in again.");
    if (me.email !== inv.email)
      throw new AppError("FORBIDDEN", `This invitation is for ${inv.email}, but you are signed in as ${me.email}. Sign out and sign in as ${inv.email} to accept it.`);
    return join(tx, inv, user.userId, user.requestId);
  });
}

/** A new account for the invited address (its e-mail counts as verified), then the membership, in one transaction. */
export async function acceptInvitationAsNewUser(sys: SystemClient, requestId: string, input: TAcceptInvitationNewInput): Promise<AcceptResult & { email: string }> {
  return sys.$transaction(async (tx) => {
    const inv = await lockPending(tx, input.token);
    const existing = await tx.user.findUnique({ where: { email: inv.email }, select: { id: true } });
    if (existing) throw new AppError("CONFLICT", `An account for ${inv.email} exists already. Sign in as ${inv.email} to accept the invitation.`);
    // The inviting organization's password policy applies to the new account's password.
    const problems = passwordProblems(await passwordPolicy(tx, { orgId: inv.organizationId }), input.password, { email: inv.email });
    if (problems.length) throw new AppError("BAD_REQUEST", problems[0]!, { password: problems });
    const user = await createUser(tx, { email: inv.email, name: input.name, password: input.password });
    return { ...(await join(tx, inv, user.id, requestId)), email: user.email };
  });
}
