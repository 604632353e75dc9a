import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { SignInForm } from "@/components/auth/SignInForm";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/Card";
import { safeCallbackUrl } from "@/lib/urls";
import { getSessionUser } from "@/server/auth/session";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { callbackUrl } = await searchParams;
  const destination = safeCallbackUrl(callbackUrl);

  if (await getSessionUser()) redirect(destination ?? "/");

  return (
    <Card>
      <CardHeader>
        <CardTitle as="h1" className="text-xl">
          Sign in
        </CardTitle>
        <CardDescription>Use the e-mail address and password of your Tessera account.</CardDescription>
      </CardHeader>
      <CardContent>
        <SignInForm callbackUrl={destination} />
      </CardContent>
    </Card>
  );
}
