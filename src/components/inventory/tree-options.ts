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

type LocationNode = Node & { archivedAt?: Date | string | null };

function findNode(nodes: readonly LocationNode[], id: string): LocationNode | null {
  for (const n of nodes) {
    if (n.id === id) return n;
    const found = findNode(n.children as readonly LocationNode[], id);
    if (found) return found;
  }
  return null;
}

/**
 * The active locations, plus `currentId` when it is no longer one of them (archived since a draft named it): kept
 * first as the field's current value, labelled by `archived` (e.g. "A-01 (archived)"), so the editor shows what the
 * draft holds instead of an empty choice. Posting refuses it; the user picks another location.
 */
export function locationOptionsKeeping(roots: readonly LocationNode[], currentId: string | undefined, archived: (label: string) => string): SelectOption[] {
  const options = activeLocationOptions(roots);
  if (!currentId || options.some((o) => o.value === currentId)) return options;
  const node = findNode(roots, currentId);
  if (!node) return options;
  return [{ value: node.id, label: archived(node.name ? `${node.code} — ${node.name}` : node.code) }, ...options];
}
