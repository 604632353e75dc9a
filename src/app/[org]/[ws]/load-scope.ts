import "server-only";

import { TRPCError } from "@trpc/server";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";

import { signInUrl, suspendedPath, workspacePath } from "@/lib/urls";
import { OrganizationSuspendedError } from "@/server/kernel/access";
import { SESSION_EXPIRED_MESSAGE } from "@/server/kernel/settings/security";
import { createServerCaller, loadMe } from "@/trpc/server";

/**
 * The verified scope of a workspace page: `platform.me` and the accessible workspaces,
 * loaded once per request (layout and page share it). Unknown or foreign scope → 404.
 */
export const loadWorkspaceScope = cache(async (org: string, ws: string) => {
  const caller = await createServerCaller({ org, ws });
  try {
    const [me, workspaces] = await Promise.all([loadMe(org, ws), caller.platform.workspaces.list()]);
    const scope = me.scope;
    if (!scope?.workspace) notFound();
    return { me, organization: scope.organization, workspace: scope.workspace, workspaces };
  } catch (error) {
    if (error instanceof TRPCError) {
      if (error.code === "NOT_FOUND") notFound();
      if (error.code === "UNAUTHORIZED") {
        // An organization's session timeout: the token is still valid elsewhere, so the sign-in page must not send
        // the user straight back here (it would loop) — it asks for the password again.
        const url = signInUrl(workspacePath(org, ws));
        redirect(error.message === SESSION_EXPIRED_MESSAGE ? `${url}${url.includes("?") ? "&" : "?"}expired=1` : url);
      }
      // Suspended by a platform operator: the member sees why instead of a page that silently vanished.
      if (error.cause instanceof OrganizationSuspendedError) redirect(suspendedPath(org));
    }
    throw error;
  }
});
