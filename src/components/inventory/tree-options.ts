import type { SelectOption } from "@/components/form";

type Node = { id: string; code: string; name: string | null; children: readonly Node[] };

const INDENT = "\u00a0\u00a0";

/** A tree (categories, locations) flattened in display order for a <select>, each label indented by its depth. */
export function flattenTree(nodes: readonly Node[], label: (n: Node) => string, depth = 0): SelectOption[] {
  return nodes.flatMap((n) => [{ value: n.id, label: `${INDENT.repeat(depth * 2)}${label(n)}` }, ...flattenTree(n.children, label, depth + 1)]);
}

/** Categories: "Name (CODE)". */
export const categoryOptions = (roots: readonly Node[]) => flattenTree(roots, (c) => `${c.name} (${c.code})`);
/** Locations: "CODE — Name" (the code alone when unnamed). */
export const locationOptions = (roots: readonly Node[]) => flattenTree(roots, (l) => (l.name ? `${l.code} — ${l.name}` : l.code));
