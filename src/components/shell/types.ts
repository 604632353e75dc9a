import type { WorkspaceType } from "@/lib/format";

/** What the app shell needs to render, loaded once by the workspace layout on the server. */
export type ShellData = {
  user: { name: string; email: string };
  /** primaryColor ("#rrggbb" or null) and logoUrl (null = no logo): the organization's branding. */
  organization: { slug: string; name: string; primaryColor?: string | null; logoUrl?: string | null };
  workspace: { slug: string; name: string };
  organizations: Array<{ slug: string; name: string }>;
  workspaces: Array<{ slug: string; name: string; type: WorkspaceType; status: string }>;
  permissions: string[];
};
