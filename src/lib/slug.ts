// URL slugs from names (isomorphic): organization and workspace addresses are suggested from what the user typed.
// Cyrillic (Russian and Kazakh letters) is transliterated, other letters lose their accents, everything that is not
// a-z or 0-9 becomes a dash. The result always matches the slug rule (1–63 chars, no dash at either end) or is "".

const CYRILLIC: Record<string, string> = {
  а: "a", б: "b", в: "v", г: "g", д: "d", е: "e", ё: "e", ж: "zh", з: "z", и: "i", й: "y", к: "k", л: "l", м: "m",
  н: "n", о: "o", п: "p", р: "r", с: "s", т: "t", у: "u", ф: "f", х: "kh", ц: "ts", ч: "ch", ш: "sh", щ: "shch",
  ъ: "", ы: "y", ь: "", э: "e", ю: "yu", я: "ya",
  // Kazakh
  ә: "a", ғ: "g", қ: "k", ң: "n", ө: "o", ұ: "u", ү: "u", һ: "h", і: "i",
  // Ukrainian / Belarusian
  є: "ye", ї: "yi", ў: "u", ґ: "g",
  // The numero sign is a separator ("Склад №2" → "sklad-2"), not the letters "No".
  "№": " ",
};

export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
export const SLUG_MAX = 63;

export function slugify(name: string, max = SLUG_MAX): string {
  const lower = name.toLowerCase();
  let out = "";
  for (const ch of lower) out += CYRILLIC[ch] ?? ch;
  return out
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/&/g, "-and-")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, max)
    .replace(/-+$/g, "");
}

/** `base` with a numeric suffix that keeps it within the length limit: ("acme", 2) → "acme-2". */
export function withSuffix(base: string, n: number): string {
  const suffix = `-${n}`;
  return `${base.slice(0, SLUG_MAX - suffix.length).replace(/-+$/g, "")}${suffix}`;
}
