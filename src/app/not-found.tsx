import type { Metadata } from "next";
import Link from "next/link";

import { StatusPage } from "@/components/StatusPage";
import { Button } from "@/components/ui/Button";

export const metadata: Metadata = { title: "Not found" };

// Also shown for organizations and workspaces the user may not see: "not a member" and "does not exist"
// look the same, so slugs cannot be probed.
export default function NotFound() {
  return (
    <StatusPage code="404" title="Not found">
      <p className="text-sm text-muted-foreground">
        This page does not exist, or you do not have access to it.
      </p>
      <Button asChild>
        <Link href="/">Go to your home page</Link>
      </Button>
    </StatusPage>
  );
}
