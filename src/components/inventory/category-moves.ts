// Where a category goes when moved by keyboard (up / down / indent / outdent) or dropped by drag and drop: the
// `categories.move` input ({ parentId, position among the new siblings }), or null when the move is not possible
// (first / last already, no sibling to indent under, a drop onto itself or beneath itself). The server decides
// again (no cycles: field error on parentId).

export type MoveNode = { id: string; parentId: string | null; children: readonly MoveNode[] };
export type MoveTarget = { id: string; parentId: string | null; position?: number };
export type DropZone = "before" | "inside" | "after";

function find(nodes: readonly MoveNode[], id: string, parent: MoveNode | null = null): { node: MoveNode; parent: MoveNode | null; siblings: readonly MoveNode[]; index: number } | null {
  for (const [index, n] of nodes.entries()) {
    if (n.id === id) return { node: n, parent, siblings: nodes, index };
    const inner = find(n.children, id, n);
    if (inner) return inner;
  }
  return null;
}

function contains(node: MoveNode, id: string): boolean {
  return node.id === id || node.children.some((c) => contains(c, id));
}

export function keyboardMove(roots: readonly MoveNode[], id: string, direction: "up" | "down" | "indent" | "outdent"): MoveTarget | null {
  const at = find(roots, id);
  if (!at) return null;
  const parentId = at.parent?.id ?? null;
  switch (direction) {
    case "up":
      return at.index === 0 ? null : { id, parentId, position: at.index - 1 };
    case "down":
      return at.index === at.siblings.length - 1 ? null : { id, parentId, position: at.index + 1 };
    case "indent": {
      // Becomes the last child of the sibling above it.
      const above = at.siblings[at.index - 1];
      return above ? { id, parentId: above.id, position: above.children.length } : null;
    }
    case "outdent": {
      // Goes right after its parent, among the parent's siblings.
      if (!at.parent) return null;
      const up = find(roots, at.parent.id)!;
      return { id, parentId: up.parent?.id ?? null, position: up.index + 1 };
    }
  }
}

/** Dropping `draggedId` before, inside (as the last child) or after `targetId`. */
export function dropMove(roots: readonly MoveNode[], draggedId: string, targetId: string, zone: DropZone): MoveTarget | null {
  const dragged = find(roots, draggedId);
  const target = find(roots, targetId);
  if (!dragged || !target || contains(dragged.node, targetId)) return null;
  if (zone === "inside") return { id: draggedId, parentId: targetId, position: target.node.children.filter((c) => c.id !== draggedId).length };
  const parentId = target.parent?.id ?? null;
  // Positions count the new siblings without the dragged one.
  const siblings = target.siblings.filter((s) => s.id !== draggedId);
  const index = siblings.findIndex((s) => s.id === targetId);
  return { id: draggedId, parentId, position: zone === "before" ? index : index + 1 };
}

/** The ids a category cannot move under (itself and beneath it), for "Move to…". */
export function subtreeIds(roots: readonly MoveNode[], id: string): Set<string> {
  const at = find(roots, id);
  const out = new Set<string>();
  const walk = (n: MoveNode) => {
    out.add(n.id);
    n.children.forEach(walk);
  };
  if (at) walk(at.node);
  return out;
}
