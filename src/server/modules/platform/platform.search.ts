import { workspacePath } from "@/lib/urls";
import { registerSearchProvider } from "@/server/kernel/search";

// The workspaces of the organization the member may open, by name or slug.
registerSearchProvider({
  id: "workspaces",
  label: "Workspaces",
  permission: "platform.workspace.read",
  async search(tx, scope, q, limit) {
    const rows = await tx.workspace.findMany({
      where: {
        organizationId: scope.orgId,
        id: { in: scope.workspaceIds },
        OR: [{ name: { contains: q, mode: "insensitive" } }, { slug: { contains: q.toLowerCase() } }],
      },
      select: { id: true, slug: true, name: true, status: true },
      orderBy: [{ name: "asc" }, { id: "asc" }],
      take: limit,
    });
    return rows.map((w) => ({ id: w.id, title: w.name, subtitle: w.slug, href: workspacePath(scope.orgSlug, w.slug) }));
  },
});
