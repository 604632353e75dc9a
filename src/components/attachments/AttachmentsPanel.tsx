"use client";

import * as Dialog from "@radix-ui/react-dialog";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { DownloadIcon, FileIcon, PaperclipIcon, Trash2Icon, UploadIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useId, useMemo, useRef, useState, type DragEvent } from "react";
import { toast } from "sonner";

import { useFormat } from "@/components/format/FormatProvider";
import { Button } from "@/components/ui/Button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/Card";
import { Skeleton } from "@/components/ui/Skeleton";
import { createFormat } from "@/lib/format";
import { cn } from "@/lib/utils";
import { useTRPC } from "@/trpc/react";

export interface AttachmentsPanelProps {
  org: string;
  ws?: string;
  /** A registered attachable entity type, e.g. "platform.organization". */
  entityType: string;
  entityId: string;
  /** Defaults to the localized "Attachments". */
  title?: string;
  description?: string;
  /** Overrides for the formatting of sizes and dates; by default the organization's (`useFormat()`). */
  locale?: string;
  timeZone?: string;
}

interface Upload {
  key: string;
  name: string;
  loaded: number;
  total: number;
  error?: string;
}

/** A refused upload: the HTTP status (0 when the connection broke) and the server's message, if it sent one. */
class UploadError extends Error {
  constructor(
    readonly status: number,
    readonly serverMessage?: string,
  ) {
    super(serverMessage ?? `Upload failed (${status})`);
  }
}

/** Sends one file to POST /api/files with upload progress (fetch cannot report it). */
function sendFile(form: FormData, onProgress: (loaded: number, total: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/files");
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.total);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) return resolve();
      let message: string | undefined;
      try {
        const body = JSON.parse(xhr.responseText) as { error?: { message?: string } };
        message = body.error?.message || undefined;
      } catch {
        // no JSON body (a proxy's answer): the status alone decides the message
      }
      reject(new UploadError(xhr.status, message));
    };
    xhr.onerror = () => reject(new UploadError(0));
    xhr.send(form);
  });
}

