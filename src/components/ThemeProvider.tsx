"use client";

import { ThemeProvider as NextThemesProvider } from "next-themes";
import type { ComponentProps } from "react";

// next-themes sets the theme class with an inline <script> in the server HTML, before first paint. When React
// renders the provider on the client (e.g. Next's not-found boundary in development), it warns about creating a
// <script> it will not run. On the client the script is inert anyway, so it is typed as a data block there;
// the server HTML keeps an executable script.
const scriptProps = typeof window === "undefined" ? undefined : { type: "application/json" };

export function ThemeProvider(props: ComponentProps<typeof NextThemesProvider>) {
  return <NextThemesProvider scriptProps={scriptProps} {...props} />;
}
