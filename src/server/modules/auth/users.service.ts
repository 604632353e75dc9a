// Users and memberships on the platform paths (sign-up, invitations, platform admin, demo seed). These run on the
// system client because they create rows before any tenant scope exists.
import type { SystemTx } from "@/server/db/client";
import { AppError } from "@/server/kernel/errors";
import { hashPassword } from "@/server/kernel/passwords";
import { z } from "zod";
import { ZEmail, ZPassword } from "./auth.schemas";


export const ZCreateUserInput = z.object({
  email: ZEmail,
  name: z.string().trim().min(1, "Enter a name").max(200),
  password: ZPassword,
});
export type TCreateUserInput = z.input<typeof ZCreateUserInput>;

/**
 * `verified: false` for self sign-up (the address is proved later through the verification mail); seeds, tests and
 * invitations (the invitation mail proves the address) create verified users.
 */
export async function createUser(tx: SystemTx, raw: TCreateUserInput, opts: { verified?: boolean } = {}) {
  const input = ZCreateUserInput.parse(raw);
  const existing = await tx.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) throw new AppError("CONFLICT", "An account with this e-mail exists", { email: ["An account with this e-mail exists"] });
  return tx.user.create({
    data: { email: input.email, name: input.name, passwordHash: await hashPassword(input.password), emailVerifiedAt: opts.verified === false ? null : new Date() },
    select: { id: true, email: true, name: true },
  });
}

export interface AddMemberInput {
  organizationId: string;
  userId: string;
  roleKeys: string[];
  /** true: every workspace, present and future; otherwise the listed ones. */
  allWorkspaces: boolean;
  workspaceIds?: string[];
}

export async function addMember(tx: SystemTx, input: AddMemberInput) {
  const roles = await tx.role.findMany({
    where: { organizationId: input.organizationId, key: { in: input.roleKeys } },
    select: { id: true, key: true },
  });
  const missing = input.roleKeys.filter((k) => !roles.some((r) => r.key === k));
  if (missing.length) throw new AppError("BAD_REQUEST", `Unknown role: ${missing.join(", ")}`, { roleKeys: missing.map((k) => `Unknown role ${k}`) });
  if (!input.allWorkspaces && !input.workspaceIds?.length)
    throw new AppError("BAD_REQUEST", "Choose at least one workspace", { workspaceIds: ["Choose at least one workspace"] });

  const membership = await tx.membership.create({
    data: { organizationId: input.organizationId, userId: input.userId, allWorkspaces: input.allWorkspaces },
    select: { id: true, organizationId: true },
  });
  await tx.membershipRole.createMany({
    data: roles.map((r) => ({ organizationId: input.organizationId, membershipId: membership.id, roleId: r.id })),
  });
  if (!input.allWorkspaces) {
    await tx.membershipWorkspace.createMany({
      data: input.workspaceIds!.map((workspaceId) => ({ organizationId: input.organizationId, membershipId: membership.id, workspaceId })),
    });
  }
  return membership;
}
