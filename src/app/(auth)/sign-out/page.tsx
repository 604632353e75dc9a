import type { Metadata } from "next";
import Link from "next/link";

import { SignOutButton } from "@/components/auth/SignOutButton";
import { Button } from "@/components/ui/Button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/Card";
import { getSessionUser } from "@/server/auth/session";

export const metadata: Metadata = { title: "Sign out" };

export default async function SignOutPage() {
  const user = await getSessionUser();

  return (
    <Card>
      <CardHeader>
        <CardTitle as="h1" className="text-xl">
          Sign out
        </CardTitle>
        <CardDescription>
          {user ? `You are signed in as ${user.email}.` : "You are not signed in on this browser."}
        </CardDescription>
      </CardHeader>
      <CardContent className="text-sm text-muted-foreground">
        Signing out ends your session on this browser.
      </CardContent>
      <CardFooter className="gap-2">
        {user ? (
          <>
            <SignOutButton className="flex-1" />
            <Button asChild variant="outline" className="flex-1">
              <Link href="/">Cancel</Link>
            </Button>
          </>
        ) : (
          <Button asChild className="flex-1">
            <Link href="/sign-in">Sign in</Link>
          </Button>
        )}
      </CardFooter>
    </Card>
  );
}
