// The organization's branding in the app shell: its primary color as CSS variables and its logo's URL.
import type { CSSProperties } from "react";

const HEX = /^#[0-9a-f]{6}$/i;

/** Relative luminance (WCAG) of "#rrggbb". */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** Text color that stays readable on `hex` (white or near-black, whichever contrasts more). */
export function foregroundOn(hex: string): string {
  const l = luminance(hex);
  return (1.05 / (l + 0.05) >= (l + 0.05) / 0.05 ? "#ffffff" : "#111111");
}

/** CSS variables overriding the theme's --primary (and its ring) with the organization's color. */
export function brandStyle(primaryColor: string | null | undefined): CSSProperties | undefined {
  if (!primaryColor || !HEX.test(primaryColor)) return undefined;
  return {
    "--primary": primaryColor,
    "--primary-foreground": foregroundOn(primaryColor),
    "--ring": primaryColor,
  } as CSSProperties;
}

/**
 * The same as a style sheet for the whole document (light and dark), so dialogs and menus rendered in portals
 * outside the shell get the color too. Only a validated "#rrggbb" is ever written into it.
 */
export function brandCss(primaryColor: string | null | undefined): string | null {
  const vars = brandStyle(primaryColor) as Record<string, string> | undefined;
  if (!vars) return null;
  const body = Object.entries(vars)
    .map(([k, v]) => `${k}:${v};`)
    .join("");
  return `:root,.dark{${body}}`;
}

/** The logo's URL (members only); the hash makes a new logo a new URL. */
export function organizationLogoUrl(orgSlug: string, sha256: string | null | undefined): string | null {
  return sha256 ? `/api/organization/logo?org=${encodeURIComponent(orgSlug)}&v=${sha256.slice(0, 16)}` : null;
}
