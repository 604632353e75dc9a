import type { inferRouterOutputs } from "@trpc/server";

import type { AppRouter } from "@/server/trpc/root";
import type { useTRPC } from "@/trpc/react";

type TRPC = ReturnType<typeof useTRPC>;

/**
 * A module's imports router as the client sees it (crm.imports, inventory.imports): the same procedures on the kernel
 * import engine (preview, setMapping, validate, dryRun, commit, status, errorsReport, history), told apart only by the
 * import kind the server binds. Typed as the CRM one; every other module's must be assignable to it.
 */
export type ImportsProxy = TRPC["crm"]["imports"];

/** An import as `status` returns it (the kernel's importOut: the same for every kind). */
export type ImportStatus = inferRouterOutputs<AppRouter>["crm"]["imports"]["status"];

/**
 * The message namespaces of the import pages. They share one key structure (en.json) but for `fields`,
 * `summary.matchKeys` and `history.kinds`, which the wizard reads by dynamic key only.
 */
export type ImportNamespace = "crmImport" | "inventoryImport";

/** What tells one import page from another: the wizard and its history are the same for every kind. */
export interface ImportConfig {
  /** The import kind sent with the upload (POST /api/imports, kind=…), e.g. "crm.customers". */
  kind: string;
  /** The page's messages. */
  namespace: ImportNamespace;
  /** The module's imports router; a module-level function, so the proxy is picked per render from useTRPC(). */
  imports: (trpc: TRPC) => ImportsProxy;
  /** The keys the dry run counts matches by, in the order the import tries them (`summary.matchKeys.<key>`). */
  matchKeys: readonly string[];
  /** The DataTable list key of the history (its saved views and column settings). */
  historyListKey: string;
  /** workspacePath segments of the list the imported records land in ("Open the list" when done). */
  listPath: readonly string[];
}
