"use client";

import { ImageUpIcon, Trash2Icon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useId, useRef, useState } from "react";
import { toast } from "sonner";

import { Button } from "@/components/ui/Button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/Card";
import { organizationLogoUrl } from "@/lib/branding";

import type { OrganizationData } from "./types";

const MAX_BYTES = 1024 * 1024;
const ACCEPT = "image/png,image/jpeg,image/webp";

async function errorMessage(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { error?: { message?: string } };
    return body.error?.message ?? res.statusText;
  } catch {
    return res.statusText || String(res.status);
  }
}

/** The organization's logo: preview, upload (PNG/JPEG/WebP ≤ 1 MB, checked again by the server) and removal. */
export function LogoCard({ organization, canEdit }: { organization: OrganizationData; canEdit: boolean }) {
  const t = useTranslations("orgSettings.branding");
  const router = useRouter();
  const inputId = useId();
  const errorId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sha, setSha] = useState(organization.logoSha256);
  const url = organizationLogoUrl(organization.slug, sha);

  async function upload(file: File) {
    setError(null);
    if (file.size > MAX_BYTES) {
      setError(t("uploadFailed", { error: "1 MB" }));
      return;
    }
    setBusy(true);
    try {
      const form = new FormData();
      form.set("org", organization.slug);
      form.set("file", file);
      const res = await fetch("/api/organization/logo", { method: "POST", body: form });
      if (!res.ok) {
        setError(t("uploadFailed", { error: await errorMessage(res) }));
        return;
      }
      const body = (await res.json()) as { sha256: string };
      setSha(body.sha256);
      toast.success(t("uploaded"));
      router.refresh();
    } finally {
      setBusy(false);
      if (inputRef.current) inputRef.current.value = "";
    }
  }

  async function remove() {
    setError(null);
    setBusy(true);
    try {
      const res = await fetch(`/api/organization/logo?org=${encodeURIComponent(organization.slug)}`, { method: "DELETE" });
      if (!res.ok) {
        setError(await errorMessage(res));
        return;
      }
      setSha(null);
      toast.success(t("removed"));
      router.refresh();
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card aria-labelledby="logo-heading">
      <CardHeader>
        <CardTitle id="logo-heading">{t("logo")}</CardTitle>
        <CardDescription>{t("logoHelp")}</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-wrap items-center gap-4">
        <div className="flex size-20 items-center justify-center rounded-md border bg-muted/40">
          {url ? (
            // eslint-disable-next-line @next/next/no-img-element
            <img src={url} alt={t("logoAlt", { organization: organization.name })} className="max-h-16 max-w-16 object-contain" />
          ) : (
            <span className="px-2 text-center text-xs text-muted-foreground">{t("noLogo")}</span>
          )}
        </div>
        {canEdit ? (
          <div className="grid gap-2">
            <div className="flex flex-wrap gap-2">
              <label htmlFor={inputId} className="sr-only">
                {t("upload")}
              </label>
              <input
                id={inputId}
                ref={inputRef}
                type="file"
                accept={ACCEPT}
                className="sr-only"
                aria-describedby={error ? errorId : undefined}
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  if (file) void upload(file);
                }}
              />
              <Button type="button" variant="outline" disabled={busy} aria-busy={busy || undefined} onClick={() => inputRef.current?.click()}>
                <ImageUpIcon aria-hidden="true" />
                {busy ? t("uploading") : t("upload")}
              </Button>
              {url ? (
                <Button type="button" variant="ghost" disabled={busy} onClick={() => void remove()}>
                  <Trash2Icon aria-hidden="true" />
                  {t("removeLogo")}
                </Button>
              ) : null}
            </div>
            {error ? (
              <p id={errorId} role="alert" className="text-sm text-destructive">
                {error}
              </p>
            ) : null}
          </div>
        ) : null}
      </CardContent>
    </Card>
  );
}
