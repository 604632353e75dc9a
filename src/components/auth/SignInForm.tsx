"use client";

import { LoaderCircleIcon } from "lucide-react";
import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useHydrated } from "@/lib/use-hydrated";
import { useRouter } from "next/navigation";
import { useId, useRef, useState, type FormEvent } from "react";

import { Button } from "@/components/ui/Button";
import { Input } from "@/components/ui/Input";
import { Label } from "@/components/ui/Label";

/** Maps next-auth's error string to a message key; never reveals whether the e-mail exists. */
function messageFor(error: string | null | undefined) {
  return error === "locked" ? "locked" : "invalid";
}

export function SignInForm({ callbackUrl }: { callbackUrl: string | null }) {
  const router = useRouter();
  const t = useTranslations("auth.signIn");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  // Until React handles the submit, the button stays disabled: a native post would reload and lose the e-mail.
  const hydrated = useHydrated();
  const errorId = useId();
  const passwordRef = useRef<HTMLInputElement>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "").trim();
    const password = String(form.get("password") ?? "");

    setPending(true);
    setError(null);
    try {
      const res = await signIn("credentials", { redirect: false, email, password });
      if (!res || res.error || !res.ok) {
        setError(t(messageFor(res?.error)));
        if (passwordRef.current) {
          passwordRef.current.value = "";
          passwordRef.current.focus();
        }
        setPending(false);
        return;
      }
      router.replace(callbackUrl ?? "/");
      router.refresh();
    } catch {
      setError(t("unreachable"));
      setPending(false);
    }
  }

  return (
    // method="post": a submit before hydration must never put the password in the URL.
    <form method="post" onSubmit={onSubmit} className="grid gap-4" aria-describedby={error ? errorId : undefined}>
      {error ? (
        <p
          id={errorId}
          role="alert"
          className="rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm text-destructive"
        >
          {error}
        </p>
      ) : null}
      <div className="grid gap-2">
        <Label htmlFor="email">{t("email")}</Label>
        <Input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          inputMode="email"
          required
          autoFocus
          aria-invalid={error ? true : undefined}
        />
      </div>
      <div className="grid gap-2">
        <Label htmlFor="password">{t("password")}</Label>
        <Input
          ref={passwordRef}
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={error ? true : undefined}
        />
      </div>
      <Button type="submit" disabled={!hydrated || pending} aria-busy={pending || undefined} className="w-full">
        {pending ? <LoaderCircleIcon aria-hidden="true" className="animate-spin" /> : null}
        {t("submit")}
      </Button>
    </form>
  );
}
