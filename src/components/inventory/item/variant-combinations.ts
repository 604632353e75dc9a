// Variant generation: attributes as text ("size: S, M" one per line) → every combination, with a suggested SKU.

export type AttributeSpec = { name: string; values: string[] };

/** "size: S, M, L\ncolor: red, blue" → [{ name: "size", values: [...] }, …]; blank lines and empty values skipped. */
export function parseAttributeLines(text: string): AttributeSpec[] {
  const specs: AttributeSpec[] = [];
  for (const line of text.split(/\r?\n/)) {
    const at = line.indexOf(":");
    if (at < 1) continue;
    const name = line.slice(0, at).trim();
    const values = [...new Set(line.slice(at + 1).split(",").map((v) => v.trim()).filter(Boolean))];
    if (name && values.length && !specs.some((s) => s.name === name)) specs.push({ name, values });
  }
  return specs;
}

/** "size: S; color: red" → { size: "S", color: "red" } (one variant's attributes). */
export function parseAttributePairs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(/[;\n]/)) {
    const at = part.indexOf(":");
    if (at < 1) continue;
    const k = part.slice(0, at).trim();
    const v = part.slice(at + 1).trim();
    if (k && v) out[k] = v;
  }
  return out;
}

export function pairsText(attributes: Record<string, unknown>): string {
  return Object.entries(attributes)
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join("; ");
}

const skuPart = (v: string) => v.toUpperCase().replace(/[^A-Z0-9]+/g, "").slice(0, 12) || "X";

/** Every combination of the attributes' values, in the order given, each with `${prefix}-${VALUE}-${VALUE}` as SKU. */
export function combinations(specs: AttributeSpec[], prefix: string, limit = 200): { sku: string; attributes: Record<string, string> }[] {
  if (!specs.length) return [];
  let acc: Record<string, string>[] = [{}];
  for (const spec of specs) {
    acc = acc.flatMap((a) => spec.values.map((v) => ({ ...a, [spec.name]: v })));
    if (acc.length > limit) acc = acc.slice(0, limit);
  }
  return acc.map((attributes) => ({ sku: [prefix, ...Object.values(attributes).map(skuPart)].join("-"), attributes }));
}
