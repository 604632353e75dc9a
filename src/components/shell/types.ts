import type { WorkspaceType } from "@/lib/format";

/** What the app shell needs to render, loaded once by the workspace layout on the server. */
export type ShellData = {
  user: { name: string; email: string; isPlatformOperator?: boolean };
  /** primaryColor ("#rrggbb" or null) and logoUrl (null = no logo): the organization's branding. */
  organization: { slug: string; name: string; primaryColor?: string | null; logoUrl?: string | null };
  /** archived: the workspace is read-only (the shell shows a banner). */
  workspace: { slug: string; name: string; archived?: boolean };
  organizations: Array<{ slug: string; name: string }>;
  workspaces: Array<{ slug: string; name: string; type: WorkspaceType; status: string }>;
  permissions: string[];
  /** The organization's plan features (platform.me): nav entries gated by a missing one are hidden. */
  features?: string[];
};