export function AttachmentsPanel({ org, ws, entityType, entityId, title: titleProp, description, locale, timeZone }: AttachmentsPanelProps) {
  const t = useTranslations("attachments");
  const tc = useTranslations("common");
  const orgFormat = useFormat();
  const format = useMemo(
    () => (locale || timeZone ? createFormat({ locale: locale ?? orgFormat.locale, timeZone: timeZone ?? orgFormat.timeZone }) : orgFormat),
    [locale, timeZone, orgFormat],
  );
  const title = titleProp ?? t("title");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const listInput = { entityType, entityId };
  const list = useQuery(trpc.settings.attachments.list.queryOptions(listInput));
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [dragging, setDragging] = useState(false);
  const [confirm, setConfirm] = useState<{ id: string; fileName: string } | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const headingId = useId();

  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.settings.attachments.list.queryKey(listInput) });

  const remove = useMutation(
    trpc.settings.attachments.delete.mutationOptions({
      onSuccess: async () => {
        toast.success(t("removed"));
        setConfirm(null);
        await refresh();
      },
      onError: (e) => toast.error(e.message),
    }),
  );

  const data = list.data;

  /** 413 and 415 are explained in the user's language; other refusals carry the server's own message. */
  function uploadErrorMessage(e: unknown, file: File): string {
    if (!(e instanceof UploadError)) return t("errors.failed", { status: "?" });
    if (e.status === 0) return t("errors.interrupted");
    if (e.status === 413 && data) return t("errors.tooLarge", { max: format.bytes(data.maxBytes) });
    if (e.status === 415) return t("errors.typeNotAllowed", { type: file.type || t("errors.typeUnknown") });
    return e.serverMessage ?? t("errors.failed", { status: String(e.status) });
  }

  async function uploadFiles(files: FileList | File[]) {
    for (const file of Array.from(files)) {
      const key = `${file.name}-${file.size}-${Math.random().toString(36).slice(2)}`;
      if (data && file.size > data.maxBytes) {
        setUploads((u) => [...u, { key, name: file.name, loaded: 0, total: file.size, error: t("errors.overLimit", { max: format.bytes(data.maxBytes) }) }]);
        continue;
      }
      setUploads((u) => [...u, { key, name: file.name, loaded: 0, total: file.size }]);
      const form = new FormData();
      form.set("org", org);
      if (ws) form.set("ws", ws);
      form.set("entityType", entityType);
      form.set("entityId", entityId);
      form.set("file", file);
      try {
        await sendFile(form, (loaded, total) => setUploads((u) => u.map((x) => (x.key === key ? { ...x, loaded, total } : x))));
        setUploads((u) => u.filter((x) => x.key !== key));
        toast.success(t("attached", { name: file.name }));
        await refresh();
      } catch (e) {
        setUploads((u) => u.map((x) => (x.key === key ? { ...x, error: uploadErrorMessage(e, file) } : x)));
      }
    }
  }

  const canUpload = data?.canUpload ?? false;
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    if (canUpload && e.dataTransfer.files.length) void uploadFiles(e.dataTransfer.files);
  };

  const href = (id: string) => `/api/files/${encodeURIComponent(id)}?${new URLSearchParams(ws ? { org, ws } : { org }).toString()}`;

  return (
    <Card aria-labelledby={headingId}>
      <CardHeader className="flex-row items-start justify-between gap-4">
        <div className="grid gap-1.5">
          <CardTitle id={headingId}>{title}</CardTitle>
          {description ? <CardDescription>{description}</CardDescription> : null}
        </div>
        {canUpload ? (
          <>
            <input
              ref={inputRef}
              type="file"
              multiple
              className="sr-only"
              tabIndex={-1}
              aria-label={t("chooseFiles")}
              onChange={(e) => {
                if (e.target.files?.length) void uploadFiles(e.target.files);
                e.target.value = "";
              }}
            />
            <Button variant="outline" onClick={() => inputRef.current?.click()}>
              <UploadIcon aria-hidden="true" />
              {t("upload")}
            </Button>
          </>
        ) : null}
      </CardHeader>
      <CardContent
        className={cn("grid gap-3", dragging && "rounded-md outline-2 outline-dashed outline-primary")}
        onDragOver={(e) => {
          if (!canUpload) return;
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        {dragging ? (
          <p role="status" className="text-center text-sm text-muted-foreground">
            {t("dropHere")}
          </p>
        ) : null}
        {uploads.length ? (
          <ul aria-label={t("uploads")} className="grid gap-2">
            {uploads.map((u) => (
              <li key={u.key} className="grid gap-1 text-sm">
                <div className="flex items-center justify-between gap-2">
                  <span className="truncate">{u.name}</span>
                  {u.error ? (
                    <Button variant="ghost" size="sm" onClick={() => setUploads((x) => x.filter((y) => y.key !== u.key))}>
                      {t("dismiss")}
                    </Button>
                  ) : null}
                </div>
                {u.error ? (
                  <p role="alert" className="text-destructive">
                    {t("uploadFailed", { name: u.name, error: u.error })}
                  </p>
                ) : (
                  <>
                    <progress
                      aria-label={t("uploading", { name: u.name })}
                      aria-valuetext={t("progress", { loaded: format.bytes(u.loaded), total: format.bytes(u.total) })}
                      className="h-2 w-full"
                      max={u.total || 1}
                      value={u.loaded}
                    />
                    <span className="text-xs text-muted-foreground tabular-nums">
                      {t("progress", { loaded: format.bytes(u.loaded), total: format.bytes(u.total) })}
                    </span>
                  </>
                )}
              </li>
            ))}
          </ul>
        ) : null}

        {list.isPending ? (
          <div className="grid gap-2" aria-busy="true" aria-label={t("loading")}>
            <Skeleton className="h-8 w-full" />
            <Skeleton className="h-8 w-2/3" />
          </div>
        ) : list.isError ? (
          <div role="alert" className="grid justify-items-start gap-2 text-sm">
            <p className="text-destructive">{list.error.message}</p>
            <Button variant="outline" size="sm" onClick={() => void list.refetch()}>
              {tc("tryAgain")}
            </Button>
          </div>
        ) : data && data.rows.length === 0 ? (
          <div className="flex flex-col items-center gap-2 rounded-md border border-dashed py-8 text-center text-sm text-muted-foreground">
            <PaperclipIcon aria-hidden="true" className="size-6" />
            <p>{t("empty")}</p>
            {canUpload ? <p>{t("emptyHint")}</p> : null}
          </div>
        ) : data ? (
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <caption className="sr-only">{title}</caption>
              <thead className="text-left text-muted-foreground">
                <tr>
                  <th scope="col" className="py-2 pr-4 font-medium">{t("columns.name")}</th>
                  <th scope="col" className="py-2 pr-4 font-medium">{t("columns.size")}</th>
                  <th scope="col" className="py-2 pr-4 font-medium">{t("columns.uploadedBy")}</th>
                  <th scope="col" className="py-2 pr-4 font-medium">{t("columns.when")}</th>
                  <th scope="col" className="py-2 font-medium"><span className="sr-only">{t("columns.actions")}</span></th>
                </tr>
              </thead>
              <tbody>
                {data.rows.map((f) => (
                  <tr key={f.id} className="border-t">
                    <td className="py-2 pr-4">
                      <a href={href(f.id)} download={f.fileName} className="inline-flex items-center gap-2 hover:underline">
                        <FileIcon aria-hidden="true" className="size-4 shrink-0 text-muted-foreground" />
                        <span className="break-all">{f.fileName}</span>
                      </a>
                    </td>
                    <td className="py-2 pr-4 whitespace-nowrap">{format.bytes(f.sizeBytes)}</td>
                    <td className="py-2 pr-4">{f.createdBy.name || "—"}</td>
                    <td className="py-2 pr-4 whitespace-nowrap">
                      <time dateTime={new Date(f.createdAt).toISOString()}>{format.dateTime(new Date(f.createdAt))}</time>
                    </td>
                    <td className="py-2 text-right whitespace-nowrap">
                      <Button asChild variant="ghost" size="icon">
                        <a href={href(f.id)} download={f.fileName} aria-label={t("download", { name: f.fileName })}>
                          <DownloadIcon aria-hidden="true" />
                        </a>
                      </Button>
                      {data.canDelete ? (
                        <Button variant="ghost" size="icon" aria-label={t("delete", { name: f.fileName })} onClick={() => setConfirm({ id: f.id, fileName: f.fileName })}>
                          <Trash2Icon aria-hidden="true" />
                        </Button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </CardContent>

      <Dialog.Root open={confirm !== null} onOpenChange={(open) => !open && setConfirm(null)}>
        <Dialog.Portal>
          <Dialog.Overlay className="fixed inset-0 z-50 bg-black/40" />
          <Dialog.Content
            role="alertdialog"
            className="fixed top-1/2 left-1/2 z-50 grid w-[min(28rem,calc(100vw-2rem))] -translate-x-1/2 -translate-y-1/2 gap-4 rounded-lg border bg-background p-6 shadow-lg"
          >
            <Dialog.Title className="text-lg font-semibold">{t("confirmDelete.title")}</Dialog.Title>
            <Dialog.Description className="text-sm text-muted-foreground">
              {t("confirmDelete.description", { name: confirm?.fileName ?? "" })}
            </Dialog.Description>
            <div className="flex justify-end gap-2">
              <Dialog.Close asChild>
                <Button variant="outline">{tc("cancel")}</Button>
              </Dialog.Close>
              <Button variant="destructive" disabled={remove.isPending} onClick={() => confirm && remove.mutate({ id: confirm.id })}>
                {t("confirmDelete.delete")}
              </Button>
            </div>
          </Dialog.Content>
        </Dialog.Portal>
      </Dialog.Root>
    </Card>
  );
}
