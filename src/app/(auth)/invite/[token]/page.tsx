import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";

import { Button } from "@/components/ui/Button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/Card";
import { signInUrl } from "@/lib/urls";
import { getSessionUser } from "@/server/auth/session";
import { createServerCaller } from "@/trpc/server";

import { AcceptInvitation, AcceptAsNewUser, SignOutAndReturn } from "./AcceptInvitation";

type Params = { params: Promise<{ token: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("invitations.accept");
  return { title: t("metaTitle") };
}

/** An invitation link: shows the invitation and lets the invited address join (new account or sign in). */
export default async function InvitePage({ params }: Params) {
  const { token } = await params;
  const t = await getTranslations("invitations.accept");
  const [view, user] = await Promise.all([(await createServerCaller()).invitations.get({ token: token.slice(0, 200) }), getSessionUser()]);
  const here = `/invite/${encodeURIComponent(token)}`;

  if (view.status !== "pending") {
    return (
      <Card>
        <CardHeader>
          <CardTitle as="h1" className="text-xl">
            {t(`status.${view.status}.title`)}
          </CardTitle>
          <CardDescription role="status">{t(`status.${view.status}.body`, { organization: "organization" in view ? view.organization.name : "" })}</CardDescription>
        </CardHeader>
        <CardFooter>
          <Button asChild variant="outline" className="w-full">
            <Link href={user ? "/" : "/sign-in"}>{user ? t("home") : t("signIn")}</Link>
          </Button>
        </CardFooter>
      </Card>
    );
  }

  const inviter = view.inviter?.name ?? view.organization.name;
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h1" className="text-xl">
          {t("title", { organization: view.organization.name })}
        </CardTitle>
        <CardDescription>{t("invitedBy", { inviter, organization: view.organization.name, email: view.email })}</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {user && user.email === view.email ? (
          <AcceptInvitation token={token} />
        ) : user ? (
          <>
            <p role="alert" className="rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm text-destructive">
              {t("wrongAccount", { current: user.email, email: view.email })}
            </p>
            <SignOutAndReturn to={here} />
          </>
        ) : view.accountExists ? (
          <>
            <p className="text-sm text-muted-foreground">{t("signInToAccept", { email: view.email })}</p>
            <Button asChild className="w-full">
              <Link href={signInUrl(here)}>{t("signInAction")}</Link>
            </Button>
          </>
        ) : (
          <AcceptAsNewUser token={token} email={view.email} />
        )}
      </CardContent>
    </Card>
  );
}
