// Shared set-up of the pipeline tests (leads and deals): callers by role, membership ids, a role reaching "own" records.
import { TRPCError } from "@trpc/server";
import { systemDb } from "@/server/db/client";
import { callerFor, makeOrg, uniq } from "../helpers/factory";

export type Org = Awaited<ReturnType<typeof makeOrg>>;
export type Caller = Awaited<ReturnType<typeof callerFor>>;

export const as = (user: { id: string }, org: Org) => callerFor(user.id, { org: org.slug });

export async function membershipOf(org: Org, userId: string): Promise<string> {
  const m = await systemDb().membership.findFirstOrThrow({ where: { organizationId: org.id, userId }, select: { id: true } });
  return m.id;
}

/** A custom role with the given permissions whose record scope is "own"; returns its key for makeUser. */
export async function ownRole(org: Org, permissions: string[]): Promise<string> {
  const key = `own_${uniq()}`;
  await systemDb().role.create({
    data: {
      organizationId: org.id,
      key,
      name: `Own ${key}`,
      recordScope: "own",
      permissions: { create: permissions.map((permission) => ({ permission })) },
    },
  });
  return key;
}

/** The field errors a call ends with (service field errors and zod issues by path); undefined when it succeeds. */
export async function fieldErrorsOf(p: Promise<unknown>): Promise<Record<string, string[]> | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    if (!(e instanceof TRPCError)) throw e;
    const cause = e.cause as { fieldErrors?: Record<string, string[]>; issues?: { path: (string | number)[]; message: string }[] } | undefined;
    const fields: Record<string, string[]> = { ...(cause?.fieldErrors ?? {}) };
    for (const i of cause?.issues ?? []) (fields[i.path.join(".")] ??= []).push(i.message);
    return fields;
  }
}
