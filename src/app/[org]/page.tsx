import { TRPCError } from "@trpc/server";
import { notFound, redirect } from "next/navigation";

import { orgPath, signInUrl, suspendedPath, workspacePath } from "@/lib/urls";
import { OrganizationSuspendedError } from "@/server/kernel/access";
import { getSessionUser } from "@/server/auth/session";
import { createServerCaller } from "@/trpc/server";

/** `/{org}` opens the first workspace of the organization the user may access. */
export default async function OrganizationPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;

  const user = await getSessionUser();
  if (!user) redirect(signInUrl(orgPath(org)));
  if (!user.emailVerified) redirect("/verify-email/pending");

  const caller = await createServerCaller({ org });
  let workspaces;
  try {
    workspaces = await caller.platform.workspaces.list();
  } catch (error) {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
    if (error instanceof TRPCError && error.code === "UNAUTHORIZED") redirect(signInUrl(orgPath(org)));
    if (error instanceof TRPCError && error.cause instanceof OrganizationSuspendedError) redirect(suspendedPath(org));
    throw error;
  }

  const target = workspaces.find((w) => w.status === "active") ?? workspaces[0];
  if (!target) notFound();
  redirect(workspacePath(org, target.slug));
}
