import type { SelectOption } from "@/components/form";

type Node = { id: string; code: string; name: string | null; children: readonly Node[] };

const INDENT = "\u00a0\u00a0";

/** A tree (categories, locations) flattened in display order for a <select>, each label indented by its depth. */
function flattenTree(nodes: readonly Node[], label: (n: Node) => string, depth = 0): SelectOption[] {
  return nodes.flatMap((n) => [{ value: n.id, label: `${INDENT.repeat(depth * 2)}${label(n)}` }, ...flattenTree(n.children, label, depth + 1)]);
}

/** Without archived nodes (and what is beneath them). */
const active = <N extends Node & { archivedAt?: Date | string | null }>(nodes: readonly N[]): N[] =>
  nodes.filter((n) => !n.archivedAt).map((n) => ({ ...n, children: active(n.children as readonly N[]) }));

/** Categories: "Name (CODE)"; archived ones are not offered. */
export const categoryOptions = (roots: readonly (Node & { archivedAt?: Date | string | null })[]) => flattenTree(active(roots), (c) => `${c.name} (${c.code})`);
/** Locations: "CODE — Name" (the code alone when unnamed). */
export const locationOptions = (roots: readonly Node[]) => flattenTree(roots, (l) => (l.name ? `${l.code} — ${l.name}` : l.code));
/** Locations to move stock into or out of, or to count: archived ones (which hold no stock) are not offered. */
export const activeLocationOptions = (roots: readonly (Node & { archivedAt?: Date | string | null })[]) => locationOptions(active(roots));
